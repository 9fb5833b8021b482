import type { FastifyInstance } from "fastify";
import type { GraphQLSchema } from "graphql";
import type { AppServices } from "../context.js";
import { importRoutes } from "../imports/imports.routes.js";
import { assetsRoutes } from "./assets.js";
import { shotsRoutes } from "./shots.js";
import { tasksRoutes } from "./tasks.js";
import { commentsRoutes } from "./comments.js";
import { filesRoutes } from "./files.js";
import { peopleRoutes } from "./people.js";
import { projectsRoutes } from "./projects.js";
import { playlistsRoutes } from "./playlists.js";
import { miscRoutes } from "./misc.js";
import { kitsuRoutes } from "./kitsu.js";
import { chatsRoutes } from "./chats.js";
import { quotasRoutes } from "./quotas.js";
import { sharedPlaylistsRoutes } from "./shared-playlists.js";
import { previewActionsRoutes } from "./preview-actions.js";
import { productionActionsRoutes } from "./production-actions.js";
import { playlistBuildsRoutes } from "./playlist-builds.js";
import { overviewListsRoutes } from "./overview-lists.js";
import { departmentListsRoutes } from "./department-lists.js";
import { crudRoutes } from "./crud.js";
import { listRoutes } from "./lists.js";
import { seedRoutes } from "./seed.js";
import { seedRoutesB } from "./seed-b.js";
import { registerRestRoutes, type RestRoute } from "./route-table.js";

// Every domain's Zou route entries. A domain exports its list from
// src/rest/<domain>.ts and adds it here.

export const restRoutes: readonly RestRoute[] = [
  ...importRoutes,
  ...seedRoutes,
  ...seedRoutesB,
  ...assetsRoutes,
  ...shotsRoutes,
  ...tasksRoutes,
  ...commentsRoutes,
  ...filesRoutes,
  ...peopleRoutes,
  ...projectsRoutes,
  ...playlistsRoutes,
  ...miscRoutes,
  ...kitsuRoutes,
  ...chatsRoutes,
  ...quotasRoutes,
  ...sharedPlaylistsRoutes,
  ...previewActionsRoutes,
  ...productionActionsRoutes,
  ...playlistBuildsRoutes,
  ...overviewListsRoutes,
  ...departmentListsRoutes,
  ...crudRoutes,
  ...listRoutes,
];

export function registerZouRoutes(app: FastifyInstance, schema: GraphQLSchema, _services: AppServices): void {
  registerRestRoutes(app, schema, restRoutes);
}

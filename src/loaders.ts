import type { RequestContext } from "./context.js";
import { createCommentLoaders } from "./comments/comments.loaders.js";
import { createEntityLoaders } from "./entities/entities.loaders.js";
import { createPeopleLoaders } from "./people/people.loaders.js";
import { createProjectLoaders } from "./projects/projects.loaders.js";
import { createPlaylistLoaders } from "./playlists/playlists.loaders.js";
import { createScheduleLoaders } from "./schedules/schedules.loaders.js";
import { createNotificationLoaders } from "./notifications/notifications.loaders.js";
import { createFileLoaders } from "./files/files.loaders.js";
import { createTaskLoaders } from "./tasks/tasks.loaders.js";

// Every domain's loader factories, created once per request. A domain adds
// its factory here; loaders are named by their key (personById, ...).

export function createLoaders(ctx: RequestContext) {
  return {
    ...createPeopleLoaders(ctx),
    ...createProjectLoaders(ctx),
    ...createPlaylistLoaders(ctx),
    ...createScheduleLoaders(ctx),
    ...createNotificationLoaders(ctx),
    ...createFileLoaders(ctx),
    ...createEntityLoaders(ctx),
    ...createTaskLoaders(ctx),
    ...createCommentLoaders(ctx),
  };
}

export type Loaders = ReturnType<typeof createLoaders>;

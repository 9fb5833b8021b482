import "reflect-metadata";
import type { GraphQLSchema } from "graphql";
import { buildSchema, type NonEmptyArray } from "type-graphql";
import { commentResolvers } from "../comments/comment.resolver.js";
import { CrudResolver } from "../crud/crud.resolver.js";
import { entityResolvers } from "../entities/entity.resolver.js";
import { ImportResolver } from "../imports/import.resolver.js";
import { PersonResolver } from "../people/person.resolver.js";
import { taskResolvers } from "../tasks/task.resolver.js";
import { ProjectResolver } from "../projects/project.resolver.js";
import { productionResolvers } from "../misc/resolvers.js";
import { UserContextResolver } from "../lists/user-context.resolver.js";
import { EntityJsonResolver } from "../entities/entity-json.resolver.js";
import { EntityActionsResolver } from "../entities/entity-actions.resolver.js";
import { OutputFileActionsResolver } from "../files/output-file-actions.resolver.js";
import { TaskJsonResolver } from "../tasks/task-json.resolver.js";
import { CommentJsonResolver } from "../comments/comment-json.resolver.js";
import { PlaylistPreviewsResolver } from "../playlists/playlist-previews.resolver.js";
import { TaskTypeScheduleItemsResolver } from "../schedules/schedule-items.resolver.js";
import { MetadataDescriptorJsonResolver, ProjectJsonResolver } from "../projects/project-json.resolver.js";

// Schema assembly: every domain's resolvers. A domain adds its resolvers here.

// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
export const resolvers: NonEmptyArray<Function> = [PersonResolver, ProjectResolver, ...productionResolvers, ...entityResolvers, ...taskResolvers, ...commentResolvers, ImportResolver, CrudResolver, UserContextResolver, EntityJsonResolver, EntityActionsResolver, OutputFileActionsResolver, TaskJsonResolver, CommentJsonResolver, PlaylistPreviewsResolver, TaskTypeScheduleItemsResolver, ProjectJsonResolver, MetadataDescriptorJsonResolver];

let built: Promise<GraphQLSchema> | undefined;

/** Builds the schema once per process; type-graphql keeps its metadata globally. */
export function getSchema(): Promise<GraphQLSchema> {
  built ??= buildSchema({ resolvers, validate: false });
  return built;
}

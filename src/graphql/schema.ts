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
import { ShotsJsonResolver } from "../entities/shots-json.resolver.js";
import { EntityActionsResolver } from "../entities/entity-actions.resolver.js";
import { AssetJsonResolver } from "../entities/asset-json.resolver.js";
import { AssetInstanceJsonResolver } from "../entities/asset-instances.resolver.js";
import { OutputFileActionsResolver } from "../files/output-file-actions.resolver.js";
import { GuessFromPathResolver } from "../files/guess-from-path.resolver.js";
import { FilesJsonResolver } from "../files/files-json.resolver.js";
import { TaskJsonResolver } from "../tasks/task-json.resolver.js";
import { CommentJsonResolver } from "../comments/comment-json.resolver.js";
import { CommentPreviewUploadResolver } from "../previews/comment-preview-upload.resolver.js";
import { TypedCrudResolver } from "../misc/typed-crud.resolver.js";
import { TaskAssignationsResolver } from "../tasks/task-assignations.resolver.js";
import { PersonTimeSpentsResolver } from "../schedules/person-time-spents.resolver.js";
import { PlaylistPreviewsResolver } from "../playlists/playlist-previews.resolver.js";
import { TaskTypeScheduleItemsResolver } from "../schedules/schedule-items.resolver.js";
import { MetadataDescriptorJsonResolver, ProjectJsonResolver } from "../projects/project-json.resolver.js";
import { ProjectRestResolver } from "../projects/project-rest.resolver.js";
import { ProjectTemplateResolver } from "../projects/project-template.resolver.js";
import { PeopleActionsResolver } from "../people/people-actions.resolver.js";
import { ViewerEntitiesResolver } from "../entities/viewer-entities.resolver.js";
import { NotificationJsonResolver } from "../notifications/notification-json.resolver.js";
import { kitsuResolvers } from "./kitsu-resolvers.js";

// Schema assembly: every domain's resolvers. A domain adds its resolvers here.

// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
export const resolvers: NonEmptyArray<Function> = [PersonResolver, ProjectResolver, ...productionResolvers, ...entityResolvers, ...taskResolvers, ...commentResolvers, ImportResolver, CrudResolver, UserContextResolver, EntityJsonResolver, ShotsJsonResolver, EntityActionsResolver, AssetJsonResolver, AssetInstanceJsonResolver, OutputFileActionsResolver, GuessFromPathResolver, FilesJsonResolver, TaskJsonResolver, CommentJsonResolver, CommentPreviewUploadResolver, TypedCrudResolver, TaskAssignationsResolver, PersonTimeSpentsResolver, PlaylistPreviewsResolver, TaskTypeScheduleItemsResolver, ProjectJsonResolver, MetadataDescriptorJsonResolver, ProjectRestResolver, ProjectTemplateResolver, PeopleActionsResolver, ViewerEntitiesResolver, NotificationJsonResolver, ...kitsuResolvers];

let built: Promise<GraphQLSchema> | undefined;

/** Builds the schema once per process; type-graphql keeps its metadata globally. */
export function getSchema(): Promise<GraphQLSchema> {
  built ??= buildSchema({ resolvers, validate: false });
  return built;
}

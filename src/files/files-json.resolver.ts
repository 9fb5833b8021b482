import { Arg, Ctx, Int, Mutation, Query, Resolver } from "type-graphql";
import { workingFile } from "../../schema/files.js";
import type { RequestContext } from "../context.js";
import { ForbiddenError, NotFoundError } from "../errors.js";
import { JSON } from "../graphql/scalars.js";
import { getReadableEntity } from "../entities/entities.service.js";
import { effectiveProjectRole } from "../auth/permissions.js";
import { PlaylistPreviewsResolver } from "../playlists/playlist-previews.resolver.js";
import { toZouJson, type ZouJson } from "../rest/zou-json.js";
import type { WorkingFileRow } from "./files.loaders.js";
import {
  assertEntityKind,
  entityLastOutputFilesJson,
  entityOutputFilesJson,
  entityOutputTypesJson,
  entityWorkingFilesJson,
  instanceLastOutputFilesJson,
  instanceOutputFilesJson,
  instanceOutputTypesJson,
  nextOutputRevision,
  pathId,
  projectAttachmentFilesJson,
  projectOutputFilesJson,
  projectPreviewFilesJson,
  taskAttachmentFilesJson,
  taskLastWorkingFilesJson,
  taskWorkingFilesJson,
  type OutputFileFilters,
} from "./files-json.service.js";
import { previewFile } from "../../schema/comments.js";
import { addPreviewToComment } from "../comments/comment-actions.service.js";
import { getPreviewFileOrThrow } from "../previews/previews.access.js";
import { updatePreviewAnnotations } from "./annotations.service.js";
import { computeEntityOutputFilePath, computeWorkingFilePath, createEntityOutputFileFromTree, createTaskWorkingFile } from "./file-paths.service.js";
import { touchWorkingFile, updateWorkingFile } from "./files.service.js";
import { parseFrameNumber, setMainPreview } from "./main-preview.service.js";
import { computeInstanceOutputFilePath } from "./output-files.service.js";
import { setProjectFileTree } from "./file-trees.js";

// Zou's JSON for the files routes: lists of working files, output files,
// output types, attachment files and preview files, and the small working
// file actions. Ids arrive as the path's text; a malformed one is NOT_FOUND.

function workingFileJson(row: WorkingFileRow): ZouJson {
  const { projectId: _projectId, ...columns } = row;
  return toZouJson(workingFile, columns, "WorkingFile");
}

function filters(value: unknown): OutputFileFilters {
  const data = (typeof value === "object" && value !== null ? value : {}) as Record<string, unknown>;
  const text = (key: string) => (typeof data[key] === "string" ? (data[key] as string) : null);
  return {
    outputTypeId: text("output_type_id"),
    taskTypeId: text("task_type_id"),
    fileStatusId: text("file_status_id"),
    name: text("name"),
    representation: text("representation"),
  };
}

const FILTERS_DESCRIPTION = "Zou's optional filters: output_type_id, task_type_id, file_status_id, name, representation.";

@Resolver()
export class FilesJsonResolver {
  @Query(() => JSON, { description: "A task's working files, highest revision first." })
  async taskWorkingFilesJson(@Arg("taskId", () => String) taskId: string, @Ctx() ctx: RequestContext) {
    return taskWorkingFilesJson(ctx, taskId);
  }

  @Query(() => JSON, { description: "The last revision of each working file of a task, keyed by file name." })
  async taskLastWorkingFilesJson(@Arg("taskId", () => String) taskId: string, @Ctx() ctx: RequestContext) {
    return taskLastWorkingFilesJson(ctx, taskId);
  }

  @Query(() => JSON, { description: "An entity's working files, optionally of one task or name, highest revision first." })
  async entityWorkingFilesJson(
    @Arg("entityId", () => String) entityId: string,
    @Arg("taskId", () => String, { nullable: true }) taskId: string | null,
    @Arg("name", () => String, { nullable: true }) name: string | null,
    @Ctx() ctx: RequestContext,
  ) {
    return entityWorkingFilesJson(ctx, entityId, taskId ?? null, name ?? null);
  }

  @Query(() => JSON, { description: "An entity's own output files, highest revision first." })
  async entityOutputFilesJson(@Arg("entityId", () => String) entityId: string, @Arg("filters", () => JSON, { nullable: true, description: FILTERS_DESCRIPTION }) filterValues: unknown, @Ctx() ctx: RequestContext) {
    return entityOutputFilesJson(ctx, entityId, filters(filterValues));
  }

  @Query(() => JSON, { description: "The last revision of each output of an entity." })
  async entityLastOutputFilesJson(@Arg("entityId", () => String) entityId: string, @Arg("filters", () => JSON, { nullable: true, description: FILTERS_DESCRIPTION }) filterValues: unknown, @Ctx() ctx: RequestContext) {
    return entityLastOutputFilesJson(ctx, entityId, filters(filterValues));
  }

  @Query(() => JSON, { description: "An asset instance's output files, in one temporal entity when given, highest revision first." })
  async instanceOutputFilesJson(
    @Arg("assetInstanceId", () => String) assetInstanceId: string,
    @Arg("temporalEntityId", () => String, { nullable: true }) temporalEntityId: string | null,
    @Arg("filters", () => JSON, { nullable: true, description: FILTERS_DESCRIPTION }) filterValues: unknown,
    @Ctx() ctx: RequestContext,
  ) {
    return instanceOutputFilesJson(ctx, assetInstanceId, temporalEntityId ?? null, filters(filterValues));
  }

  @Query(() => JSON, { description: "The last revision of each output of an asset instance in a temporal entity." })
  async instanceLastOutputFilesJson(
    @Arg("assetInstanceId", () => String) assetInstanceId: string,
    @Arg("temporalEntityId", () => String) temporalEntityId: string,
    @Arg("filters", () => JSON, { nullable: true, description: FILTERS_DESCRIPTION }) filterValues: unknown,
    @Ctx() ctx: RequestContext,
  ) {
    return instanceLastOutputFilesJson(ctx, assetInstanceId, temporalEntityId, filters(filterValues));
  }

  @Query(() => JSON, { description: "A project's output files, asset instances aside, newest first (project managers only)." })
  async projectOutputFilesJson(@Arg("projectId", () => String) projectId: string, @Arg("filters", () => JSON, { nullable: true, description: FILTERS_DESCRIPTION }) filterValues: unknown, @Ctx() ctx: RequestContext) {
    return projectOutputFilesJson(ctx, projectId, filters(filterValues));
  }

  @Query(() => JSON, { description: "The output types of an entity's output files, by name." })
  async entityOutputTypesJson(@Arg("entityId", () => String) entityId: string, @Ctx() ctx: RequestContext) {
    return entityOutputTypesJson(ctx, entityId);
  }

  @Query(() => JSON, { description: "The output types of an asset instance's output files in a temporal entity, by name." })
  async instanceOutputTypesJson(@Arg("assetInstanceId", () => String) assetInstanceId: string, @Arg("temporalEntityId", () => String) temporalEntityId: string, @Ctx() ctx: RequestContext) {
    return instanceOutputTypesJson(ctx, assetInstanceId, temporalEntityId);
  }

  @Query(() => Int, { description: "The next output revision number of an entity for Zou's body: output_type_id, task_type_id and name (default main)." })
  async entityNextOutputRevision(@Arg("entityId", () => String) entityId: string, @Arg("body", () => JSON, { nullable: true }) body: unknown, @Ctx() ctx: RequestContext) {
    return nextOutputRevision(ctx, { entityId }, body);
  }

  @Query(() => Int, { description: "The next output revision number of an asset instance in a temporal entity, for the same body as entityNextOutputRevision." })
  async instanceNextOutputRevision(
    @Arg("assetInstanceId", () => String) assetInstanceId: string,
    @Arg("temporalEntityId", () => String) temporalEntityId: string,
    @Arg("body", () => JSON, { nullable: true }) body: unknown,
    @Ctx() ctx: RequestContext,
  ) {
    return nextOutputRevision(ctx, { assetInstanceId, temporalEntityId }, body);
  }

  @Query(() => JSON, { description: "The attachment files of a task's comments (admins only)." })
  async taskAttachmentFilesJson(@Arg("taskId", () => String) taskId: string, @Ctx() ctx: RequestContext) {
    return taskAttachmentFilesJson(ctx, taskId);
  }

  @Query(() => JSON, { description: "The attachment files of the comments on a project's tasks (admins only)." })
  async projectAttachmentFilesJson(@Arg("projectId", () => String) projectId: string, @Ctx() ctx: RequestContext) {
    return projectAttachmentFilesJson(ctx, projectId);
  }

  @Query(() => JSON, { description: "A project's preview files, last updated first (admins only): the whole list, or Zou's page object when a page is given." })
  async projectPreviewFilesJson(@Arg("projectId", () => String) projectId: string, @Arg("page", () => Int, { nullable: true }) page: number | null, @Ctx() ctx: RequestContext) {
    return projectPreviewFilesJson(ctx, projectId, page ?? null);
  }

  @Query(() => JSON, { description: "The previews of a shot, edit or concept keyed by task type id, as entityPreviewFilesJson returns them; clients get none of a concept's." })
  async kindPreviewFilesJson(@Arg("kind", () => String) kind: string, @Arg("id", () => String) id: string, @Ctx() ctx: RequestContext) {
    let expected: "Shot" | "Edit" | "Concept" = "Shot";
    if (kind === "Edit" || kind === "Concept") expected = kind;
    const entityId = await assertEntityKind(ctx, id, expected);
    if (kind === "Concept") {
      const row = await getReadableEntity(ctx, undefined, entityId);
      if ((await effectiveProjectRole(ctx, row.projectId)) === "client") throw new ForbiddenError();
    }
    return new PlaylistPreviewsResolver().entityPreviewFilesJson(entityId, ctx);
  }

  @Mutation(() => JSON, { description: "Sets the comment of a working file (admin, manager or supervisor of the project, or an assignee of the task); returns Zou's JSON." })
  async setWorkingFileComment(@Arg("id", () => String) id: string, @Arg("comment", () => String) comment: string, @Ctx() ctx: RequestContext) {
    return workingFileJson(await updateWorkingFile(ctx, pathId(id), { comment }));
  }

  @Mutation(() => JSON, { description: "Sets a working file's updated_at to now, under the same rule as setWorkingFileComment; returns Zou's JSON." })
  async touchWorkingFile(@Arg("id", () => String) id: string, @Ctx() ctx: RequestContext) {
    return workingFileJson(await touchWorkingFile(ctx, pathId(id)));
  }

  @Mutation(() => JSON, {
    description:
      "Makes a preview the main preview of its task's entity (members with task access, clients excepted); with frameNumber, a movie preview's pictures become that frame first. Returns the entity in Zou's JSON.",
  })
  async setMainPreview(@Arg("previewFileId", () => String) previewFileId: string, @Arg("body", () => JSON, { nullable: true, description: "Zou's body: an optional frame_number." }) body: unknown, @Ctx() ctx: RequestContext) {
    return setMainPreview(ctx, previewFileId, parseFrameNumber(body));
  }

  @Mutation(() => JSON, { description: "Adds, updates or deletes drawing objects of a preview's annotations (admins, managers, clients, and supervisors of the task's department); returns the preview file." })
  async updatePreviewAnnotations(@Arg("previewFileId", () => String) previewFileId: string, @Arg("body", () => JSON, { nullable: true, description: "Zou's body: additions, updates and deletions." }) body: unknown, @Ctx() ctx: RequestContext) {
    return updatePreviewAnnotations(ctx, previewFileId, body);
  }

  @Mutation(() => JSON, {
    description:
      "Adds another empty preview file to a comment, in the revision of the given preview of the same task (gazu's extra preview); returns it in Zou's JSON, to be filled through /pictures/preview-files/{id}. Same rule and events as addCommentPreview.",
  })
  async addExtraCommentPreview(
    @Arg("taskId", () => String) taskId: string,
    @Arg("commentId", () => String) commentId: string,
    @Arg("previewFileId", () => String) previewFileId: string,
    @Ctx() ctx: RequestContext,
  ) {
    const related = await getPreviewFileOrThrow(ctx, previewFileId);
    if (related.taskId !== pathId(taskId)) throw new NotFoundError("Preview file not found on this task.");
    const row = await addPreviewToComment(ctx, related.taskId, pathId(commentId), related.revision);
    return toZouJson(previewFile, row, "PreviewFile");
  }

  @Query(() => JSON, { description: "The folder (`path`) and file name (`name`) of a task's working file from the project's file tree, for Zou's body: name, mode, revision (0 for the next), software_id, sep." })
  async workingFilePath(@Arg("taskId", () => String) taskId: string, @Arg("body", () => JSON, { nullable: true }) body: unknown, @Ctx() ctx: RequestContext) {
    return computeWorkingFilePath(ctx, taskId, body);
  }

  @Query(() => JSON, {
    description: "The folder_path and file_name of an entity's output file from the project's file tree, for Zou's body: task_type_id, output_type_id, mode, name, representation, revision (0 for the next), nb_elements, separator.",
  })
  async entityOutputFilePath(@Arg("entityId", () => String) entityId: string, @Arg("body", () => JSON, { nullable: true }) body: unknown, @Ctx() ctx: RequestContext) {
    return computeEntityOutputFilePath(ctx, entityId, body);
  }

  @Mutation(() => JSON, { description: "Creates a working file revision of a task with its path from the file tree and assigns the task to the caller; returns it in Zou's JSON. Events task:assign and working-file:new." })
  async createTaskWorkingFile(@Arg("taskId", () => String) taskId: string, @Arg("body", () => JSON, { nullable: true }) body: unknown, @Ctx() ctx: RequestContext) {
    return createTaskWorkingFile(ctx, taskId, body);
  }

  @Mutation(() => JSON, { description: "Publishes an output file revision of an entity with its path from the file tree; returns it in Zou's JSON with folder_path and file_name. Event output-file:new." })
  async createEntityOutputFile(@Arg("entityId", () => String) entityId: string, @Arg("body", () => JSON, { nullable: true }) body: unknown, @Ctx() ctx: RequestContext) {
    return createEntityOutputFileFromTree(ctx, entityId, body);
  }

  @Query(() => JSON, { description: "The folder_path and file_name of an asset instance's output in a temporal entity, for the same body as entityOutputFilePath." })
  async instanceOutputFilePath(
    @Arg("assetInstanceId", () => String) assetInstanceId: string,
    @Arg("temporalEntityId", () => String) temporalEntityId: string,
    @Arg("body", () => JSON, { nullable: true }) body: unknown,
    @Ctx() ctx: RequestContext,
  ) {
    return computeInstanceOutputFilePath(ctx, assetInstanceId, temporalEntityId, body);
  }

  @Mutation(() => JSON, { description: "Gives a project one of Kumiki's named file trees, `default` or `simple` (admins and the project's managers); returns the project in Zou's JSON. Event project:update." })
  async setProjectFileTree(@Arg("projectId", () => String) projectId: string, @Arg("body", () => JSON, { nullable: true, description: "Zou's body: tree_name." }) body: unknown, @Ctx() ctx: RequestContext) {
    return setProjectFileTree(ctx, projectId, body);
  }
}

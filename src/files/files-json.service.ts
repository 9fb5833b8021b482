import { and, asc, desc, eq, gte, gt, inArray, isNull, max, sql, type SQL } from "drizzle-orm";
import { attachmentFile, comment, previewFile } from "../../schema/comments.js";
import { assetInstance, entity } from "../../schema/entities.js";
import { outputFile, outputType, workingFile } from "../../schema/files.js";
import { task } from "../../schema/tasks.js";
import { assertAdmin, assertProjectManager, effectiveProjectRole } from "../auth/permissions.js";
import type { RequestContext } from "../context.js";
import { getReadableEntity } from "../entities/entities.service.js";
import { kindOfTypeName, type EntityRow } from "../entities/entities.loaders.js";
import { BadRequestError, ForbiddenError, NotFoundError } from "../errors.js";
import { isUuid, parseId } from "../ids.js";
import { toZouJson, type ZouJson } from "../rest/zou-json.js";
import { getReadableTask } from "../tasks/tasks.service.js";
import { canReadOutputFile, canReadWorkingFile } from "./files.service.js";

// Zou's read routes over working files, output files, output types and
// attachment files, returning Zou's JSON. Kumiki reads files as the rest of
// src/files does: clients never see files, vendors see only the working files
// of tasks assigned to them and no output files.

/** Optional filters of Zou's output file lists, all ids but name and representation. */
export interface OutputFileFilters {
  outputTypeId?: string | null;
  taskTypeId?: string | null;
  fileStatusId?: string | null;
  name?: string | null;
  representation?: string | null;
}

function workingFileJson(row: typeof workingFile.$inferSelect): ZouJson {
  return toZouJson(workingFile, row, "WorkingFile");
}

function outputFileJson(row: typeof outputFile.$inferSelect): ZouJson {
  return toZouJson(outputFile, row, "OutputFile");
}

/** Returns the lower-cased id, or NOT_FOUND for a malformed one, as Zou's lookups of path ids do. */
export function pathId(value: string): string {
  if (!isUuid(value)) throw new NotFoundError();
  return value.toLowerCase();
}

function filterConditions(filters: OutputFileFilters): SQL[] {
  const conditions: SQL[] = [];
  if (filters.outputTypeId != null) conditions.push(eq(outputFile.outputTypeId, parseId(filters.outputTypeId)));
  if (filters.taskTypeId != null) conditions.push(eq(outputFile.taskTypeId, parseId(filters.taskTypeId)));
  if (filters.fileStatusId != null) conditions.push(eq(outputFile.fileStatusId, parseId(filters.fileStatusId)));
  if (filters.name != null) conditions.push(eq(outputFile.name, filters.name));
  if (filters.representation != null) conditions.push(eq(outputFile.representation, filters.representation));
  return conditions;
}

/** Loads a task whose working files the viewer may read: NOT_FOUND, then FORBIDDEN for clients and other readers of no files. */
async function getTaskForWorkingFiles(ctx: RequestContext, taskId: string) {
  const row = await getReadableTask(ctx, pathId(taskId));
  if (row.projectId === null) throw new ForbiddenError();
  const role = await effectiveProjectRole(ctx, row.projectId);
  // The check only reads the task id, which canReadWorkingFile compares with the viewer's assignments.
  if (!(await canReadWorkingFile(ctx, role, { taskId: row.id } as Parameters<typeof canReadWorkingFile>[2]))) throw new ForbiddenError();
  return row;
}

/** Working files of a task, highest revision first. */
export async function taskWorkingFilesJson(ctx: RequestContext, taskId: string): Promise<ZouJson[]> {
  const row = await getTaskForWorkingFiles(ctx, taskId);
  const rows = await ctx.db.orm
    .select()
    .from(workingFile)
    .where(and(eq(workingFile.taskId, row.id), gte(workingFile.revision, 0)))
    .orderBy(desc(workingFile.revision), asc(workingFile.name));
  return rows.map(workingFileJson);
}

/** Returns the last revision of each working file name of a task, keyed by name. */
export async function taskLastWorkingFilesJson(ctx: RequestContext, taskId: string): Promise<Record<string, ZouJson>> {
  const row = await getTaskForWorkingFiles(ctx, taskId);
  const last = ctx.db.orm
    .select({ name: workingFile.name, revision: max(workingFile.revision).as("last_revision") })
    .from(workingFile)
    .where(eq(workingFile.taskId, row.id))
    .groupBy(workingFile.name)
    .as("last");
  const rows = await ctx.db.orm
    .select({ file: workingFile })
    .from(workingFile)
    .innerJoin(last, and(eq(workingFile.name, last.name), eq(workingFile.revision, last.revision)))
    .where(eq(workingFile.taskId, row.id))
    .orderBy(asc(workingFile.name), asc(workingFile.createdAt));
  const byName: Record<string, ZouJson> = {};
  for (const { file } of rows) byName[file.name ?? ""] ??= workingFileJson(file);
  return byName;
}

/**
 * Working files of an entity, optionally of one task or one name, highest
 * revision first. Vendors get those of their assigned tasks only.
 */
export async function entityWorkingFilesJson(ctx: RequestContext, entityId: string, taskId: string | null, name: string | null): Promise<ZouJson[]> {
  const target = await getReadableEntity(ctx, undefined, pathId(entityId));
  const role = await effectiveProjectRole(ctx, target.projectId);
  if (role === null || role === "client") throw new ForbiddenError();
  const conditions: SQL[] = [eq(workingFile.entityId, target.id), gte(workingFile.revision, 0)];
  if (taskId !== null) conditions.push(eq(workingFile.taskId, parseId(taskId)));
  if (name !== null) conditions.push(eq(workingFile.name, name));
  const scope = await ctx.loaders.viewerAccess();
  if (role === "vendor") conditions.push(scope.assignedTaskIds.size === 0 ? sql`false` : inArray(workingFile.taskId, [...scope.assignedTaskIds]));
  const rows = await ctx.db.orm.select().from(workingFile).where(and(...conditions)).orderBy(desc(workingFile.revision), asc(workingFile.name));
  return rows.map(workingFileJson);
}

/** Loads an entity whose output files the viewer may read (admins and staff of its project). */
async function getEntityForOutputFiles(ctx: RequestContext, entityId: string): Promise<EntityRow> {
  const target = await getReadableEntity(ctx, undefined, pathId(entityId));
  if (!canReadOutputFile(await effectiveProjectRole(ctx, target.projectId))) throw new ForbiddenError();
  return target;
}

/** Output files of an entity itself (not of its asset instances), highest revision first. */
export async function entityOutputFilesJson(ctx: RequestContext, entityId: string, filters: OutputFileFilters): Promise<ZouJson[]> {
  const target = await getEntityForOutputFiles(ctx, entityId);
  const rows = await ctx.db.orm
    .select()
    .from(outputFile)
    .where(and(eq(outputFile.entityId, target.id), isNull(outputFile.assetInstanceId), isNull(outputFile.temporalEntityId), gte(outputFile.revision, 0), ...filterConditions(filters)))
    .orderBy(desc(outputFile.revision), asc(outputFile.createdAt));
  return rows.map(outputFileJson);
}

/**
 * Returns the last revision of each output of an entity: one file per task type,
 * output type, name and representation (and file status when that filter is
 * set, as Zou groups by it only then).
 */
export async function entityLastOutputFilesJson(ctx: RequestContext, entityId: string, filters: OutputFileFilters): Promise<ZouJson[]> {
  const target = await getEntityForOutputFiles(ctx, entityId);
  return lastOutputFiles(ctx, [eq(outputFile.entityId, target.id), isNull(outputFile.assetInstanceId)], filters);
}

async function lastOutputFiles(ctx: RequestContext, scope: SQL[], filters: OutputFileFilters): Promise<ZouJson[]> {
  const rows = await ctx.db.orm
    .select()
    .from(outputFile)
    .where(and(...scope, ...filterConditions(filters)))
    .orderBy(desc(outputFile.revision), asc(outputFile.createdAt));
  const seen = new Set<string>();
  const result: ZouJson[] = [];
  for (const row of rows) {
    const group = [row.taskTypeId, row.outputTypeId, row.name, row.representation ?? "", filters.fileStatusId != null ? row.fileStatusId : ""].join("/");
    if (seen.has(group)) continue;
    seen.add(group);
    result.push(outputFileJson(row));
  }
  return result;
}

/** Loads an asset instance and its asset, checking that the viewer may read the asset's output files. */
async function getInstanceForOutputFiles(ctx: RequestContext, assetInstanceId: string): Promise<typeof assetInstance.$inferSelect> {
  const [instance] = await ctx.db.orm.select().from(assetInstance).where(eq(assetInstance.id, pathId(assetInstanceId)));
  if (instance === undefined) throw new NotFoundError("Asset instance not found.");
  await getEntityForOutputFiles(ctx, instance.assetId);
  return instance;
}

/** Output files of an asset instance, in one temporal entity when it is given, highest revision first. */
export async function instanceOutputFilesJson(ctx: RequestContext, assetInstanceId: string, temporalEntityId: string | null, filters: OutputFileFilters): Promise<ZouJson[]> {
  const instance = await getInstanceForOutputFiles(ctx, assetInstanceId);
  const conditions: SQL[] = [eq(outputFile.assetInstanceId, instance.id), gte(outputFile.revision, 0), ...filterConditions(filters)];
  if (temporalEntityId !== null) conditions.push(eq(outputFile.temporalEntityId, parseId(temporalEntityId)));
  const rows = await ctx.db.orm.select().from(outputFile).where(and(...conditions)).orderBy(desc(outputFile.revision), asc(outputFile.createdAt));
  return rows.map(outputFileJson);
}

/** Returns the last revision of each output of an asset instance in a temporal entity. */
export async function instanceLastOutputFilesJson(ctx: RequestContext, assetInstanceId: string, temporalEntityId: string, filters: OutputFileFilters): Promise<ZouJson[]> {
  const instance = await getInstanceForOutputFiles(ctx, assetInstanceId);
  const temporal = await ctx.loaders.entityById.load(pathId(temporalEntityId));
  if (temporal === null) throw new NotFoundError("Temporal entity not found.");
  return lastOutputFiles(ctx, [eq(outputFile.assetInstanceId, instance.id), eq(outputFile.temporalEntityId, temporal.id)], filters);
}

/** Output files of a project's entities (asset instances aside), newest first; project managers only. */
export async function projectOutputFilesJson(ctx: RequestContext, projectId: string, filters: OutputFileFilters): Promise<ZouJson[]> {
  const id = pathId(projectId);
  await assertProjectManager(ctx, id);
  const rows = await ctx.db.orm
    .select({ file: outputFile })
    .from(outputFile)
    .innerJoin(entity, eq(entity.id, outputFile.entityId))
    .where(and(eq(entity.projectId, id), isNull(outputFile.assetInstanceId), isNull(outputFile.temporalEntityId), gte(outputFile.revision, 0), ...filterConditions(filters)))
    .orderBy(desc(outputFile.createdAt), asc(outputFile.id));
  return rows.map(({ file }) => outputFileJson(file));
}

async function outputTypesWhere(ctx: RequestContext, condition: SQL | undefined): Promise<ZouJson[]> {
  const rows = await ctx.db.orm
    .selectDistinct({ type: outputType })
    .from(outputType)
    .innerJoin(outputFile, eq(outputFile.outputTypeId, outputType.id))
    .where(condition)
    .orderBy(asc(outputType.name), asc(outputType.id));
  return rows.map(({ type }) => toZouJson(outputType, type, "OutputType"));
}

/** Output types of an entity's output files, by name. */
export async function entityOutputTypesJson(ctx: RequestContext, entityId: string): Promise<ZouJson[]> {
  const target = await getEntityForOutputFiles(ctx, entityId);
  return outputTypesWhere(ctx, eq(outputFile.entityId, target.id));
}

/** Output types of an asset instance's output files in a temporal entity, by name. */
export async function instanceOutputTypesJson(ctx: RequestContext, assetInstanceId: string, temporalEntityId: string): Promise<ZouJson[]> {
  const instance = await getInstanceForOutputFiles(ctx, assetInstanceId);
  const temporal = await ctx.loaders.entityById.load(pathId(temporalEntityId));
  if (temporal === null) throw new NotFoundError("Temporal entity not found.");
  return outputTypesWhere(ctx, and(eq(outputFile.assetInstanceId, instance.id), eq(outputFile.temporalEntityId, temporal.id)));
}

/** Returns the next output revision number for an entity (or an asset instance in a temporal entity), output type, task type and name. */
export async function nextOutputRevision(
  ctx: RequestContext,
  target: { entityId: string } | { assetInstanceId: string; temporalEntityId: string },
  body: unknown,
): Promise<number> {
  const data = typeof body === "object" && body !== null && !Array.isArray(body) ? (body as Record<string, unknown>) : {};
  const errors: { field: string; message: string }[] = [];
  for (const field of ["output_type_id", "task_type_id"]) {
    if (data[field] === undefined) errors.push({ field, message: "Field required" });
    else if (typeof data[field] !== "string") errors.push({ field, message: "Input should be a valid string" });
  }
  if (data.name !== undefined && typeof data.name !== "string") errors.push({ field: "name", message: "Input should be a valid string" });
  if (errors.length > 0) throw new BadRequestError("Validation error.", { errors });
  const name = (data.name as string | undefined) ?? "main";

  let scope: SQL[];
  if ("entityId" in target) {
    const row = await getEntityForOutputFiles(ctx, target.entityId);
    scope = [eq(outputFile.entityId, row.id)];
  } else {
    const instance = await getInstanceForOutputFiles(ctx, target.assetInstanceId);
    scope = [eq(outputFile.assetInstanceId, instance.id), eq(outputFile.temporalEntityId, pathId(target.temporalEntityId))];
  }
  const outputTypeId = pathId(data.output_type_id as string);
  const taskTypeId = pathId(data.task_type_id as string);
  if ((await ctx.loaders.outputTypeById.load(outputTypeId)) === null) throw new NotFoundError("Output type not found.");
  if ((await ctx.loaders.taskTypeById.load(taskTypeId)) === null) throw new NotFoundError("Task type not found.");

  const [row] = await ctx.db.orm
    .select({ last: max(outputFile.revision) })
    .from(outputFile)
    .where(and(...scope, eq(outputFile.outputTypeId, outputTypeId), eq(outputFile.taskTypeId, taskTypeId), eq(outputFile.name, name), gt(outputFile.revision, 0)));
  return (row?.last ?? 0) + 1;
}

function attachmentJson(row: typeof attachmentFile.$inferSelect): ZouJson {
  return toZouJson(attachmentFile, row, "AttachmentFile");
}

/** Attachment files of a task's comments (admins only, as in Zou). */
export async function taskAttachmentFilesJson(ctx: RequestContext, taskId: string): Promise<ZouJson[]> {
  assertAdmin(ctx);
  const id = pathId(taskId);
  if ((await ctx.loaders.taskById.load(id)) === null) throw new NotFoundError("Task not found.");
  const rows = await ctx.db.orm
    .select({ file: attachmentFile })
    .from(attachmentFile)
    .innerJoin(comment, eq(comment.id, attachmentFile.commentId))
    .where(eq(comment.objectId, id))
    .orderBy(asc(attachmentFile.createdAt), asc(attachmentFile.id));
  return rows.map(({ file }) => attachmentJson(file));
}

/** Attachment files of the comments on a project's tasks (admins only, as in Zou). */
export async function projectAttachmentFilesJson(ctx: RequestContext, projectId: string): Promise<ZouJson[]> {
  assertAdmin(ctx);
  const id = pathId(projectId);
  if ((await ctx.loaders.projectById.load(id)) === null) throw new NotFoundError("Project not found.");
  const rows = await ctx.db.orm
    .select({ file: attachmentFile })
    .from(attachmentFile)
    .innerJoin(comment, eq(comment.id, attachmentFile.commentId))
    .innerJoin(task, eq(task.id, comment.objectId))
    .where(eq(task.projectId, id))
    .orderBy(asc(attachmentFile.createdAt), asc(attachmentFile.id));
  return rows.map(({ file }) => attachmentJson(file));
}

/** Zou's page size when a list is paged (its NB_RECORDS_PER_PAGE). */
const PAGE_SIZE = 100;

/**
 * Preview files of a project's tasks, last updated first (admins only, as in
 * Zou). Without a page, the whole list; with one, Zou's page object.
 */
export async function projectPreviewFilesJson(ctx: RequestContext, projectId: string, page: number | null): Promise<unknown> {
  assertAdmin(ctx);
  const id = pathId(projectId);
  if ((await ctx.loaders.projectById.load(id)) === null) throw new NotFoundError("Project not found.");
  const query = ctx.db.orm
    .select({ preview: previewFile })
    .from(previewFile)
    .innerJoin(task, eq(task.id, previewFile.taskId))
    .where(eq(task.projectId, id))
    .orderBy(desc(previewFile.updatedAt), asc(previewFile.id));
  const json = (rows: { preview: typeof previewFile.$inferSelect }[]) => rows.map(({ preview }) => toZouJson(previewFile, preview, "PreviewFile"));
  if (page === null || page < 1) return json(await query);

  const [counted] = await ctx.db.orm
    .select({ total: sql<number>`count(*)::int` })
    .from(previewFile)
    .innerJoin(task, eq(task.id, previewFile.taskId))
    .where(eq(task.projectId, id));
  const total = counted?.total ?? 0;
  const offset = (page - 1) * PAGE_SIZE;
  const data = total < offset ? [] : json(await query.limit(PAGE_SIZE).offset(offset));
  return { data, total: total < offset ? 0 : total, nb_pages: Math.ceil(total / PAGE_SIZE), limit: PAGE_SIZE, offset, page };
}

/** Checks that an id names an entity of the kind a route expects; NOT_FOUND otherwise. */
export async function assertEntityKind(ctx: RequestContext, id: string, kind: "Shot" | "Edit" | "Concept"): Promise<string> {
  const row = await ctx.loaders.entityById.load(pathId(id));
  if (row === null || kindOfTypeName(row.entityTypeName) !== kind) throw new NotFoundError(`${kind} not found.`);
  return row.id;
}

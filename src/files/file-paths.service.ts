import { and, eq, isNull, max } from "drizzle-orm";
import { entity } from "../../schema/entities.js";
import { fileStatus, outputFile, outputType, software, workingFile } from "../../schema/files.js";
import { department } from "../../schema/people.js";
import { project } from "../../schema/projects.js";
import { task, taskPersonLink, taskType } from "../../schema/tasks.js";
import { effectiveProjectRole } from "../auth/permissions.js";
import { requireViewer, type RequestContext } from "../context.js";
import type { Orm } from "../db/index.js";
import { translateDatabaseError } from "../db/errors.js";
import { kindOfTypeName, type EntityRow } from "../entities/entities.loaders.js";
import { getReadableEntity } from "../entities/entities.service.js";
import { BadRequestError, ForbiddenError, NotFoundError } from "../errors.js";
import { recordEvent } from "../events/events.service.js";
import { isUuid } from "../ids.js";
import { toZouJson, type ZouJson } from "../rest/zou-json.js";
import { getReadableTask } from "../tasks/tasks.service.js";
import { renderEntityPath, type EntityPath, type EntityPathValues } from "./entity-paths.js";
import { canReadOutputFile } from "./files.service.js";
import { parseNewOutputFileBody } from "./output-files.service.js";

// Working and output file paths computed from the project's file tree, and
// the creation of working and output file revisions that carry them.

interface FieldError {
  field: string;
  message: string;
}

/** Reads Zou's optional body fields with their defaults, and collects type errors into one "Validation error." response. */
class BodyReader {
  readonly errors: FieldError[] = [];
  private readonly data: Record<string, unknown>;

  constructor(body: unknown) {
    this.data = typeof body === "object" && body !== null && !Array.isArray(body) ? (body as Record<string, unknown>) : {};
  }

  text(field: string, fallback: string): string {
    const value = this.data[field];
    if (value === undefined || value === null) return fallback;
    if (typeof value !== "string") {
      this.errors.push({ field, message: "Input should be a valid string" });
      return fallback;
    }
    return value;
  }

  optionalId(field: string): string | null {
    const value = this.text(field, "");
    return value === "" ? null : value;
  }

  requiredText(field: string): string {
    if (this.data[field] === undefined) this.errors.push({ field, message: "Field required" });
    return this.text(field, "");
  }

  integer(field: string, fallback: number): number {
    const value = this.data[field];
    if (value === undefined || value === null) return fallback;
    if (typeof value === "number" && Number.isSafeInteger(value) && value >= 0) return value;
    if (typeof value === "string" && /^\d{1,9}$/.test(value.trim())) return Number(value.trim());
    this.errors.push({ field, message: "Input should be a valid integer" });
    return fallback;
  }

  check(): void {
    if (this.errors.length > 0) throw new BadRequestError("Validation error.", { errors: this.errors });
  }
}

function rowJson(table: Parameters<typeof toZouJson>[0], row: object | undefined | null, type: string): ZouJson | null {
  return row === undefined || row === null ? null : toZouJson(table, row as Record<string, unknown>, type);
}

async function loadById<T>(ctx: RequestContext, id: string | null, load: (id: string) => Promise<T | null>, label: string): Promise<T | null> {
  if (id === null) return null;
  const row = isUuid(id) ? await load(id.toLowerCase()) : null;
  if (row === null) throw new NotFoundError(`${label} not found.`);
  return row;
}

/** Returns Zou's default software of a route, creating it the first time as Zou does. */
async function getOrCreateSoftware(ctx: RequestContext, values: { name: string; shortName: string; fileExtension: string }): Promise<typeof software.$inferSelect> {
  const [existing] = await ctx.db.orm.select().from(software).where(eq(software.name, values.name)).limit(1);
  if (existing !== undefined) return existing;
  await ctx.db.orm.insert(software).values(values).onConflictDoNothing();
  const [created] = await ctx.db.orm.select().from(software).where(eq(software.name, values.name)).limit(1);
  return created;
}

/** Loads the token values of an entity's paths: its project, type, sequence and episode. */
async function entityPathValues(ctx: RequestContext, target: EntityRow): Promise<Omit<EntityPathValues, "task" | "taskType" | "department" | "software" | "outputType" | "name" | "representation" | "revision"> & { tree: unknown }> {
  const [projectRow] = await ctx.db.orm.select().from(project).where(eq(project.id, target.projectId));
  const kind = kindOfTypeName(target.entityTypeName);
  const parentOf = async (row: EntityRow | null) => (row === null || row.parentId === null ? null : ctx.loaders.entityById.load(row.parentId));
  let sequence: EntityRow | null = null;
  let episode: EntityRow | null = null;
  if (kind === "Episode") episode = target;
  else {
    if (kind === "Shot" || kind === "Scene") sequence = await parentOf(target);
    else if (kind === "Sequence") sequence = target;
    const parent = await parentOf(sequence);
    if (parent !== null && kindOfTypeName(parent.entityTypeName) === "Episode") episode = parent;
  }
  const json = (row: EntityRow | null) => (row === null ? null : toZouJson(entity, row as unknown as Record<string, unknown>, kindOfTypeName(row.entityTypeName)));
  return {
    tree: projectRow?.fileTree ?? null,
    project: rowJson(project, projectRow, "Project") ?? {},
    entity: json(target) ?? {},
    entityKind: kind,
    entityTypeName: target.entityTypeName,
    sequence: json(sequence),
    episode: json(episode),
  };
}

async function departmentOf(ctx: RequestContext, taskTypeRow: typeof taskType.$inferSelect | null): Promise<ZouJson | null> {
  if (taskTypeRow?.departmentId == null) return null;
  const [row] = await ctx.db.orm.select().from(department).where(eq(department.id, taskTypeRow.departmentId));
  return rowJson(department, row, "Department");
}

/** Loads a task whose working files the viewer may compute or create: task readers but clients. */
async function getTaskForWorkingFiles(ctx: RequestContext, taskId: string) {
  if (!isUuid(taskId)) throw new NotFoundError("Task not found.");
  const taskRow = await getReadableTask(ctx, taskId.toLowerCase());
  if (taskRow.projectId === null || taskRow.entityId === null) throw new NotFoundError("Task not found.");
  const target = await getReadableEntity(ctx, undefined, taskRow.entityId);
  if ((await effectiveProjectRole(ctx, taskRow.projectId)) === "client") throw new ForbiddenError();
  return { taskRow, target };
}

async function nextWorkingRevision(db: Orm, taskId: string, name: string): Promise<number> {
  const [row] = await db.select({ last: max(workingFile.revision) }).from(workingFile).where(and(eq(workingFile.taskId, taskId), eq(workingFile.name, name)));
  return (row?.last ?? 0) + 1;
}

async function renderWorkingPath(
  ctx: RequestContext,
  context: Awaited<ReturnType<typeof getTaskForWorkingFiles>>,
  input: { mode: string; name: string; revision: number; separator: string; softwareRow: typeof software.$inferSelect },
): Promise<EntityPath> {
  const { tree, ...base } = await entityPathValues(ctx, context.target);
  const taskTypeRow = context.taskRow.taskTypeId === null ? null : await ctx.loaders.taskTypeById.load(context.taskRow.taskTypeId);
  return renderEntityPath(tree, input.mode, {
    ...base,
    task: toZouJson(task, context.taskRow as unknown as Record<string, unknown>, "Task"),
    taskType: rowJson(taskType, taskTypeRow, "TaskType"),
    department: await departmentOf(ctx, taskTypeRow),
    software: rowJson(software, input.softwareRow, "Software"),
    outputType: null,
    name: input.name,
    representation: "",
    revision: input.revision,
  }, input.separator);
}

/**
 * Computes the folder and file name of a task's working file from the
 * project's tree (Zou's body: name, mode, revision, software_id, sep). A
 * revision of 0 means the next one of that name.
 */
export async function computeWorkingFilePath(ctx: RequestContext, taskId: string, body: unknown): Promise<{ path: string; name: string }> {
  const reader = new BodyReader(body);
  const input = {
    name: reader.text("name", "main"),
    mode: reader.text("mode", "working"),
    softwareId: reader.optionalId("software_id"),
    revision: reader.integer("revision", 0),
    separator: reader.text("sep", "/"),
  };
  reader.text("comment", "");
  reader.check();
  const context = await getTaskForWorkingFiles(ctx, taskId);
  const softwareRow =
    (await loadById(ctx, input.softwareId, (id) => ctx.loaders.softwareById.load(id), "Software")) ??
    (await getOrCreateSoftware(ctx, { name: "3ds Max", shortName: "max", fileExtension: ".max" }));
  const revision = input.revision !== 0 ? input.revision : await nextWorkingRevision(ctx.db.orm, context.taskRow.id, input.name);
  const rendered = await renderWorkingPath(ctx, context, { ...input, revision, softwareRow });
  return { path: rendered.folderPath, name: rendered.fileName };
}

/**
 * Creates a working file revision of a task with its path from the file
 * tree, and assigns the task to the caller, as Zou does. Zou's body: name,
 * optional description, comment, person_id, software_id, revision (0 for the
 * next), mode, sep. Events task:assign (when new) and working-file:new.
 */
export async function createTaskWorkingFile(ctx: RequestContext, taskId: string, body: unknown): Promise<ZouJson> {
  const viewer = requireViewer(ctx);
  const reader = new BodyReader(body);
  const input = {
    name: reader.requiredText("name"),
    mode: reader.text("mode", "working"),
    description: reader.text("description", ""),
    comment: reader.text("comment", ""),
    personId: reader.optionalId("person_id"),
    softwareId: reader.optionalId("software_id"),
    revision: reader.integer("revision", 0),
    separator: reader.text("sep", "/"),
  };
  if (input.name === "" && reader.errors.length === 0) reader.errors.push({ field: "name", message: "String should have at least 1 character" });
  reader.check();
  const context = await getTaskForWorkingFiles(ctx, taskId);
  const person = (await loadById(ctx, input.personId, (id) => ctx.loaders.personById.load(id), "Person")) ?? viewer.person;
  const softwareRow =
    (await loadById(ctx, input.softwareId, (id) => ctx.loaders.softwareById.load(id), "Software")) ??
    (await getOrCreateSoftware(ctx, { name: "Blender", shortName: "blender", fileExtension: ".blend" }));
  const { taskRow, target } = context;

  // The path is rendered before the transaction, because the transaction must not wait on reads through ctx.
  // Two requests racing for the same revision meet on working_file_uc instead.
  const revision = input.revision !== 0 ? input.revision : await nextWorkingRevision(ctx.db.orm, taskRow.id, input.name);
  const rendered = await renderWorkingPath(ctx, context, { ...input, revision, softwareRow });
  try {
    return await ctx.db.transaction(async (tx) => {
      const assigned = await tx.insert(taskPersonLink).values({ taskId: taskRow.id, personId: viewer.id }).onConflictDoNothing().returning();
      if (assigned.length > 0) await recordEvent(tx, ctx, { name: "task:assign", projectId: taskRow.projectId, data: { task_id: taskRow.id, person_id: viewer.id } });
      const [row] = await tx
        .insert(workingFile)
        .values({
          name: input.name,
          description: input.description,
          comment: input.comment,
          revision,
          taskId: taskRow.id,
          entityId: target.id,
          personId: person.id,
          softwareId: softwareRow.id,
          path: `${rendered.folderPath}${input.separator}${rendered.fileName}`,
        })
        .returning();
      await recordEvent(tx, ctx, { name: "working-file:new", projectId: taskRow.projectId, data: { working_file_id: row.id } });
      return toZouJson(workingFile, row, "WorkingFile");
    });
  } catch (error) {
    if (translateDatabaseError(error)?.code === "CONFLICT") throw new BadRequestError("The given working file already exists.", { bodyShape: "error-string" });
    throw error;
  }
}

/** Returns the id of the "To review" file status Zou gives new output files, creating it the first time. */
async function defaultFileStatusId(tx: Orm): Promise<string> {
  const [existing] = await tx.select({ id: fileStatus.id }).from(fileStatus).where(eq(fileStatus.name, "To review")).limit(1);
  if (existing !== undefined) return existing.id;
  const [created] = await tx.insert(fileStatus).values({ name: "To review", color: "#FFFFFF" }).returning({ id: fileStatus.id });
  return created.id;
}

/** Loads an entity whose output paths the viewer may compute: admins and the project's staff. */
async function getEntityForOutputs(ctx: RequestContext, entityId: string): Promise<EntityRow> {
  if (!isUuid(entityId)) throw new NotFoundError("Entity not found.");
  const target = await getReadableEntity(ctx, undefined, entityId.toLowerCase());
  if (!canReadOutputFile(await effectiveProjectRole(ctx, target.projectId))) throw new ForbiddenError();
  return target;
}

async function nextOutputRevision(db: Orm, entityId: string, outputTypeId: string, taskTypeId: string, name: string): Promise<number> {
  const [row] = await db
    .select({ last: max(outputFile.revision) })
    .from(outputFile)
    .where(and(eq(outputFile.entityId, entityId), isNull(outputFile.assetInstanceId), eq(outputFile.outputTypeId, outputTypeId), eq(outputFile.taskTypeId, taskTypeId), eq(outputFile.name, name)));
  return (row?.last ?? 0) + 1;
}

async function renderOutputPath(
  ctx: RequestContext,
  target: EntityRow,
  input: { mode: string; name: string; representation: string; revision: number; separator: string; nbElements: number; outputTypeRow: typeof outputType.$inferSelect; taskTypeRow: typeof taskType.$inferSelect },
): Promise<EntityPath> {
  const { tree, ...base } = await entityPathValues(ctx, target);
  const rendered = renderEntityPath(tree, input.mode, {
    ...base,
    task: null,
    taskType: rowJson(taskType, input.taskTypeRow, "TaskType"),
    department: await departmentOf(ctx, input.taskTypeRow),
    software: null,
    outputType: rowJson(outputType, input.outputTypeRow, "OutputType"),
    name: input.name,
    representation: input.representation,
    revision: input.revision,
  }, input.separator);
  // An output of several elements gets Zou's _[1-N] range suffix.
  return input.nbElements > 1 ? { ...rendered, fileName: `${rendered.fileName}_[1-${input.nbElements}]` } : rendered;
}

async function loadOutputTypes(ctx: RequestContext, outputTypeId: string, taskTypeId: string) {
  const outputTypeRow = await loadById(ctx, outputTypeId, (id) => ctx.loaders.outputTypeById.load(id), "Output type");
  const taskTypeRow = await loadById(ctx, taskTypeId, (id) => ctx.loaders.taskTypeById.load(id), "Task type");
  return { outputTypeRow: outputTypeRow!, taskTypeRow: taskTypeRow! };
}

/**
 * Computes the folder and file name of an entity's output file (Zou's body:
 * task_type_id, output_type_id, then mode, name, representation, revision,
 * nb_elements, separator). A revision of 0 means the next one.
 * NOTE(compat): Zou renders the folder with the requested revision even when
 * it is 0; Kumiki uses the computed one for the folder and the file alike.
 */
export async function computeEntityOutputFilePath(ctx: RequestContext, entityId: string, body: unknown): Promise<{ folder_path: string; file_name: string }> {
  const reader = new BodyReader(body);
  const outputTypeId = reader.requiredText("output_type_id");
  const taskTypeId = reader.requiredText("task_type_id");
  const input = {
    mode: reader.text("mode", "output"),
    name: reader.text("name", "main"),
    representation: reader.text("representation", ""),
    revision: reader.integer("revision", 0),
    nbElements: reader.integer("nb_elements", 1),
    separator: reader.text("separator", "/"),
  };
  reader.check();
  const target = await getEntityForOutputs(ctx, entityId);
  const types = await loadOutputTypes(ctx, outputTypeId, taskTypeId);
  const revision = input.revision !== 0 ? input.revision : await nextOutputRevision(ctx.db.orm, target.id, types.outputTypeRow.id, types.taskTypeRow.id, input.name);
  const rendered = await renderOutputPath(ctx, target, { ...input, ...types, revision });
  return { folder_path: rendered.folderPath, file_name: rendered.fileName };
}

/**
 * Publishes an output file revision of an entity with its path from the
 * file tree (Zou's NewOutputFileSchema body). Returns the output file with
 * folder_path and file_name. Event output-file:new.
 */
export async function createEntityOutputFileFromTree(ctx: RequestContext, entityId: string, body: unknown): Promise<ZouJson> {
  const viewer = requireViewer(ctx);
  const input = parseNewOutputFileBody(body);
  const target = await getEntityForOutputs(ctx, entityId);
  // Zou returns 400 with an "error" body for an unknown output type or person, and 404 for an unknown task type.
  if (!isUuid(input.outputTypeId) || (await ctx.loaders.outputTypeById.load(input.outputTypeId.toLowerCase())) === null) {
    throw new BadRequestError("Cannot find given output type.", { bodyShape: "error-string" });
  }
  const types = await loadOutputTypes(ctx, input.outputTypeId, input.taskTypeId);
  const person = await loadById(ctx, input.personId, (id) => ctx.loaders.personById.load(id), "Person").catch((error: unknown) => {
    if (error instanceof NotFoundError) throw new BadRequestError("Cannot find given person.", { bodyShape: "error-string" });
    throw error;
  }) ?? viewer.person;
  const source = input.workingFileId !== null && isUuid(input.workingFileId) ? await ctx.loaders.workingFileById.load(input.workingFileId.toLowerCase()) : null;
  const statusRow = await loadById(ctx, input.fileStatusId, (id) => ctx.loaders.fileStatusById.load(id), "File status");

  // As for working files, the path is rendered before the transaction, and output_file_uc settles races.
  const revision = input.revision >= 1 ? input.revision : await nextOutputRevision(ctx.db.orm, target.id, types.outputTypeRow.id, types.taskTypeRow.id, input.name);
  const rendered = await renderOutputPath(ctx, target, { ...input, mode: "output", ...types, revision });
  try {
    return await ctx.db.transaction(async (tx) => {
      const fileStatusId = statusRow?.id ?? (await defaultFileStatusId(tx));
      const [row] = await tx
        .insert(outputFile)
        .values({
          name: input.name,
          comment: input.comment,
          extension: input.extension,
          representation: input.representation,
          revision,
          nbElements: input.nbElements,
          entityId: target.id,
          personId: person.id,
          sourceFileId: source?.id ?? null,
          outputTypeId: types.outputTypeRow.id,
          taskTypeId: types.taskTypeRow.id,
          fileStatusId,
          path: `${rendered.folderPath}${input.separator}${rendered.fileName}${input.extension}`,
        })
        .returning();
      await recordEvent(tx, ctx, { name: "output-file:new", projectId: target.projectId, data: { output_file_id: row.id } });
      return { ...toZouJson(outputFile, row, "OutputFile"), folder_path: rendered.folderPath, file_name: rendered.fileName };
    });
  } catch (error) {
    if (translateDatabaseError(error)?.code === "CONFLICT") throw new BadRequestError("The given output file already exists.", { bodyShape: "error-string" });
    throw error;
  }
}

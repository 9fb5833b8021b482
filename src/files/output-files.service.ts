import { and, desc, eq } from "drizzle-orm";
import { assetInstance, entity, entityType } from "../../schema/entities.js";
import { fileStatus, outputFile, outputType, workingFile } from "../../schema/files.js";
import { department } from "../../schema/people.js";
import { project } from "../../schema/projects.js";
import { taskType } from "../../schema/tasks.js";
import { effectiveProjectRole } from "../auth/permissions.js";
import { requireViewer, type RequestContext } from "../context.js";
import type { Orm } from "../db/index.js";
import { translateDatabaseError } from "../db/errors.js";
import { BadRequestError, ForbiddenError, NotFoundError } from "../errors.js";
import { recordEvent } from "../events/events.service.js";
import { isUuid } from "../ids.js";
import { toZouJson, type ZouJson } from "../rest/zou-json.js";
import { kindOfTypeName, type EntityRow } from "../entities/entities.loaders.js";
import { renderInstanceOutputPath, type InstancePathValues } from "./file-tree.js";

// Publishing output files of asset instances: the next revision, the path
// from the project's file tree, the row and its event, in one transaction.

/** The file status Zou gives a new output file when none is named (its DEFAULT_FILE_STATUS). */
const DEFAULT_FILE_STATUS = "To review";

export interface NewInstanceOutputFileInput {
  outputTypeId: string;
  taskTypeId: string;
  name: string;
  comment: string;
  /** 0 (or less) means the next revision. */
  revision: number;
  extension: string;
  representation: string;
  nbElements: number;
  separator: string;
  workingFileId: string | null;
  personId: string | null;
  fileStatusId: string | null;
}

export interface PublishedOutputFile {
  json: ZouJson;
  folderPath: string;
  fileName: string;
}

interface FieldError {
  field: string;
  message: string;
}

/** Creates a 400 that the route sends as Zou's bare `{"message": …}` body. */
function messageOnly(message: string): BadRequestError {
  return new BadRequestError(message, { bodyShape: "message-only" });
}

/**
 * Validates Zou's NewOutputFileSchema body: `output_type_id` and
 * `task_type_id` required, the other fields optional with Zou's defaults.
 * Integers may come as digit strings, as pydantic's lax mode accepts them.
 */
export function parseNewOutputFileBody(body: unknown): NewInstanceOutputFileInput {
  const data = typeof body === "object" && body !== null && !Array.isArray(body) ? (body as Record<string, unknown>) : undefined;
  if (data === undefined) throw new BadRequestError("Validation error.", { errors: [{ field: "body", message: "Input should be a valid dictionary" }] });
  const errors: FieldError[] = [];

  const requiredText = (field: string): string => {
    const value = data[field];
    if (value === undefined) errors.push({ field, message: "Field required" });
    else if (typeof value !== "string") errors.push({ field, message: "Input should be a valid string" });
    else if (value === "") errors.push({ field, message: "String should have at least 1 character" });
    return typeof value === "string" ? value : "";
  };
  const text = (field: string, fallback: string): string => {
    const value = data[field];
    if (value === undefined) return fallback;
    if (typeof value !== "string") errors.push({ field, message: "Input should be a valid string" });
    return typeof value === "string" ? value : fallback;
  };
  const optionalText = (field: string): string | null => {
    const value = data[field];
    if (value === undefined || value === null) return null;
    if (typeof value !== "string") errors.push({ field, message: "Input should be a valid string" });
    return typeof value === "string" ? value : null;
  };
  const integer = (field: string, fallback: number): number => {
    const value = data[field];
    if (value === undefined) return fallback;
    if (typeof value === "number" && Number.isSafeInteger(value)) return value;
    if (typeof value === "string" && /^-?\d{1,9}$/.test(value.trim())) return Number(value.trim());
    errors.push({ field, message: "Input should be a valid integer" });
    return fallback;
  };

  const input: NewInstanceOutputFileInput = {
    outputTypeId: requiredText("output_type_id"),
    taskTypeId: requiredText("task_type_id"),
    name: text("name", "main"),
    comment: text("comment", ""),
    revision: integer("revision", 0),
    extension: text("extension", ""),
    representation: text("representation", ""),
    nbElements: integer("nb_elements", 1),
    separator: text("sep", "/"),
    workingFileId: optionalText("working_file_id"),
    personId: optionalText("person_id"),
    fileStatusId: optionalText("file_status_id"),
  };
  text("mode", "output");
  if (errors.length > 0) throw new BadRequestError("Validation error.", { errors });
  return input;
}

async function loadEntityOrThrow(ctx: RequestContext, id: string, label: string): Promise<EntityRow> {
  const row = isUuid(id) ? await ctx.loaders.entityById.load(id.toLowerCase()) : null;
  if (row === null) throw new NotFoundError(`${label} not found.`);
  return row;
}

async function loadParent(ctx: RequestContext, row: EntityRow | null): Promise<EntityRow | null> {
  if (row === null || row.parentId === null) return null;
  return ctx.loaders.entityById.load(row.parentId);
}

/** Loads the sequence and episode above a temporal entity, as the <Sequence> and <Episode> tokens read them. */
async function sequenceAndEpisode(ctx: RequestContext, temporal: EntityRow): Promise<{ sequence: EntityRow | null; episode: EntityRow | null }> {
  const kind = kindOfTypeName(temporal.entityTypeName);
  if (kind === "Episode") return { sequence: null, episode: temporal };
  let sequence: EntityRow | null = null;
  if (kind === "Shot" || kind === "Scene") sequence = await loadParent(ctx, temporal);
  else if (kind === "Sequence") sequence = temporal;
  const parent = await loadParent(ctx, sequence);
  const episode = parent !== null && kindOfTypeName(parent.entityTypeName) === "Episode" ? parent : null;
  return { sequence, episode };
}

function entityTokens(row: EntityRow | null): Record<string, unknown> | null {
  return row === null ? null : toZouJson(entity, row as unknown as Record<string, unknown>, kindOfTypeName(row.entityTypeName));
}

async function nextRevision(tx: Orm, assetId: string, instanceId: string, temporalEntityId: string, input: NewInstanceOutputFileInput): Promise<number> {
  const [last] = await tx
    .select({ revision: outputFile.revision })
    .from(outputFile)
    .where(
      and(
        eq(outputFile.entityId, assetId),
        eq(outputFile.assetInstanceId, instanceId),
        eq(outputFile.temporalEntityId, temporalEntityId),
        eq(outputFile.outputTypeId, input.outputTypeId),
        eq(outputFile.taskTypeId, input.taskTypeId),
        eq(outputFile.name, input.name),
      ),
    )
    .orderBy(desc(outputFile.revision))
    .limit(1);
  return last === undefined ? 1 : last.revision + 1;
}

async function defaultFileStatusId(tx: Orm): Promise<string> {
  const [existing] = await tx.select({ id: fileStatus.id }).from(fileStatus).where(eq(fileStatus.name, DEFAULT_FILE_STATUS)).limit(1);
  if (existing !== undefined) return existing.id;
  const [created] = await tx.insert(fileStatus).values({ name: DEFAULT_FILE_STATUS, color: "#FFFFFF" }).returning({ id: fileStatus.id });
  return created.id;
}

type InstanceRow = typeof assetInstance.$inferSelect;
type OutputTypeRow = typeof outputType.$inferSelect;
type TaskTypeRow = typeof taskType.$inferSelect;

interface InstancePathContext {
  tree: unknown;
  templateKind: "instance" | "instance_asset";
  base: Omit<InstancePathValues, "representation" | "name" | "revision">;
}

/** Loads the project tree and the token values of an asset instance's output paths, but the name, representation and revision. */
async function loadInstancePathContext(ctx: RequestContext, instance: InstanceRow, temporal: EntityRow, asset: EntityRow, type: OutputTypeRow, task: TaskTypeRow): Promise<InstancePathContext> {
  const [projectRow] = await ctx.db.orm.select().from(project).where(eq(project.id, asset.projectId));
  const [temporalType] = await ctx.db.orm.select({ name: entityType.name }).from(entityType).where(eq(entityType.id, temporal.entityTypeId));
  const [assetTypeRow] = await ctx.db.orm.select().from(entityType).where(eq(entityType.id, asset.entityTypeId));
  const [departmentRow] = task.departmentId === null ? [] : await ctx.db.orm.select().from(department).where(eq(department.id, task.departmentId));
  const { sequence, episode } = await sequenceAndEpisode(ctx, temporal);
  return {
    tree: projectRow?.fileTree,
    templateKind: instance.targetAssetId === null ? "instance" : "instance_asset",
    base: {
      project: toZouJson(project, projectRow as unknown as Record<string, unknown>, "Project"),
      temporalEntity: entityTokens(temporal) ?? {},
      temporalEntityTypeName: temporalType?.name ?? "",
      sequence: entityTokens(sequence),
      episode: entityTokens(episode),
      asset: entityTokens(asset) ?? {},
      assetType: toZouJson(entityType, (assetTypeRow ?? {}) as Record<string, unknown>, "EntityType"),
      instance: { name: instance.name, number: instance.number, id: instance.id },
      outputType: toZouJson(outputType, type as unknown as Record<string, unknown>, "OutputType"),
      taskType: toZouJson(taskType, task as unknown as Record<string, unknown>, "TaskType"),
      department: departmentRow === undefined ? null : toZouJson(department, departmentRow as unknown as Record<string, unknown>, "Department"),
    },
  };
}

/**
 * Publishes a new output file revision of an asset instance placed in a
 * temporal entity (shot, scene, sequence…), with its path computed from the
 * project's file tree. Checks run in Zou's order: asset instance, temporal
 * entity, asset (404), project access (403), output type (400), task type
 * (404), person (400). A tree that cannot render the path is rejected
 * before anything is written (Zou writes the row, then returns 500).
 */
export async function createInstanceOutputFile(ctx: RequestContext, assetInstanceId: string, temporalEntityId: string, body: unknown): Promise<PublishedOutputFile> {
  const viewer = requireViewer(ctx);
  const input = parseNewOutputFileBody(body);

  const [instance] = isUuid(assetInstanceId) ? await ctx.db.orm.select().from(assetInstance).where(eq(assetInstance.id, assetInstanceId.toLowerCase())) : [];
  if (instance === undefined) throw new NotFoundError("Asset instance not found.");
  const temporal = await loadEntityOrThrow(ctx, temporalEntityId, "Temporal entity");
  const asset = await loadEntityOrThrow(ctx, instance.assetId, "Asset");
  if (kindOfTypeName(asset.entityTypeName) !== "Asset") throw new NotFoundError("Asset not found.");
  if ((await effectiveProjectRole(ctx, asset.projectId)) === null) throw new ForbiddenError();

  const type = isUuid(input.outputTypeId) ? await ctx.loaders.outputTypeById.load(input.outputTypeId.toLowerCase()) : null;
  if (type === null) throw messageOnly("Cannot find given output type.");
  const task = isUuid(input.taskTypeId) ? await ctx.loaders.taskTypeById.load(input.taskTypeId.toLowerCase()) : null;
  if (task === null) throw new NotFoundError("Task type not found.");
  let personId = viewer.id;
  if (input.personId !== null) {
    const person = isUuid(input.personId) ? await ctx.loaders.personById.load(input.personId.toLowerCase()) : null;
    if (person === null) throw messageOnly("Cannot find given person.");
    personId = person.id;
  }
  // An unknown working file is ignored, as in Zou.
  const source = input.workingFileId !== null && isUuid(input.workingFileId) ? await ctx.loaders.workingFileById.load(input.workingFileId.toLowerCase()) : null;
  // NOTE(compat): Zou lets the foreign key fail (500) on an unknown file status.
  if (input.fileStatusId !== null && (!isUuid(input.fileStatusId) || (await ctx.loaders.fileStatusById.load(input.fileStatusId.toLowerCase())) === null)) {
    throw messageOnly("Cannot find given file status.");
  }

  const context = await loadInstancePathContext(ctx, instance, temporal, asset, type, task);

  try {
    return await ctx.db.transaction(async (tx) => {
      const revision = input.revision >= 1 ? input.revision : await nextRevision(tx, asset.id, instance.id, temporal.id, input);

      const values: InstancePathValues = { ...context.base, representation: input.representation, name: input.name, revision };
      const { folderPath, fileName } = renderInstanceOutputPath(context.tree, context.templateKind, values, input.separator);

      const [existing] = await tx
        .select({ id: outputFile.id })
        .from(outputFile)
        .where(
          and(
            eq(outputFile.name, input.name),
            eq(outputFile.entityId, asset.id),
            eq(outputFile.assetInstanceId, instance.id),
            eq(outputFile.outputTypeId, type.id),
            eq(outputFile.taskTypeId, task.id),
            eq(outputFile.temporalEntityId, temporal.id),
            eq(outputFile.representation, input.representation),
            eq(outputFile.revision, revision),
          ),
        )
        .limit(1);
      if (existing !== undefined) throw messageOnly("The given output file already exists.");

      const fileStatusId = input.fileStatusId?.toLowerCase() ?? (await defaultFileStatusId(tx));
      const [row] = await tx
        .insert(outputFile)
        .values({
          name: input.name,
          comment: input.comment,
          extension: input.extension,
          representation: input.representation,
          revision,
          entityId: asset.id,
          assetInstanceId: instance.id,
          temporalEntityId: temporal.id,
          personId,
          sourceFileId: source?.id ?? null,
          outputTypeId: type.id,
          taskTypeId: task.id,
          fileStatusId,
          nbElements: input.nbElements,
          path: `${folderPath}${input.separator}${fileName}${input.extension}`,
        })
        .returning();
      await recordEvent(tx, ctx, { name: "output-file:new", projectId: asset.projectId, data: { output_file_id: row.id } });

      const json = toZouJson(outputFile, row as unknown as Record<string, unknown>, "OutputFile");
      json.source_file = source === null ? null : toZouJson(workingFile, source as unknown as Record<string, unknown>, "WorkingFile");
      return { json, folderPath, fileName };
    });
  } catch (error) {
    // Two publications racing for the same revision meet on output_file_uc.
    if (translateDatabaseError(error)?.code === "CONFLICT") throw messageOnly("The given output file already exists.");
    throw error;
  }
}

/**
 * Computes the folder and file name of an asset instance's output in a
 * temporal entity (Zou's body: task_type_id, output_type_id, then mode, name,
 * representation, revision, nb_elements, separator). A revision of 0 (or
 * less) means the next one. Checks run as for a publication: asset instance,
 * temporal entity, asset (404), project access (403), output type and task
 * type (404).
 */
export async function computeInstanceOutputFilePath(ctx: RequestContext, assetInstanceId: string, temporalEntityId: string, body: unknown): Promise<{ folder_path: string; file_name: string }> {
  const data = typeof body === "object" && body !== null && !Array.isArray(body) ? (body as Record<string, unknown>) : {};
  const input = parseNewOutputFileBody({ ...data, sep: data.separator ?? "/", separator: undefined });

  const [instance] = isUuid(assetInstanceId) ? await ctx.db.orm.select().from(assetInstance).where(eq(assetInstance.id, assetInstanceId.toLowerCase())) : [];
  if (instance === undefined) throw new NotFoundError("Asset instance not found.");
  const temporal = await loadEntityOrThrow(ctx, temporalEntityId, "Temporal entity");
  const asset = await loadEntityOrThrow(ctx, instance.assetId, "Asset");
  const role = await effectiveProjectRole(ctx, asset.projectId);
  if (role === null || role === "client" || role === "vendor") throw new ForbiddenError();
  const type = isUuid(input.outputTypeId) ? await ctx.loaders.outputTypeById.load(input.outputTypeId.toLowerCase()) : null;
  if (type === null) throw new NotFoundError("Output type not found.");
  const task = isUuid(input.taskTypeId) ? await ctx.loaders.taskTypeById.load(input.taskTypeId.toLowerCase()) : null;
  if (task === null) throw new NotFoundError("Task type not found.");

  const context = await loadInstancePathContext(ctx, instance, temporal, asset, type, task);
  const revision = input.revision >= 1 ? input.revision : await nextRevision(ctx.db.orm, asset.id, instance.id, temporal.id, input);
  const values: InstancePathValues = { ...context.base, representation: input.representation, name: input.name, revision };
  const rendered = renderInstanceOutputPath(context.tree, context.templateKind, values, input.separator);
  // An output of several elements gets Zou's _[1-N] range suffix.
  const fileName = input.nbElements > 1 ? `${rendered.fileName}_[1-${input.nbElements}]` : rendered.fileName;
  return { folder_path: rendered.folderPath, file_name: fileName };
}

import { and, asc, eq, inArray } from "drizzle-orm";
import { entity, entityType } from "../../schema/entities.js";
import { metadataDescriptor, projectTaskTypeLink } from "../../schema/projects.js";
import { task, taskStatus, taskType } from "../../schema/tasks.js";
import { assertProjectManager } from "../auth/permissions.js";
import { comment } from "../../schema/comments.js";
import { news } from "../../schema/notifications.js";
import type { RequestContext } from "../context.js";
import { requireViewer } from "../context.js";
import type { Orm } from "../db/index.js";
import { translateDatabaseError } from "../db/errors.js";
import { entityJson } from "../entities/entity-json.resolver.js";
import { entityColumns, kindOfTypeName, type EntityRow } from "../entities/entities.loaders.js";
import { getOrCreateEntityTypeId } from "../entities/entities.service.js";
import { AppError, BadRequestError, NotFoundError } from "../errors.js";
import { recordEvent } from "../events/events.service.js";
import type { TaskStatusRow } from "../tasks/tasks.loaders.js";
import { getDefaultTaskStatusId, writeTaskUpdate } from "../tasks/tasks.service.js";
import type { ZouJson } from "../rest/zou-json.js";
import { parseCsvTable, type CsvTable } from "./csv-parse.js";

// Zou's CSV imports of shots and assets. Zou writes row by row and stops at
// the first bad row, keeping the rows before it. Kumiki checks every row
// first and writes them all in one transaction, so a bad file changes
// nothing, and the error names the data row (1 for the first row after the
// header) in `line_number`, as Zou's error body does.

/** Builds the error for one data row of the file. The REST route sends its row number as `line_number`. */
export function rowError(lineNumber: number, message: string): BadRequestError {
  return new BadRequestError(message, { lineNumber });
}

const MAX_NAME_LENGTH = 160;

interface TaskUpdate {
  taskTypeId: string;
  taskStatusId: string | null;
  comment: string | null;
}

interface ImportContext {
  projectId: string;
  isTvShow: boolean;
  /** Metadata descriptor names (the CSV column) to their field names. */
  descriptorFields: Map<string, string>;
  /** Task types of the project for this kind of entity. */
  taskTypes: { id: string; name: string }[];
  /** Status names and short names to ids. */
  statusIds: Map<string, string>;
  statusesById: Map<string, TaskStatusRow>;
}

async function loadImportContext(ctx: RequestContext, projectId: string, kind: "Shot" | "Asset"): Promise<ImportContext> {
  const project = await ctx.loaders.projectById.load(projectId);
  if (project === null) throw new NotFoundError("Project not found.");
  const orm = ctx.db.orm;

  const descriptors = await orm
    .select({ name: metadataDescriptor.name, fieldName: metadataDescriptor.fieldName })
    .from(metadataDescriptor)
    .where(and(eq(metadataDescriptor.projectId, projectId), eq(metadataDescriptor.entityType, kind)));
  const taskTypes = await orm
    .select({ id: taskType.id, name: taskType.name })
    .from(taskType)
    .innerJoin(projectTaskTypeLink, eq(projectTaskTypeLink.taskTypeId, taskType.id))
    .where(and(eq(projectTaskTypeLink.projectId, projectId), eq(taskType.forEntity, kind)))
    .orderBy(asc(projectTaskTypeLink.priority), asc(taskType.name));
  const statuses = await orm.select().from(taskStatus);

  const statusIds = new Map<string, string>();
  for (const status of statuses) {
    statusIds.set(status.name, status.id);
    statusIds.set(status.shortName, status.id);
  }
  return {
    projectId,
    isTvShow: project.productionType === "tvshow",
    descriptorFields: new Map(descriptors.map((descriptor) => [descriptor.name, descriptor.fieldName])),
    taskTypes,
    statusIds,
    statusesById: new Map(statuses.map((status) => [status.id, status])),
  };
}

function requireColumns(table: CsvTable, columns: string[]): void {
  if (table.rows.length === 0) return;
  const missing = columns.filter((column) => !table.headers.includes(column));
  // Zou fails on the first row when a column is missing, so it reports row 1.
  if (missing.length > 0) throw rowError(1, `A column is missing: ${missing.join(", ")}.`);
}

function requireName(row: Record<string, string>, column: string, lineNumber: number): string {
  const value = (row[column] ?? "").trim();
  if (value === "") throw rowError(lineNumber, `The ${column} column is empty.`);
  if (value.length > MAX_NAME_LENGTH) throw rowError(lineNumber, `The ${column} "${value.slice(0, 40)}..." is longer than ${MAX_NAME_LENGTH} characters.`);
  return value;
}

/** Reads the task status and comment columns of each task type ("Animation", "Animation comment"). */
function readTaskUpdates(context: ImportContext, row: Record<string, string>, lineNumber: number): TaskUpdate[] {
  const updates: TaskUpdate[] = [];
  for (const type of context.taskTypes) {
    const statusName = (row[type.name] ?? "").trim();
    let taskStatusId: string | null = null;
    if (statusName !== "") {
      taskStatusId = context.statusIds.get(statusName) ?? null;
      if (taskStatusId === null) throw rowError(lineNumber, `Task status not found for ${statusName}.`);
    }
    const commentText = row[`${type.name} comment`];
    const comment = commentText === undefined || commentText === "" ? null : commentText;
    if (taskStatusId !== null || comment !== null) updates.push({ taskTypeId: type.id, taskStatusId, comment });
  }
  return updates;
}

/** Copies the metadata columns of the row over the stored metadata. */
function readMetadata(context: ImportContext, row: Record<string, string>, stored: Record<string, unknown> | null): Record<string, unknown> {
  const data: Record<string, unknown> = { ...(stored ?? {}) };
  for (const [name, fieldName] of context.descriptorFields) {
    if (name in row) data[fieldName] = row[name];
  }
  return data;
}

async function selectProjectEntities(tx: Orm, projectId: string): Promise<EntityRow[]> {
  return tx.select(entityColumns).from(entity).innerJoin(entityType, eq(entityType.id, entity.entityTypeId)).where(eq(entity.projectId, projectId));
}

/** Creates a task of every given type on a new entity, with the default status; event task:new for each. */
export async function createTasksForEntity(tx: Orm, ctx: RequestContext, projectId: string, entityId: string, taskTypeIds: string[]): Promise<Map<string, string>> {
  const created = new Map<string, string>();
  if (taskTypeIds.length === 0) return created;
  const taskStatusId = await getDefaultTaskStatusId(tx);
  const rows = await tx
    .insert(task)
    .values(taskTypeIds.map((taskTypeId) => ({ name: "main", projectId, entityId, taskTypeId, taskStatusId, data: {} })))
    .returning({ id: task.id, taskTypeId: task.taskTypeId });
  for (const row of rows) {
    created.set(row.taskTypeId as string, row.id);
    await recordEvent(tx, ctx, { name: "task:new", projectId, data: { task_id: row.id } });
  }
  return created;
}

/**
 * Applies the status and comment columns: a comment on the entity's task of
 * that type (created when missing), which also sets the status, as Zou's
 * import does. Written with the import's transaction rather than through the
 * comment service, whose loaders would read outside it.
 */
async function applyTaskUpdates(tx: Orm, ctx: RequestContext, context: ImportContext, entityId: string, updates: TaskUpdate[]): Promise<void> {
  if (updates.length === 0) return;
  const viewer = requireViewer(ctx);
  const projectId = context.projectId;

  for (const update of updates) {
    let [current] = await tx.select().from(task).where(and(eq(task.entityId, entityId), eq(task.taskTypeId, update.taskTypeId))).limit(1);
    if (current === undefined) {
      const created = await createTasksForEntity(tx, ctx, projectId, entityId, [update.taskTypeId]);
      [current] = await tx.select().from(task).where(eq(task.id, created.get(update.taskTypeId) as string));
    }
    const status = context.statusesById.get(update.taskStatusId ?? current.taskStatusId ?? "");
    if (status === undefined) continue;
    const statusChanged = status.id !== current.taskStatusId;
    if (update.comment === null && !statusChanged) continue;

    const [created] = await tx
      .insert(comment)
      .values({ objectId: current.id, objectType: "Task", text: update.comment ?? "", checklist: [], links: [], taskStatusId: status.id, personId: viewer.id, replies: [] })
      .returning({ id: comment.id, createdAt: comment.createdAt });
    await recordEvent(tx, ctx, { name: "comment:new", projectId, data: { comment_id: created.id, task_id: current.id, task_status_id: status.id } });
    await writeTaskUpdate(tx, ctx, current, { taskStatusId: status.id, lastCommentDate: created.createdAt }, status);
    if (statusChanged) {
      const change = { task_id: current.id, new_task_status_id: status.id, previous_task_status_id: current.taskStatusId, person_id: viewer.id };
      await recordEvent(tx, ctx, { name: "task:status-changed", projectId, data: change });
    }
    await tx.insert(news).values({ change: statusChanged, authorId: viewer.id, commentId: created.id, taskId: current.id });
  }
}

/** Runs the writes in one transaction; a database failure becomes a row error naming the row being written. */
async function writeRows<T>(ctx: RequestContext, count: number, write: (tx: Orm, index: number) => Promise<T>): Promise<T[]> {
  let index = 0;
  try {
    return await ctx.db.transaction(async (tx) => {
      const results: T[] = [];
      for (index = 0; index < count; index += 1) results.push(await write(tx, index));
      return results;
    });
  } catch (error) {
    if (error instanceof AppError) {
      if (error.details?.lineNumber !== undefined) throw error;
      throw rowError(index + 1, error.message);
    }
    const translated = translateDatabaseError(error);
    if (translated !== undefined) throw rowError(index + 1, translated.message);
    throw error;
  }
}

async function readImported(tx: Orm, ids: string[]): Promise<ZouJson[]> {
  if (ids.length === 0) return [];
  const rows = await tx.select(entityColumns).from(entity).innerJoin(entityType, eq(entityType.id, entity.entityTypeId)).where(inArray(entity.id, ids));
  const byId = new Map(rows.map((row) => [row.id, row]));
  return ids.map((id) => entityJson(byId.get(id) as EntityRow));
}

interface ShotRowPlan {
  lineNumber: number;
  episodeName: string | null;
  sequenceName: string;
  name: string;
  description: string | undefined;
  nbFrames: number | null | undefined;
  data: Record<string, string>;
  row: Record<string, string>;
  taskUpdates: TaskUpdate[];
}

function readFrameCount(row: Record<string, string>, lineNumber: number): number | null | undefined {
  const raw = row["Nb Frames"] || row.Frames;
  if (raw === undefined) return "Nb Frames" in row || "Frames" in row ? null : undefined;
  const text = raw.trim();
  if (text === "") return null;
  if (!/^\d+$/.test(text) || Number(text) > 2_147_483_647) throw rowError(lineNumber, `Invalid frame count "${text.slice(0, 40)}": expected a whole number.`);
  return Number(text);
}

function planShotRow(context: ImportContext, row: Record<string, string>, lineNumber: number): ShotRowPlan {
  const data: Record<string, string> = {};
  const frameIn = row["Frame In"] || row.In;
  if (frameIn !== undefined) data.frame_in = frameIn;
  const frameOut = row["Frame Out"] || row.Out;
  if (frameOut !== undefined) data.frame_out = frameOut;
  if (row.FPS !== undefined) data.fps = row.FPS;
  return {
    lineNumber,
    episodeName: context.isTvShow ? requireName(row, "Episode", lineNumber) : null,
    sequenceName: requireName(row, "Sequence", lineNumber),
    name: requireName(row, "Name", lineNumber),
    description: row.Description,
    nbFrames: readFrameCount(row, lineNumber),
    data,
    row,
    taskUpdates: readTaskUpdates(context, row, lineNumber),
  };
}

/**
 * Imports sequences and shots (and episodes in a TV show) from a CSV file.
 * The columns are Episode, Sequence, Name, Description, Nb Frames or Frames,
 * Frame In, Frame Out and FPS, one per metadata descriptor, and per task
 * type a status column and a "<task type> comment" column. Existing shots
 * change only when `update` is set. Project managers only.
 */
export async function importShotsCsv(ctx: RequestContext, projectId: string, text: string, update: boolean): Promise<ZouJson[]> {
  requireViewer(ctx);
  await assertProjectManager(ctx, projectId);
  const context = await loadImportContext(ctx, projectId, "Shot");
  const table = parseCsvTable(text);
  requireColumns(table, context.isTvShow ? ["Episode", "Sequence", "Name"] : ["Sequence", "Name"]);
  const plans = table.rows.map((row, index) => planShotRow(context, row, index + 1));

  let cache: ShotCache | undefined;
  const ids = await writeRows(ctx, plans.length, async (tx, index) => {
    cache ??= await buildShotCache(tx, projectId);
    return writeShotRow(tx, ctx, context, cache, plans[index], update);
  });
  return ctx.db.transaction((tx) => readImported(tx, ids));
}

interface ShotCache {
  episodes: Map<string, string>;
  sequences: Map<string, string>;
  shots: Map<string, EntityRow>;
  typeIds: { Episode: string; Sequence: string; Shot: string } | null;
}

async function buildShotCache(tx: Orm, projectId: string): Promise<ShotCache> {
  const rows = await selectProjectEntities(tx, projectId);
  const cache: ShotCache = { episodes: new Map(), sequences: new Map(), shots: new Map(), typeIds: null };
  const byId = new Map(rows.map((row) => [row.id, row]));
  for (const row of rows) {
    if (row.entityTypeName === "Episode") cache.episodes.set(row.name, row.id);
  }
  for (const row of rows) {
    if (row.entityTypeName !== "Sequence") continue;
    const episode = row.parentId === null ? null : byId.get(row.parentId);
    cache.sequences.set(`${episode?.name ?? ""}\u0000${row.name}`, row.id);
  }
  for (const row of rows) {
    if (row.entityTypeName === "Shot" && row.parentId !== null) cache.shots.set(`${row.parentId}\u0000${row.name}`, row);
  }
  return cache;
}

export async function insertEntityRow(tx: Orm, ctx: RequestContext, values: typeof entity.$inferInsert, eventName: string, eventData: Record<string, unknown>): Promise<EntityRow> {
  const viewer = requireViewer(ctx);
  const [inserted] = await tx.insert(entity).values({ ...values, createdBy: viewer.id }).returning({ id: entity.id });
  await recordEvent(tx, ctx, { name: eventName, projectId: values.projectId, data: { [`${eventName.split(":")[0]}_id`]: inserted.id, ...eventData } });
  const [row] = await tx.select(entityColumns).from(entity).innerJoin(entityType, eq(entityType.id, entity.entityTypeId)).where(eq(entity.id, inserted.id));
  return row;
}

async function writeShotRow(tx: Orm, ctx: RequestContext, context: ImportContext, cache: ShotCache, plan: ShotRowPlan, update: boolean): Promise<string> {
  const projectId = context.projectId;
  cache.typeIds ??= {
    Episode: await getOrCreateEntityTypeId(tx, "Episode"),
    Sequence: await getOrCreateEntityTypeId(tx, "Sequence"),
    Shot: await getOrCreateEntityTypeId(tx, "Shot"),
  };
  const typeIds = cache.typeIds;

  let episodeId: string | null = null;
  if (plan.episodeName !== null) {
    episodeId = cache.episodes.get(plan.episodeName) ?? null;
    if (episodeId === null) {
      episodeId = (await insertEntityRow(tx, ctx, { name: plan.episodeName, projectId, entityTypeId: typeIds.Episode, data: {} }, "episode:new", {})).id;
      cache.episodes.set(plan.episodeName, episodeId);
    }
  }

  const sequenceKey = `${plan.episodeName ?? ""}\u0000${plan.sequenceName}`;
  let sequenceId = cache.sequences.get(sequenceKey);
  if (sequenceId === undefined) {
    const created = await insertEntityRow(tx, ctx, { name: plan.sequenceName, projectId, entityTypeId: typeIds.Sequence, parentId: episodeId, data: {} }, "sequence:new", {});
    sequenceId = created.id;
    cache.sequences.set(sequenceKey, sequenceId);
  }

  const shotKey = `${sequenceId}\u0000${plan.name}`;
  const existing = cache.shots.get(shotKey);
  const values: Partial<typeof entity.$inferInsert> = { data: { ...readMetadata(context, plan.row, existing?.data as Record<string, unknown> | null), ...plan.data } };
  if (plan.description !== undefined) values.description = plan.description;
  if (plan.nbFrames !== undefined) values.nbFrames = plan.nbFrames;

  if (existing === undefined) {
    const created = await insertEntityRow(tx, ctx, { name: plan.name, projectId, entityTypeId: typeIds.Shot, parentId: sequenceId, ...values }, "shot:new", { sequence_id: sequenceId });
    cache.shots.set(shotKey, created);
    await createTasksForEntity(tx, ctx, projectId, created.id, context.taskTypes.map((type) => type.id));
    await applyTaskUpdates(tx, ctx, context, created.id, plan.taskUpdates);
    return created.id;
  }
  if (update) {
    const [changed] = await tx.update(entity).set(values).where(eq(entity.id, existing.id)).returning();
    cache.shots.set(shotKey, { ...existing, ...changed });
    await recordEvent(tx, ctx, { name: "shot:update", projectId, data: { shot_id: existing.id } });
    await applyTaskUpdates(tx, ctx, context, existing.id, plan.taskUpdates);
  }
  return existing.id;
}

interface AssetRowPlan {
  lineNumber: number;
  name: string;
  typeName: string;
  /** Null for the main pack ("MP") or when the file has no Episode column. */
  episodeName: string | null;
  description: string | undefined;
  row: Record<string, string>;
  taskUpdates: TaskUpdate[];
}

function planAssetRow(context: ImportContext, row: Record<string, string>, lineNumber: number): AssetRowPlan {
  const typeName = requireName(row, "Type", lineNumber);
  if (kindOfTypeName(typeName) !== "Asset") throw rowError(lineNumber, `${typeName} is not an asset type.`);
  if (typeName.length > 30) throw rowError(lineNumber, `The asset type "${typeName}" is longer than 30 characters.`);
  const episodeText = (row.Episode ?? "").trim();
  return {
    lineNumber,
    name: requireName(row, "Name", lineNumber),
    typeName,
    episodeName: episodeText === "" || episodeText === "MP" ? null : episodeText,
    description: row.Description,
    row,
    taskUpdates: readTaskUpdates(context, row, lineNumber),
  };
}

/**
 * Imports assets from a CSV file: columns Type, Name, Description, Episode
 * (a TV show's episode, "MP" for the main pack), one per metadata
 * descriptor, and per task type a status and a comment column. Unknown asset
 * types and episodes are created. Existing assets change only when `update`
 * is set. Project managers only.
 */
export async function importAssetsCsv(ctx: RequestContext, projectId: string, text: string, update: boolean): Promise<ZouJson[]> {
  requireViewer(ctx);
  await assertProjectManager(ctx, projectId);
  const context = await loadImportContext(ctx, projectId, "Asset");
  const table = parseCsvTable(text);
  requireColumns(table, ["Type", "Name"]);
  const plans = table.rows.map((row, index) => planAssetRow(context, row, index + 1));

  let episodes = new Map<string, string>();
  let assets = new Map<string, EntityRow>();
  const assetTypes = new Map<string, string>();
  const ids = await writeRows(ctx, plans.length, async (tx, index) => {
    if (index === 0) {
      const rows = await selectProjectEntities(tx, projectId);
      episodes = new Map(rows.filter((row) => row.entityTypeName === "Episode").map((row) => [row.name, row.id]));
      assets = new Map(rows.filter((row) => kindOfTypeName(row.entityTypeName) === "Asset").map((row) => [`${row.entityTypeId}\u0000${row.sourceId ?? ""}\u0000${row.name}`, row]));
    }
    const plan = plans[index];

    let episodeId: string | null = null;
    if (plan.episodeName !== null) {
      episodeId = episodes.get(plan.episodeName) ?? null;
      if (episodeId === null) {
        const episodeTypeId = await getOrCreateEntityTypeId(tx, "Episode");
        episodeId = (await insertEntityRow(tx, ctx, { name: plan.episodeName, projectId, entityTypeId: episodeTypeId, data: {} }, "episode:new", {})).id;
        episodes.set(plan.episodeName, episodeId);
      }
    }

    let assetTypeId = assetTypes.get(plan.typeName);
    if (assetTypeId === undefined) {
      assetTypeId = await getOrCreateEntityTypeId(tx, plan.typeName);
      assetTypes.set(plan.typeName, assetTypeId);
    }

    const key = `${assetTypeId}\u0000${episodeId ?? ""}\u0000${plan.name}`;
    const existing = assets.get(key);
    const values: Partial<typeof entity.$inferInsert> = { data: readMetadata(context, plan.row, existing?.data as Record<string, unknown> | null) };
    if (plan.description !== undefined) values.description = plan.description;

    if (existing === undefined) {
      const created = await insertEntityRow(tx, ctx, { name: plan.name, projectId, entityTypeId: assetTypeId, sourceId: episodeId, ...values }, "asset:new", { episode_id: episodeId });
      assets.set(key, created);
      await createTasksForEntity(tx, ctx, projectId, created.id, context.taskTypes.map((type) => type.id));
      await applyTaskUpdates(tx, ctx, context, created.id, plan.taskUpdates);
      return created.id;
    }
    if (update) {
      const [changed] = await tx.update(entity).set(values).where(eq(entity.id, existing.id)).returning();
      assets.set(key, { ...existing, ...changed });
      await recordEvent(tx, ctx, { name: "asset:update", projectId, data: { asset_id: existing.id, episode_id: episodeId } });
      await applyTaskUpdates(tx, ctx, context, existing.id, plan.taskUpdates);
    }
    return existing.id;
  });
  return ctx.db.transaction((tx) => readImported(tx, ids));
}

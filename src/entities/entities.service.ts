import { and, count, eq, isNull, sql } from "drizzle-orm";
import { entity, entityLink, entityType } from "../../schema/entities.js";
import { assertProjectManager, getReadableProject } from "../auth/permissions.js";
import type { RequestContext } from "../context.js";
import { requireViewer } from "../context.js";
import type { Orm } from "../db/index.js";
import { lockTransactionOn } from "../db/advisory-lock.js";
import { idIn } from "../db/loader.js";
import { BadRequestError, ConflictError, ForbiddenError, NotFoundError } from "../errors.js";
import { recordEvent } from "../events/events.service.js";
import { parseId } from "../ids.js";
import { task } from "../../schema/tasks.js";
import { playlist } from "../../schema/playlists.js";
import { deleteTasksWithDependents } from "../tasks/tasks.service.js";
import { entityColumns, kindOfTypeName, type EntityKind, type EntityLinkRow, type EntityRow } from "./entities.loaders.js";

// Writes on Zou's entity table: episodes, sequences, shots, scenes, edits,
// concepts and assets. Each write checks that the viewer manages the project,
// runs in one transaction and records Zou's event for it.

export const ENTITY_STATUSES = ["standby", "running", "complete", "canceled"] as const;

export interface EntityFields {
  name?: string | null;
  code?: string | null;
  description?: string | null;
  data?: Record<string, unknown> | null;
  status?: string | null;
  nbFrames?: number | null;
  isCastingStandby?: boolean | null;
  canceled?: boolean | null;
  isShared?: boolean | null;
  readyFor?: string | null;
}

export interface CreateEntityInput extends EntityFields {
  projectId: string;
  name: string;
}

export interface CreateSequenceInput extends CreateEntityInput {
  episodeId?: string | null;
}

export interface CreateShotInput extends CreateEntityInput {
  sequenceId: string;
}

export interface CreateAssetInput extends CreateEntityInput {
  assetTypeId: string;
  episodeId?: string | null;
}

export interface UpdateEntityPatch extends EntityFields {
  /** New parent: a sequence for shots and scenes, an episode for sequences and edits. */
  parentId?: string | null;
  /** New episode of an asset. */
  sourceId?: string | null;
  /** New asset type of an asset. */
  assetTypeId?: string | null;
}

export interface CastAssetInput {
  entityId: string;
  assetId: string;
  nbOccurences?: number | null;
  label?: string | null;
}

/**
 * Copies a JSON value from GraphQL into plain objects: graphql-scalars
 * builds object literals without a prototype, which drizzle cannot bind.
 */
export function toPlainJson<T>(value: T): T {
  return value === undefined || value === null ? value : (JSON.parse(JSON.stringify(value)) as T);
}

/** Returns the prefix of Zou's event names for an entity kind: "shot", "asset"... */
function eventPrefix(kind: EntityKind): string {
  return kind.toLowerCase();
}

function checkName(name: string | null | undefined): string {
  const trimmed = typeof name === "string" ? name.trim() : "";
  if (trimmed === "") throw new BadRequestError("The name is missing or empty.");
  if (trimmed.length > 160) throw new BadRequestError("The name is longer than 160 characters.");
  return trimmed;
}

function checkFields(fields: EntityFields): void {
  if (fields.status !== undefined && fields.status !== null && !(ENTITY_STATUSES as readonly string[]).includes(fields.status)) {
    throw new BadRequestError(`Invalid status "${fields.status}": expected one of ${ENTITY_STATUSES.join(", ")}.`);
  }
  if (fields.nbFrames !== undefined && fields.nbFrames !== null && fields.nbFrames < 0) {
    throw new BadRequestError("nbFrames must be zero or more.");
  }
  if (fields.data !== undefined && fields.data !== null && (typeof fields.data !== "object" || Array.isArray(fields.data))) {
    throw new BadRequestError("data must be a JSON object.");
  }
  if (fields.readyFor !== undefined && fields.readyFor !== null) parseId(fields.readyFor);
}

/** Returns the id of a built-in entity type, creating the row the first time, as Zou does. */
export async function getOrCreateEntityTypeId(tx: Orm, name: string): Promise<string> {
  const [existing] = await tx.select({ id: entityType.id }).from(entityType).where(eq(entityType.name, name));
  if (existing !== undefined) return existing.id;
  await tx.insert(entityType).values({ name }).onConflictDoNothing();
  const [created] = await tx.select({ id: entityType.id }).from(entityType).where(eq(entityType.name, name));
  return created.id;
}

/** Loads an entity of the given kind, or throws NOT_FOUND (also when the id names another kind). */
export async function getEntityOfKindOrThrow(ctx: RequestContext, kind: EntityKind | undefined, id: string): Promise<EntityRow> {
  const row = await ctx.loaders.entityById.load(parseId(id));
  if (row === null || (kind !== undefined && kindOfTypeName(row.entityTypeName) !== kind)) {
    throw new NotFoundError(`${kind ?? "Entity"} not found.`);
  }
  return row;
}

/**
 * Loads an entity the viewer may read: NOT_FOUND when unknown, FORBIDDEN when
 * its project is not theirs or, for a vendor, no task of it is assigned to them.
 */
export async function getReadableEntity(ctx: RequestContext, kind: EntityKind | undefined, id: string): Promise<EntityRow> {
  const row = await getEntityOfKindOrThrow(ctx, kind, id);
  const scope = await ctx.loaders.viewerAccess();
  if (!scope.canReadEntity(row)) throw new ForbiddenError();
  return row;
}

async function getParentOrThrow(ctx: RequestContext, kind: EntityKind, id: string, projectId: string): Promise<EntityRow> {
  const parent = await getEntityOfKindOrThrow(ctx, kind, id);
  if (parent.projectId !== projectId) throw new BadRequestError(`The ${kind.toLowerCase()} belongs to another project.`);
  return parent;
}

async function assertAssetType(ctx: RequestContext, assetTypeId: string): Promise<void> {
  const type = await ctx.loaders.entityTypeById.load(parseId(assetTypeId));
  if (type === null || kindOfTypeName(type.name) !== "Asset") throw new NotFoundError("Asset type not found.");
}

/**
 * Zou's unique key (name, project, type, parent) lets duplicates through
 * when the parent is null, because PostgreSQL treats nulls as distinct, so
 * the check is repeated here.
 */
async function assertNameFree(tx: Orm, values: { name: string; projectId: string; entityTypeId: string; parentId: string | null }, exceptId?: string) {
  // Parallel creations of one name wait here, then see the first one's row.
  await lockTransactionOn(tx, `entity-name:${values.projectId}:${values.entityTypeId}:${values.parentId ?? ""}:${values.name}`);
  const [clash] = await tx
    .select({ id: entity.id })
    .from(entity)
    .where(
      and(
        eq(entity.name, values.name),
        eq(entity.projectId, values.projectId),
        eq(entity.entityTypeId, values.entityTypeId),
        values.parentId === null ? isNull(entity.parentId) : eq(entity.parentId, values.parentId),
        exceptId === undefined ? undefined : sql`${entity.id} <> ${exceptId}`,
      ),
    );
  if (clash !== undefined) throw new ConflictError(`An entity named "${values.name}" already exists here.`);
}

async function selectEntityRow(tx: Orm, id: string): Promise<EntityRow> {
  const [row] = await tx.select(entityColumns).from(entity).innerJoin(entityType, eq(entityType.id, entity.entityTypeId)).where(eq(entity.id, id));
  return row;
}

function fieldValues(fields: EntityFields) {
  const values: Partial<typeof entity.$inferInsert> = {};
  if (fields.code !== undefined) values.code = fields.code;
  if (fields.description !== undefined) values.description = fields.description;
  if (fields.status !== undefined && fields.status !== null) values.status = fields.status;
  if (fields.nbFrames !== undefined) values.nbFrames = fields.nbFrames;
  if (fields.isCastingStandby !== undefined && fields.isCastingStandby !== null) values.isCastingStandby = fields.isCastingStandby;
  if (fields.canceled !== undefined && fields.canceled !== null) values.canceled = fields.canceled;
  if (fields.isShared !== undefined && fields.isShared !== null) values.isShared = fields.isShared;
  if (fields.readyFor !== undefined) values.readyFor = fields.readyFor === null ? null : parseId(fields.readyFor);
  return values;
}

interface NewEntity {
  kind: EntityKind;
  input: CreateEntityInput;
  entityTypeId?: string;
  parentId: string | null;
  sourceId: string | null;
  eventData?: Record<string, unknown>;
}

async function insertEntity(ctx: RequestContext, spec: NewEntity): Promise<EntityRow> {
  const viewer = requireViewer(ctx);
  const projectId = spec.input.projectId;
  const name = checkName(spec.input.name);
  checkFields(spec.input);

  return ctx.db.transaction(async (tx) => {
    const entityTypeId = spec.entityTypeId ?? (await getOrCreateEntityTypeId(tx, spec.kind));
    await assertNameFree(tx, { name, projectId, entityTypeId, parentId: spec.parentId });
    const [inserted] = await tx
      .insert(entity)
      .values({
        ...fieldValues(spec.input),
        name,
        projectId,
        entityTypeId,
        parentId: spec.parentId,
        sourceId: spec.sourceId,
        data: toPlainJson(spec.input.data) ?? {},
        createdBy: viewer.id,
      })
      .returning({ id: entity.id });
    const prefix = eventPrefix(spec.kind);
    await recordEvent(tx, ctx, { name: `${prefix}:new`, projectId, data: { [`${prefix}_id`]: inserted.id, ...spec.eventData } });
    return selectEntityRow(tx, inserted.id);
  });
}

async function prepareCreate(ctx: RequestContext, input: CreateEntityInput): Promise<string> {
  const projectId = parseId(input.projectId);
  await assertProjectManager(ctx, projectId);
  return projectId;
}

export async function createEpisode(ctx: RequestContext, input: CreateEntityInput): Promise<EntityRow> {
  const projectId = await prepareCreate(ctx, input);
  return insertEntity(ctx, { kind: "Episode", input: { ...input, projectId }, parentId: null, sourceId: null });
}

export async function createSequence(ctx: RequestContext, input: CreateSequenceInput): Promise<EntityRow> {
  const projectId = await prepareCreate(ctx, input);
  const episode = input.episodeId ? await getParentOrThrow(ctx, "Episode", input.episodeId, projectId) : null;
  return insertEntity(ctx, { kind: "Sequence", input: { ...input, projectId }, parentId: episode?.id ?? null, sourceId: null });
}

export async function createShot(ctx: RequestContext, input: CreateShotInput): Promise<EntityRow> {
  const projectId = await prepareCreate(ctx, input);
  const sequence = await getParentOrThrow(ctx, "Sequence", input.sequenceId, projectId);
  return insertEntity(ctx, {
    kind: "Shot",
    input: { ...input, projectId },
    parentId: sequence.id,
    sourceId: null,
    eventData: { sequence_id: sequence.id },
  });
}

export async function createScene(ctx: RequestContext, input: CreateShotInput): Promise<EntityRow> {
  const projectId = await prepareCreate(ctx, input);
  const sequence = await getParentOrThrow(ctx, "Sequence", input.sequenceId, projectId);
  return insertEntity(ctx, { kind: "Scene", input: { ...input, projectId }, parentId: sequence.id, sourceId: null });
}

export async function createEdit(ctx: RequestContext, input: CreateSequenceInput): Promise<EntityRow> {
  const projectId = await prepareCreate(ctx, input);
  const episode = input.episodeId ? await getParentOrThrow(ctx, "Episode", input.episodeId, projectId) : null;
  return insertEntity(ctx, { kind: "Edit", input: { ...input, projectId }, parentId: episode?.id ?? null, sourceId: null });
}

export async function createConcept(ctx: RequestContext, input: CreateEntityInput): Promise<EntityRow> {
  const projectId = await prepareCreate(ctx, input);
  return insertEntity(ctx, { kind: "Concept", input: { ...input, projectId }, parentId: null, sourceId: null });
}

export async function createAsset(ctx: RequestContext, input: CreateAssetInput): Promise<EntityRow> {
  const projectId = await prepareCreate(ctx, input);
  const assetTypeId = parseId(input.assetTypeId);
  await assertAssetType(ctx, assetTypeId);
  const episode = input.episodeId ? await getParentOrThrow(ctx, "Episode", input.episodeId, projectId) : null;
  return insertEntity(ctx, {
    kind: "Asset",
    input: { ...input, projectId },
    entityTypeId: assetTypeId,
    parentId: null,
    sourceId: episode?.id ?? null,
    eventData: { asset_type: assetTypeId },
  });
}

/** The kind a new parent must have, per kind of child. */
const PARENT_KIND: Partial<Record<EntityKind, EntityKind>> = { Shot: "Sequence", Scene: "Sequence", Sequence: "Episode", Edit: "Episode" };

/**
 * Updates an entity of the given kind. `data` is merged into the stored
 * object key by key, so a client may send only the metadata it changes.
 */
export async function updateEntity(ctx: RequestContext, kind: EntityKind, id: string, patch: UpdateEntityPatch): Promise<EntityRow> {
  const current = await getEntityOfKindOrThrow(ctx, kind, id);
  await assertProjectManager(ctx, current.projectId);
  checkFields(patch);

  const values = fieldValues(patch);
  if (patch.name !== undefined) values.name = checkName(patch.name);
  if (patch.data !== undefined) values.data = patch.data === null ? {} : { ...((current.data as Record<string, unknown> | null) ?? {}), ...toPlainJson(patch.data) };
  if (patch.parentId !== undefined) {
    const parentKind = PARENT_KIND[kind];
    if (parentKind === undefined) throw new BadRequestError(`A ${kind.toLowerCase()} has no parent.`);
    values.parentId = patch.parentId === null ? null : (await getParentOrThrow(ctx, parentKind, patch.parentId, current.projectId)).id;
  }
  if (patch.sourceId !== undefined) {
    if (kind !== "Asset") throw new BadRequestError("Only assets have an episode (sourceId).");
    values.sourceId = patch.sourceId === null ? null : (await getParentOrThrow(ctx, "Episode", patch.sourceId, current.projectId)).id;
  }
  if (patch.assetTypeId !== undefined && patch.assetTypeId !== null) {
    if (kind !== "Asset") throw new BadRequestError("Only assets have an asset type.");
    const assetTypeId = parseId(patch.assetTypeId);
    await assertAssetType(ctx, assetTypeId);
    values.entityTypeId = assetTypeId;
  }

  return ctx.db.transaction(async (tx) => {
    const next = {
      name: values.name ?? current.name,
      projectId: current.projectId,
      entityTypeId: values.entityTypeId ?? current.entityTypeId,
      parentId: values.parentId === undefined ? current.parentId : values.parentId,
    };
    if (values.name !== undefined || values.parentId !== undefined || values.entityTypeId !== undefined) await assertNameFree(tx, next, current.id);
    if (Object.keys(values).length > 0) await tx.update(entity).set(values).where(eq(entity.id, current.id));
    const prefix = eventPrefix(kind);
    await recordEvent(tx, ctx, { name: `${prefix}:update`, projectId: current.projectId, data: { [`${prefix}_id`]: current.id } });
    return selectEntityRow(tx, current.id);
  });
}

export const updateEpisode = (ctx: RequestContext, id: string, patch: UpdateEntityPatch) => updateEntity(ctx, "Episode", id, patch);
export const updateSequence = (ctx: RequestContext, id: string, patch: UpdateEntityPatch) => updateEntity(ctx, "Sequence", id, patch);
export const updateShot = (ctx: RequestContext, id: string, patch: UpdateEntityPatch) => updateEntity(ctx, "Shot", id, patch);
export const updateScene = (ctx: RequestContext, id: string, patch: UpdateEntityPatch) => updateEntity(ctx, "Scene", id, patch);
export const updateEdit = (ctx: RequestContext, id: string, patch: UpdateEntityPatch) => updateEntity(ctx, "Edit", id, patch);
export const updateConcept = (ctx: RequestContext, id: string, patch: UpdateEntityPatch) => updateEntity(ctx, "Concept", id, patch);
export const updateAsset = (ctx: RequestContext, id: string, patch: UpdateEntityPatch) => updateEntity(ctx, "Asset", id, patch);

export interface DeleteEntityResult {
  /** The entity as it was before deletion, or as canceled. */
  entity: EntityRow;
  /** False when the entity had tasks and was only canceled (force not set). */
  deleted: boolean;
}

/** The rows of a raw statement: PGlite wraps them in `rows`, postgres.js returns an array. */
function rowsOf<T>(result: unknown): T[] {
  return Array.isArray(result) ? (result as T[]) : (result as { rows: T[] }).rows;
}

/** Ids of an entity and everything under it (sequences, shots, scenes...). */
async function selectEntityTree(tx: Orm, id: string): Promise<string[]> {
  const rows = await tx.execute<{ id: string }>(sql`
    with recursive tree(id) as (
      select id from entity where id = ${id}
      union
      select child.id from entity child join tree on child.parent_id = tree.id
    )
    select id from tree`);
  return rowsOf<{ id: string }>(rows).map((row) => row.id);
}

/**
 * Deletes an entity. As in Zou, a shot or an asset that has tasks is only
 * canceled unless `force` is set. With `force`, the entity, its children (and
 * an episode's assets) are deleted with their tasks, comments, files, casting,
 * playlists and schedule items. Any other kind of entity that has children,
 * tasks or playlists needs `force`.
 */
export async function deleteEntity(ctx: RequestContext, kind: EntityKind, id: string, options: { force?: boolean } = {}): Promise<DeleteEntityResult> {
  const current = await getEntityOfKindOrThrow(ctx, kind, id);
  // Zou lets the creator of an entity delete it without checking membership.
  // Kumiki keeps that for episodes only and requires other creators to be on the team.
  if (current.createdBy !== requireViewer(ctx).id) await assertProjectManager(ctx, current.projectId);
  else if (kind !== "Episode") await getReadableProject(ctx, current.projectId);
  const prefix = eventPrefix(kind);

  return ctx.db.transaction(async (tx) => {
    const tree = await selectEntityTree(tx, current.id);
    if (kind === "Episode") {
      // Assets created in the episode block its deletion without force, and are deleted with it under force, as in Zou.
      const sourced = await tx.select({ id: entity.id }).from(entity).where(eq(entity.sourceId, current.id));
      tree.push(...sourced.map((row) => row.id).filter((sourcedId) => !tree.includes(sourcedId)));
    }
    const [{ tasks }] = await tx.select({ tasks: count() }).from(task).where(idIn(task.entityId, tree));

    const [{ playlists }] = await tx.select({ playlists: count() }).from(playlist).where(idIn(playlist.episodeId, tree));
    if (options.force !== true && (tasks > 0 || tree.length > 1 || playlists > 0)) {
      // Zou cancels a shot, an asset, an edit or a concept that has tasks; other kinds need force.
      if (kind !== "Shot" && kind !== "Asset" && kind !== "Edit" && kind !== "Concept") {
        throw new BadRequestError(`This ${prefix} has child entities or tasks; delete them first or set force.`);
      }
      await tx.update(entity).set({ canceled: true }).where(eq(entity.id, current.id));
      await recordEvent(tx, ctx, { name: `${prefix}:update`, projectId: current.projectId, data: { [`${prefix}_id`]: current.id } });
      return { entity: await selectEntityRow(tx, current.id), deleted: false };
    }

    await deleteEntitiesWithDependents(tx, tree);
    await recordEvent(tx, ctx, { name: `${prefix}:delete`, projectId: current.projectId, data: { [`${prefix}_id`]: current.id } });
    return { entity: current, deleted: true };
  });
}

/** Deletes entities (children first) with their tasks, casting links and instances. */
async function deleteEntitiesWithDependents(tx: Orm, ids: string[]): Promise<void> {
  const taskRows = await tx.select({ id: task.id }).from(task).where(idIn(task.entityId, ids));
  const taskIds = taskRows.map((row) => row.id);
  const list = sql.param(ids);
  const tasks = sql.param(taskIds);
  // Files of the entities and of their tasks: outputs first, then the working files they come from.
  const workingFiles = sql`(select id from working_file where entity_id = any(${list}::uuid[]) or task_id = any(${tasks}::uuid[]))`;
  await tx.execute(sql`delete from output_file where entity_id = any(${list}::uuid[]) or temporal_entity_id = any(${list}::uuid[]) or source_file_id in ${workingFiles}`);
  await tx.execute(sql`update preview_file set source_file_id = null where source_file_id in ${workingFiles}`);
  await tx.execute(sql`delete from working_file where id in ${workingFiles}`);
  await deleteTasksWithDependents(tx, taskIds);

  // An episode's playlists and the schedule items planned for any of the entities.
  const playlists = sql`(select id from playlist where episode_id = any(${list}::uuid[]))`;
  await tx.execute(sql`delete from build_job where playlist_id in ${playlists}`);
  await tx.execute(sql`delete from playlist_share_link where playlist_id in ${playlists}`);
  await tx.execute(sql`delete from playlist where id in ${playlists}`);
  await tx.execute(sql`delete from schedule_item where object_id = any(${list}::uuid[])`);

  await tx.execute(sql`delete from entity_link where entity_in_id = any(${list}::uuid[]) or entity_out_id = any(${list}::uuid[])`);
  await tx.execute(sql`delete from entity_concept_link where entity_in_id = any(${list}::uuid[]) or entity_out_id = any(${list}::uuid[])`);
  await tx.execute(sql`delete from entity_version where entity_id = any(${list}::uuid[])`);
  await tx.execute(sql`delete from asset_instance_link where entity_id = any(${list}::uuid[])`);
  await tx.execute(
    sql`delete from asset_instance_link where asset_instance_id in (select id from asset_instance where asset_id = any(${list}::uuid[]) or entity_id = any(${list}::uuid[]) or scene_id = any(${list}::uuid[]) or target_asset_id = any(${list}::uuid[]))`,
  );
  await tx.execute(
    sql`delete from asset_instance where asset_id = any(${list}::uuid[]) or entity_id = any(${list}::uuid[]) or scene_id = any(${list}::uuid[]) or target_asset_id = any(${list}::uuid[])`,
  );
  await tx.execute(sql`delete from subscription where entity_id = any(${list}::uuid[])`);
  await tx.execute(sql`update entity set source_id = null where source_id = any(${list}::uuid[]) and not (id = any(${list}::uuid[]))`);
  // Children before parents: parent_id references the same table.
  await tx.execute(sql`
    with recursive depth(id, level) as (
      select id, 0 from entity where id = any(${list}::uuid[]) and (parent_id is null or not (parent_id = any(${list}::uuid[])))
      union all
      select child.id, depth.level + 1 from entity child join depth on child.parent_id = depth.id
    )
    delete from entity where id in (select id from depth)`);
}

export const deleteEpisode = (ctx: RequestContext, id: string, options?: { force?: boolean }) => deleteEntity(ctx, "Episode", id, options);
export const deleteSequence = (ctx: RequestContext, id: string, options?: { force?: boolean }) => deleteEntity(ctx, "Sequence", id, options);
export const deleteShot = (ctx: RequestContext, id: string, options?: { force?: boolean }) => deleteEntity(ctx, "Shot", id, options);
export const deleteScene = (ctx: RequestContext, id: string, options?: { force?: boolean }) => deleteEntity(ctx, "Scene", id, options);
export const deleteEdit = (ctx: RequestContext, id: string, options?: { force?: boolean }) => deleteEntity(ctx, "Edit", id, options);
export const deleteConcept = (ctx: RequestContext, id: string, options?: { force?: boolean }) => deleteEntity(ctx, "Concept", id, options);
export const deleteAsset = (ctx: RequestContext, id: string, options?: { force?: boolean }) => deleteEntity(ctx, "Asset", id, options);

async function refreshCastingCount(tx: Orm, entityId: string): Promise<number> {
  const [{ total }] = await tx.select({ total: count() }).from(entityLink).where(eq(entityLink.entityInId, entityId));
  await tx.update(entity).set({ nbEntitiesOut: total }).where(eq(entity.id, entityId));
  return total;
}

async function prepareCasting(ctx: RequestContext, entityId: string, assetId: string) {
  const target = await getEntityOfKindOrThrow(ctx, undefined, entityId);
  await assertProjectManager(ctx, target.projectId);
  const asset = await getEntityOfKindOrThrow(ctx, "Asset", assetId);
  if (asset.projectId !== target.projectId && !asset.isShared) throw new BadRequestError("The asset belongs to another project and is not shared.");
  if (asset.id === target.id) throw new BadRequestError("An asset cannot be cast in itself.");
  return { target, asset };
}

/** Casts an asset in an entity (a shot, an episode, another asset), or updates its occurrences and label. */
export async function castAsset(ctx: RequestContext, input: CastAssetInput): Promise<EntityLinkRow> {
  const { target, asset } = await prepareCasting(ctx, input.entityId, input.assetId);
  const nbOccurences = input.nbOccurences ?? 1;
  if (!Number.isInteger(nbOccurences) || nbOccurences < 1) throw new BadRequestError("nbOccurences must be a whole number of at least 1.");

  return ctx.db.transaction(async (tx) => {
    const [existing] = await tx
      .select()
      .from(entityLink)
      .where(and(eq(entityLink.entityInId, target.id), eq(entityLink.entityOutId, asset.id)));
    let link: EntityLinkRow;
    if (existing === undefined) {
      [link] = await tx
        .insert(entityLink)
        .values({ entityInId: target.id, entityOutId: asset.id, nbOccurences, label: input.label ?? "" })
        .returning();
    } else {
      [link] = await tx
        .update(entityLink)
        .set({ nbOccurences, ...(input.label === undefined || input.label === null ? {} : { label: input.label }) })
        .where(eq(entityLink.id, existing.id))
        .returning();
    }
    const linkEvent = { entity_link_id: link.id, entity_in_id: target.id, entity_out_id: asset.id, nb_occurences: link.nbOccurences };
    await recordEvent(tx, ctx, { name: existing === undefined ? "entity-link:new" : "entity-link:update", projectId: target.projectId, data: linkEvent });
    const total = await refreshCastingCount(tx, target.id);
    const prefix = eventPrefix(kindOfTypeName(target.entityTypeName));
    await recordEvent(tx, ctx, { name: `${prefix}:casting-update`, projectId: target.projectId, data: { [`${prefix}_id`]: target.id, nb_entities_out: total } });
    return link;
  });
}

/** Removes an asset from an entity's casting; returns false when it was not cast there. */
export async function uncastAsset(ctx: RequestContext, input: { entityId: string; assetId: string }): Promise<boolean> {
  const { target, asset } = await prepareCasting(ctx, input.entityId, input.assetId);

  return ctx.db.transaction(async (tx) => {
    const removed = await tx
      .delete(entityLink)
      .where(and(eq(entityLink.entityInId, target.id), eq(entityLink.entityOutId, asset.id)))
      .returning({ id: entityLink.id });
    if (removed.length === 0) return false;
    await recordEvent(tx, ctx, {
      name: "entity-link:delete",
      projectId: target.projectId,
      data: { entity_link_id: removed[0].id, entity_in_id: target.id, entity_out_id: asset.id },
    });
    const total = await refreshCastingCount(tx, target.id);
    const prefix = eventPrefix(kindOfTypeName(target.entityTypeName));
    await recordEvent(tx, ctx, { name: `${prefix}:casting-update`, projectId: target.projectId, data: { [`${prefix}_id`]: target.id, nb_entities_out: total } });
    return true;
  });
}

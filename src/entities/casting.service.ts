import { and, asc, count, eq, gt, inArray, sql } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import { entity, entityLink, entityType } from "../../schema/entities.js";
import { assertProjectManager } from "../auth/permissions.js";
import type { RequestContext } from "../context.js";
import { DEFAULT_PAGE_SIZE } from "../crud/crud.service.js";
import { parseTimestamp } from "../crud/crud.filters.js";
import { lockTransactionOn } from "../db/advisory-lock.js";
import type { Orm } from "../db/index.js";
import { BadRequestError, NotFoundError } from "../errors.js";
import { recordEvent } from "../events/events.service.js";
import { isUuid, parseId } from "../ids.js";
import { toZouJson, type ZouJson } from "../rest/zou-json.js";
import { assertCastingReader, getProjectEntity } from "./asset-reads.service.js";
import { kindCondition, kindOfTypeName, type EntityKind, type EntityRow } from "./entities.loaders.js";
import { getEntityOfKindOrThrow, getReadableEntity } from "./entities.service.js";

// Zou's breakdown: the casting of shots, episodes and assets (entity_link
// rows: entity_in uses entity_out, an asset, nb_occurences times). Reads are
// one statement each; the replacement of a casting runs in one transaction.

const asset = alias(entity, "cast_asset");
const assetType = alias(entityType, "cast_asset_type");

/** Links from entity_in to a non-canceled asset, with the asset and its type joined. */
function selectCastLinks(ctx: RequestContext) {
  return ctx.db.orm
    .select({
      entityInId: entityLink.entityInId,
      assetId: entityLink.entityOutId,
      nbOccurences: entityLink.nbOccurences,
      label: entityLink.label,
      assetName: asset.name,
      assetTypeName: assetType.name,
      previewFileId: asset.previewFileId,
      sourceId: asset.sourceId,
      readyFor: asset.readyFor,
      isShared: asset.isShared,
      projectId: asset.projectId,
    })
    .from(entityLink)
    .innerJoin(asset, eq(asset.id, entityLink.entityOutId))
    .innerJoin(assetType, eq(assetType.id, asset.entityTypeId));
}

type CastLink = Awaited<ReturnType<ReturnType<typeof selectCastLinks>["execute"]>>[number];

const notCanceled = sql`${asset.canceled} is not true`;

/** Groups casting items under the id of the entity that uses them, keeping the order of the rows. */
function groupByEntityIn(links: CastLink[], item: (link: CastLink) => ZouJson): Record<string, ZouJson[]> {
  const castings: Record<string, ZouJson[]> = {};
  for (const link of links) (castings[link.entityInId] ??= []).push(item(link));
  return castings;
}

/** Returns the casting of one entity of a project: its assets with occurrences and labels, by asset type and name. */
export async function getEntityCasting(ctx: RequestContext, projectId: string, entityId: string): Promise<ZouJson[]> {
  const project = await assertCastingReader(ctx, projectId);
  const target = await getProjectEntity(ctx, project, entityId);
  const links = await selectCastLinks(ctx)
    .where(and(eq(entityLink.entityInId, target.id), notCanceled))
    .orderBy(asc(assetType.name), asc(asset.name));
  return links.map((link) => ({
    asset_id: link.assetId,
    asset_name: link.assetName,
    asset_type_name: link.assetTypeName,
    ready_for: link.readyFor,
    episode_id: link.sourceId,
    preview_file_id: link.previewFileId,
    nb_occurences: link.nbOccurences,
    label: link.label,
    is_shared: link.isShared,
    project_id: link.projectId,
  }));
}

/** Returns the casting of every shot of a sequence, keyed by shot id. */
export async function getSequenceCasting(ctx: RequestContext, projectId: string, sequenceId: string): Promise<Record<string, ZouJson[]>> {
  const project = await assertCastingReader(ctx, projectId);
  const sequence = await getProjectEntity(ctx, project, sequenceId, "Sequence");
  const shot = alias(entity, "cast_shot");
  const links = await selectCastLinks(ctx)
    .innerJoin(shot, eq(shot.id, entityLink.entityInId))
    .where(and(eq(shot.parentId, sequence.id), notCanceled))
    .orderBy(asc(shot.name), asc(assetType.name), asc(asset.name));
  return groupByEntityIn(links, (link) => ({
    asset_id: link.assetId,
    name: link.assetName,
    asset_name: link.assetName,
    asset_type_name: link.assetTypeName,
    sequence_name: sequence.name,
    preview_file_id: link.previewFileId,
    nb_occurences: link.nbOccurences,
    label: link.label,
    is_shared: link.isShared,
    project_id: link.projectId,
  }));
}

/** Returns the casting of every asset of one asset type in a project, keyed by asset id. */
export async function getAssetTypeCasting(ctx: RequestContext, projectId: string, assetTypeId: string): Promise<Record<string, ZouJson[]>> {
  const project = await assertCastingReader(ctx, projectId);
  const type = await ctx.loaders.entityTypeById.load(parseId(assetTypeId));
  if (type === null || kindOfTypeName(type.name) !== "Asset") throw new NotFoundError("Asset type not found.");
  const holder = alias(entity, "cast_holder");
  const links = await selectCastLinks(ctx)
    .innerJoin(holder, eq(holder.id, entityLink.entityInId))
    .where(and(eq(holder.projectId, project), eq(holder.entityTypeId, type.id), notCanceled))
    .orderBy(asc(assetType.name), asc(asset.name));
  return groupByEntityIn(links, (link) => ({
    asset_id: link.assetId,
    name: link.assetName,
    asset_name: link.assetName,
    asset_type_name: link.assetTypeName,
    preview_file_id: link.previewFileId,
    nb_occurences: link.nbOccurences,
    label: link.label,
  }));
}

/**
 * Returns the casting of every episode of a project, keyed by episode id.
 * Zou's query does not check that the holder is an episode, so it also
 * returns shots and assets. Kumiki keeps to episodes, as the route is named.
 */
export async function getEpisodesCasting(ctx: RequestContext, projectId: string): Promise<Record<string, ZouJson[]>> {
  const project = await assertCastingReader(ctx, projectId);
  const episode = alias(entity, "cast_episode");
  const episodeType = alias(entityType, "cast_episode_type");
  const links = await selectCastLinks(ctx)
    .innerJoin(episode, eq(episode.id, entityLink.entityInId))
    .innerJoin(episodeType, eq(episodeType.id, episode.entityTypeId))
    .where(and(eq(episode.projectId, project), eq(episodeType.name, "Episode"), notCanceled))
    .orderBy(asc(assetType.name), asc(asset.name));
  return groupByEntityIn(links, (link) => ({
    asset_id: link.assetId,
    name: link.assetName,
    asset_name: link.assetName,
    asset_type_name: link.assetTypeName,
    preview_file_id: link.previewFileId,
    nb_occurences: link.nbOccurences,
    label: link.label,
    is_shared: link.isShared,
    project_id: link.projectId,
  }));
}

/**
 * Lists where an asset is cast: first the shots and scenes (with their
 * sequence and episode names), then the assets, skipping canceled holders.
 */
export async function getCastIn(ctx: RequestContext, assetId: string): Promise<ZouJson[]> {
  const row = await getReadableEntity(ctx, "Asset", assetId);
  const holder = alias(entity, "holder");
  const sequence = alias(entity, "holder_sequence");
  const episode = alias(entity, "holder_episode");
  const temporal = await ctx.db.orm
    .select({
      shotId: holder.id,
      shotName: holder.name,
      sequenceName: sequence.name,
      episodeId: episode.id,
      episodeName: episode.name,
      previewFileId: holder.previewFileId,
      nbOccurences: entityLink.nbOccurences,
    })
    .from(entityLink)
    .innerJoin(holder, eq(holder.id, entityLink.entityInId))
    .innerJoin(sequence, eq(sequence.id, holder.parentId))
    .leftJoin(episode, eq(episode.id, sequence.parentId))
    .where(and(eq(entityLink.entityOutId, row.id), sql`${holder.canceled} is not true`))
    .orderBy(sql`${episode.name} nulls first`, asc(sequence.name), asc(holder.name));
  const assets = await ctx.db.orm
    .select({ assetId: holder.id, assetName: holder.name, assetTypeName: entityType.name, previewFileId: holder.previewFileId, nbOccurences: entityLink.nbOccurences })
    .from(entityLink)
    .innerJoin(holder, eq(holder.id, entityLink.entityInId))
    .innerJoin(entityType, eq(entityType.id, holder.entityTypeId))
    .where(and(eq(entityLink.entityOutId, row.id), kindCondition("Asset"), sql`${holder.canceled} is not true`))
    .orderBy(asc(entityType.name), asc(holder.name));
  return [
    ...temporal.map((link) => ({
      shot_id: link.shotId,
      shot_name: link.shotName,
      sequence_name: link.sequenceName,
      episode_id: link.episodeId,
      episode_name: link.episodeName,
      preview_file_id: link.previewFileId,
      nb_occurences: link.nbOccurences,
    })),
    ...assets.map((link) => ({
      asset_id: link.assetId,
      asset_name: link.assetName,
      asset_type_name: link.assetTypeName,
      preview_file_id: link.previewFileId,
      nb_occurences: link.nbOccurences,
    })),
  ];
}

/** Formats a naive UTC timestamp as Zou's `YYYY-MM-DDTHH:MM:SS.mmm`. */
function millisecondTimestamp(value: Date | string | null): string | null {
  return value === null ? null : new Date(value).toISOString().slice(0, 23);
}

export interface EntityLinkPageOptions {
  page?: number;
  limit?: number;
  cursorCreatedAt?: string;
}

/**
 * Lists the casting links of a project (those whose entity_in belongs to
 * it), oldest first. Without `page` or `cursorCreatedAt` the items are short,
 * with created_at in milliseconds for the next cursor. `page` returns Zou's
 * page object, and `cursorCreatedAt` the links created after that instant.
 */
export async function listProjectEntityLinks(ctx: RequestContext, projectId: string, options: EntityLinkPageOptions): Promise<unknown> {
  const id = parseId(projectId);
  await assertProjectManager(ctx, id);
  const holder = alias(entity, "link_holder");
  const inProject = eq(holder.projectId, id);
  const select = () => ctx.db.orm.select({ link: entityLink }).from(entityLink).innerJoin(holder, eq(holder.id, entityLink.entityInId));
  const fullJson = (row: typeof entityLink.$inferSelect) => toZouJson(entityLink, row as unknown as Record<string, unknown>, "EntityLink");

  if (options.page !== undefined) {
    const limit = options.limit ?? DEFAULT_PAGE_SIZE;
    const offset = (options.page - 1) * limit;
    const [{ total }] = await ctx.db.orm.select({ total: count() }).from(entityLink).innerJoin(holder, eq(holder.id, entityLink.entityInId)).where(inProject);
    const rows = await select().where(inProject).orderBy(asc(entityLink.createdAt), asc(entityLink.id)).limit(limit).offset(offset);
    return { data: rows.map((row) => fullJson(row.link)), total, nb_pages: Math.ceil(total / limit), limit, offset, page: options.page };
  }

  if (options.cursorCreatedAt !== undefined) {
    const cursor = parseTimestamp(options.cursorCreatedAt);
    if (cursor === undefined) throw new BadRequestError(`Invalid value for cursor_created_at: "${options.cursorCreatedAt.slice(0, 40)}", expected an ISO 8601 date-time.`);
    const limit = options.limit ?? DEFAULT_PAGE_SIZE;
    const [{ total }] = await ctx.db.orm.select({ total: count() }).from(entityLink).innerJoin(holder, eq(holder.id, entityLink.entityInId)).where(inProject);
    const rows = await select()
      .where(and(inProject, gt(entityLink.createdAt, cursor)))
      .orderBy(asc(entityLink.createdAt), asc(entityLink.id))
      .limit(limit);
    // As in Zou, a cursor page is {data, total, limit} with timestamps in
    // milliseconds: the client passes the last created_at back as the next
    // cursor, so whole seconds would return the same links again.
    // NOTE: links created in the same millisecond as the cursor are skipped.
    const data = rows.map(({ link }) => ({ ...fullJson(link), created_at: millisecondTimestamp(link.createdAt), updated_at: millisecondTimestamp(link.updatedAt) }));
    return { data, total, limit };
  }

  const query = select().where(inProject).orderBy(asc(entityLink.createdAt), asc(entityLink.id));
  const rows = options.limit === undefined ? await query : await query.limit(options.limit);
  return rows.map(({ link }) => ({
    id: link.id,
    entity_in_id: link.entityInId,
    entity_out_id: link.entityOutId,
    nb_occurences: link.nbOccurences,
    label: link.label,
    data: link.data,
    created_at: millisecondTimestamp(link.createdAt),
    type: "EntityLink",
  }));
}

interface CastingItem {
  assetId: string;
  nbOccurences: number;
  label: string;
}

/**
 * Reads a casting body: items carrying both `asset_id` and `nb_occurences`
 * are kept, others are skipped as in Zou. Kumiki rejects a malformed id or
 * count instead of failing on it later. A repeated asset keeps its last item.
 */
function readCastingItems(casting: unknown[]): CastingItem[] {
  const items = new Map<string, CastingItem>();
  casting.forEach((raw, index) => {
    if (raw === null || typeof raw !== "object" || Array.isArray(raw)) throw new BadRequestError(`Casting item ${index} must be a JSON object.`);
    const cast = raw as Record<string, unknown>;
    if (!("asset_id" in cast) || !("nb_occurences" in cast)) return;
    if (!isUuid(cast.asset_id)) throw new BadRequestError(`Casting item ${index}: asset_id is not a valid id.`);
    const nbOccurences = cast.nb_occurences;
    if (typeof nbOccurences !== "number" || !Number.isInteger(nbOccurences) || nbOccurences < 0) {
      throw new BadRequestError(`Casting item ${index}: nb_occurences must be a whole number of at least 0.`);
    }
    const label = cast.label ?? "";
    if (typeof label !== "string") throw new BadRequestError(`Casting item ${index}: label must be a string.`);
    const assetId = cast.asset_id.toLowerCase();
    items.set(assetId, { assetId, nbOccurences, label });
  });
  return [...items.values()];
}

async function refreshCastingCount(tx: Orm, entityId: string): Promise<number> {
  const [{ total }] = await tx.select({ total: count() }).from(entityLink).where(eq(entityLink.entityInId, entityId));
  await tx.update(entity).set({ nbEntitiesOut: total }).where(eq(entity.id, entityId));
  return total;
}

/** Returns the episode a shot belongs to through its sequence, or null. */
async function episodeOfShot(ctx: RequestContext, shot: EntityRow): Promise<string | null> {
  if (shot.parentId === null) return null;
  const sequence = await ctx.loaders.entityById.load(shot.parentId);
  return sequence?.parentId ?? null;
}

/** Ids of the shots of an episode (through its sequences). */
function shotsOfEpisode(tx: Orm, episodeId: string) {
  const sequences = tx.select({ id: entity.id }).from(entity).where(eq(entity.parentId, episodeId));
  return tx.select({ id: entity.id }).from(entity).where(inArray(entity.parentId, sequences));
}

function castingEvent(kind: EntityKind): { prefix: string } {
  return { prefix: kind === "Shot" || kind === "Episode" ? kind.toLowerCase() : "asset" };
}

/**
 * Replaces the casting of an entity of a project with the given items and
 * returns them as sent. As in Zou, an asset cast in a shot is also cast in
 * the shot's episode, and leaves it when no other shot of the episode uses
 * it. An asset removed from an episode is removed from the episode's shots.
 * Records entity-link:new for each link and <kind>:casting-update with the
 * added and removed asset ids.
 */
// TODO: Zou also refreshes nb_assets_ready on the shot's tasks; Kumiki does not yet.
export async function replaceCasting(ctx: RequestContext, projectId: string, entityId: string, casting: unknown): Promise<unknown[]> {
  if (!Array.isArray(casting)) throw new BadRequestError("Request body must be a JSON array");
  const project = parseId(projectId);
  await assertProjectManager(ctx, project);
  const target = await getProjectEntity(ctx, project, entityId);
  const kind = kindOfTypeName(target.entityTypeName);
  const items = readCastingItems(casting);

  for (const item of items) {
    const cast = await getEntityOfKindOrThrow(ctx, "Asset", item.assetId);
    if (cast.projectId !== target.projectId && cast.isShared !== true) throw new BadRequestError(`The asset ${cast.id} belongs to another project and is not shared.`);
    if (cast.id === target.id) throw new BadRequestError("An asset cannot be cast in itself.");
  }
  const episodeId = kind === "Shot" ? await episodeOfShot(ctx, target) : null;

  await ctx.db.transaction(async (tx) => {
    // Replacements of one casting run one after the other, so the delete and inserts below never interleave.
    await lockTransactionOn(tx, `casting:${target.id}`);
    const previous = await tx.select({ assetId: entityLink.entityOutId }).from(entityLink).where(eq(entityLink.entityInId, target.id));
    const previousIds = new Set(previous.map((link) => link.assetId));
    const nextIds = new Set(items.map((item) => item.assetId));
    const added = [...nextIds].filter((id) => !previousIds.has(id)).sort();
    const removed = [...previousIds].filter((id) => !nextIds.has(id)).sort();

    if (kind === "Episode" && removed.length > 0) await removeFromEpisodeShots(tx, ctx, target, removed);

    await tx.delete(entityLink).where(eq(entityLink.entityInId, target.id));
    for (const item of items) {
      const [link] = await tx
        .insert(entityLink)
        .values({ entityInId: target.id, entityOutId: item.assetId, nbOccurences: item.nbOccurences, label: item.label })
        .returning();
      await recordEvent(tx, ctx, {
        name: "entity-link:new",
        projectId: target.projectId,
        data: { entity_link_id: link.id, entity_in_id: target.id, entity_out_id: item.assetId, nb_occurences: item.nbOccurences },
      });
      if (kind === "Episode") await recordEvent(tx, ctx, { name: "asset:update", projectId: target.projectId, data: { asset_id: item.assetId } });
    }

    if (episodeId !== null) {
      for (const assetId of added) await castInEpisode(tx, ctx, target.projectId, episodeId, assetId);
      for (const assetId of removed) await detachFromEpisodeIfUnused(tx, ctx, target.projectId, episodeId, assetId);
    }

    const total = await refreshCastingCount(tx, target.id);
    const { prefix } = castingEvent(kind);
    await recordEvent(tx, ctx, {
      name: `${prefix}:casting-update`,
      projectId: target.projectId,
      data: { [`${prefix}_id`]: target.id, nb_entities_out: total, added_asset_ids: added, removed_asset_ids: removed },
    });
  });
  return casting;
}

/** Removes assets from the casting of every shot of an episode. */
async function removeFromEpisodeShots(tx: Orm, ctx: RequestContext, episode: EntityRow, assetIds: string[]): Promise<void> {
  const removed = await tx
    .delete(entityLink)
    .where(and(inArray(entityLink.entityInId, shotsOfEpisode(tx, episode.id)), inArray(entityLink.entityOutId, assetIds)))
    .returning({ shotId: entityLink.entityInId, assetId: entityLink.entityOutId });
  const byShot = new Map<string, string[]>();
  for (const link of removed) byShot.set(link.shotId, [...(byShot.get(link.shotId) ?? []), link.assetId]);
  for (const [shotId, removedIds] of byShot) {
    const total = await refreshCastingCount(tx, shotId);
    await recordEvent(tx, ctx, {
      name: "shot:casting-update",
      projectId: episode.projectId,
      data: { shot_id: shotId, nb_entities_out: total, added_asset_ids: [], removed_asset_ids: removedIds.sort() },
    });
  }
}

/** Casts an asset in an episode once (one occurrence) when a shot of the episode starts using it. */
async function castInEpisode(tx: Orm, ctx: RequestContext, projectId: string, episodeId: string, assetId: string): Promise<void> {
  const [existing] = await tx
    .select({ id: entityLink.id })
    .from(entityLink)
    .where(and(eq(entityLink.entityInId, episodeId), eq(entityLink.entityOutId, assetId)));
  if (existing !== undefined) return;
  await tx.insert(entityLink).values({ entityInId: episodeId, entityOutId: assetId, nbOccurences: 1, label: "" });
  await refreshCastingCount(tx, episodeId);
  await recordEvent(tx, ctx, { name: "asset:update", projectId, data: { asset_id: assetId } });
}

/** Removes an asset from an episode's casting when no shot of the episode uses it any more. */
async function detachFromEpisodeIfUnused(tx: Orm, ctx: RequestContext, projectId: string, episodeId: string, assetId: string): Promise<void> {
  const [used] = await tx
    .select({ id: entityLink.id })
    .from(entityLink)
    .where(and(inArray(entityLink.entityInId, shotsOfEpisode(tx, episodeId)), eq(entityLink.entityOutId, assetId)))
    .limit(1);
  if (used !== undefined) return;
  const removed = await tx
    .delete(entityLink)
    .where(and(eq(entityLink.entityInId, episodeId), eq(entityLink.entityOutId, assetId)))
    .returning({ id: entityLink.id });
  if (removed.length === 0) return;
  const total = await refreshCastingCount(tx, episodeId);
  await recordEvent(tx, ctx, {
    name: "episode:casting-update",
    projectId,
    data: { episode_id: episodeId, nb_entities_out: total, added_asset_ids: [], removed_asset_ids: [assetId] },
  });
  await recordEvent(tx, ctx, { name: "asset:update", projectId, data: { asset_id: assetId } });
}

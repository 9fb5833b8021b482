import { and, asc, eq, sql } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import { entity, entityLink, entityType } from "../../schema/entities.js";
import { assertProjectManager } from "../auth/permissions.js";
import type { RequestContext } from "../context.js";
import { BadRequestError, NotFoundError } from "../errors.js";
import { isUuid, parseId } from "../ids.js";
import type { ZouJson } from "../rest/zou-json.js";
import { assertCastingReader, getProjectEntity } from "./asset-reads.service.js";
import { kindOfTypeName } from "./entities.loaders.js";
import { replaceCasting } from "./casting.service.js";

// Breakdown reads and writes over many entities at once: the casting of every
// shot of an episode, and the replacement of the castings of a selection.

const shot = alias(entity, "episode_cast_shot");
const sequence = alias(entity, "episode_cast_sequence");
const asset = alias(entity, "episode_cast_asset");
const assetType = alias(entityType, "episode_cast_asset_type");

/** Returns the casting of every shot of an episode's sequences, keyed by shot id, in one query; FORBIDDEN for vendors. */
export async function getEpisodeShotsCasting(ctx: RequestContext, projectId: string, episodeId: string): Promise<Record<string, ZouJson[]>> {
  const project = await assertCastingReader(ctx, projectId);
  // Kitsu names the assets outside any episode "main"; no shot belongs to it.
  if (episodeId === "main") return {};
  const links = await ctx.db.orm
    .select({
      shotId: entityLink.entityInId,
      assetId: entityLink.entityOutId,
      nbOccurences: entityLink.nbOccurences,
      label: entityLink.label,
      assetName: asset.name,
      assetTypeName: assetType.name,
      previewFileId: asset.previewFileId,
      isShared: asset.isShared,
      assetProjectId: asset.projectId,
      sequenceName: sequence.name,
    })
    .from(entityLink)
    .innerJoin(shot, eq(shot.id, entityLink.entityInId))
    .innerJoin(sequence, eq(sequence.id, shot.parentId))
    .innerJoin(asset, eq(asset.id, entityLink.entityOutId))
    .innerJoin(assetType, eq(assetType.id, asset.entityTypeId))
    .where(and(eq(shot.projectId, project), eq(sequence.parentId, episodeId), sql`${asset.canceled} is not true`))
    .orderBy(asc(sequence.name), asc(shot.name), asc(assetType.name), asc(asset.name));

  const castings: Record<string, ZouJson[]> = {};
  for (const link of links) {
    (castings[link.shotId] ??= []).push({
      asset_id: link.assetId,
      name: link.assetName,
      asset_name: link.assetName,
      asset_type_name: link.assetTypeName,
      sequence_name: link.sequenceName,
      preview_file_id: link.previewFileId,
      nb_occurences: link.nbOccurences,
      label: link.label,
      is_shared: link.isShared,
      project_id: link.assetProjectId,
    });
  }
  return castings;
}

/** Checks one casting list as the single-entity replacement will, so that a bad list is found before anything is written. */
async function assertCastingItems(ctx: RequestContext, target: { id: string; projectId: string | null }, casting: unknown[]): Promise<void> {
  const assetIds: string[] = [];
  casting.forEach((raw, index) => {
    if (raw === null || typeof raw !== "object" || Array.isArray(raw)) throw new BadRequestError(`Casting item ${index} of ${target.id} must be a JSON object.`);
    const item = raw as Record<string, unknown>;
    if (!("asset_id" in item) || !("nb_occurences" in item)) return;
    if (!isUuid(item.asset_id)) throw new BadRequestError(`Casting item ${index} of ${target.id}: asset_id is not a valid id.`);
    const nbOccurences = item.nb_occurences;
    if (typeof nbOccurences !== "number" || !Number.isInteger(nbOccurences) || nbOccurences < 0) {
      throw new BadRequestError(`Casting item ${index} of ${target.id}: nb_occurences must be a whole number of at least 0.`);
    }
    if (item.label !== undefined && item.label !== null && typeof item.label !== "string") throw new BadRequestError(`Casting item ${index} of ${target.id}: label must be a string.`);
    assetIds.push(item.asset_id.toLowerCase());
  });

  const assets = await ctx.loaders.entityById.loadMany(assetIds);
  assets.forEach((row, index) => {
    if (row === null || row instanceof Error || kindOfTypeName(row.entityTypeName) !== "Asset") throw new NotFoundError(`Asset ${assetIds[index]} not found.`);
    if (row.projectId !== target.projectId && row.isShared !== true) throw new BadRequestError(`The asset ${row.id} belongs to another project and is not shared.`);
    if (row.id === target.id) throw new BadRequestError("An asset cannot be cast in itself.");
  });
}

/**
 * Replaces the castings of several entities of a project (manager of the
 * project); returns them keyed by entity id, as sent. Every entity and item
 * is checked before the first casting is written.
 */
export async function replaceCastings(ctx: RequestContext, projectId: string, castings: Record<string, unknown[]>): Promise<Record<string, unknown[]>> {
  await assertProjectManager(ctx, projectId);
  const entries = Object.entries(castings).map(([entityId, casting]) => [parseId(entityId), casting] as const);
  for (const [entityId, casting] of entries) {
    const target = await getProjectEntity(ctx, projectId, entityId);
    await assertCastingItems(ctx, target, casting);
  }

  // NOTE: each entity's casting is written in its own transaction, so a database failure part way leaves the earlier entities replaced.
  const result: Record<string, unknown[]> = {};
  for (const [entityId, casting] of entries) result[entityId] = await replaceCasting(ctx, projectId, entityId, casting);
  return result;
}

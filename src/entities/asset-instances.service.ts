import { and, asc, eq, max } from "drizzle-orm";
import { assetInstance, assetInstanceLink, entity, entityType } from "../../schema/entities.js";
import { effectiveProjectRole } from "../auth/permissions.js";
import type { RequestContext } from "../context.js";
import { lockTransactionOn } from "../db/advisory-lock.js";
import type { Orm } from "../db/index.js";
import { BadRequestError, ForbiddenError, NotFoundError } from "../errors.js";
import { recordEvent } from "../events/events.service.js";
import { parseId } from "../ids.js";
import { toZouJson, type ZouJson } from "../rest/zou-json.js";
import type { AssetInstanceRow, EntityKind, EntityRow } from "./entities.loaders.js";
import { getEntityOfKindOrThrow, getReadableEntity } from "./entities.service.js";
import { entityJson } from "./entity-json.resolver.js";

// Asset instances: numbered occurrences of an asset placed in a layout
// scene or inside another asset, and attached to shots through
// asset_instance_link. Zou keeps them apart from the casting links.
// Lists are grouped by a key (the instance's asset, or the shot or scene
// that contains it), each group ordered by asset and number.

type Grouped = Record<string, ZouJson[]>;

function instanceJson(row: AssetInstanceRow): ZouJson {
  return toZouJson(assetInstance, row as unknown as Record<string, unknown>, "AssetInstance");
}

function groupBy(rows: { key: string; row: AssetInstanceRow }[]): Grouped {
  const groups: Grouped = {};
  for (const { key, row } of rows) (groups[key] ??= []).push(instanceJson(row));
  return groups;
}

/**
 * Loads an entity the viewer may change the instances of. Zou lets any
 * project member do it; Kumiki also keeps out clients, who only review, and
 * vendors without a task on the entity.
 */
async function getWritableEntity(ctx: RequestContext, kind: EntityKind, id: string): Promise<EntityRow> {
  const row = await getReadableEntity(ctx, kind, id);
  if ((await effectiveProjectRole(ctx, row.projectId)) === "client") throw new ForbiddenError();
  return row;
}

/** Loads the asset to instantiate under `holder`: it must be of the holder's project or shared, as for casting. */
async function getInstantiableAsset(ctx: RequestContext, holder: EntityRow, assetId: string): Promise<EntityRow> {
  const asset = await getEntityOfKindOrThrow(ctx, "Asset", assetId);
  if (asset.projectId !== holder.projectId && asset.isShared !== true) throw new BadRequestError("The asset belongs to another project and is not shared.");
  return asset;
}

async function getInstanceOrThrow(ctx: RequestContext, id: string): Promise<AssetInstanceRow> {
  const [row] = await ctx.db.orm.select().from(assetInstance).where(eq(assetInstance.id, parseId(id)));
  if (row === undefined) throw new NotFoundError("Asset instance not found.");
  return row;
}

/** Lists the instances of an asset attached to shots, keyed by shot id. */
export async function getShotInstancesOfAsset(ctx: RequestContext, assetId: string): Promise<Grouped> {
  const asset = await getReadableEntity(ctx, "Asset", assetId);
  const rows = await ctx.db.orm
    .select({ key: assetInstanceLink.entityId, row: assetInstance })
    .from(assetInstance)
    .innerJoin(assetInstanceLink, eq(assetInstanceLink.assetInstanceId, assetInstance.id))
    .where(eq(assetInstance.assetId, asset.id))
    .orderBy(asc(assetInstance.number), asc(assetInstanceLink.entityId));
  return groupBy(rows);
}

/** Lists the instances of an asset placed in scenes, keyed by scene id. */
export async function getSceneInstancesOfAsset(ctx: RequestContext, assetId: string): Promise<Grouped> {
  const asset = await getReadableEntity(ctx, "Asset", assetId);
  const rows = await ctx.db.orm.select().from(assetInstance).where(eq(assetInstance.assetId, asset.id)).orderBy(asc(assetInstance.number));
  return groupBy(rows.filter((row) => row.sceneId !== null).map((row) => ({ key: row.sceneId!, row })));
}

/** Lists the instances placed inside an asset (props of a set, for example), keyed by instantiated asset id. */
export async function getInstancesInsideAsset(ctx: RequestContext, assetId: string): Promise<Grouped> {
  const asset = await getReadableEntity(ctx, "Asset", assetId);
  const rows = await ctx.db.orm
    .select()
    .from(assetInstance)
    .where(eq(assetInstance.targetAssetId, asset.id))
    .orderBy(asc(assetInstance.assetId), asc(assetInstance.number));
  return groupBy(rows.map((row) => ({ key: row.assetId, row })));
}

/** Lists the instances attached to a shot, keyed by asset id. */
export async function getShotInstances(ctx: RequestContext, shotId: string): Promise<Grouped> {
  const shot = await getReadableEntity(ctx, "Shot", shotId);
  const rows = await ctx.db.orm
    .select({ row: assetInstance })
    .from(assetInstance)
    .innerJoin(assetInstanceLink, eq(assetInstanceLink.assetInstanceId, assetInstance.id))
    .where(eq(assetInstanceLink.entityId, shot.id))
    .orderBy(asc(assetInstance.assetId), asc(assetInstance.number));
  return groupBy(rows.map(({ row }) => ({ key: row.assetId, row })));
}

/** Lists the instances placed in a scene, keyed by asset id; `assetTypeName` keeps one asset type (Camera). */
export async function getSceneInstances(ctx: RequestContext, sceneId: string, assetTypeName?: string): Promise<Grouped> {
  const scene = await getReadableEntity(ctx, "Scene", sceneId);
  const rows = await ctx.db.orm
    .select({ row: assetInstance, typeName: entityType.name })
    .from(assetInstance)
    .innerJoin(entity, eq(entity.id, assetInstance.assetId))
    .innerJoin(entityType, eq(entityType.id, entity.entityTypeId))
    .where(eq(assetInstance.sceneId, scene.id))
    .orderBy(asc(assetInstance.assetId), asc(assetInstance.number));
  return groupBy(rows.filter((item) => assetTypeName === undefined || item.typeName === assetTypeName).map(({ row }) => ({ key: row.assetId, row })));
}

/** Builds Zou's default instance name: the asset name as an ASCII slug (case kept) and the number on four digits. */
export function instanceName(assetName: string, number: number): string {
  const slug = assetName
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/[^A-Za-z0-9]+/g, "_")
    .replace(/^_+|_+$/g, "");
  const suffix = `_${String(number).padStart(4, "0")}`;
  return `${slug.slice(0, 80 - suffix.length)}${suffix}`;
}

async function nextNumber(tx: Orm, assetId: string, holder: { sceneId?: string; targetAssetId?: string }): Promise<number> {
  await lockTransactionOn(tx, `asset-instance-number:${assetId}:${holder.sceneId ?? holder.targetAssetId}`);
  const holderCondition = holder.sceneId !== undefined ? eq(assetInstance.sceneId, holder.sceneId) : eq(assetInstance.targetAssetId, holder.targetAssetId!);
  const [{ highest }] = await tx
    .select({ highest: max(assetInstance.number) })
    .from(assetInstance)
    .where(and(eq(assetInstance.assetId, assetId), holderCondition));
  return (highest ?? 0) + 1;
}

/** Creates the next instance of an asset in a scene. Records asset_instance:new. */
export async function addInstanceToScene(ctx: RequestContext, sceneId: string, assetId: string, description: string | null): Promise<ZouJson> {
  const scene = await getWritableEntity(ctx, "Scene", sceneId);
  const asset = await getInstantiableAsset(ctx, scene, assetId);
  return ctx.db.transaction(async (tx) => {
    const number = await nextNumber(tx, asset.id, { sceneId: scene.id });
    const [row] = await tx
      .insert(assetInstance)
      .values({ assetId: asset.id, sceneId: scene.id, number, name: instanceName(asset.name, number), description })
      .returning();
    await recordEvent(tx, ctx, { name: "asset_instance:new", projectId: scene.projectId, data: { scene_id: scene.id, asset_id: asset.id, asset_instance_id: row.id } });
    return instanceJson(row);
  });
}

/** Creates the next instance of an asset inside another asset. Records asset_instance:new. */
export async function addInstanceToAsset(ctx: RequestContext, targetAssetId: string, assetId: string, description: string | null): Promise<ZouJson> {
  const target = await getWritableEntity(ctx, "Asset", targetAssetId);
  const asset = await getInstantiableAsset(ctx, target, assetId);
  return ctx.db.transaction(async (tx) => {
    const number = await nextNumber(tx, asset.id, { targetAssetId: target.id });
    const [row] = await tx
      .insert(assetInstance)
      .values({ assetId: asset.id, targetAssetId: target.id, number, name: instanceName(asset.name, number), description })
      .returning();
    await recordEvent(tx, ctx, {
      name: "asset_instance:new",
      projectId: target.projectId,
      data: { asset_id: target.id, asset_instantiated: asset.id, asset_instance_id: row.id },
    });
    return instanceJson(row);
  });
}

/** Attaches an instance to a shot (again is a no-op) and returns the shot. Records asset_instance:add-to-shot. */
export async function attachInstanceToShot(ctx: RequestContext, shotId: string, instanceId: string): Promise<ZouJson> {
  const shot = await getWritableEntity(ctx, "Shot", shotId);
  const instance = await getInstanceOrThrow(ctx, instanceId);
  // An instance belongs to the project of the scene or asset that contains it;
  // one of another project stays unknown to this shot's team.
  const holder = await ctx.loaders.entityById.load(instance.sceneId ?? instance.targetAssetId ?? instance.assetId);
  if (holder === null || holder.projectId !== shot.projectId) throw new NotFoundError("Asset instance not found.");
  await ctx.db.transaction(async (tx) => {
    await tx.insert(assetInstanceLink).values({ entityId: shot.id, assetInstanceId: instance.id }).onConflictDoNothing();
    await recordEvent(tx, ctx, { name: "asset_instance:add-to-shot", projectId: shot.projectId, data: { shot_id: shot.id, asset_instance_id: instance.id } });
  });
  return entityJson(shot);
}

/** Detaches an instance from a shot; NOT_FOUND when it was not attached. Records asset_instance:remove-from-shot. */
export async function detachInstanceFromShot(ctx: RequestContext, shotId: string, instanceId: string): Promise<boolean> {
  const shot = await getWritableEntity(ctx, "Shot", shotId);
  const instance = await getInstanceOrThrow(ctx, instanceId);
  return ctx.db.transaction(async (tx) => {
    const removed = await tx
      .delete(assetInstanceLink)
      .where(and(eq(assetInstanceLink.entityId, shot.id), eq(assetInstanceLink.assetInstanceId, instance.id)))
      .returning({ id: assetInstanceLink.assetInstanceId });
    if (removed.length === 0) throw new NotFoundError("This asset instance is not attached to the shot.");
    await recordEvent(tx, ctx, { name: "asset_instance:remove-from-shot", projectId: shot.projectId, data: { shot_id: shot.id, asset_instance_id: instance.id } });
    return true;
  });
}

import { and, asc, eq, inArray, or, type SQL } from "drizzle-orm";
import { entity, entityLink, entityType } from "../../schema/entities.js";
import { task, taskPersonLink } from "../../schema/tasks.js";
import { effectiveProjectRole, getReadableProject } from "../auth/permissions.js";
import { requireViewer, type RequestContext } from "../context.js";
import { buildFilterConditions } from "../crud/crud.filters.js";
import { serializeRows } from "../crud/crud.json.js";
import { crudModelByPath } from "../crud/crud.models.js";
import type { CrudModel } from "../crud/crud.types.js";
import { ForbiddenError, NotFoundError } from "../errors.js";
import { parseId } from "../ids.js";
import { prepareWithTasks } from "../lists/with-tasks.service.js";
import type { ZouJson } from "../rest/zou-json.js";
import { kindCondition, kindOfTypeName, selectEntities, type EntityRow, type EntityTypeRow } from "./entities.loaders.js";
import { getEntityOfKindOrThrow, getReadableEntity } from "./entities.service.js";
import { entityJson, maskMetadataForVendor } from "./entity-json.resolver.js";

// Reads of assets and asset types in Zou's JSON, for the Zou routes of the
// assets area. Lists run a fixed number of statements: one for the rows,
// plus the viewer's access scope and, for vendors, the metadata rules.

/** Query-string parameters of the asset lists that are not column filters. */
const NON_FILTER_PARAMETERS = new Set(["page", "relations"]);

function crudModel(path: string): CrudModel {
  const model = crudModelByPath.get(path);
  if (model === undefined) throw new Error(`The crud model ${path} is not registered.`);
  return model;
}

export interface AssetListOptions {
  /** Query-string filters as sent: entity columns, plus `episode_id` and `assigned_to`. */
  filters: Record<string, string>;
  /** The project named by the path; its access is checked before the filters are read. */
  projectId?: string;
  /** The asset type named by the path. */
  assetTypeId?: string;
}

/**
 * Lists assets in Zou's JSON. A project named by the path or by a
 * `project_id` filter must be readable (404 unknown, 403 not on the team).
 * Non-admins get only their projects' assets, and vendors only the assets
 * with a task assigned to them. `episode_id` keeps the assets of the episode
 * and those cast in it. `assigned_to` keeps the assets with a task assigned
 * to the viewer, whatever its value, as in Zou.
 */
export async function listAssets(ctx: RequestContext, options: AssetListOptions): Promise<ZouJson[]> {
  const viewer = requireViewer(ctx);
  const filters: Record<string, string> = {};
  for (const [key, value] of Object.entries(options.filters)) {
    if (!NON_FILTER_PARAMETERS.has(key)) filters[key] = value;
  }

  const projectId = options.projectId ?? (filters.project_id === undefined ? undefined : parseId(filters.project_id));
  if (projectId !== undefined) await getReadableProject(ctx, projectId);
  if (options.projectId !== undefined) filters.project_id = options.projectId;
  if (options.assetTypeId !== undefined) filters.entity_type_id = parseId(options.assetTypeId);

  const episodeText = filters.episode_id;
  delete filters.episode_id;
  const assignedToViewer = filters.assigned_to !== undefined;
  delete filters.assigned_to;

  const conditions: (SQL | undefined)[] = [kindCondition("Asset"), ...buildFilterConditions(crudModel("entities"), filters)];
  if (episodeText !== undefined) {
    const episodeId = parseId(episodeText);
    const castInEpisode = ctx.db.orm.select({ id: entityLink.entityOutId }).from(entityLink).where(eq(entityLink.entityInId, episodeId));
    conditions.push(or(eq(entity.sourceId, episodeId), inArray(entity.id, castInEpisode)));
  }
  if (assignedToViewer) {
    const assigned = ctx.db.orm
      .select({ id: task.entityId })
      .from(task)
      .innerJoin(taskPersonLink, eq(taskPersonLink.taskId, task.id))
      .where(eq(taskPersonLink.personId, viewer.id));
    conditions.push(inArray(entity.id, assigned));
  }
  const scope = await ctx.loaders.viewerAccess();
  conditions.push(scope.entityCondition(entity.projectId, entity.id));

  const rows = await selectEntities(ctx)
    .where(and(...conditions))
    .orderBy(asc(entity.name), asc(entity.id));
  return maskForVendors(ctx, rows.map(entityJson));
}

/** Removes, project by project, the metadata a vendor may not see. */
async function maskForVendors(ctx: RequestContext, items: ZouJson[]): Promise<ZouJson[]> {
  const scope = await ctx.loaders.viewerAccess();
  if (scope.isAdmin) return items;
  const vendorProjects = new Set([...new Set(items.map((item) => item.project_id as string))].filter((projectId) => scope.roleIn(projectId) === "vendor"));
  if (vendorProjects.size === 0) return items;
  const masked = new Map<ZouJson, ZouJson>();
  for (const projectId of vendorProjects) {
    const own = items.filter((item) => item.project_id === projectId);
    const cleaned = await maskMetadataForVendor(ctx, projectId, "Asset", own);
    own.forEach((item, index) => masked.set(item, cleaned[index]));
  }
  return items.map((item) => masked.get(item) ?? item);
}

/**
 * Returns an asset with its relations (casting, concepts, instances), its
 * project and asset type names and its tasks, as Zou's full asset. A vendor
 * gets only the tasks assigned to them.
 */
export async function getFullAsset(ctx: RequestContext, id: string): Promise<ZouJson> {
  const row = await getReadableEntity(ctx, "Asset", id);
  const [json] = await serializeRows(ctx, crudModel("entities"), [row as unknown as Record<string, unknown>], { relations: true, variant: "full" });
  const projectRow = await ctx.loaders.projectById.load(row.projectId);
  json.project_name = projectRow?.name ?? null;
  json.asset_type_id = row.entityTypeId;
  json.asset_type_name = row.entityTypeName;
  delete json.source_id;
  delete json.nb_frames;

  const list = await prepareWithTasks(ctx, "assets", { projectId: row.projectId, id: row.id, assignedTo: false, compact: false });
  const [withTasks] = await ctx.db.query<{ row: string }>(list.text, list.params);
  if (withTasks !== undefined) Object.assign(json, JSON.parse(withTasks.row) as ZouJson);
  const [masked] = await maskForVendors(ctx, [json]);
  return masked;
}

/** Lists the assets cast in a shot, by name, in Zou's JSON. */
export async function listShotAssets(ctx: RequestContext, shotId: string): Promise<ZouJson[]> {
  const shot = await getReadableEntity(ctx, "Shot", shotId);
  const cast = ctx.db.orm.select({ id: entityLink.entityOutId }).from(entityLink).where(eq(entityLink.entityInId, shot.id));
  const rows = await selectEntities(ctx)
    .where(and(kindCondition("Asset"), inArray(entity.id, cast)))
    .orderBy(asc(entity.name), asc(entity.id));
  return maskForVendors(ctx, rows.map(entityJson));
}

/** Serializes asset types as Zou does: type "AssetType", with their task type ids when `relations` is set. */
async function assetTypeJson(ctx: RequestContext, rows: EntityTypeRow[], relations: boolean): Promise<ZouJson[]> {
  const items = await serializeRows(ctx, crudModel("entity-types"), rows as unknown as Record<string, unknown>[], { relations, variant: "full" });
  return items.map((item) => ({ ...item, type: "AssetType" }));
}

/** Lists every asset type (entity types other than the built-in kinds), by name, filtered by entity type columns. */
export async function listAssetTypes(ctx: RequestContext, query: Record<string, string>): Promise<ZouJson[]> {
  requireViewer(ctx);
  const filters = Object.fromEntries(Object.entries(query).filter(([key]) => !NON_FILTER_PARAMETERS.has(key)));
  const rows = await ctx.db.orm
    .select()
    .from(entityType)
    .where(and(kindCondition("Asset"), ...buildFilterConditions(crudModel("entity-types"), filters)))
    .orderBy(asc(entityType.name));
  return assetTypeJson(ctx, rows, true);
}

/** Returns one asset type; NOT_FOUND for an unknown id or a built-in kind such as Shot. */
export async function getAssetType(ctx: RequestContext, id: string): Promise<ZouJson> {
  requireViewer(ctx);
  const row = await ctx.loaders.entityTypeById.load(parseId(id));
  if (row === null || kindOfTypeName(row.name) !== "Asset") throw new NotFoundError("Asset type not found.");
  const [json] = await assetTypeJson(ctx, [row], true);
  return json;
}

/** Lists the asset types of a project's assets, by name. */
export async function listProjectAssetTypes(ctx: RequestContext, projectId: string): Promise<ZouJson[]> {
  const id = parseId(projectId);
  await getReadableProject(ctx, id);
  const used = ctx.db.orm.select({ id: entity.entityTypeId }).from(entity).where(eq(entity.projectId, id));
  const rows = await ctx.db.orm
    .select()
    .from(entityType)
    .where(and(kindCondition("Asset"), inArray(entityType.id, used)))
    .orderBy(asc(entityType.name));
  return assetTypeJson(ctx, rows, false);
}

/**
 * Lists the asset types of the assets cast in a shot, by name. Zou checks
 * only the project; Kumiki also hides a shot from a vendor without a task on it.
 */
export async function listShotAssetTypes(ctx: RequestContext, shotId: string): Promise<ZouJson[]> {
  const shot = await getReadableEntity(ctx, "Shot", shotId);
  const used = ctx.db.orm
    .select({ id: entity.entityTypeId })
    .from(entityLink)
    .innerJoin(entity, eq(entity.id, entityLink.entityOutId))
    .where(eq(entityLink.entityInId, shot.id));
  const rows = await ctx.db.orm
    .select()
    .from(entityType)
    .where(and(kindCondition("Asset"), inArray(entityType.id, used)))
    .orderBy(asc(entityType.name));
  return assetTypeJson(ctx, rows, false);
}

/** Checks that the viewer reads the project and is not a vendor there: the rule of Zou's casting reads. */
export async function assertCastingReader(ctx: RequestContext, projectId: string): Promise<string> {
  const id = parseId(projectId);
  await getReadableProject(ctx, id);
  if ((await effectiveProjectRole(ctx, id)) === "vendor") throw new ForbiddenError();
  return id;
}

/** Loads an entity of a project for the casting routes: NOT_FOUND when unknown, FORBIDDEN when it belongs to another project. */
export async function getProjectEntity(ctx: RequestContext, projectId: string, entityId: string, kind?: "Sequence" | "Asset"): Promise<EntityRow> {
  const row = await getEntityOfKindOrThrow(ctx, kind, entityId);
  if (row.projectId !== projectId) throw new ForbiddenError();
  return row;
}

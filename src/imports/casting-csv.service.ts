import { and, count, eq } from "drizzle-orm";
import { entity, entityLink, entityType } from "../../schema/entities.js";
import { assertProjectManager } from "../auth/permissions.js";
import type { RequestContext } from "../context.js";
import type { Orm } from "../db/index.js";
import { BUILT_IN_KINDS } from "../entities/entities.loaders.js";
import { recordEvent } from "../events/events.service.js";
import { parseId } from "../ids.js";
import { toZouJson, type ZouJson } from "../rest/zou-json.js";
import { parseCsvTable } from "./csv-parse.js";
import { rowError } from "./entities-csv.service.js";
import { slugKey } from "./csv-slug.js";

// Zou's CSV import of a project's casting, the file Kitsu's breakdown page
// exports: one row per asset cast in a shot, an asset or an episode. Zou
// matches names through python-slugify keys and skips a row whose asset or
// target it cannot find. Kumiki does the same, but checks every row before
// writing and writes them all in one transaction.

const REQUIRED_COLUMNS = ["Asset Type", "Asset", "Parent", "Name", "Occurences"] as const;

type EntityTableRow = typeof entity.$inferSelect;

interface CastingNames {
  /** Asset id by slug of asset type name and asset name. */
  assets: Map<string, string>;
  /** Shot id by slug of episode name (TV shows), sequence name and shot name. */
  shots: Map<string, string>;
  /** Episode id by "episode" and the episode name's slug (TV shows only). */
  episodes: Map<string, string>;
  entities: Map<string, EntityTableRow>;
  kindByTypeId: Map<string, string>;
}

interface CastingRowPlan {
  targetId: string;
  assetId: string;
  nbOccurences: number;
  label: string;
}

async function loadCastingNames(ctx: RequestContext, projectId: string, isTvShow: boolean): Promise<CastingNames> {
  const types = await ctx.db.orm.select().from(entityType);
  const typeNameById = new Map(types.map((row) => [row.id, row.name]));
  const rows = await ctx.db.orm.select().from(entity).where(eq(entity.projectId, projectId));
  const entities = new Map(rows.map((row) => [row.id, row]));
  const kindOf = (row: EntityTableRow) => {
    const name = typeNameById.get(row.entityTypeId) ?? "";
    return (BUILT_IN_KINDS as readonly string[]).includes(name) ? name : "Asset";
  };

  const assets = new Map<string, string>();
  const episodeSlugs = new Map<string, string>();
  const episodes = new Map<string, string>();
  const sequenceKeys = new Map<string, string>();
  for (const row of rows) {
    const kind = kindOf(row);
    if (kind === "Asset") assets.set(slugKey(typeNameById.get(row.entityTypeId) ?? "") + slugKey(row.name), row.id);
    if (kind === "Episode" && isTvShow) {
      episodeSlugs.set(row.id, slugKey(row.name));
      episodes.set(`episode${slugKey(row.name)}`, row.id);
    }
  }
  for (const row of rows) {
    if (kindOf(row) !== "Sequence") continue;
    const episodeSlug = row.parentId === null ? "" : (episodeSlugs.get(row.parentId) ?? "");
    sequenceKeys.set(row.id, episodeSlug + slugKey(row.name));
  }
  const shots = new Map<string, string>();
  for (const row of rows) {
    if (kindOf(row) !== "Shot" || row.parentId === null) continue;
    const sequenceKey = sequenceKeys.get(row.parentId);
    if (sequenceKey !== undefined) shots.set(sequenceKey + slugKey(row.name), row.id);
  }

  const kindByTypeId = new Map(types.map((row) => [row.id, (BUILT_IN_KINDS as readonly string[]).includes(row.name) ? row.name : "Asset"]));
  return { assets, shots, episodes, entities, kindByTypeId };
}

/** Reads one data row; returns null for a row Zou skips because its asset or target is unknown. */
function planCastingRow(names: CastingNames, row: Record<string, string>, lineNumber: number): CastingRowPlan | null {
  for (const column of REQUIRED_COLUMNS) {
    if (row[column] === undefined) throw rowError(lineNumber, `A column is missing: '${column}'.`);
  }
  const episode = row.Episode === undefined || row.Episode === "MP" ? "" : row.Episode;
  const occurencesText = row.Occurences.trim();
  let nbOccurences = 1;
  if (occurencesText !== "") {
    if (!/^\d+$/.test(occurencesText) || Number(occurencesText) > 2_147_483_647) {
      throw rowError(lineNumber, `A value is invalid: Occurences must be a whole number, got "${occurencesText.slice(0, 40)}".`);
    }
    nbOccurences = Number(occurencesText);
  }

  const assetId = names.assets.get(slugKey(row["Asset Type"] + row.Asset));
  const targetKey = slugKey(episode + row.Parent + row.Name);
  const targetId = names.shots.get(targetKey) ?? names.assets.get(slugKey(row.Parent + row.Name)) ?? names.episodes.get(targetKey);
  if (assetId === undefined || targetId === undefined) return null;
  const label = slugKey(row.Label ?? "fixed");
  if (label.length > 80) throw rowError(lineNumber, `The Label "${label.slice(0, 40)}..." is longer than 80 characters.`);
  return { targetId, assetId, nbOccurences, label };
}

async function refreshCastingCount(tx: Orm, entityId: string): Promise<number> {
  const [{ total }] = await tx.select({ total: count() }).from(entityLink).where(eq(entityLink.entityInId, entityId));
  await tx.update(entity).set({ nbEntitiesOut: total }).where(eq(entity.id, entityId));
  return total;
}

/** Casts the asset once in the episode of a shot when it is not cast there yet, as Zou does for every new shot link. */
async function castInShotEpisode(tx: Orm, ctx: RequestContext, names: CastingNames, shot: EntityTableRow, assetId: string): Promise<void> {
  const sequence = shot.parentId === null ? undefined : names.entities.get(shot.parentId);
  const episodeId = sequence?.parentId ?? null;
  if (episodeId === null) return;
  const [existing] = await tx
    .select({ id: entityLink.id })
    .from(entityLink)
    .where(and(eq(entityLink.entityInId, episodeId), eq(entityLink.entityOutId, assetId)));
  if (existing !== undefined) return;
  await tx.insert(entityLink).values({ entityInId: episodeId, entityOutId: assetId, nbOccurences: 1, label: "" });
  await refreshCastingCount(tx, episodeId);
  await recordEvent(tx, ctx, { name: "asset:update", projectId: shot.projectId, data: { asset_id: assetId } });
}

/** Creates or updates the link of one row and records Zou's events; returns the link in Zou's JSON. */
async function writeCastingRow(tx: Orm, ctx: RequestContext, names: CastingNames, plan: CastingRowPlan): Promise<ZouJson> {
  const target = names.entities.get(plan.targetId)!;
  const kind = names.kindByTypeId.get(target.entityTypeId) ?? "Asset";
  const [existing] = await tx
    .select()
    .from(entityLink)
    .where(and(eq(entityLink.entityInId, target.id), eq(entityLink.entityOutId, plan.assetId)));

  let link: typeof entityLink.$inferSelect;
  if (existing === undefined) {
    if (kind === "Shot") await castInShotEpisode(tx, ctx, names, target, plan.assetId);
    [link] = await tx.insert(entityLink).values({ entityInId: target.id, entityOutId: plan.assetId, nbOccurences: plan.nbOccurences, label: plan.label }).returning();
    await recordEvent(tx, ctx, {
      name: "entity-link:new",
      projectId: target.projectId,
      data: { entity_link_id: link.id, entity_in_id: target.id, entity_out_id: plan.assetId, nb_occurences: plan.nbOccurences },
    });
  } else {
    [link] = await tx.update(entityLink).set({ nbOccurences: plan.nbOccurences, label: plan.label }).where(eq(entityLink.id, existing.id)).returning();
    await recordEvent(tx, ctx, { name: "entity-link:update", projectId: target.projectId, data: { entity_link_id: link.id, nb_occurences: plan.nbOccurences } });
  }

  const total = await refreshCastingCount(tx, target.id);
  if (kind === "Shot" || kind === "Episode") {
    const prefix = kind.toLowerCase();
    await recordEvent(tx, ctx, { name: `${prefix}:casting-update`, projectId: target.projectId, data: { [`${prefix}_id`]: target.id, nb_entities_out: total } });
  } else {
    await recordEvent(tx, ctx, { name: "asset:casting-update", projectId: target.projectId, data: { asset_id: target.id } });
  }
  return toZouJson(entityLink, link, "EntityLink");
}

/**
 * Imports a casting CSV into a project: for each row, casts the asset in
 * the shot, asset or episode it names, or updates the occurrences and label
 * of an existing link. Rows naming an unknown asset or target are skipped,
 * as in Zou, and come back as null. Needs the manager role on the project.
 * A bad row fails the whole import with its row number and writes nothing.
 */
// NOTE(compat): Zou returns null for every row; Kumiki returns the written link of each imported row.
// TODO(compat): Zou also refreshes nb_assets_ready on the shot's tasks; Kumiki does not yet.
export async function importCastingCsv(ctx: RequestContext, projectId: string, text: string): Promise<(ZouJson | null)[]> {
  const id = parseId(projectId);
  await assertProjectManager(ctx, id);
  const project = (await ctx.loaders.projectById.load(id))!;
  const table = parseCsvTable(text);
  const names = await loadCastingNames(ctx, id, project.productionType === "tvshow");
  const plans = table.rows.map((row, index) => planCastingRow(names, row, index + 1));

  return ctx.db.transaction(async (tx) => {
    const results: (ZouJson | null)[] = [];
    for (const plan of plans) results.push(plan === null ? null : await writeCastingRow(tx, ctx, names, plan));
    return results;
  });
}

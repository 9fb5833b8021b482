import type { RequestContext } from "../context.js";
import { kindOfTypeName, type EntityRow } from "./entities.loaders.js";

// Zou's full entity names, as notifications and chats show them.

export interface FullEntityName {
  name: string;
  episodeId: string | null;
  previewFileId: string | null;
}

/** Builds "Episode / Sequence / Shot" or "Asset type / Asset", the episode id and the entity's preview, as Zou's get_full_entity_name. */
export async function fullEntityNames(ctx: RequestContext, entityIds: string[]): Promise<Map<string, FullEntityName>> {
  const loaded = async (ids: (string | null)[]) => {
    const unique = [...new Set(ids.filter((id): id is string => id !== null))];
    const rows = await ctx.loaders.entityById.loadMany(unique);
    return new Map(rows.filter((row): row is EntityRow => row !== null && !(row instanceof Error)).map((row) => [row.id, row]));
  };
  const entities = await loaded(entityIds);
  const parents = await loaded([...entities.values()].map((row) => row.parentId));
  const grandparents = await loaded([...parents.values()].map((row) => row.parentId));
  const assetTypeIds = [...entities.values()].filter((row) => kindOfTypeName(row.entityTypeName) === "Asset").map((row) => row.entityTypeId);
  const assetTypes = await ctx.loaders.entityTypeById.loadMany([...new Set(assetTypeIds)]);
  const assetTypeNames = new Map<string, string>();
  for (const row of assetTypes) if (row !== null && !(row instanceof Error)) assetTypeNames.set(row.id, row.name);

  const names = new Map<string, FullEntityName>();
  for (const row of entities.values()) {
    const kind = kindOfTypeName(row.entityTypeName);
    const parent = row.parentId === null ? undefined : parents.get(row.parentId);
    let name = row.name;
    let episodeId: string | null = null;
    if (kind === "Shot" && parent !== undefined) {
      const episode = parent.parentId === null ? undefined : grandparents.get(parent.parentId);
      name = episode === undefined ? `${parent.name} / ${row.name}` : `${episode.name} / ${parent.name} / ${row.name}`;
      episodeId = episode?.id ?? null;
    } else if (kind === "Sequence" && parent !== undefined) {
      name = `${parent.name} / ${row.name}`;
      episodeId = parent.id;
    } else if (kind === "Asset") {
      name = `${assetTypeNames.get(row.entityTypeId) ?? ""} / ${row.name}`;
      episodeId = row.sourceId;
    }
    names.set(row.id, { name, episodeId, previewFileId: row.previewFileId });
  }
  return names;
}

import DataLoader from "dataloader";
import { and, asc, eq, getTableColumns, inArray, notInArray, type SQL } from "drizzle-orm";
import { assetInstance, entity, entityLink, entityType } from "../../schema/entities.js";
import { metadataDescriptor } from "../../schema/projects.js";
import type { RequestContext } from "../context.js";
import { groupByKey, groupLoader, idIn, rowLoader } from "../db/loader.js";
import { idInPlaceholder, preparedOnce } from "../db/prepared.js";
import { loadAccessScope, type AccessScope } from "./entity.access.js";

// Entity rows carry the name of their entity type (joined in the same
// query), so the GraphQL type of a row is known without another read.

export const BUILT_IN_KINDS = ["Episode", "Sequence", "Shot", "Scene", "Edit", "Concept"] as const;
export type BuiltInKind = (typeof BUILT_IN_KINDS)[number];
/** Zou's entity kinds: the built-in entity types, and "Asset" for every other entity type. */
export type EntityKind = BuiltInKind | "Asset";

export type EntityRow = typeof entity.$inferSelect & { entityTypeName: string };
export type EntityTypeRow = typeof entityType.$inferSelect;
export type EntityLinkRow = typeof entityLink.$inferSelect;
export type AssetInstanceRow = typeof assetInstance.$inferSelect;
export type MetadataDescriptorRow = typeof metadataDescriptor.$inferSelect;

export const entityColumns = { ...getTableColumns(entity), entityTypeName: entityType.name };

export function kindOfTypeName(typeName: string): EntityKind {
  return (BUILT_IN_KINDS as readonly string[]).includes(typeName) ? (typeName as BuiltInKind) : "Asset";
}

/** SQL condition matching the entity type of one kind, on a query joined with entity_type. */
export function kindCondition(kind: EntityKind): SQL {
  return kind === "Asset" ? notInArray(entityType.name, [...BUILT_IN_KINDS]) : eq(entityType.name, kind);
}

/** Selects entities joined with their type name. */
export function selectEntities(ctx: RequestContext) {
  return ctx.db.orm.select(entityColumns).from(entity).innerJoin(entityType, eq(entityType.id, entity.entityTypeId));
}

export function createEntityLoaders(ctx: RequestContext) {
  const orm = ctx.db.orm;
  let accessScope: Promise<AccessScope> | undefined;
  const viewerAccess = (): Promise<AccessScope> => (accessScope ??= loadAccessScope(ctx));

  /** Entities of one kind under each parent (or project), readable by the viewer, sorted by name. */
  const readableGroup = (key: "projectId" | "parentId" | "sourceId", kind: EntityKind) =>
    new DataLoader<string, EntityRow[]>(async (ids) => {
      const scope = await viewerAccess();
      const rows = await selectEntities(ctx)
        .where(and(idIn(entity[key], ids), kindCondition(kind)))
        .orderBy(asc(entity.name));
      const visible = scope.isAdmin ? rows : rows.filter(scope.canReadEntity);
      return groupByKey(ids, visible, (row) => row[key] as string);
    });

  return {
    viewerAccess,
    /** Any entity by id, unfiltered: services and root queries check access themselves. */
    entityById: rowLoader(
      (ids) => preparedOnce(orm, "entities_by_ids", () => selectEntities(ctx).where(idInPlaceholder(entity.id)).prepare("entities_by_ids")).execute({ ids }),
      (row) => row.id,
    ),
    entityTypeById: rowLoader(
      (ids) => orm.select().from(entityType).where(idIn(entityType.id, ids)),
      (row) => row.id,
    ),
    episodesByProjectId: readableGroup("projectId", "Episode"),
    sequencesByProjectId: readableGroup("projectId", "Sequence"),
    shotsByProjectId: readableGroup("projectId", "Shot"),
    scenesByProjectId: readableGroup("projectId", "Scene"),
    editsByProjectId: readableGroup("projectId", "Edit"),
    conceptsByProjectId: readableGroup("projectId", "Concept"),
    assetsByProjectId: readableGroup("projectId", "Asset"),
    sequencesByEpisodeId: readableGroup("parentId", "Sequence"),
    editsByEpisodeId: readableGroup("parentId", "Edit"),
    shotsBySequenceId: readableGroup("parentId", "Shot"),
    scenesBySequenceId: readableGroup("parentId", "Scene"),
    assetsByEpisodeId: readableGroup("sourceId", "Asset"),
    /** Casting of each entity (the assets it uses), by entity_in_id. */
    castingByEntityId: groupLoader(
      (ids) => orm.select().from(entityLink).where(idIn(entityLink.entityInId, ids)),
      (row) => row.entityInId,
    ),
    /** Where each asset is cast, by entity_out_id. */
    castInByAssetId: groupLoader(
      (ids) => orm.select().from(entityLink).where(idIn(entityLink.entityOutId, ids)),
      (row) => row.entityOutId,
    ),
    assetInstancesByAssetId: groupLoader(
      (ids) => orm.select().from(assetInstance).where(idIn(assetInstance.assetId, ids)).orderBy(asc(assetInstance.number)),
      (row) => row.assetId,
    ),
    metadataDescriptorsByProjectId: groupLoader(
      (ids) => orm.select().from(metadataDescriptor).where(idIn(metadataDescriptor.projectId, ids)),
      (row) => row.projectId,
    ),
    entityTypesByName: rowLoader(
      (names) => orm.select().from(entityType).where(inArray(entityType.name, names)),
      (row) => row.name,
    ),
  };
}

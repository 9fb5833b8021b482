import {
  boolean,
  foreignKey,
  index,
  integer,
  pgTable,
  type PgTableExtraConfigValue,
  primaryKey,
  text,
  unique,
  uniqueIndex,
  uuid,
  varchar,
} from "drizzle-orm/pg-core";

import { baseColumns, jsonb, linkBaseColumns } from "./columns.js";
import { previewFile } from "./comments.js";
import { person } from "./people.js";
import { project } from "./projects.js";
import { taskType } from "./tasks.js";

// Entities: Zou keeps assets, shots, sequences, episodes, edits, scenes and
// concepts in the one `entity` table, distinguished by `entity_type_id`.

/**
 * A production entity. Shots and scenes sit under a sequence (`parent_id`),
 * sequences and edits under an episode (`parent_id`), and an asset points to
 * its episode with `source_id`.
 */
export const entity = pgTable(
  "entity",
  {
    name: varchar("name", { length: 160 }).notNull(),
    code: varchar("code", { length: 160 }),
    description: text("description"),
    shotgunId: integer("shotgun_id"),
    canceled: boolean("canceled").$default(() => false),
    nbFrames: integer("nb_frames"),
    nbEntitiesOut: integer("nb_entities_out").$default(() => 0),
    isCastingStandby: boolean("is_casting_standby").$default(() => false),
    isShared: boolean("is_shared")
      .notNull()
      .$default(() => false),
    // One of: standby, running, complete, canceled.
    status: varchar("status", { length: 255 })
      .notNull()
      .$default(() => "running"),
    projectId: uuid("project_id").notNull(),
    entityTypeId: uuid("entity_type_id").notNull(),
    parentId: uuid("parent_id"),
    sourceId: uuid("source_id"),
    previewFileId: uuid("preview_file_id"),
    data: jsonb("data"),
    // A task type id, although the name has no `_id` suffix.
    readyFor: uuid("ready_for"),
    createdBy: uuid("created_by"),
    ...baseColumns(),
  },
  (table): PgTableExtraConfigValue[] => [
    unique("entity_uc").on(table.name, table.projectId, table.entityTypeId, table.parentId),
    index("ix_entity_status").on(table.status),
    index("ix_entity_project_id").on(table.projectId),
    index("ix_entity_entity_type_id").on(table.entityTypeId),
    index("ix_entity_parent_id").on(table.parentId),
    index("ix_entity_source_id").on(table.sourceId),
    index("ix_entity_project_type_status").on(table.projectId, table.entityTypeId, table.status),
    foreignKey({ name: "entity_project_id_fkey", columns: [table.projectId], foreignColumns: [project.id] }),
    foreignKey({
      name: "entity_entity_type_id_fkey",
      columns: [table.entityTypeId],
      foreignColumns: [entityType.id],
    }),
    foreignKey({ name: "entity_parent_id_fkey", columns: [table.parentId], foreignColumns: [table.id] }),
    foreignKey({ name: "entity_source_id_fkey", columns: [table.sourceId], foreignColumns: [table.id] }),
    foreignKey({
      name: "entity_preview_file_id_fkey",
      columns: [table.previewFileId],
      foreignColumns: [previewFile.id],
    }),
    foreignKey({ name: "entity_ready_for_fkey", columns: [table.readyFor], foreignColumns: [taskType.id] }),
    foreignKey({ name: "entity_created_by_fkey", columns: [table.createdBy], foreignColumns: [person.id] }),
  ],
);

/**
 * A kind of entity. The rows named Shot, Sequence, Episode, Edit, Scene and
 * Concept are built in; every other row is an asset type.
 */
export const entityType = pgTable(
  "entity_type",
  {
    name: varchar("name", { length: 30 }).notNull(),
    shortName: varchar("short_name", { length: 20 }),
    description: text("description"),
    archived: boolean("archived").$default(() => false),
    ...baseColumns(),
  },
  (table) => [uniqueIndex("ix_entity_type_name").on(table.name)],
);

/**
 * Casting: `entity_in` (a shot, an asset, an episode...) uses `entity_out`
 * (an asset) `nb_occurences` times.
 */
export const entityLink = pgTable(
  "entity_link",
  {
    entityInId: uuid("entity_in_id").notNull(),
    entityOutId: uuid("entity_out_id").notNull(),
    data: jsonb("data"),
    // Zou's spelling.
    nbOccurences: integer("nb_occurences").$default(() => 1),
    label: varchar("label", { length: 80 }).$default(() => ""),
    ...linkBaseColumns(),
  },
  (table): PgTableExtraConfigValue[] => [
    primaryKey({ name: "entity_link_pkey", columns: [table.entityInId, table.entityOutId, table.id] }),
    unique("entity_link_uc").on(table.entityInId, table.entityOutId),
    index("ix_entity_link_entity_in_id").on(table.entityInId),
    index("ix_entity_link_entity_out_id").on(table.entityOutId),
    foreignKey({
      name: "entity_link_entity_in_id_fkey",
      columns: [table.entityInId],
      foreignColumns: [entity.id],
    }),
    foreignKey({
      name: "entity_link_entity_out_id_fkey",
      columns: [table.entityOutId],
      foreignColumns: [entity.id],
    }),
  ],
);

/** A link from a concept entity to an entity it illustrates. */
export const entityConceptLink = pgTable(
  "entity_concept_link",
  {
    entityInId: uuid("entity_in_id").notNull(),
    entityOutId: uuid("entity_out_id").notNull(),
    ...linkBaseColumns(),
  },
  (table): PgTableExtraConfigValue[] => [
    primaryKey({
      name: "entity_concept_link_pkey",
      columns: [table.entityInId, table.entityOutId, table.id],
    }),
    foreignKey({
      name: "entity_concept_link_entity_in_id_fkey",
      columns: [table.entityInId],
      foreignColumns: [entity.id],
    }),
    foreignKey({
      name: "entity_concept_link_entity_out_id_fkey",
      columns: [table.entityOutId],
      foreignColumns: [entity.id],
    }),
  ],
);

/** A snapshot of an entity's name and data, recorded when a shot's frame data or name changes. */
export const entityVersion = pgTable(
  "entity_version",
  {
    name: varchar("name", { length: 160 }).notNull(),
    data: jsonb("data"),
    entityId: uuid("entity_id"),
    personId: uuid("person_id"),
    ...baseColumns(),
  },
  (table): PgTableExtraConfigValue[] => [
    index("ix_entity_version_entity_id").on(table.entityId),
    index("ix_entity_version_person_id").on(table.personId),
    foreignKey({
      name: "entity_version_entity_id_fkey",
      columns: [table.entityId],
      foreignColumns: [entity.id],
    }),
    foreignKey({
      name: "entity_version_person_id_fkey",
      columns: [table.personId],
      foreignColumns: [person.id],
    }),
  ],
);

/** A numbered occurrence of an asset inside a scene, a shot or another asset, for layout and instancing. */
export const assetInstance = pgTable(
  "asset_instance",
  {
    assetId: uuid("asset_id").notNull(),
    name: varchar("name", { length: 80 }),
    number: integer("number"),
    description: varchar("description", { length: 200 }),
    active: boolean("active").$default(() => true),
    data: jsonb("data"),
    sceneId: uuid("scene_id"),
    targetAssetId: uuid("target_asset_id"),
    entityId: uuid("entity_id"),
    entityTypeId: uuid("entity_type_id"),
    ...baseColumns(),
  },
  (table): PgTableExtraConfigValue[] => [
    unique("asset_instance_uc").on(table.assetId, table.targetAssetId, table.sceneId, table.number),
    index("ix_asset_instance_asset_id").on(table.assetId),
    index("ix_asset_instance_scene_id").on(table.sceneId),
    index("ix_asset_instance_target_asset_id").on(table.targetAssetId),
    foreignKey({
      name: "asset_instance_asset_id_fkey",
      columns: [table.assetId],
      foreignColumns: [entity.id],
    }),
    foreignKey({
      name: "asset_instance_scene_id_fkey",
      columns: [table.sceneId],
      foreignColumns: [entity.id],
    }),
    foreignKey({
      name: "asset_instance_target_asset_id_fkey",
      columns: [table.targetAssetId],
      foreignColumns: [entity.id],
    }),
    foreignKey({
      name: "asset_instance_entity_id_fkey",
      columns: [table.entityId],
      foreignColumns: [entity.id],
    }),
    foreignKey({
      name: "asset_instance_entity_type_id_fkey",
      columns: [table.entityTypeId],
      foreignColumns: [entityType.id],
    }),
  ],
);

/** An asset instance cast in an entity (a shot). */
export const assetInstanceLink = pgTable(
  "asset_instance_link",
  {
    entityId: uuid("entity_id").notNull(),
    assetInstanceId: uuid("asset_instance_id").notNull(),
  },
  (table): PgTableExtraConfigValue[] => [
    primaryKey({ name: "asset_instance_link_pkey", columns: [table.entityId, table.assetInstanceId] }),
    foreignKey({
      name: "asset_instance_link_entity_id_fkey",
      columns: [table.entityId],
      foreignColumns: [entity.id],
    }),
    foreignKey({
      name: "asset_instance_link_asset_instance_id_fkey",
      columns: [table.assetInstanceId],
      foreignColumns: [assetInstance.id],
    }),
  ],
);

/** A task type that applies to an asset type. */
export const taskTypeAssetTypeLink = pgTable(
  "task_type_asset_type_link",
  {
    assetTypeId: uuid("asset_type_id").notNull(),
    taskTypeId: uuid("task_type_id").notNull(),
  },
  (table): PgTableExtraConfigValue[] => [
    // Zou also declares UNIQUE task_type_asset_type_link_uc on the key's columns.
    // PostgreSQL merges a UNIQUE that repeats the primary key into the key, so
    // it is left out.
    primaryKey({ name: "task_type_asset_type_link_pkey", columns: [table.assetTypeId, table.taskTypeId] }),
    index("ix_task_type_asset_type_link_asset_type_id").on(table.assetTypeId),
    index("ix_task_type_asset_type_link_task_type_id").on(table.taskTypeId),
    foreignKey({
      name: "task_type_asset_type_link_asset_type_id_fkey",
      columns: [table.assetTypeId],
      foreignColumns: [entityType.id],
    }),
    foreignKey({
      name: "task_type_asset_type_link_task_type_id_fkey",
      columns: [table.taskTypeId],
      foreignColumns: [taskType.id],
    }),
  ],
);

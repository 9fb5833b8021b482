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
import { assetInstance, entity } from "./entities.js";
import { department, person } from "./people.js";
import { task, taskType } from "./tasks.js";

// Files: working files (scene files) and the output files published from
// them, with their types, statuses and the software that produced them.

/** A work file revision (a scene file) produced for a task, with its path and software. */
export const workingFile = pgTable(
  "working_file",
  {
    shotgunId: integer("shotgun_id"),
    name: varchar("name", { length: 250 }),
    description: text("description"),
    comment: text("comment"),
    revision: integer("revision"),
    size: integer("size"),
    checksum: integer("checksum"),
    path: varchar("path", { length: 400 }),
    data: jsonb("data"),
    taskId: uuid("task_id"),
    entityId: uuid("entity_id"),
    personId: uuid("person_id"),
    softwareId: uuid("software_id"),
    ...baseColumns(),
  },
  (table): PgTableExtraConfigValue[] => [
    unique("working_file_uc").on(table.name, table.taskId, table.entityId, table.revision),
    index("ix_working_file_shotgun_id").on(table.shotgunId),
    index("ix_working_file_task_id").on(table.taskId),
    index("ix_working_file_entity_id").on(table.entityId),
    index("ix_working_file_person_id").on(table.personId),
    index("ix_working_file_software_id").on(table.softwareId),
    foreignKey({ name: "working_file_task_id_fkey", columns: [table.taskId], foreignColumns: [task.id] }),
    foreignKey({
      name: "working_file_entity_id_fkey",
      columns: [table.entityId],
      foreignColumns: [entity.id],
    }),
    foreignKey({
      name: "working_file_person_id_fkey",
      columns: [table.personId],
      foreignColumns: [person.id],
    }),
    foreignKey({
      name: "working_file_software_id_fkey",
      columns: [table.softwareId],
      foreignColumns: [software.id],
    }),
  ],
);

/** A published file revision of an entity or an asset instance, in a context. */
export const outputFile = pgTable(
  "output_file",
  {
    shotgunId: integer("shotgun_id"),
    name: varchar("name", { length: 250 }).notNull(),
    canceled: boolean("canceled")
      .notNull()
      .$default(() => false),
    size: integer("size"),
    checksum: varchar("checksum", { length: 32 }),
    description: text("description"),
    comment: text("comment"),
    extension: varchar("extension", { length: 10 }),
    revision: integer("revision").notNull(),
    representation: varchar("representation", { length: 20 }),
    nbElements: integer("nb_elements").$default(() => 1),
    source: varchar("source", { length: 40 }),
    path: varchar("path", { length: 400 }),
    data: jsonb("data"),
    fileStatusId: uuid("file_status_id").notNull(),
    entityId: uuid("entity_id"),
    assetInstanceId: uuid("asset_instance_id"),
    outputTypeId: uuid("output_type_id"),
    taskTypeId: uuid("task_type_id"),
    personId: uuid("person_id"),
    sourceFileId: uuid("source_file_id"),
    temporalEntityId: uuid("temporal_entity_id"),
    ...baseColumns(),
  },
  (table): PgTableExtraConfigValue[] => [
    unique("output_file_uc").on(
      table.name,
      table.entityId,
      table.assetInstanceId,
      table.outputTypeId,
      table.taskTypeId,
      table.temporalEntityId,
      table.representation,
      table.revision,
    ),
    index("ix_output_file_representation").on(table.representation),
    index("ix_output_file_file_status_id").on(table.fileStatusId),
    index("ix_output_file_entity_id").on(table.entityId),
    index("ix_output_file_asset_instance_id").on(table.assetInstanceId),
    index("ix_output_file_output_type_id").on(table.outputTypeId),
    index("ix_output_file_task_type_id").on(table.taskTypeId),
    index("ix_output_file_person_id").on(table.personId),
    index("ix_output_file_source_file_id").on(table.sourceFileId),
    index("ix_output_file_temporal_entity_id").on(table.temporalEntityId),
    foreignKey({
      name: "output_file_file_status_id_fkey",
      columns: [table.fileStatusId],
      foreignColumns: [fileStatus.id],
    }),
    foreignKey({
      name: "output_file_entity_id_fkey",
      columns: [table.entityId],
      foreignColumns: [entity.id],
    }),
    foreignKey({
      name: "output_file_asset_instance_id_fkey",
      columns: [table.assetInstanceId],
      foreignColumns: [assetInstance.id],
    }),
    foreignKey({
      name: "output_file_output_type_id_fkey",
      columns: [table.outputTypeId],
      foreignColumns: [outputType.id],
    }),
    foreignKey({
      name: "output_file_task_type_id_fkey",
      columns: [table.taskTypeId],
      foreignColumns: [taskType.id],
    }),
    foreignKey({
      name: "output_file_person_id_fkey",
      columns: [table.personId],
      foreignColumns: [person.id],
    }),
    foreignKey({
      name: "output_file_source_file_id_fkey",
      columns: [table.sourceFileId],
      foreignColumns: [workingFile.id],
    }),
    foreignKey({
      name: "output_file_temporal_entity_id_fkey",
      columns: [table.temporalEntityId],
      foreignColumns: [entity.id],
    }),
  ],
);

/** A kind of output file (Cache, Render, Geometry...). */
export const outputType = pgTable(
  "output_type",
  {
    name: varchar("name", { length: 40 }).notNull(),
    shortName: varchar("short_name", { length: 20 }).notNull(),
    ...baseColumns(),
  },
  (table) => [uniqueIndex("ix_output_type_name").on(table.name)],
);

/** The status of an output file. */
export const fileStatus = pgTable("file_status", {
  name: varchar("name", { length: 40 }).notNull().unique("file_status_name_key"),
  color: varchar("color", { length: 7 }).notNull(),
  ...baseColumns(),
});

/** A software entry (a DCC) with its file extensions, also used for department licences. */
export const software = pgTable("software", {
  name: varchar("name", { length: 40 }).notNull().unique("software_name_key"),
  shortName: varchar("short_name", { length: 20 }).notNull(),
  archived: boolean("archived").$default(() => false),
  version: varchar("version", { length: 20 }),
  fileExtension: varchar("file_extension", { length: 20 }).notNull(),
  secondaryExtensions: jsonb("secondary_extensions"),
  monthlyCost: integer("monthly_cost").$default(() => 0),
  inventoryAmount: integer("inventory_amount").$default(() => 0),
  ...baseColumns(),
});

/** A software licence assigned to a department. */
export const softwareDepartmentLink = pgTable(
  "software_department_link",
  {
    departmentId: uuid("department_id").notNull(),
    softwareId: uuid("software_id").notNull(),
    ...linkBaseColumns(),
  },
  (table): PgTableExtraConfigValue[] => [
    primaryKey({
      name: "software_department_link_pkey",
      columns: [table.departmentId, table.softwareId, table.id],
    }),
    unique("software_department_link_uc").on(table.departmentId, table.softwareId),
    index("ix_software_department_link_department_id").on(table.departmentId),
    index("ix_software_department_link_software_id").on(table.softwareId),
    foreignKey({
      name: "software_department_link_department_id_fkey",
      columns: [table.departmentId],
      foreignColumns: [department.id],
    }),
    foreignKey({
      name: "software_department_link_software_id_fkey",
      columns: [table.softwareId],
      foreignColumns: [software.id],
    }),
  ],
);

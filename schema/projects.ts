import { sql } from "drizzle-orm";
import {
  boolean,
  date,
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
import { previewBackgroundFile } from "./comments.js";
import { entityType } from "./entities.js";
import { department, person } from "./people.js";
import { productionScheduleVersion } from "./schedules.js";
import { taskStatus, taskType } from "./tasks.js";

// Projects & configuration: projects, their templates, the types and
// statuses enabled in each, metadata descriptors and status automations.

/** Roles that see a task status on the board unless the project sets other roles. */
const defaultRolesForBoard = ["user", "admin", "supervisor", "manager", "vendor"];

/** A production with its technical settings, status, file tree and team. */
export const project = pgTable(
  "project",
  {
    name: varchar("name", { length: 80 }).notNull(),
    code: varchar("code", { length: 80 }),
    description: text("description"),
    shotgunId: integer("shotgun_id"),
    fileTree: jsonb("file_tree"),
    data: jsonb("data"),
    hasAvatar: boolean("has_avatar").$default(() => false),
    fps: varchar("fps", { length: 10 }).$default(() => "25"),
    ratio: varchar("ratio", { length: 10 }).$default(() => "16:9"),
    resolution: varchar("resolution", { length: 12 }).$default(() => "1920x1080"),
    productionType: varchar("production_type", { length: 20 }).$default(() => "short"),
    // One of: 2d, 2dpaper, 3d, 2d3d, ar, vfx, stop-motion, motion-design,
    // archviz, commercial, catalog, immersive, nft, video-game, vr.
    productionStyle: varchar("production_style", { length: 255 })
      .notNull()
      .$default(() => "2d3d"),
    startDate: date("start_date", { mode: "string" }),
    endDate: date("end_date", { mode: "string" }),
    manDays: integer("man_days"),
    nbEpisodes: integer("nb_episodes").$default(() => 0),
    episodeSpan: integer("episode_span").$default(() => 0),
    maxRetakes: integer("max_retakes").$default(() => 0),
    isClientsIsolated: boolean("is_clients_isolated").$default(() => false),
    isPreviewDownloadAllowed: boolean("is_preview_download_allowed").$default(() => false),
    isSetPreviewAutomated: boolean("is_set_preview_automated").$default(() => false),
    homepage: varchar("homepage", { length: 80 }).$default(() => "assets"),
    isPublishDefaultForArtists: boolean("is_publish_default_for_artists").$default(() => false),
    isBotCollaborationEnabled: boolean("is_bot_collaboration_enabled").$default(() => false),
    isSinglePreviewPerRevision: boolean("is_single_preview_per_revision").$default(() => false),
    isFrameInNumbering: boolean("is_frame_in_numbering").$default(() => false),
    revisionPadding: integer("revision_padding")
      .notNull()
      .$default(() => 0),
    hdBitrateCompression: integer("hd_bitrate_compression").$default(() => 28),
    ldBitrateCompression: integer("ld_bitrate_compression").$default(() => 6),
    projectStatusId: uuid("project_status_id"),
    defaultPreviewBackgroundFileId: uuid("default_preview_background_file_id"),
    fromScheduleVersionId: uuid("from_schedule_version_id"),
    ...baseColumns(),
  },
  (table): PgTableExtraConfigValue[] => [
    uniqueIndex("ix_project_name").on(table.name),
    index("ix_project_project_status_id").on(table.projectStatusId),
    index("ix_project_default_preview_background_file_id").on(table.defaultPreviewBackgroundFileId),
    index("ix_project_from_schedule_version_id").on(table.fromScheduleVersionId),
    foreignKey({
      name: "project_project_status_id_fkey",
      columns: [table.projectStatusId],
      foreignColumns: [projectStatus.id],
    }),
    foreignKey({
      name: "project_default_preview_background_file_id_fkey",
      columns: [table.defaultPreviewBackgroundFileId],
      foreignColumns: [previewBackgroundFile.id],
    }),
    // Zou 1.0.67 declares no ON DELETE rule here. Its later migration
    // d7a3e5b1c9f2 sets SET NULL, and so does Kumiki.
    foreignKey({
      name: "project_from_schedule_version_id_fkey",
      columns: [table.fromScheduleVersionId],
      foreignColumns: [productionScheduleVersion.id],
    }).onDelete("set null"),
  ],
);

/** A project status (Open, Closed...). */
export const projectStatus = pgTable(
  "project_status",
  {
    name: varchar("name", { length: 20 }).notNull(),
    color: varchar("color", { length: 7 }).notNull(),
    ...baseColumns(),
  },
  (table) => [uniqueIndex("ix_project_status_name").on(table.name)],
);

/** Team membership. `role`, when set, overrides the person's global role in this project. */
export const projectPersonLink = pgTable(
  "project_person_link",
  {
    projectId: uuid("project_id").notNull(),
    personId: uuid("person_id").notNull(),
    shotgunId: integer("shotgun_id"),
    // One of: user, admin, supervisor, manager, client, vendor.
    role: varchar("role", { length: 255 }),
  },
  (table): PgTableExtraConfigValue[] => [
    primaryKey({ name: "project_person_link_pkey", columns: [table.projectId, table.personId] }),
    index("ix_project_person_link_project_id").on(table.projectId),
    index("ix_project_person_link_person_id").on(table.personId),
    foreignKey({
      name: "project_person_link_project_id_fkey",
      columns: [table.projectId],
      foreignColumns: [project.id],
    }),
    foreignKey({
      name: "project_person_link_person_id_fkey",
      columns: [table.personId],
      foreignColumns: [person.id],
    }),
  ],
);

/** A task type enabled in a project, with its priority there. */
export const projectTaskTypeLink = pgTable(
  "project_task_type_link",
  {
    projectId: uuid("project_id").notNull(),
    taskTypeId: uuid("task_type_id").notNull(),
    priority: integer("priority"),
    ...linkBaseColumns(),
  },
  (table): PgTableExtraConfigValue[] => [
    primaryKey({
      name: "project_task_type_link_pkey",
      columns: [table.projectId, table.taskTypeId, table.id],
    }),
    unique("project_tasktype_uc").on(table.projectId, table.taskTypeId),
    index("ix_project_task_type_link_project_id").on(table.projectId),
    index("ix_project_task_type_link_task_type_id").on(table.taskTypeId),
    foreignKey({
      name: "project_task_type_link_project_id_fkey",
      columns: [table.projectId],
      foreignColumns: [project.id],
    }),
    foreignKey({
      name: "project_task_type_link_task_type_id_fkey",
      columns: [table.taskTypeId],
      foreignColumns: [taskType.id],
    }),
  ],
);

/** A task status enabled in a project, with its priority and the roles that see it on the board. */
export const projectTaskStatusLink = pgTable(
  "project_task_status_link",
  {
    projectId: uuid("project_id").notNull(),
    taskStatusId: uuid("task_status_id").notNull(),
    priority: integer("priority"),
    // Role codes, as in person.role.
    rolesForBoard: varchar("roles_for_board", { length: 255 })
      .array()
      .$default(() => [...defaultRolesForBoard]),
    ...linkBaseColumns(),
  },
  (table): PgTableExtraConfigValue[] => [
    primaryKey({
      name: "project_task_status_link_pkey",
      columns: [table.projectId, table.taskStatusId, table.id],
    }),
    unique("project_taskstatus_uc").on(table.projectId, table.taskStatusId),
    index("ix_project_task_status_link_project_id").on(table.projectId),
    index("ix_project_task_status_link_task_status_id").on(table.taskStatusId),
    foreignKey({
      name: "project_task_status_link_project_id_fkey",
      columns: [table.projectId],
      foreignColumns: [project.id],
    }),
    foreignKey({
      name: "project_task_status_link_task_status_id_fkey",
      columns: [table.taskStatusId],
      foreignColumns: [taskStatus.id],
    }),
  ],
);

/** An asset type enabled in a project. */
export const projectAssetTypeLink = pgTable(
  "project_asset_type_link",
  {
    projectId: uuid("project_id").notNull(),
    assetTypeId: uuid("asset_type_id").notNull(),
  },
  (table): PgTableExtraConfigValue[] => [
    primaryKey({ name: "project_asset_type_link_pkey", columns: [table.projectId, table.assetTypeId] }),
    index("ix_project_asset_type_link_project_id").on(table.projectId),
    index("ix_project_asset_type_link_asset_type_id").on(table.assetTypeId),
    foreignKey({
      name: "project_asset_type_link_project_id_fkey",
      columns: [table.projectId],
      foreignColumns: [project.id],
    }),
    foreignKey({
      name: "project_asset_type_link_asset_type_id_fkey",
      columns: [table.assetTypeId],
      foreignColumns: [entityType.id],
    }),
  ],
);

/** A status automation enabled in a project. */
export const projectStatusAutomationLink = pgTable(
  "project_status_automation_link",
  {
    projectId: uuid("project_id").notNull(),
    statusAutomationId: uuid("status_automation_id").notNull(),
  },
  (table): PgTableExtraConfigValue[] => [
    primaryKey({
      name: "project_status_automation_link_pkey",
      columns: [table.projectId, table.statusAutomationId],
    }),
    index("ix_project_status_automation_link_project_id").on(table.projectId),
    index("ix_project_status_automation_link_status_automation_id").on(table.statusAutomationId),
    foreignKey({
      name: "project_status_automation_link_project_id_fkey",
      columns: [table.projectId],
      foreignColumns: [project.id],
    }),
    foreignKey({
      name: "project_status_automation_link_status_automation_id_fkey",
      columns: [table.statusAutomationId],
      foreignColumns: [statusAutomation.id],
    }),
  ],
);

/** A preview background (HDR) file enabled in a project. */
export const projectPreviewBackgroundFileLink = pgTable(
  "project_preview_background_file_link",
  {
    projectId: uuid("project_id").notNull(),
    previewBackgroundFileId: uuid("preview_background_file_id").notNull(),
  },
  (table): PgTableExtraConfigValue[] => [
    primaryKey({
      name: "project_preview_background_file_link_pkey",
      columns: [table.projectId, table.previewBackgroundFileId],
    }),
    index("ix_project_preview_background_file_link_project_id").on(table.projectId),
    index("ix_project_preview_background_file_link_preview_background_file").on(
      table.previewBackgroundFileId,
    ),
    foreignKey({
      name: "project_preview_background_file_link_project_id_fkey",
      columns: [table.projectId],
      foreignColumns: [project.id],
    }),
    foreignKey({
      name: "project_preview_background_file_preview_background_file_id_fkey",
      columns: [table.previewBackgroundFileId],
      foreignColumns: [previewBackgroundFile.id],
    }),
  ],
);

/**
 * A reusable project configuration (settings, types, statuses, descriptors)
 * applied when creating a project.
 */
export const projectTemplate = pgTable(
  "project_template",
  {
    name: varchar("name", { length: 80 }).notNull(),
    description: text("description"),
    fps: varchar("fps", { length: 10 }).$default(() => "25"),
    ratio: varchar("ratio", { length: 10 }).$default(() => "16:9"),
    resolution: varchar("resolution", { length: 12 }).$default(() => "1920x1080"),
    productionType: varchar("production_type", { length: 20 }).$default(() => "short"),
    // Same codes as project.production_style.
    productionStyle: varchar("production_style", { length: 255 })
      .notNull()
      .$default(() => "2d3d"),
    maxRetakes: integer("max_retakes").$default(() => 0),
    isClientsIsolated: boolean("is_clients_isolated").$default(() => false),
    isPreviewDownloadAllowed: boolean("is_preview_download_allowed").$default(() => false),
    isSetPreviewAutomated: boolean("is_set_preview_automated").$default(() => false),
    isPublishDefaultForArtists: boolean("is_publish_default_for_artists").$default(() => false),
    isSinglePreviewPerRevision: boolean("is_single_preview_per_revision").$default(() => false),
    isFrameInNumbering: boolean("is_frame_in_numbering").$default(() => false),
    revisionPadding: integer("revision_padding")
      .notNull()
      .$default(() => 0),
    homepage: varchar("homepage", { length: 80 }).$default(() => "assets"),
    hdBitrateCompression: integer("hd_bitrate_compression").$default(() => 28),
    ldBitrateCompression: integer("ld_bitrate_compression").$default(() => 6),
    fileTree: jsonb("file_tree"),
    data: jsonb("data"),
    metadataDescriptors: jsonb("metadata_descriptors").$default(() => []),
    defaultPreviewBackgroundFileId: uuid("default_preview_background_file_id"),
    ...baseColumns(),
  },
  (table): PgTableExtraConfigValue[] => [
    uniqueIndex("ix_project_template_name").on(table.name),
    index("ix_project_template_default_preview_background_file_id").on(
      table.defaultPreviewBackgroundFileId,
    ),
    foreignKey({
      name: "project_template_default_preview_background_file_id_fkey",
      columns: [table.defaultPreviewBackgroundFileId],
      foreignColumns: [previewBackgroundFile.id],
    }),
  ],
);

/** A task type of a project template, with its priority. */
export const projectTemplateTaskTypeLink = pgTable(
  "project_template_task_type_link",
  {
    projectTemplateId: uuid("project_template_id").notNull(),
    taskTypeId: uuid("task_type_id").notNull(),
    priority: integer("priority"),
    ...linkBaseColumns(),
  },
  (table): PgTableExtraConfigValue[] => [
    primaryKey({
      name: "project_template_task_type_link_pkey",
      columns: [table.projectTemplateId, table.taskTypeId, table.id],
    }),
    unique("project_template_tasktype_uc").on(table.projectTemplateId, table.taskTypeId),
    index("ix_project_template_task_type_link_project_template_id").on(table.projectTemplateId),
    index("ix_project_template_task_type_link_task_type_id").on(table.taskTypeId),
    foreignKey({
      name: "project_template_task_type_link_project_template_id_fkey",
      columns: [table.projectTemplateId],
      foreignColumns: [projectTemplate.id],
    }),
    foreignKey({
      name: "project_template_task_type_link_task_type_id_fkey",
      columns: [table.taskTypeId],
      foreignColumns: [taskType.id],
    }),
  ],
);

/** A task status of a project template, with its priority and board roles. */
export const projectTemplateTaskStatusLink = pgTable(
  "project_template_task_status_link",
  {
    projectTemplateId: uuid("project_template_id").notNull(),
    taskStatusId: uuid("task_status_id").notNull(),
    priority: integer("priority"),
    // Role codes, as in person.role.
    rolesForBoard: varchar("roles_for_board", { length: 255 })
      .array()
      .$default(() => [...defaultRolesForBoard]),
    ...linkBaseColumns(),
  },
  (table): PgTableExtraConfigValue[] => [
    primaryKey({
      name: "project_template_task_status_link_pkey",
      columns: [table.projectTemplateId, table.taskStatusId, table.id],
    }),
    unique("project_template_taskstatus_uc").on(table.projectTemplateId, table.taskStatusId),
    index("ix_project_template_task_status_link_project_template_id").on(table.projectTemplateId),
    index("ix_project_template_task_status_link_task_status_id").on(table.taskStatusId),
    foreignKey({
      name: "project_template_task_status_link_project_template_id_fkey",
      columns: [table.projectTemplateId],
      foreignColumns: [projectTemplate.id],
    }),
    foreignKey({
      name: "project_template_task_status_link_task_status_id_fkey",
      columns: [table.taskStatusId],
      foreignColumns: [taskStatus.id],
    }),
  ],
);

/** An asset type of a project template. */
export const projectTemplateAssetTypeLink = pgTable(
  "project_template_asset_type_link",
  {
    projectTemplateId: uuid("project_template_id").notNull(),
    assetTypeId: uuid("asset_type_id").notNull(),
  },
  (table): PgTableExtraConfigValue[] => [
    primaryKey({
      name: "project_template_asset_type_link_pkey",
      columns: [table.projectTemplateId, table.assetTypeId],
    }),
    index("ix_project_template_asset_type_link_project_template_id").on(table.projectTemplateId),
    index("ix_project_template_asset_type_link_asset_type_id").on(table.assetTypeId),
    foreignKey({
      name: "project_template_asset_type_link_project_template_id_fkey",
      columns: [table.projectTemplateId],
      foreignColumns: [projectTemplate.id],
    }),
    foreignKey({
      name: "project_template_asset_type_link_asset_type_id_fkey",
      columns: [table.assetTypeId],
      foreignColumns: [entityType.id],
    }),
  ],
);

/** A status automation of a project template. */
export const projectTemplateStatusAutomationLink = pgTable(
  "project_template_status_automation_link",
  {
    projectTemplateId: uuid("project_template_id").notNull(),
    statusAutomationId: uuid("status_automation_id").notNull(),
  },
  (table): PgTableExtraConfigValue[] => [
    primaryKey({
      name: "project_template_status_automation_link_pkey",
      columns: [table.projectTemplateId, table.statusAutomationId],
    }),
    index("ix_project_template_status_automation_link_project_template_id").on(table.projectTemplateId),
    index("ix_project_template_status_automation_link_status_automation_id").on(
      table.statusAutomationId,
    ),
    foreignKey({
      name: "project_template_status_automation_lin_project_template_id_fkey",
      columns: [table.projectTemplateId],
      foreignColumns: [projectTemplate.id],
    }),
    foreignKey({
      name: "project_template_status_automation_li_status_automation_id_fkey",
      columns: [table.statusAutomationId],
      foreignColumns: [statusAutomation.id],
    }),
  ],
);

/** A preview background file of a project template. */
export const projectTemplatePreviewBackgroundFileLink = pgTable(
  "project_template_preview_background_file_link",
  {
    projectTemplateId: uuid("project_template_id").notNull(),
    previewBackgroundFileId: uuid("preview_background_file_id").notNull(),
  },
  (table): PgTableExtraConfigValue[] => [
    primaryKey({
      name: "project_template_preview_background_file_link_pkey",
      columns: [table.projectTemplateId, table.previewBackgroundFileId],
    }),
    index("ix_project_template_preview_background_file_link_project_templa").on(
      table.projectTemplateId,
    ),
    index("ix_project_template_preview_background_file_link_preview_backgr").on(
      table.previewBackgroundFileId,
    ),
    foreignKey({
      name: "project_template_preview_background_fi_project_template_id_fkey",
      columns: [table.projectTemplateId],
      foreignColumns: [projectTemplate.id],
    }),
    foreignKey({
      name: "project_template_preview_backgr_preview_background_file_id_fkey",
      columns: [table.previewBackgroundFileId],
      foreignColumns: [previewBackgroundFile.id],
    }),
  ],
);

/**
 * A custom metadata column of an entity type (or of a task type) in a project.
 * Values live in the `data` jsonb of the target rows, under `field_name`.
 */
export const metadataDescriptor = pgTable(
  "metadata_descriptor",
  {
    projectId: uuid("project_id").notNull(),
    entityType: varchar("entity_type", { length: 60 }).notNull(),
    taskTypeId: uuid("task_type_id"),
    name: varchar("name", { length: 120 }).notNull(),
    // One of: string, number, list, taglist, boolean, checklist, date, url, textarea, person.
    dataType: varchar("data_type", { length: 255 }),
    fieldName: varchar("field_name", { length: 120 }).notNull(),
    choices: jsonb("choices"),
    forClient: boolean("for_client").$default(() => false),
    position: integer("position"),
    ...baseColumns(),
  },
  (table): PgTableExtraConfigValue[] => [
    index("ix_metadata_descriptor_project_id").on(table.projectId),
    index("ix_metadata_descriptor_entity_type").on(table.entityType),
    index("ix_metadata_descriptor_task_type_id").on(table.taskTypeId),
    index("ix_metadata_descriptor_for_client").on(table.forClient),
    // Names and field names are unique per task type when the descriptor
    // belongs to one, and per entity type otherwise.
    uniqueIndex("metadata_descriptor_task_type_uc")
      .on(table.projectId, table.entityType, table.taskTypeId, table.name)
      .where(sql`${table.taskTypeId} IS NOT NULL`),
    uniqueIndex("metadata_descriptor_task_type_uc2")
      .on(table.projectId, table.entityType, table.taskTypeId, table.fieldName)
      .where(sql`${table.taskTypeId} IS NOT NULL`),
    uniqueIndex("metadata_descriptor_uc")
      .on(table.projectId, table.entityType, table.name)
      .where(sql`${table.taskTypeId} IS NULL`),
    uniqueIndex("metadata_descriptor_uc2")
      .on(table.projectId, table.entityType, table.fieldName)
      .where(sql`${table.taskTypeId} IS NULL`),
    foreignKey({
      name: "metadata_descriptor_project_id_fkey",
      columns: [table.projectId],
      foreignColumns: [project.id],
    }),
    foreignKey({
      name: "metadata_descriptor_task_type_id_fkey",
      columns: [table.taskTypeId],
      foreignColumns: [taskType.id],
    }),
  ],
);

/** A department allowed to edit a metadata descriptor. */
export const departmentMetadataDescriptorLink = pgTable(
  "department_metadata_descriptor_link",
  {
    metadataDescriptorId: uuid("metadata_descriptor_id").notNull(),
    departmentId: uuid("department_id").notNull(),
  },
  (table): PgTableExtraConfigValue[] => [
    // Zou also declares UNIQUE department_metadata_descriptor_link_uc on the key's
    // columns. PostgreSQL merges a UNIQUE that repeats the primary key into the key,
    // so it is left out.
    primaryKey({
      name: "department_metadata_descriptor_link_pkey",
      columns: [table.metadataDescriptorId, table.departmentId],
    }),
    index("ix_department_metadata_descriptor_link_metadata_descriptor_id").on(table.metadataDescriptorId),
    index("ix_department_metadata_descriptor_link_department_id").on(table.departmentId),
    foreignKey({
      name: "department_metadata_descriptor_link_metadata_descriptor_id_fkey",
      columns: [table.metadataDescriptorId],
      foreignColumns: [metadataDescriptor.id],
    }),
    foreignKey({
      name: "department_metadata_descriptor_link_department_id_fkey",
      columns: [table.departmentId],
      foreignColumns: [department.id],
    }),
  ],
);

/**
 * A rule: when a task of type `in_task_type_id` reaches `in_task_status_id`,
 * set another task's status, or the entity's `ready_for`.
 */
export const statusAutomation = pgTable(
  "status_automation",
  {
    entityType: varchar("entity_type", { length: 40 }).$default(() => "asset"),
    inTaskTypeId: uuid("in_task_type_id"),
    inTaskStatusId: uuid("in_task_status_id"),
    // One of: status, ready_for.
    outFieldType: varchar("out_field_type", { length: 255 })
      .notNull()
      .$default(() => "status"),
    outTaskTypeId: uuid("out_task_type_id"),
    outTaskStatusId: uuid("out_task_status_id"),
    importLastRevision: boolean("import_last_revision").$default(() => false),
    archived: boolean("archived").$default(() => false),
    ...baseColumns(),
  },
  (table): PgTableExtraConfigValue[] => [
    index("ix_status_automation_in_task_type_id").on(table.inTaskTypeId),
    index("ix_status_automation_in_task_status_id").on(table.inTaskStatusId),
    index("ix_status_automation_out_task_type_id").on(table.outTaskTypeId),
    index("ix_status_automation_out_task_status_id").on(table.outTaskStatusId),
    foreignKey({
      name: "status_automation_in_task_type_id_fkey",
      columns: [table.inTaskTypeId],
      foreignColumns: [taskType.id],
    }),
    foreignKey({
      name: "status_automation_in_task_status_id_fkey",
      columns: [table.inTaskStatusId],
      foreignColumns: [taskStatus.id],
    }),
    foreignKey({
      name: "status_automation_out_task_type_id_fkey",
      columns: [table.outTaskTypeId],
      foreignColumns: [taskType.id],
    }),
    foreignKey({
      name: "status_automation_out_task_status_id_fkey",
      columns: [table.outTaskStatusId],
      foreignColumns: [taskStatus.id],
    }),
  ],
);

import { sql } from "drizzle-orm";
import {
  boolean,
  check,
  doublePrecision,
  foreignKey,
  index,
  integer,
  pgTable,
  type PgTableExtraConfigValue,
  primaryKey,
  text,
  timestamp,
  unique,
  uniqueIndex,
  uuid,
  varchar,
} from "drizzle-orm/pg-core";

import { baseColumns, jsonb } from "./columns.js";
import { entity } from "./entities.js";
import { department, person } from "./people.js";
import { project } from "./projects.js";

/**
 * A unit of work: a task type applied to an entity, with a status, assignees,
 * dates, an estimation and counters.
 */
export const task = pgTable(
  "task",
  {
    name: varchar("name", { length: 80 }).notNull(),
    description: text("description"),
    priority: integer("priority").$default(() => 0),
    difficulty: integer("difficulty")
      .notNull()
      .$default(() => 3),
    duration: doublePrecision("duration").$default(() => 0),
    estimation: doublePrecision("estimation").$default(() => 0),
    completionRate: integer("completion_rate").$default(() => 0),
    retakeCount: integer("retake_count").$default(() => 0),
    sortOrder: integer("sort_order").$default(() => 0),
    startDate: timestamp("start_date", { mode: "date" }),
    dueDate: timestamp("due_date", { mode: "date" }),
    realStartDate: timestamp("real_start_date", { mode: "date" }),
    endDate: timestamp("end_date", { mode: "date" }),
    doneDate: timestamp("done_date", { mode: "date" }),
    lastCommentDate: timestamp("last_comment_date", { mode: "date" }),
    nbAssetsReady: integer("nb_assets_ready").$default(() => 0),
    data: jsonb("data"),
    nbDrawings: integer("nb_drawings").$default(() => 0),
    shotgunId: integer("shotgun_id"),
    // NOTE(compat): a preview_file id with no foreign key, as in Zou.
    lastPreviewFileId: uuid("last_preview_file_id"),
    projectId: uuid("project_id"),
    taskTypeId: uuid("task_type_id"),
    taskStatusId: uuid("task_status_id"),
    entityId: uuid("entity_id"),
    assignerId: uuid("assigner_id"),
    ...baseColumns(),
  },
  (table): PgTableExtraConfigValue[] => [
    unique("task_uc").on(table.name, table.projectId, table.taskTypeId, table.entityId),
    check("check_difficulty", sql`${table.difficulty} > 0 AND ${table.difficulty} < 6`),
    index("ix_task_project_id").on(table.projectId),
    index("ix_task_task_type_id").on(table.taskTypeId),
    index("ix_task_task_status_id").on(table.taskStatusId),
    index("ix_task_entity_id").on(table.entityId),
    index("ix_task_assigner_id").on(table.assignerId),
    foreignKey({ name: "task_project_id_fkey", columns: [table.projectId], foreignColumns: [project.id] }),
    foreignKey({
      name: "task_task_type_id_fkey",
      columns: [table.taskTypeId],
      foreignColumns: [taskType.id],
    }),
    foreignKey({
      name: "task_task_status_id_fkey",
      columns: [table.taskStatusId],
      foreignColumns: [taskStatus.id],
    }),
    foreignKey({ name: "task_entity_id_fkey", columns: [table.entityId], foreignColumns: [entity.id] }),
    foreignKey({ name: "task_assigner_id_fkey", columns: [table.assignerId], foreignColumns: [person.id] }),
  ],
);

/** A person assigned to a task. */
export const taskPersonLink = pgTable(
  "task_person_link",
  {
    taskId: uuid("task_id").notNull(),
    personId: uuid("person_id").notNull(),
  },
  (table): PgTableExtraConfigValue[] => [
    primaryKey({ name: "task_person_link_pkey", columns: [table.taskId, table.personId] }),
    index("ix_task_person_link_person_id").on(table.personId),
    foreignKey({ name: "task_person_link_task_id_fkey", columns: [table.taskId], foreignColumns: [task.id] }),
    foreignKey({
      name: "task_person_link_person_id_fkey",
      columns: [table.personId],
      foreignColumns: [person.id],
    }),
  ],
);

/** A kind of task (Modeling, Animation...), bound to an entity kind and optionally to a department. */
export const taskType = pgTable(
  "task_type",
  {
    name: varchar("name", { length: 40 }).notNull(),
    shortName: varchar("short_name", { length: 20 }),
    description: text("description"),
    color: varchar("color", { length: 7 }).$default(() => "#FFFFFF"),
    priority: integer("priority").$default(() => 1),
    forEntity: varchar("for_entity", { length: 30 }).$default(() => "Asset"),
    allowTimelog: boolean("allow_timelog").$default(() => true),
    archived: boolean("archived").$default(() => false),
    shotgunId: integer("shotgun_id"),
    departmentId: uuid("department_id"),
    ...baseColumns(),
  },
  (table): PgTableExtraConfigValue[] => [
    unique("task_type_uc").on(table.name, table.forEntity, table.departmentId),
    index("ix_task_type_shotgun_id").on(table.shotgunId),
    index("ix_task_type_department_id").on(table.departmentId),
    foreignKey({
      name: "task_type_department_id_fkey",
      columns: [table.departmentId],
      foreignColumns: [department.id],
    }),
  ],
);

/**
 * A task status with its workflow flags (done, retake, feedback request, WIP,
 * default) and the roles that may set it.
 */
export const taskStatus = pgTable(
  "task_status",
  {
    name: varchar("name", { length: 40 }).notNull(),
    archived: boolean("archived").$default(() => false),
    shortName: varchar("short_name", { length: 10 }).notNull(),
    description: text("description"),
    color: varchar("color", { length: 7 }).notNull(),
    priority: integer("priority").$default(() => 1),
    isDone: boolean("is_done").$default(() => false),
    isArtistAllowed: boolean("is_artist_allowed").$default(() => true),
    isClientAllowed: boolean("is_client_allowed").$default(() => true),
    isRetake: boolean("is_retake").$default(() => false),
    isFeedbackRequest: boolean("is_feedback_request").$default(() => false),
    isDefault: boolean("is_default").$default(() => false),
    // Zou declares a database default (false) on these two, besides the
    // application default.
    isWip: boolean("is_wip").default(false),
    shotgunId: integer("shotgun_id"),
    forConcept: boolean("for_concept").default(false),
    ...baseColumns(),
  },
  (table) => [
    uniqueIndex("ix_task_status_short_name").on(table.shortName),
    index("ix_task_status_is_done").on(table.isDone),
    index("ix_task_status_is_feedback_request").on(table.isFeedbackRequest),
    index("ix_task_status_is_default").on(table.isDefault),
    index("ix_task_status_is_wip").on(table.isWip),
  ],
);

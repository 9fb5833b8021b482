import { sql } from "drizzle-orm";
import {
  boolean,
  check,
  date,
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
  uuid,
  varchar,
} from "drizzle-orm/pg-core";

import { baseColumns, jsonb } from "./columns.js";
import { department, person } from "./people.js";
import { project } from "./projects.js";
import { task, taskType } from "./tasks.js";

// Schedule, time and budget: planned dates, milestones, saved schedule
// versions, time logs, days off, budgets and salary scales.

/**
 * Planned dates and man-days for a task type, optionally scoped to an object
 * (an asset type, an episode, a sequence...).
 */
export const scheduleItem = pgTable(
  "schedule_item",
  {
    startDate: date("start_date", { mode: "string" }),
    endDate: date("end_date", { mode: "string" }),
    manDays: integer("man_days"),
    projectId: uuid("project_id"),
    taskTypeId: uuid("task_type_id"),
    // NOTE(compat): polymorphic, so no foreign key, as in Zou.
    objectId: uuid("object_id"),
    ...baseColumns(),
  },
  (table): PgTableExtraConfigValue[] => [
    unique("schedule_item_uc").on(table.projectId, table.taskTypeId, table.objectId),
    index("ix_schedule_item_project_id").on(table.projectId),
    index("ix_schedule_item_task_type_id").on(table.taskTypeId),
    index("ix_schedule_item_object_id").on(table.objectId),
    foreignKey({
      name: "schedule_item_project_id_fkey",
      columns: [table.projectId],
      foreignColumns: [project.id],
    }),
    foreignKey({
      name: "schedule_item_task_type_id_fkey",
      columns: [table.taskTypeId],
      foreignColumns: [taskType.id],
    }),
  ],
);

/** A dated milestone in a project schedule, optionally for one task type. */
export const milestone = pgTable(
  "milestone",
  {
    date: date("date", { mode: "string" }),
    name: varchar("name", { length: 40 }).notNull(),
    projectId: uuid("project_id"),
    taskTypeId: uuid("task_type_id"),
    ...baseColumns(),
  },
  (table): PgTableExtraConfigValue[] => [
    index("ix_milestone_project_id").on(table.projectId),
    index("ix_milestone_task_type_id").on(table.taskTypeId),
    foreignKey({
      name: "milestone_project_id_fkey",
      columns: [table.projectId],
      foreignColumns: [project.id],
    }),
    foreignKey({
      name: "milestone_task_type_id_fkey",
      columns: [table.taskTypeId],
      foreignColumns: [taskType.id],
    }),
  ],
);

/** A saved alternative version of a project's production schedule. */
export const productionScheduleVersion = pgTable(
  "production_schedule_version",
  {
    name: varchar("name", { length: 80 }).notNull(),
    projectId: uuid("project_id").notNull(),
    // The version this one was copied from.
    productionScheduleFrom: uuid("production_schedule_from"),
    locked: boolean("locked").$default(() => false),
    canceled: boolean("canceled").$default(() => false),
    ...baseColumns(),
  },
  (table): PgTableExtraConfigValue[] => [
    unique("production_schedule_version_uc").on(table.name, table.projectId),
    index("ix_production_schedule_version_project_id").on(table.projectId),
    index("ix_production_schedule_version_production_schedule_from").on(table.productionScheduleFrom),
    foreignKey({
      name: "production_schedule_version_project_id_fkey",
      columns: [table.projectId],
      foreignColumns: [project.id],
    }).onDelete("cascade"),
    // Zou 1.0.67 declares no ON DELETE rule here. Its later migration
    // d7a3e5b1c9f2 sets SET NULL, and so does Kumiki.
    foreignKey({
      name: "production_schedule_version_production_schedule_from_fkey",
      columns: [table.productionScheduleFrom],
      foreignColumns: [table.id],
    }).onDelete("set null"),
  ],
);

/** A task's dates, estimation and assignees inside a schedule version. */
export const productionScheduleVersionTaskLink = pgTable(
  "production_schedule_version_task_link",
  {
    productionScheduleVersionId: uuid("production_schedule_version_id").notNull(),
    taskId: uuid("task_id").notNull(),
    startDate: timestamp("start_date", { mode: "date" }),
    dueDate: timestamp("due_date", { mode: "date" }),
    estimation: doublePrecision("estimation").$default(() => 0),
    ...baseColumns(),
  },
  (table): PgTableExtraConfigValue[] => [
    unique("production_schedule_version_task_link_uc").on(table.productionScheduleVersionId, table.taskId),
    index("ix_production_schedule_version_task_link_production_schedule_ve").on(
      table.productionScheduleVersionId,
    ),
    index("ix_production_schedule_version_task_link_task_id").on(table.taskId),
    foreignKey({
      name: "production_schedule_version_t_production_schedule_version__fkey",
      columns: [table.productionScheduleVersionId],
      foreignColumns: [productionScheduleVersion.id],
    }).onDelete("cascade"),
    foreignKey({
      name: "production_schedule_version_task_link_task_id_fkey",
      columns: [table.taskId],
      foreignColumns: [task.id],
    }).onDelete("cascade"),
  ],
);

/** A person assigned to a task inside a schedule version. */
export const productionScheduleVersionTaskLinkPersonLink = pgTable(
  "production_schedule_version_task_link_person_link",
  {
    productionScheduleVersionTaskLinkId: uuid("production_schedule_version_task_link_id").notNull(),
    personId: uuid("person_id").notNull(),
  },
  (table): PgTableExtraConfigValue[] => [
    primaryKey({
      name: "production_schedule_version_task_link_person_link_pkey",
      columns: [table.productionScheduleVersionTaskLinkId, table.personId],
    }),
    // PostgreSQL adds the 1 because the shortened name is already taken by the
    // task link's key to its version.
    foreignKey({
      name: "production_schedule_version__production_schedule_version__fkey1",
      columns: [table.productionScheduleVersionTaskLinkId],
      foreignColumns: [productionScheduleVersionTaskLink.id],
    }).onDelete("cascade"),
    foreignKey({
      name: "production_schedule_version_task_link_person_lin_person_id_fkey",
      columns: [table.personId],
      foreignColumns: [person.id],
    }).onDelete("cascade"),
  ],
);

/**
 * Time a person logged on a task for one date. Zou keeps task.duration equal
 * to the sum of these rows.
 */
export const timeSpent = pgTable(
  "time_spent",
  {
    duration: doublePrecision("duration").notNull(),
    date: date("date", { mode: "string" }).notNull(),
    taskId: uuid("task_id"),
    personId: uuid("person_id"),
    ...baseColumns(),
  },
  (table): PgTableExtraConfigValue[] => [
    unique("time_spent_uc").on(table.personId, table.taskId, table.date),
    check("check_duration_positive", sql`${table.duration} > 0`),
    index("ix_time_spent_task_id").on(table.taskId),
    index("ix_time_spent_person_id").on(table.personId),
    foreignKey({ name: "time_spent_task_id_fkey", columns: [table.taskId], foreignColumns: [task.id] }),
    foreignKey({ name: "time_spent_person_id_fkey", columns: [table.personId], foreignColumns: [person.id] }),
  ],
);

/** A day-off period of a person, from `date` to `end_date` inclusive. */
export const dayOff = pgTable(
  "day_off",
  {
    date: date("date", { mode: "string" }).notNull(),
    endDate: date("end_date", { mode: "string" }).notNull(),
    description: text("description"),
    personId: uuid("person_id"),
    ...baseColumns(),
  },
  (table): PgTableExtraConfigValue[] => [
    unique("day_off_uc").on(table.personId, table.date),
    check("day_off_date_check", sql`${table.date} <= ${table.endDate}`),
    index("ix_day_off_person_id").on(table.personId),
    foreignKey({ name: "day_off_person_id_fkey", columns: [table.personId], foreignColumns: [person.id] }),
  ],
);

/** A revision of a project budget. */
export const budget = pgTable(
  "budget",
  {
    projectId: uuid("project_id"),
    revision: integer("revision")
      .notNull()
      .$default(() => 1),
    name: varchar("name", { length: 255 }).notNull(),
    currency: varchar("currency", { length: 3 }),
    ...baseColumns(),
  },
  (table): PgTableExtraConfigValue[] => [
    index("ix_budget_project_id").on(table.projectId),
    foreignKey({ name: "budget_project_id_fkey", columns: [table.projectId], foreignColumns: [project.id] }),
  ],
);

/** A budget line: a department, an optional person, a period in months and a daily salary. */
export const budgetEntry = pgTable(
  "budget_entry",
  {
    budgetId: uuid("budget_id").notNull(),
    departmentId: uuid("department_id").notNull(),
    personId: uuid("person_id"),
    startDate: date("start_date", { mode: "string" }).notNull(),
    monthsDuration: integer("months_duration").notNull(),
    dailySalary: doublePrecision("daily_salary").notNull(),
    // One of: supervisor, lead, artist.
    position: varchar("position", { length: 255 }).$default(() => "artist"),
    // One of: senior, mid, junior.
    seniority: varchar("seniority", { length: 255 }).$default(() => "mid"),
    exceptions: jsonb("exceptions"),
    ...baseColumns(),
  },
  (table): PgTableExtraConfigValue[] => [
    index("ix_budget_entry_budget_id").on(table.budgetId),
    index("ix_budget_entry_department_id").on(table.departmentId),
    index("ix_budget_entry_person_id").on(table.personId),
    foreignKey({
      name: "budget_entry_budget_id_fkey",
      columns: [table.budgetId],
      foreignColumns: [budget.id],
    }),
    foreignKey({
      name: "budget_entry_department_id_fkey",
      columns: [table.departmentId],
      foreignColumns: [department.id],
    }),
    foreignKey({
      name: "budget_entry_person_id_fkey",
      columns: [table.personId],
      foreignColumns: [person.id],
    }),
  ],
);

/** The default daily salary of a department for a position and a seniority. */
export const salaryScale = pgTable(
  "salary_scale",
  {
    departmentId: uuid("department_id").notNull(),
    // One of: supervisor, lead, artist.
    position: varchar("position", { length: 255 }).$default(() => "artist"),
    // One of: senior, mid, junior.
    seniority: varchar("seniority", { length: 255 }).$default(() => "mid"),
    salary: integer("salary")
      .notNull()
      .$default(() => 0),
    ...baseColumns(),
  },
  (table): PgTableExtraConfigValue[] => [
    index("ix_salary_scale_department_id").on(table.departmentId),
    foreignKey({
      name: "salary_scale_department_id_fkey",
      columns: [table.departmentId],
      foreignColumns: [department.id],
    }).onDelete("cascade"),
  ],
);

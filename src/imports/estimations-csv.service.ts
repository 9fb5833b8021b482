import { and, eq, sql } from "drizzle-orm";
import { entity, entityType } from "../../schema/entities.js";
import { organisation, person } from "../../schema/people.js";
import { metadataDescriptor } from "../../schema/projects.js";
import { task } from "../../schema/tasks.js";
import { effectiveProjectRole, getReadableProject } from "../auth/permissions.js";
import { requireViewer, type RequestContext } from "../context.js";
import { BUILT_IN_KINDS } from "../entities/entities.loaders.js";
import { ForbiddenError, NotFoundError } from "../errors.js";
import { recordEvent } from "../events/events.service.js";
import { parseId } from "../ids.js";
import type { ZouJson } from "../rest/zou-json.js";
import { taskJson } from "../tasks/task-lists.json.js";
import type { TaskTypeRow } from "../tasks/tasks.loaders.js";
import { parseCsvTable } from "./csv-parse.js";
import { slugKey } from "./csv-slug.js";
import { rowError } from "./entities-csv.service.js";

// Zou's CSV import of the estimations of one task type's tasks, from Kitsu's
// task type page: one row per asset or shot with its estimation in days,
// dates, drawings and difficulty. Every row is checked before anything is
// written, and all rows are written in one transaction.

export interface EstimationsImportInput {
  projectId: string;
  taskTypeId: string;
  /** An episode id, "all", "main" or null: an episode id keeps only the assets and sequences of that episode. */
  episodeId: string | null;
}

type TaskValues = Partial<typeof task.$inferInsert>;

interface EstimationRowPlan {
  taskId: string;
  values: TaskValues;
  /** Metadata descriptor values of the row by field name, merged into the task's data. */
  data: Record<string, string> | null;
}

interface TaskDescriptor {
  name: string;
  fieldName: string;
  dataType: string | null;
}

interface PlanContext {
  keys: Map<string, string>;
  taskIdByEntity: Map<string, string>;
  hoursByDay: number;
  type: TaskTypeRow;
  descriptors: TaskDescriptor[];
  /** Person ids by lower-cased id, full name and email; loaded only when a person descriptor exists. */
  personIds: Map<string, string>;
}

const TRUE_TEXTS = ["y", "yes", "t", "true", "on", "1"];
const FALSE_TEXTS = ["n", "no", "f", "false", "off", "0"];

/**
 * Reads the row's cells of the task type's metadata descriptors as Zou
 * stores them: booleans as "true" or "false", persons as their id (the cell
 * may hold a full name, an email or an id), other types as written. An
 * empty cell is stored empty. Returns null when the file has no such column.
 */
function readDescriptorCells(row: Record<string, string>, lineNumber: number, context: PlanContext): Record<string, string> | null {
  const present = context.descriptors.filter((descriptor) => row[descriptor.name] !== undefined);
  if (present.length === 0) return null;
  const data: Record<string, string> = {};
  for (const descriptor of present) {
    const value = row[descriptor.name];
    const text = value.trim();
    if (text === "") {
      data[descriptor.fieldName] = value;
    } else if (descriptor.dataType === "boolean") {
      const lowered = text.toLowerCase();
      if (!TRUE_TEXTS.includes(lowered) && !FALSE_TEXTS.includes(lowered)) {
        throw rowError(lineNumber, `A value is invalid: ${descriptor.name} must be true or false, got "${text.slice(0, 40)}".`);
      }
      data[descriptor.fieldName] = TRUE_TEXTS.includes(lowered) ? "true" : "false";
    } else if (descriptor.dataType === "person") {
      const personId = context.personIds.get(text.toLowerCase());
      if (personId === undefined) throw rowError(lineNumber, `Person not found for ${text.slice(0, 80)}`);
      data[descriptor.fieldName] = personId;
    } else {
      data[descriptor.fieldName] = value;
    }
  }
  return data;
}

async function loadPersonIds(ctx: RequestContext): Promise<Map<string, string>> {
  const people = await ctx.db.orm.select({ id: person.id, firstName: person.firstName, lastName: person.lastName, email: person.email }).from(person);
  const ids = new Map<string, string>();
  for (const row of people) {
    ids.set(row.id, row.id);
    ids.set(`${row.firstName} ${row.lastName}`.trim().toLowerCase(), row.id);
    if (row.email !== null) ids.set(row.email.toLowerCase(), row.id);
  }
  return ids;
}

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * Checks that the viewer may change the task type's tasks in the project:
 * admins and managers, or supervisors who have no department or belong to
 * the task type's department, as Zou's supervisor task type access rule.
 */
async function assertCanEditTaskType(ctx: RequestContext, projectId: string, type: TaskTypeRow): Promise<void> {
  const viewer = requireViewer(ctx);
  await getReadableProject(ctx, projectId);
  const role = await effectiveProjectRole(ctx, projectId);
  if (role === "admin" || role === "manager") return;
  if (role !== "supervisor") throw new ForbiddenError();
  const departments = await ctx.loaders.departmentLinksByPersonId.load(viewer.id);
  if (departments.length === 0) return;
  if (type.departmentId !== null && departments.some((link) => link.departmentId === type.departmentId)) return;
  throw new ForbiddenError();
}

/** Loads the task type and checks that the viewer may import its estimations in the project. */
export async function assertCanImportEstimations(ctx: RequestContext, projectId: string, taskTypeId: string): Promise<TaskTypeRow> {
  const type = await ctx.loaders.taskTypeById.load(parseId(taskTypeId));
  await getReadableProject(ctx, parseId(projectId));
  if (type === null) throw new NotFoundError("Task type not found.");
  await assertCanEditTaskType(ctx, parseId(projectId), type);
  return type;
}

/** Returns entity ids keyed by the slug of parent name and entity name: asset type and asset, or sequence and shot. */
async function loadEntityKeys(ctx: RequestContext, projectId: string, type: TaskTypeRow, episodeId: string | null): Promise<Map<string, string>> {
  const keys = new Map<string, string>();
  const types = await ctx.db.orm.select().from(entityType);
  const rows = await ctx.db.orm.select().from(entity).where(eq(entity.projectId, projectId));
  const typeName = new Map(types.map((row) => [row.id, row.name]));
  const isAssetType = (id: string) => !(BUILT_IN_KINDS as readonly string[]).includes(typeName.get(id) ?? "");

  if (type.forEntity === "Asset") {
    for (const row of rows) {
      if (!isAssetType(row.entityTypeId)) continue;
      if (episodeId !== null && row.sourceId !== episodeId) continue;
      keys.set(slugKey(typeName.get(row.entityTypeId)!) + slugKey(row.name), row.id);
    }
  } else if (type.forEntity === "Shot") {
    const sequences = new Map<string, string>();
    for (const row of rows) {
      if (typeName.get(row.entityTypeId) !== "Sequence") continue;
      if (episodeId !== null && row.parentId !== episodeId) continue;
      sequences.set(row.id, slugKey(row.name));
    }
    for (const row of rows) {
      if (typeName.get(row.entityTypeId) !== "Shot" || row.parentId === null) continue;
      const sequenceKey = sequences.get(row.parentId);
      if (sequenceKey !== undefined) keys.set(sequenceKey + slugKey(row.name), row.id);
    }
  }
  return keys;
}

/** Reads a YYYY-MM-DD date as Zou's strptime does; returns midnight UTC. */
function readDate(text: string, column: string, lineNumber: number): Date {
  const date = new Date(`${text}T00:00:00Z`);
  if (!/^\d{4}-\d\d-\d\d$/.test(text) || Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== text) {
    throw rowError(lineNumber, `A value is invalid: ${column} "${text.slice(0, 40)}" is not a YYYY-MM-DD date.`);
  }
  return date;
}

function readWholeNumber(text: string, column: string, lineNumber: number, min: number, max: number): number {
  if (!/^-?\d+$/.test(text) || Number(text) < min || Number(text) > max) {
    throw rowError(lineNumber, `A value is invalid: ${column} must be a whole number from ${min} to ${max}, got "${text.slice(0, 40)}".`);
  }
  return Number(text);
}

/** Adds business days (Monday to Friday) to a date, counting a fraction of a day as a whole day, as Zou does. */
export function addBusinessDays(start: Date, days: number): Date {
  let date = start;
  let remaining = days;
  while (remaining > 0) {
    date = new Date(date.getTime() + DAY_MS);
    const weekday = date.getUTCDay();
    if (weekday !== 0 && weekday !== 6) remaining -= 1;
  }
  return date;
}

function cell(row: Record<string, string>, column: string): string {
  return (row[column] ?? "").trim();
}

function planEstimationRow(row: Record<string, string>, lineNumber: number, context: PlanContext): EstimationRowPlan {
  for (const column of ["Parent", "Entity"]) {
    if (row[column] === undefined) throw rowError(lineNumber, `A column is missing: '${column}'.`);
  }
  const entityId = context.keys.get(slugKey(row.Parent + row.Entity));
  if (entityId === undefined) throw rowError(lineNumber, `Entity '${row.Entity}' with parent '${row.Parent}' not found`);
  const taskId = context.taskIdByEntity.get(entityId);
  if (taskId === undefined) throw rowError(lineNumber, `Entity '${row.Entity}' with parent '${row.Parent}' has no ${context.type.name} task.`);

  const values: TaskValues = {};
  const estimationText = cell(row, "Estimation");
  let days: number | null = null;
  if (estimationText !== "") {
    days = Number(estimationText);
    if (!/^\d+(\.\d+)?$/.test(estimationText) || !Number.isFinite(days)) {
      throw rowError(lineNumber, `A value is invalid: Estimation must be a number of days, got "${estimationText.slice(0, 40)}".`);
    }
    // Zou stores estimations in minutes.
    values.estimation = Math.round(days * context.hoursByDay * 60);
  }
  const drawings = cell(row, "Drawings");
  if (drawings !== "") values.nbDrawings = readWholeNumber(drawings, "Drawings", lineNumber, 0, 2_147_483_647);
  const start = cell(row, "Start date");
  if (start !== "") values.startDate = readDate(start, "Start date", lineNumber);
  const due = cell(row, "Due date");
  if (due !== "") values.dueDate = readDate(due, "Due date", lineNumber);
  else if (values.startDate !== undefined && values.startDate !== null && days !== null && values.estimation) {
    values.dueDate = addBusinessDays(values.startDate, days - 1);
  }
  const difficulty = cell(row, "Difficulty");
  if (difficulty !== "") values.difficulty = readWholeNumber(difficulty, "Difficulty", lineNumber, 1, 5);
  return { taskId, values, data: readDescriptorCells(row, lineNumber, context) };
}

/**
 * Imports a task type's estimations CSV into a project. Each row sets the
 * estimation, drawings, start and due dates and difficulty of the entity's
 * task of that type, and merges the task type's metadata descriptor columns
 * into the task's data. Estimations come in days and are stored in minutes,
 * with the organisation's hours by day. An empty due date is computed from
 * the start date and the estimation in business days. An unknown entity
 * fails the whole import with its row number, and nothing is written.
 * Records task:update for each task and returns the updated tasks.
 */
export async function importEstimationsCsv(ctx: RequestContext, input: EstimationsImportInput, text: string): Promise<ZouJson[]> {
  const projectId = parseId(input.projectId);
  const type = await assertCanImportEstimations(ctx, projectId, input.taskTypeId);

  let episodeId: string | null = null;
  if (input.episodeId !== null && input.episodeId !== "all" && input.episodeId !== "main") {
    episodeId = parseId(input.episodeId);
    const [episode] = await ctx.db.orm.select({ id: entity.id }).from(entity).where(and(eq(entity.id, episodeId), eq(entity.projectId, projectId)));
    if (episode === undefined) throw new NotFoundError("Episode not found.");
  }

  const table = parseCsvTable(text);
  const keys = await loadEntityKeys(ctx, projectId, type, episodeId);
  const tasks = await ctx.db.orm
    .select({ id: task.id, entityId: task.entityId })
    .from(task)
    .where(and(eq(task.projectId, projectId), eq(task.taskTypeId, type.id)));
  const taskIdByEntity = new Map(tasks.map((row) => [row.entityId ?? "", row.id]));
  const [settings] = await ctx.db.orm.select({ hoursByDay: organisation.hoursByDay }).from(organisation).limit(1);
  const descriptors = await ctx.db.orm
    .select({ name: metadataDescriptor.name, fieldName: metadataDescriptor.fieldName, dataType: metadataDescriptor.dataType })
    .from(metadataDescriptor)
    .where(and(eq(metadataDescriptor.projectId, projectId), eq(metadataDescriptor.entityType, "Task"), eq(metadataDescriptor.taskTypeId, type.id)));
  const personIds = descriptors.some((descriptor) => descriptor.dataType === "person") ? await loadPersonIds(ctx) : new Map<string, string>();
  const context: PlanContext = { keys, taskIdByEntity, hoursByDay: settings?.hoursByDay ?? 8, type, descriptors, personIds };
  const plans = table.rows.map((row, index) => planEstimationRow(row, index + 1, context));

  return ctx.db.transaction(async (tx) => {
    const updated: ZouJson[] = [];
    for (const plan of plans) {
      const values: TaskValues = { ...plan.values, updatedAt: new Date() };
      if (plan.data !== null) {
        // Merged in SQL, so the task's other data keys are kept.
        values.data = sql`coalesce(${task.data}, '{}'::jsonb) || ${JSON.stringify(plan.data)}::jsonb`;
      }
      const [row] = await tx.update(task).set(values).where(eq(task.id, plan.taskId)).returning();
      await recordEvent(tx, ctx, { name: "task:update", projectId, data: { task_id: row.id } });
      updated.push(taskJson(row));
    }
    return updated;
  });
}

import { getTableColumns, inArray } from "drizzle-orm";
import { task, taskPersonLink } from "../../schema/tasks.js";
import { isAdmin } from "../auth/permissions.js";
import { requireViewer, type RequestContext } from "../context.js";
import { idIn } from "../db/loader.js";
import { BadRequestError } from "../errors.js";
import { recordEvent } from "../events/events.service.js";
import { isUuid } from "../ids.js";
import type { TaskRow } from "./tasks.loaders.js";

// Import of raw task rows exported from another Kitsu by gazu's sync module.
// Each row is inserted, or updated when a task with its id exists, and its
// assignees are replaced when the row lists them.

type TaskInsert = typeof task.$inferInsert;

/** Zou's column name of each task property, for the columns a row may set. */
const COLUMNS = Object.entries(getTableColumns(task)).map(([property, column]) => ({ property, name: column.name, columnType: column.columnType }));

function parseTimestamp(value: unknown, field: string): Date | null {
  if (value === null) return null;
  if (typeof value !== "string") throw new BadRequestError(`Invalid ${field}: expected a date and time such as 2024-01-15T10:30:00.`);
  const date = new Date(/[zZ]|[+-]\d\d:?\d\d$/.test(value) ? value : `${value}Z`);
  if (Number.isNaN(date.getTime())) throw new BadRequestError(`Invalid ${field}: expected a date and time such as 2024-01-15T10:30:00.`);
  return date;
}

/** Turns one row of Zou's task JSON into insert values and the assignee ids it lists (undefined when absent). */
function readEntry(entry: unknown, index: number): { values: TaskInsert & { id: string }; assigneeIds: string[] | undefined } {
  if (entry === null || typeof entry !== "object" || Array.isArray(entry)) throw new BadRequestError(`Entry ${index} is not a JSON object.`);
  const data = entry as Record<string, unknown>;
  if (!isUuid(data.id)) throw new BadRequestError(`Entry ${index} has no valid id.`);

  const values: Record<string, unknown> = {};
  for (const column of COLUMNS) {
    if (!(column.name in data)) continue;
    const value = data[column.name];
    values[column.property] = column.columnType === "PgTimestamp" ? parseTimestamp(value, column.name) : value;
  }
  values.id = data.id.toLowerCase();

  let assigneeIds: string[] | undefined;
  if ("assignees" in data && data.assignees !== null) {
    const list = data.assignees;
    if (!Array.isArray(list) || !list.every(isUuid)) throw new BadRequestError(`Entry ${index} has invalid assignees: expected a list of person ids.`);
    assigneeIds = [...new Set(list.map((id) => id.toLowerCase()))];
  }
  return { values: values as TaskInsert & { id: string }, assigneeIds };
}

/**
 * Upserts task rows from another Kitsu, all in one transaction. Only admins
 * import. For anyone else every row is skipped and the list is empty, as in
 * Zou. Events task:new or task:update per row unless `silent`.
 */
export async function importKitsuTasks(ctx: RequestContext, entries: unknown, silent: boolean): Promise<TaskRow[]> {
  const viewer = requireViewer(ctx);
  if (!Array.isArray(entries)) throw new BadRequestError("Invalid body: expected a JSON list of task objects.");
  if (!isAdmin(viewer)) return [];

  const rows = entries.map(readEntry);
  if (rows.length === 0) return [];

  return ctx.db.transaction(async (tx) => {
    const ids = rows.map((row) => row.values.id);
    const existing = new Set((await tx.select({ id: task.id }).from(task).where(idIn(task.id, ids))).map((row) => row.id));

    const imported: TaskRow[] = [];
    for (const { values, assigneeIds } of rows) {
      const { id, ...changes } = values;
      const isUpdate = existing.has(id);
      const [saved] = isUpdate
        ? await tx.update(task).set({ ...changes, updatedAt: changes.updatedAt ?? new Date() }).where(inArray(task.id, [id])).returning()
        : await tx.insert(task).values(values).returning();
      existing.add(id);

      if (assigneeIds !== undefined) {
        await tx.delete(taskPersonLink).where(inArray(taskPersonLink.taskId, [id]));
        if (assigneeIds.length > 0) await tx.insert(taskPersonLink).values(assigneeIds.map((personId) => ({ taskId: id, personId })));
      }
      if (!silent) await recordEvent(tx, ctx, { name: isUpdate ? "task:update" : "task:new", projectId: saved.projectId, data: { task_id: id } });
      imported.push(saved);
    }
    return imported;
  });
}

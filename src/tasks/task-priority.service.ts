import { inArray } from "drizzle-orm";
import { task } from "../../schema/tasks.js";
import type { RequestContext } from "../context.js";
import { AppError } from "../errors.js";
import { recordEvent } from "../events/events.service.js";
import { isUuid } from "../ids.js";
import { taskJson } from "./task-lists.json.js";
import { assertCanEditTask } from "./tasks.service.js";
import type { TaskRow } from "./tasks.loaders.js";

// Kitsu's action bar sets the priority of a selection of tasks at once.
// As in Zou, each task is checked on its own: the tasks the viewer may not
// edit, and unknown ids, are skipped, and only the tasks actually updated
// are returned.

/** Filters the tasks the viewer may edit (manager of the project, or supervisor of the task type's department). */
async function editableTasks(ctx: RequestContext, taskIds: readonly string[]): Promise<TaskRow[]> {
  const ids = [...new Set(taskIds.filter((id) => isUuid(id)).map((id) => id.toLowerCase()))];
  const rows = await ctx.loaders.taskById.loadMany(ids);
  const editable: TaskRow[] = [];
  for (const row of rows) {
    if (row === null || row instanceof Error) continue;
    try {
      await assertCanEditTask(ctx, row);
      editable.push(row);
    } catch (error) {
      if (!(error instanceof AppError) || (error.code !== "FORBIDDEN" && error.code !== "NOT_FOUND")) throw error;
    }
  }
  return editable;
}

/** Sets the priority of every listed task the viewer may edit, in one statement; records task:update for each. */
export async function setTasksPriority(ctx: RequestContext, taskIds: readonly string[], priority: number): Promise<Record<string, unknown>[]> {
  const editable = await editableTasks(ctx, taskIds);
  if (editable.length === 0) return [];

  return ctx.db.transaction(async (tx) => {
    const updated = await tx
      .update(task)
      .set({ priority })
      .where(inArray(task.id, editable.map((row) => row.id)))
      .returning();
    for (const row of updated) await recordEvent(tx, ctx, { name: "task:update", projectId: row.projectId, data: { task_id: row.id } });
    const order = new Map(editable.map((row, index) => [row.id, index]));
    updated.sort((a, b) => (order.get(a.id) ?? 0) - (order.get(b.id) ?? 0));
    return updated.map(taskJson);
  });
}

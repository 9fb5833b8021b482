import { and, count, eq, inArray, ne, sql } from "drizzle-orm";
import { entity } from "../../schema/entities.js";
import { task, taskStatus, taskType } from "../../schema/tasks.js";
import { isAdmin } from "../auth/permissions.js";
import type { RequestContext } from "../context.js";
import { requireViewer } from "../context.js";
import { openProjectIds } from "./task-lists.json.js";

// Kitsu's Productions page shows, for each open production the viewer
// belongs to (every open production for admins), how many tasks there are,
// how many are done, and the time spent and estimated, by task type and
// status. Concept tasks are left out, as in Zou. One query.

interface StatusStats {
  task_status_id: string;
  task_type_id: string;
  project_id: string;
  amount: number;
  amount_done: number;
  total_duration: number;
  total_estimation: number;
}

interface ProjectStats {
  amount: number;
  amount_done: number;
  total_duration: number;
  total_estimation: number;
  task_types: StatusStats[];
}

/** Returns the open task statistics keyed by project id. */
export async function getOpenTasksStats(ctx: RequestContext): Promise<Record<string, ProjectStats>> {
  const viewer = requireViewer(ctx);
  let projectCondition = inArray(task.projectId, openProjectIds(ctx));
  if (!isAdmin(viewer)) {
    const teamProjectIds = [...(await ctx.loaders.viewerTeamLinks()).keys()];
    if (teamProjectIds.length === 0) return {};
    projectCondition = and(projectCondition, inArray(task.projectId, teamProjectIds))!;
  }

  const rows = await ctx.db.orm
    .select({
      projectId: task.projectId,
      taskTypeId: task.taskTypeId,
      taskStatusId: task.taskStatusId,
      amount: count(),
      amountDone: sql<number>`count(*) filter (where ${taskStatus.isDone} is true)`.mapWith(Number),
      totalDuration: sql<number>`coalesce(sum(${task.duration}), 0)`.mapWith(Number),
      totalEstimation: sql<number>`coalesce(sum(${task.estimation}), 0)`.mapWith(Number),
    })
    .from(task)
    .innerJoin(taskType, eq(taskType.id, task.taskTypeId))
    .innerJoin(taskStatus, eq(taskStatus.id, task.taskStatusId))
    .innerJoin(entity, eq(entity.id, task.entityId))
    .where(and(projectCondition, ne(taskType.forEntity, "Concept")))
    .groupBy(task.projectId, task.taskTypeId, task.taskStatusId)
    .orderBy(task.projectId, task.taskTypeId, task.taskStatusId);

  const stats: Record<string, ProjectStats> = {};
  for (const row of rows) {
    if (row.projectId === null || row.taskTypeId === null || row.taskStatusId === null) continue;
    const entry: StatusStats = {
      task_status_id: row.taskStatusId,
      task_type_id: row.taskTypeId,
      project_id: row.projectId,
      amount: Number(row.amount),
      amount_done: row.amountDone,
      total_duration: row.totalDuration,
      total_estimation: row.totalEstimation,
    };
    const project = (stats[row.projectId] ??= { amount: 0, amount_done: 0, total_duration: 0, total_estimation: 0, task_types: [] });
    project.amount += entry.amount;
    project.amount_done += entry.amount_done;
    project.total_duration += entry.total_duration;
    project.total_estimation += entry.total_estimation;
    project.task_types.push(entry);
  }
  return stats;
}

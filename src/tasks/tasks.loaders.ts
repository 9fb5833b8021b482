import DataLoader from "dataloader";
import { asc, eq, sql } from "drizzle-orm";
import { person } from "../../schema/people.js";
import { task, taskPersonLink, taskStatus, taskType } from "../../schema/tasks.js";
import type { RequestContext } from "../context.js";
import type { AccessScope } from "../entities/entity.access.js";
import { groupByKey, idIn, rowLoader } from "../db/loader.js";
import type { PersonRow } from "../people/person.json.js";

export type TaskRow = typeof task.$inferSelect;
export type TaskTypeRow = typeof taskType.$inferSelect;
export type TaskStatusRow = typeof taskStatus.$inferSelect;

export function createTaskLoaders(ctx: RequestContext) {
  const orm = ctx.db.orm;

  /** Tasks grouped by one of their columns, keeping those the viewer may read. */
  const readableTasksBy = (key: "entityId" | "projectId") =>
    new DataLoader<string, TaskRow[]>(async (ids) => {
      const scope: AccessScope = await ctx.loaders.viewerAccess();
      const rows = await orm.select().from(task).where(idIn(task[key], ids)).orderBy(asc(task.name));
      const visible: typeof rows = scope.isAdmin ? rows : rows.filter(scope.canReadTask);
      return groupByKey(ids, visible, (row) => row[key] as string);
    });

  return {
    /** Any task by id, unfiltered: services and root queries check access themselves. */
    taskById: rowLoader(
      (ids) => orm.select().from(task).where(idIn(task.id, ids)),
      (row) => row.id,
    ),
    taskTypeById: rowLoader(
      (ids) => orm.select().from(taskType).where(idIn(taskType.id, ids)),
      (row) => row.id,
    ),
    taskStatusById: rowLoader(
      (ids) => orm.select().from(taskStatus).where(idIn(taskStatus.id, ids)),
      (row) => row.id,
    ),
    tasksByEntityId: readableTasksBy("entityId"),
    tasksByProjectId: readableTasksBy("projectId"),
    /** Readable tasks assigned to each person. */
    tasksByAssigneeId: new DataLoader<string, TaskRow[]>(async (ids) => {
      const scope: AccessScope = await ctx.loaders.viewerAccess();
      const rows = await orm
        .select({ personId: taskPersonLink.personId, task })
        .from(taskPersonLink)
        .innerJoin(task, eq(task.id, taskPersonLink.taskId))
        .where(idIn(taskPersonLink.personId, ids))
        .orderBy(asc(task.name));
      const visible: typeof rows = scope.isAdmin ? rows : rows.filter((row) => scope.canReadTask(row.task));
      return groupByKey(ids, visible, (row) => row.personId).map((group) => group.map((row) => row.task));
    }),
    /**
     * The people assigned to each task. One row per person, with the ids of
     * their tasks: a person assigned to thousands of tasks is read and mapped
     * once, and every task shares the same row object.
     */
    assigneesByTaskId: new DataLoader<string, PersonRow[]>(async (ids) => {
      const rows = await orm
        .select({ person, taskIds: sql<string[]>`array_agg(${taskPersonLink.taskId}::text)` })
        .from(taskPersonLink)
        .innerJoin(person, eq(person.id, taskPersonLink.personId))
        .where(idIn(taskPersonLink.taskId, ids))
        .groupBy(person.id)
        .orderBy(asc(person.firstName), asc(person.lastName));
      const byTask = new Map<string, PersonRow[]>();
      for (const row of rows) {
        for (const taskId of row.taskIds) {
          const group = byTask.get(taskId);
          if (group === undefined) byTask.set(taskId, [row.person]);
          else group.push(row.person);
        }
      }
      return ids.map((id) => byTask.get(id) ?? []);
    }),
  };
}

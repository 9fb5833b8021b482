import { and, count, eq, gte, ilike, lte, sql, type SQL } from "drizzle-orm";
import { task, taskPersonLink } from "../../schema/tasks.js";
import { getReadableProject } from "../auth/permissions.js";
import type { RequestContext } from "../context.js";
import { containsPattern, sortColumnFor, sortKeyFor, type ListOrder } from "../entities/entities.lists.js";
import { paginate, type PageArgs } from "../graphql/connection.js";
import { parseId } from "../ids.js";
import type { TaskRow } from "./tasks.loaders.js";

export interface TaskListFilters {
  projectId?: string | null;
  entityId?: string | null;
  taskTypeId?: string | null;
  taskStatusId?: string | null;
  assigneeId?: string | null;
  name?: string | null;
  dueAfter?: Date | null;
  dueBefore?: Date | null;
  updatedSince?: Date | null;
  orderBy?: ListOrder | null;
  descending?: boolean | null;
}

/** Lists the tasks the viewer may read as a connection. */
export async function listTasks(ctx: RequestContext, filters: TaskListFilters, page: PageArgs) {
  const scope = await ctx.loaders.viewerAccess();
  if (filters.projectId) await getReadableProject(ctx, parseId(filters.projectId));

  const conditions: (SQL | undefined)[] = [scope.taskCondition(task.projectId, task.id)];
  if (filters.projectId) conditions.push(eq(task.projectId, parseId(filters.projectId)));
  if (filters.entityId) conditions.push(eq(task.entityId, parseId(filters.entityId)));
  if (filters.taskTypeId) conditions.push(eq(task.taskTypeId, parseId(filters.taskTypeId)));
  if (filters.taskStatusId) conditions.push(eq(task.taskStatusId, parseId(filters.taskStatusId)));
  if (filters.assigneeId) {
    const assigneeId = parseId(filters.assigneeId);
    conditions.push(sql`exists (select 1 from ${taskPersonLink} where ${taskPersonLink.taskId} = ${task.id} and ${taskPersonLink.personId} = ${assigneeId})`);
  }
  if (filters.name) conditions.push(ilike(task.name, containsPattern(filters.name)));
  if (filters.dueAfter) conditions.push(gte(task.dueDate, filters.dueAfter));
  if (filters.dueBefore) conditions.push(lte(task.dueDate, filters.dueBefore));
  if (filters.updatedSince) conditions.push(gte(task.updatedAt, filters.updatedSince));
  const where = and(...conditions);

  return paginate<TaskRow>({
    ctx,
    args: page,
    sortColumn: sortColumnFor(filters.orderBy, task),
    idColumn: task.id,
    descending: filters.descending === true,
    sortKey: sortKeyFor<TaskRow>(filters.orderBy),
    fetch: (keyset, order, limit) =>
      ctx.db.orm
        .select()
        .from(task)
        .where(and(where, keyset))
        .orderBy(...order)
        .limit(limit),
    count: async () => {
      const [row] = await ctx.db.orm.select({ total: count() }).from(task).where(where);
      return row?.total ?? 0;
    },
  });
}

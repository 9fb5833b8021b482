import { and, eq, inArray } from "drizzle-orm";
import { notification } from "../../schema/notifications.js";
import { projectPersonLink } from "../../schema/projects.js";
import { task, taskPersonLink } from "../../schema/tasks.js";
import { effectiveProjectRole } from "../auth/permissions.js";
import { requireViewer, type RequestContext } from "../context.js";
import { BadRequestError } from "../errors.js";
import { recordEvent } from "../events/events.service.js";
import { isUuid, parseId } from "../ids.js";
import type { PersonRow } from "../people/person.json.js";
import type { TaskRow } from "./tasks.loaders.js";

// Assigning a person to many tasks and clearing assignations, as Zou's
// batch routes do: each task is checked on its own, and the tasks the
// viewer may not change (or that do not exist) are skipped, not refused.

export type AssignedTask = typeof task.$inferSelect & { assignees: string[] };

/** Loads the tasks of a list of ids in one batch, dropping malformed and unknown ids. */
async function loadTasks(ctx: RequestContext, taskIds: readonly unknown[]): Promise<TaskRow[]> {
  const ids = [...new Set(taskIds.filter(isUuid).map((id) => id.toLowerCase()))];
  const loaded = await ctx.loaders.taskById.loadMany(ids);
  const rows = loaded.filter((row): row is TaskRow => row !== null && !(row instanceof Error));
  // Prime the loaders the per-task checks read, so the checks cost a fixed number of queries.
  const typeIds = [...new Set(rows.map((row) => row.taskTypeId).filter((id): id is string => id !== null))];
  await Promise.all([ctx.loaders.taskTypeById.loadMany(typeIds), ctx.loaders.assigneesByTaskId.loadMany(rows.map((row) => row.id))]);
  return rows;
}

/** Loads the viewer's role in the task's project, the viewer's departments, and whether one of them is the task type's. */
async function taskDepartmentScope(ctx: RequestContext, row: TaskRow) {
  const viewer = requireViewer(ctx);
  const role = row.projectId === null ? null : await effectiveProjectRole(ctx, row.projectId);
  const departments = (await ctx.loaders.departmentLinksByPersonId.load(viewer.id)).map((link) => link.departmentId);
  const type = row.taskTypeId === null ? null : await ctx.loaders.taskTypeById.load(row.taskTypeId);
  const taskDepartment = type?.departmentId ?? null;
  return { viewer, role, departments, inTaskDepartment: taskDepartment !== null && departments.includes(taskDepartment) };
}

/**
 * Applies Zou's rule for assigning. Admins and managers of the project may
 * assign anyone. Supervisors of every department may too, and so may
 * supervisors of the task's department when the assignee shares one of
 * their departments. Anyone may assign themselves to a task of their
 * department. Clients and vendors never assign.
 */
async function canAssign(ctx: RequestContext, row: TaskRow, assignee: PersonRow): Promise<boolean> {
  const scope = await taskDepartmentScope(ctx, row);
  if (scope.role === null || scope.role === "client" || scope.role === "vendor") return false;
  if (scope.role === "admin" || scope.role === "manager") return true;
  if (scope.role === "supervisor") {
    if (scope.departments.length === 0) return true;
    if (scope.inTaskDepartment) {
      const assigneeDepartments = (await ctx.loaders.departmentLinksByPersonId.load(assignee.id)).map((link) => link.departmentId);
      if (assigneeDepartments.some((id) => scope.departments.includes(id))) return true;
    }
  }
  return scope.inTaskDepartment && assignee.id === scope.viewer.id;
}

/** Zou's rule for unassigning: as for assigning, and any assignee may remove themselves. */
async function canUnassign(ctx: RequestContext, row: TaskRow, personId: string | null): Promise<boolean> {
  const scope = await taskDepartmentScope(ctx, row);
  if (scope.role === null || scope.role === "client" || scope.role === "vendor") return false;
  if (scope.role === "admin" || scope.role === "manager") return true;
  if (scope.role === "supervisor" && (scope.departments.length === 0 || scope.inTaskDepartment)) return true;
  if (personId !== scope.viewer.id) return false;
  const assignees = await ctx.loaders.assigneesByTaskId.load(row.id);
  return assignees.some((person) => person.id === scope.viewer.id);
}

async function assigneesOf(ctx: RequestContext, taskIds: readonly string[]): Promise<Map<string, string[]>> {
  const byTask = new Map<string, string[]>(taskIds.map((id) => [id, []]));
  if (taskIds.length === 0) return byTask;
  const links = await ctx.db.orm.select().from(taskPersonLink).where(inArray(taskPersonLink.taskId, [...taskIds]));
  for (const link of links) byTask.get(link.taskId)?.push(link.personId);
  return byTask;
}

/**
 * Assigns a person to the tasks the viewer may assign them to, skipping the
 * others, and returns the tasks assigned with their assignee ids. Notifies
 * the assignee (unless they assigned themselves) and adds them to the
 * project's team, as Zou does. Records task:assign and task:update per task.
 */
export async function assignPersonToTasks(ctx: RequestContext, personId: string, taskIds: readonly unknown[]): Promise<AssignedTask[]> {
  const viewer = requireViewer(ctx);
  const assignee = await ctx.loaders.personById.load(parseId(personId));
  if (assignee === null) throw new BadRequestError("Assignee doesn't exist in database.");

  const allowed: TaskRow[] = [];
  for (const row of await loadTasks(ctx, taskIds)) {
    if (row.projectId === null || !(await canAssign(ctx, row, assignee))) continue;
    if (assignee.isBot === true) {
      const project = await ctx.loaders.projectById.load(row.projectId);
      if (project?.isBotCollaborationEnabled !== true) continue;
    }
    allowed.push(row);
  }
  if (allowed.length === 0) return [];
  const ids = allowed.map((row) => row.id);

  const updated = await ctx.db.transaction(async (tx) => {
    await tx.insert(taskPersonLink).values(ids.map((taskId) => ({ taskId, personId: assignee.id }))).onConflictDoNothing();
    const rows = await tx.update(task).set({ assignerId: viewer.id, updatedAt: new Date() }).where(inArray(task.id, ids)).returning();
    for (const row of rows) {
      await recordEvent(tx, ctx, { name: "task:assign", projectId: row.projectId, data: { task_id: row.id, person_id: assignee.id } });
      await recordEvent(tx, ctx, { name: "task:update", projectId: row.projectId, data: { task_id: row.id } });
    }
    if (assignee.id !== viewer.id) {
      const notices = rows.map((row) => ({ personId: assignee.id, authorId: viewer.id, taskId: row.id, type: "assignation", read: false, change: false }));
      await tx.insert(notification).values(notices).onConflictDoNothing();
    }
    const projectId = rows[0]?.projectId ?? null;
    if (projectId !== null) {
      const member = await tx
        .select({ personId: projectPersonLink.personId })
        .from(projectPersonLink)
        .where(and(eq(projectPersonLink.projectId, projectId), eq(projectPersonLink.personId, assignee.id)));
      if (member.length === 0) await tx.insert(projectPersonLink).values({ projectId, personId: assignee.id });
    }
    return rows;
  });

  const assignees = await assigneesOf(ctx, ids);
  return updated.map((row) => ({ ...row, assignees: assignees.get(row.id) ?? [] }));
}

/**
 * Removes one person (or everyone when personId is absent) from the tasks
 * the viewer may change, skipping the others, and returns the ids of the
 * tasks cleared. Records task:unassign per removed link and task:update per task.
 */
export async function clearTaskAssignations(ctx: RequestContext, taskIds: readonly unknown[], personId: string | null): Promise<string[]> {
  const onlyPerson = personId === null ? null : parseId(personId);
  const allowed: TaskRow[] = [];
  for (const row of await loadTasks(ctx, taskIds)) {
    if (await canUnassign(ctx, row, onlyPerson)) allowed.push(row);
  }
  if (allowed.length === 0) return [];
  const ids = allowed.map((row) => row.id);

  await ctx.db.transaction(async (tx) => {
    const removed = await tx
      .delete(taskPersonLink)
      .where(and(inArray(taskPersonLink.taskId, ids), onlyPerson === null ? undefined : eq(taskPersonLink.personId, onlyPerson)))
      .returning();
    const projectOf = new Map(allowed.map((row) => [row.id, row.projectId]));
    for (const link of removed) {
      await recordEvent(tx, ctx, { name: "task:unassign", projectId: projectOf.get(link.taskId) ?? null, data: { task_id: link.taskId, person_id: link.personId } });
    }
    await tx.update(task).set({ updatedAt: new Date() }).where(inArray(task.id, ids));
    for (const row of allowed) await recordEvent(tx, ctx, { name: "task:update", projectId: row.projectId, data: { task_id: row.id } });
  });
  return ids;
}

import { and, eq, sql } from "drizzle-orm";
import { person } from "../../schema/people.js";
import { task, taskPersonLink, taskStatus, taskType } from "../../schema/tasks.js";
import { assertAdmin, assertProjectManager, effectiveProjectRole, getReadableProject } from "../auth/permissions.js";
import type { RequestContext } from "../context.js";
import { requireViewer } from "../context.js";
import type { Orm } from "../db/index.js";
import { BadRequestError, ForbiddenError, NotFoundError } from "../errors.js";
import { recordEvent } from "../events/events.service.js";
import { toPlainJson } from "../entities/entities.service.js";
import { parseId } from "../ids.js";
import type { TaskRow, TaskStatusRow, TaskTypeRow } from "./tasks.loaders.js";

// Writes on tasks, task types and task statuses, with Zou's permission rules
// and events. Task types and statuses are studio-wide, so only admins change
// them, as in Zou's generic data routes.

export interface TaskFields {
  name?: string | null;
  description?: string | null;
  priority?: number | null;
  difficulty?: number | null;
  estimation?: number | null;
  duration?: number | null;
  completionRate?: number | null;
  sortOrder?: number | null;
  nbDrawings?: number | null;
  startDate?: Date | null;
  dueDate?: Date | null;
  data?: Record<string, unknown> | null;
}

export interface CreateTaskInput extends TaskFields {
  entityId: string;
  taskTypeId: string;
  taskStatusId?: string | null;
  assigneeIds?: string[] | null;
}

export interface UpdateTaskPatch extends TaskFields {
  taskStatusId?: string | null;
  realStartDate?: Date | null;
  endDate?: Date | null;
  lastCommentDate?: Date | null;
  retakeCount?: number | null;
}

export interface TaskTypeInput {
  name?: string | null;
  shortName?: string | null;
  description?: string | null;
  color?: string | null;
  priority?: number | null;
  forEntity?: string | null;
  allowTimelog?: boolean | null;
  archived?: boolean | null;
  departmentId?: string | null;
}

export interface TaskStatusInput {
  name?: string | null;
  shortName?: string | null;
  description?: string | null;
  color?: string | null;
  priority?: number | null;
  archived?: boolean | null;
  isDone?: boolean | null;
  isArtistAllowed?: boolean | null;
  isClientAllowed?: boolean | null;
  isRetake?: boolean | null;
  isFeedbackRequest?: boolean | null;
  isDefault?: boolean | null;
  isWip?: boolean | null;
  forConcept?: boolean | null;
}

const FOR_ENTITY_VALUES = ["Asset", "Shot", "Sequence", "Episode", "Edit", "Concept", "Scene"];
const COLOR_PATTERN = /^#[0-9a-fA-F]{6}$/;

/** Loads a task or throws NOT_FOUND. */
export async function getTaskOrThrow(ctx: RequestContext, id: string): Promise<TaskRow> {
  const row = await ctx.loaders.taskById.load(parseId(id));
  if (row === null) throw new NotFoundError("Task not found.");
  return row;
}

/** Loads a task the viewer may read: NOT_FOUND, then FORBIDDEN outside their projects or, for vendors, unassigned. */
export async function getReadableTask(ctx: RequestContext, id: string): Promise<TaskRow> {
  const row = await getTaskOrThrow(ctx, id);
  const scope = await ctx.loaders.viewerAccess();
  if (!scope.canReadTask(row)) throw new ForbiddenError();
  return row;
}

export async function getTaskStatusOrThrow(ctx: RequestContext, id: string): Promise<TaskStatusRow> {
  const row = await ctx.loaders.taskStatusById.load(parseId(id));
  if (row === null) throw new NotFoundError("Task status not found.");
  return row;
}

export async function getTaskTypeOrThrow(ctx: RequestContext, id: string): Promise<TaskTypeRow> {
  const row = await ctx.loaders.taskTypeById.load(parseId(id));
  if (row === null) throw new NotFoundError("Task type not found.");
  return row;
}

/**
 * Checks Zou's supervisor task access. Admins and managers of the project
 * pass. Supervisors of the project pass when they belong to no department or
 * to the task type's department.
 */
export async function assertCanEditTask(ctx: RequestContext, row: TaskRow): Promise<void> {
  const viewer = requireViewer(ctx);
  if (row.projectId === null) throw new ForbiddenError();
  await getReadableProject(ctx, row.projectId);
  const role = await effectiveProjectRole(ctx, row.projectId);
  if (role === "admin" || role === "manager") return;
  if (role !== "supervisor") throw new ForbiddenError();
  const departments = await ctx.loaders.departmentLinksByPersonId.load(viewer.id);
  if (departments.length === 0) return;
  const type = row.taskTypeId === null ? null : await ctx.loaders.taskTypeById.load(row.taskTypeId);
  if (type?.departmentId != null && departments.some((link) => link.departmentId === type.departmentId)) return;
  throw new ForbiddenError();
}

function checkTaskFields(fields: TaskFields): void {
  if (fields.name !== undefined && fields.name !== null) {
    if (fields.name.trim() === "") throw new BadRequestError("The task name is empty.");
    if (fields.name.length > 80) throw new BadRequestError("The task name is longer than 80 characters.");
  }
  if (fields.difficulty !== undefined && fields.difficulty !== null && (fields.difficulty < 1 || fields.difficulty > 5)) {
    throw new BadRequestError("difficulty must be between 1 and 5.");
  }
  for (const key of ["estimation", "duration"] as const) {
    const value = fields[key];
    if (value !== undefined && value !== null && (!Number.isFinite(value) || value < 0)) throw new BadRequestError(`${key} must be zero or more.`);
  }
  if (fields.data !== undefined && fields.data !== null && (typeof fields.data !== "object" || Array.isArray(fields.data))) {
    throw new BadRequestError("data must be a JSON object.");
  }
}

function taskFieldValues(fields: TaskFields): Partial<typeof task.$inferInsert> {
  const values: Partial<typeof task.$inferInsert> = {};
  for (const key of ["description", "priority", "estimation", "duration", "completionRate", "sortOrder", "nbDrawings", "startDate", "dueDate"] as const) {
    if (fields[key] !== undefined) (values as Record<string, unknown>)[key] = fields[key];
  }
  if (fields.name !== undefined && fields.name !== null) values.name = fields.name.trim();
  if (fields.difficulty !== undefined && fields.difficulty !== null) values.difficulty = fields.difficulty;
  if (fields.data !== undefined) values.data = toPlainJson(fields.data) ?? {};
  return values;
}

/** Returns the default task status id, creating "Todo" as Zou does when none is marked default. */
export async function getDefaultTaskStatusId(tx: Orm): Promise<string> {
  const [existing] = await tx.select({ id: taskStatus.id }).from(taskStatus).where(eq(taskStatus.isDefault, true)).limit(1);
  if (existing !== undefined) return existing.id;
  const [byShortName] = await tx.select({ id: taskStatus.id }).from(taskStatus).where(eq(taskStatus.shortName, "todo"));
  if (byShortName !== undefined) return byShortName.id;
  const [created] = await tx
    .insert(taskStatus)
    .values({ name: "Todo", shortName: "todo", color: "#f5f5f5", isDefault: true })
    .returning({ id: taskStatus.id });
  return created.id;
}

async function assertPeopleExist(tx: Orm, ids: string[]): Promise<void> {
  if (ids.length === 0) return;
  const rows = await tx.select({ id: person.id }).from(person).where(sql`${person.id} = any(${sql.param(ids)}::uuid[])`);
  if (rows.length !== new Set(ids).size) throw new NotFoundError("Person not found.");
}

/** Creates a task on an entity; needs the manager role on the entity's project. */
export async function createTask(ctx: RequestContext, input: CreateTaskInput): Promise<TaskRow> {
  const viewer = requireViewer(ctx);
  const target = await ctx.loaders.entityById.load(parseId(input.entityId));
  if (target === null) throw new NotFoundError("Entity not found.");
  await assertProjectManager(ctx, target.projectId);
  const type = await getTaskTypeOrThrow(ctx, input.taskTypeId);
  if (input.taskStatusId !== undefined && input.taskStatusId !== null) await getTaskStatusOrThrow(ctx, input.taskStatusId);
  checkTaskFields(input);
  const assigneeIds = [...new Set((input.assigneeIds ?? []).map(parseId))];

  return ctx.db.transaction(async (tx) => {
    await assertPeopleExist(tx, assigneeIds);
    const taskStatusId = input.taskStatusId ? parseId(input.taskStatusId) : await getDefaultTaskStatusId(tx);
    const [created] = await tx
      .insert(task)
      .values({
        ...taskFieldValues(input),
        name: input.name?.trim() || "main",
        projectId: target.projectId,
        entityId: target.id,
        taskTypeId: type.id,
        taskStatusId,
        assignerId: assigneeIds.length > 0 ? viewer.id : null,
        data: toPlainJson(input.data) ?? {},
      })
      .returning();
    if (assigneeIds.length > 0) await tx.insert(taskPersonLink).values(assigneeIds.map((personId) => ({ taskId: created.id, personId })));
    await recordEvent(tx, ctx, { name: "task:new", projectId: target.projectId, data: { task_id: created.id } });
    for (const personId of assigneeIds) {
      await recordEvent(tx, ctx, { name: "task:assign", projectId: target.projectId, data: { task_id: created.id, person_id: personId } });
    }
    return created;
  });
}

/**
 * Returns the date changes Zou's update_task applies on a status change. A
 * feedback-request status stamps end_date and another status that is not
 * done clears it. done_date follows is_done.
 */
export function statusDateChanges(status: TaskStatusRow, now: Date): Partial<typeof task.$inferInsert> {
  const changes: Partial<typeof task.$inferInsert> = {};
  if (status.isFeedbackRequest) changes.endDate = now;
  else if (!status.isDone) changes.endDate = null;
  changes.doneDate = status.isDone ? now : null;
  return changes;
}

/** Writes a task change inside a transaction and records task:update. */
export async function writeTaskUpdate(tx: Orm, ctx: RequestContext, current: TaskRow, values: Partial<typeof task.$inferInsert>, status?: TaskStatusRow): Promise<TaskRow> {
  // Values the caller sets explicitly win over the dates the status implies.
  const statusChanged = status !== undefined && status.id !== current.taskStatusId;
  const changes = statusChanged ? { ...statusDateChanges(status, new Date()), ...values } : values;
  const [updated] = await tx.update(task).set(changes).where(eq(task.id, current.id)).returning();
  await recordEvent(tx, ctx, { name: "task:update", projectId: current.projectId, data: { task_id: current.id } });
  return updated;
}

/** Updates a task's fields; needs the manager role, or a supervisor of the task type's department. */
export async function updateTask(ctx: RequestContext, id: string, patch: UpdateTaskPatch): Promise<TaskRow> {
  const current = await getTaskOrThrow(ctx, id);
  await assertCanEditTask(ctx, current);
  checkTaskFields(patch);
  const status = patch.taskStatusId ? await getTaskStatusOrThrow(ctx, patch.taskStatusId) : undefined;

  const values = taskFieldValues(patch);
  if (patch.data !== undefined && patch.data !== null) values.data = { ...((current.data as Record<string, unknown> | null) ?? {}), ...toPlainJson(patch.data) };
  if (status !== undefined) values.taskStatusId = status.id;
  for (const key of ["realStartDate", "endDate", "lastCommentDate", "retakeCount"] as const) {
    if (patch[key] !== undefined) (values as Record<string, unknown>)[key] = patch[key];
  }

  return ctx.db.transaction((tx) => writeTaskUpdate(tx, ctx, current, values, status));
}

/** Deletes tasks with the rows that point at them: assignments, comments, previews, notifications... */
export async function deleteTasksWithDependents(tx: Orm, taskIds: string[]): Promise<void> {
  if (taskIds.length === 0) return;
  const tasks = sql.param(taskIds);
  const comments = sql`(select id from comment where object_id = any(${tasks}::uuid[]))`;
  const previews = sql`(select id from preview_file where task_id = any(${tasks}::uuid[]))`;
  await tx.execute(sql`delete from notification where task_id = any(${tasks}::uuid[]) or comment_id in ${comments}`);
  await tx.execute(sql`delete from news where task_id = any(${tasks}::uuid[])`);
  await tx.execute(sql`delete from subscription where task_id = any(${tasks}::uuid[])`);
  await tx.execute(sql`delete from time_spent where task_id = any(${tasks}::uuid[])`);
  await tx.execute(sql`delete from comment_preview_link where comment in ${comments} or preview_file in ${previews}`);
  await tx.execute(sql`delete from comment_mentions where comment in ${comments}`);
  await tx.execute(sql`delete from comment_department_mentions where comment in ${comments}`);
  await tx.execute(sql`delete from comment_acknoledgments where comment in ${comments}`);
  await tx.execute(sql`delete from attachment_file where comment_id in ${comments}`);
  await tx.execute(sql`delete from comment where object_id = any(${tasks}::uuid[])`);
  await tx.execute(sql`update entity set preview_file_id = null where preview_file_id in ${previews}`);
  await tx.execute(sql`delete from preview_file where task_id = any(${tasks}::uuid[])`);
  await tx.execute(sql`delete from task_person_link where task_id = any(${tasks}::uuid[])`);
  // As Zou's forced task removal: the working files go with their output files, and previews made from those outputs lose their source.
  const workingFiles = sql`(select id from working_file where task_id = any(${tasks}::uuid[]))`;
  const outputFiles = sql`(select id from output_file where source_file_id in ${workingFiles})`;
  await tx.execute(sql`update preview_file set source_file_id = null where source_file_id in ${outputFiles}`);
  await tx.execute(sql`delete from output_file where source_file_id in ${workingFiles}`);
  await tx.execute(sql`delete from working_file where task_id = any(${tasks}::uuid[])`);
  await tx.execute(sql`delete from task where id = any(${tasks}::uuid[])`);
}

/** Deletes a task with its comments and previews; needs the manager role on its project. */
export async function deleteTask(ctx: RequestContext, id: string): Promise<TaskRow> {
  const current = await getTaskOrThrow(ctx, id);
  if (current.projectId === null) throw new ForbiddenError();
  await assertProjectManager(ctx, current.projectId);

  return ctx.db.transaction(async (tx) => {
    await deleteTasksWithDependents(tx, [current.id]);
    await recordEvent(tx, ctx, { name: "task:delete", projectId: current.projectId, data: { task_id: current.id } });
    return current;
  });
}

/** Assigns a person to a task (no change when already assigned) and records task:assign. */
export async function assignTask(ctx: RequestContext, taskId: string, personId: string): Promise<TaskRow> {
  const viewer = requireViewer(ctx);
  const current = await getTaskOrThrow(ctx, taskId);
  await assertCanEditTask(ctx, current);
  const assignee = await ctx.loaders.personById.load(parseId(personId));
  if (assignee === null) throw new NotFoundError("Person not found.");

  return ctx.db.transaction(async (tx) => {
    await tx.insert(taskPersonLink).values({ taskId: current.id, personId: assignee.id }).onConflictDoNothing();
    const [updated] = await tx.update(task).set({ assignerId: viewer.id }).where(eq(task.id, current.id)).returning();
    await recordEvent(tx, ctx, { name: "task:assign", projectId: current.projectId, data: { task_id: current.id, person_id: assignee.id } });
    await recordEvent(tx, ctx, { name: "task:update", projectId: current.projectId, data: { task_id: current.id } });
    return updated;
  });
}

/** Removes one assignee, or every assignee when personId is absent, recording task:unassign for each. */
export async function unassignTask(ctx: RequestContext, taskId: string, personId?: string | null): Promise<TaskRow> {
  const current = await getTaskOrThrow(ctx, taskId);
  await assertCanEditTask(ctx, current);
  const onlyPerson = personId === undefined || personId === null ? undefined : parseId(personId);

  return ctx.db.transaction(async (tx) => {
    const removed = await tx
      .delete(taskPersonLink)
      .where(and(eq(taskPersonLink.taskId, current.id), onlyPerson === undefined ? undefined : eq(taskPersonLink.personId, onlyPerson)))
      .returning({ personId: taskPersonLink.personId });
    for (const link of removed) {
      await recordEvent(tx, ctx, { name: "task:unassign", projectId: current.projectId, data: { task_id: current.id, person_id: link.personId } });
    }
    const [updated] = await tx.update(task).set({ updatedAt: new Date() }).where(eq(task.id, current.id)).returning();
    await recordEvent(tx, ctx, { name: "task:update", projectId: current.projectId, data: { task_id: current.id } });
    return updated;
  });
}

function checkTaskTypeInput(input: TaskTypeInput): void {
  if (input.name !== undefined && (input.name === null || input.name.trim() === "" || input.name.length > 40)) {
    throw new BadRequestError("The task type name must be 1 to 40 characters.");
  }
  if (input.color !== undefined && input.color !== null && !COLOR_PATTERN.test(input.color)) throw new BadRequestError(`Invalid color "${input.color}": expected #RRGGBB.`);
  if (input.forEntity !== undefined && input.forEntity !== null && !FOR_ENTITY_VALUES.includes(input.forEntity)) {
    throw new BadRequestError(`Invalid forEntity "${input.forEntity}": expected one of ${FOR_ENTITY_VALUES.join(", ")}.`);
  }
  if (input.departmentId !== undefined && input.departmentId !== null) parseId(input.departmentId);
}

function definedValues<T extends object>(input: T): Partial<T> {
  return Object.fromEntries(Object.entries(input).filter(([, value]) => value !== undefined)) as Partial<T>;
}

export async function createTaskType(ctx: RequestContext, input: TaskTypeInput & { name: string }): Promise<TaskTypeRow> {
  assertAdmin(ctx);
  checkTaskTypeInput(input);
  return ctx.db.transaction(async (tx) => {
    const [created] = await tx
      .insert(taskType)
      .values({ ...definedValues(input), name: input.name.trim() } as typeof taskType.$inferInsert)
      .returning();
    await recordEvent(tx, ctx, { name: "task-type:new", data: { task_type_id: created.id } });
    return created;
  });
}

export async function updateTaskType(ctx: RequestContext, id: string, patch: TaskTypeInput): Promise<TaskTypeRow> {
  assertAdmin(ctx);
  const current = await getTaskTypeOrThrow(ctx, id);
  checkTaskTypeInput(patch);
  return ctx.db.transaction(async (tx) => {
    const [updated] = await tx.update(taskType).set(definedValues(patch) as Partial<typeof taskType.$inferInsert>).where(eq(taskType.id, current.id)).returning();
    await recordEvent(tx, ctx, { name: "task-type:update", data: { task_type_id: current.id } });
    return updated;
  });
}

/** Deletes a task type; BAD_USER_INPUT while tasks or settings still use it. */
export async function deleteTaskType(ctx: RequestContext, id: string): Promise<TaskTypeRow> {
  assertAdmin(ctx);
  const current = await getTaskTypeOrThrow(ctx, id);
  return ctx.db.transaction(async (tx) => {
    await tx.delete(taskType).where(eq(taskType.id, current.id));
    await recordEvent(tx, ctx, { name: "task-type:delete", data: { task_type_id: current.id } });
    return current;
  });
}

function checkTaskStatusInput(input: TaskStatusInput): void {
  if (input.name !== undefined && (input.name === null || input.name.trim() === "" || input.name.length > 40)) {
    throw new BadRequestError("The task status name must be 1 to 40 characters.");
  }
  if (input.shortName !== undefined && (input.shortName === null || input.shortName.trim() === "" || input.shortName.length > 10)) {
    throw new BadRequestError("The task status short name must be 1 to 10 characters.");
  }
  if (input.color !== undefined && (input.color === null || !COLOR_PATTERN.test(input.color))) throw new BadRequestError(`Invalid color "${input.color}": expected #RRGGBB.`);
}

export async function createTaskStatus(ctx: RequestContext, input: TaskStatusInput & { name: string; shortName: string; color: string }): Promise<TaskStatusRow> {
  assertAdmin(ctx);
  checkTaskStatusInput(input);
  return ctx.db.transaction(async (tx) => {
    const [created] = await tx
      .insert(taskStatus)
      .values({ ...definedValues(input), name: input.name.trim(), shortName: input.shortName.trim() } as typeof taskStatus.$inferInsert)
      .returning();
    await recordEvent(tx, ctx, { name: "task-status:new", data: { task_status_id: created.id } });
    return created;
  });
}

export async function updateTaskStatus(ctx: RequestContext, id: string, patch: TaskStatusInput): Promise<TaskStatusRow> {
  assertAdmin(ctx);
  const current = await getTaskStatusOrThrow(ctx, id);
  checkTaskStatusInput(patch);
  return ctx.db.transaction(async (tx) => {
    const [updated] = await tx.update(taskStatus).set(definedValues(patch) as Partial<typeof taskStatus.$inferInsert>).where(eq(taskStatus.id, current.id)).returning();
    await recordEvent(tx, ctx, { name: "task-status:update", data: { task_status_id: current.id } });
    return updated;
  });
}

/** Deletes a task status; BAD_USER_INPUT while tasks or comments still use it. */
export async function deleteTaskStatus(ctx: RequestContext, id: string): Promise<TaskStatusRow> {
  assertAdmin(ctx);
  const current = await getTaskStatusOrThrow(ctx, id);
  return ctx.db.transaction(async (tx) => {
    await tx.delete(taskStatus).where(eq(taskStatus.id, current.id));
    await recordEvent(tx, ctx, { name: "task-status:delete", data: { task_status_id: current.id } });
    return current;
  });
}

/** Entity of a task, for checks that need it (retake caps, entity creators). */
export async function getTaskEntity(ctx: RequestContext, row: TaskRow) {
  return row.entityId === null ? null : ctx.loaders.entityById.load(row.entityId);
}

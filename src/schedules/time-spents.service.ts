import { and, eq, gte, lte, ne, sql } from "drizzle-orm";
import { dayOff, timeSpent } from "../../schema/schedules.js";
import { task, taskPersonLink } from "../../schema/tasks.js";
import { effectiveProjectRole, getReadableProject, isAdmin, isManager } from "../auth/permissions.js";
import type { GlobalRole, RequestContext, Viewer } from "../context.js";
import { requireViewer } from "../context.js";
import type { Orm } from "../db/index.js";
import { BadRequestError, ForbiddenError, NotFoundError } from "../errors.js";
import { recordEvent } from "../events/events.service.js";
import { optionalText, requireDate } from "../misc/input-checks.js";
import type { DayOffInput } from "./schedule.type.js";
import type { DayOffRow, TimeSpentRow } from "./schedules.loaders.js";

// Time spent and days off. Zou's rules: time is logged on a task for a person
// assigned to it, by that person, an admin, or a manager of the project;
// days off are set by the person or an admin, and wipe the time logged on the
// days they cover.

/** Whether the viewer, with this role in the time spent's project, may read it. */
export function canReadTimeSpent(viewer: Viewer, role: GlobalRole | null, row: { personId: string | null }): boolean {
  if (role === null) return false;
  if (role === "admin" || role === "manager" || role === "supervisor") return true;
  return row.personId === viewer.id;
}

export async function getReadableTimeSpent(ctx: RequestContext, timeSpentId: string): Promise<TimeSpentRow> {
  const viewer = requireViewer(ctx);
  const row = await ctx.loaders.timeSpentById.load(timeSpentId);
  if (row === null || row.projectId === null) throw new NotFoundError("Time spent not found.");
  await getReadableProject(ctx, row.projectId);
  if (!canReadTimeSpent(viewer, await effectiveProjectRole(ctx, row.projectId), row)) throw new ForbiddenError();
  return row;
}

/** Throws unless the person is assigned to the task and the viewer is that person, an admin, or a manager of the project. */
async function assertCanLogTime(ctx: RequestContext, taskRow: { id: string; projectId: string }, personId: string): Promise<void> {
  const viewer = requireViewer(ctx);
  await getReadableProject(ctx, taskRow.projectId);
  const assigned = await ctx.db.orm
    .select({ personId: taskPersonLink.personId })
    .from(taskPersonLink)
    .where(and(eq(taskPersonLink.taskId, taskRow.id), eq(taskPersonLink.personId, personId)))
    .limit(1);
  if (assigned.length === 0) throw new ForbiddenError("Time can only be logged for a person assigned to the task.");
  if (viewer.id === personId || isAdmin(viewer)) return;
  if ((await effectiveProjectRole(ctx, taskRow.projectId)) !== "manager") throw new ForbiddenError();
}

async function getTaskForTimeLog(ctx: RequestContext, taskId: string): Promise<{ id: string; projectId: string }> {
  const rows = await ctx.db.orm.select({ id: task.id, projectId: task.projectId }).from(task).where(eq(task.id, taskId)).limit(1);
  const row = rows[0];
  if (row === undefined) throw new NotFoundError("Task not found.");
  if (row.projectId === null) throw new ForbiddenError();
  return { id: row.id, projectId: row.projectId };
}

/** Keeps task.duration equal to the sum of its time spents, as Zou does, and records task:update. */
async function refreshTaskDuration(tx: Orm, ctx: RequestContext, taskId: string, projectId: string): Promise<void> {
  await tx
    .update(task)
    .set({ duration: sql`coalesce((select sum(${timeSpent.duration}) from ${timeSpent} where ${timeSpent.taskId} = ${taskId}), 0)` })
    .where(eq(task.id, taskId));
  await recordEvent(tx, ctx, { name: "task:update", projectId, data: { task_id: taskId } });
}

function checkDuration(duration: number): number {
  if (!Number.isFinite(duration) || duration <= 0) throw new BadRequestError("duration must be a number of minutes greater than 0.", { field: "duration" });
  return duration;
}

async function writeTimeSpent(ctx: RequestContext, taskId: string, personId: string, date: string, duration: number, add: boolean): Promise<TimeSpentRow> {
  const day = requireDate(date, "date");
  const minutes = checkDuration(duration);
  const taskRow = await getTaskForTimeLog(ctx, taskId);
  if ((await ctx.loaders.personById.load(personId)) === null) throw new NotFoundError("Person not found.");
  await assertCanLogTime(ctx, taskRow, personId);

  return ctx.db.transaction(async (tx) => {
    const existing = await tx
      .select()
      .from(timeSpent)
      .where(and(eq(timeSpent.taskId, taskId), eq(timeSpent.personId, personId), eq(timeSpent.date, day)))
      .limit(1);
    let row: typeof timeSpent.$inferSelect;
    if (existing[0] !== undefined) {
      const total = add ? existing[0].duration + minutes : minutes;
      [row] = await tx.update(timeSpent).set({ duration: total }).where(eq(timeSpent.id, existing[0].id)).returning();
      await recordEvent(tx, ctx, { name: "time-spent:update", projectId: taskRow.projectId, data: { time_spent_id: row.id } });
    } else {
      [row] = await tx.insert(timeSpent).values({ taskId, personId, date: day, duration: minutes }).returning();
      await recordEvent(tx, ctx, { name: "time-spent:new", projectId: taskRow.projectId, data: { time_spent_id: row.id } });
    }
    await refreshTaskDuration(tx, ctx, taskId, taskRow.projectId);
    return { ...row, projectId: taskRow.projectId };
  });
}

/** Sets the minutes a person spent on a task on a date, replacing any earlier value; events time-spent:new or :update, task:update. */
export function setTimeSpent(ctx: RequestContext, taskId: string, personId: string, date: string, duration: number): Promise<TimeSpentRow> {
  return writeTimeSpent(ctx, taskId, personId, date, duration, false);
}

/** Adds minutes to the time a person spent on a task on a date; events time-spent:new or :update, task:update. */
export function addTimeSpent(ctx: RequestContext, taskId: string, personId: string, date: string, duration: number): Promise<TimeSpentRow> {
  return writeTimeSpent(ctx, taskId, personId, date, duration, true);
}

/** Deletes a time spent under the same rules as logging it; events time-spent:delete, task:update. */
export async function deleteTimeSpent(ctx: RequestContext, timeSpentId: string): Promise<TimeSpentRow> {
  const existing = await getReadableTimeSpent(ctx, timeSpentId);
  if (existing.taskId === null || existing.personId === null) throw new ForbiddenError();
  const projectId = existing.projectId!;
  await assertCanLogTime(ctx, { id: existing.taskId, projectId }, existing.personId);

  return ctx.db.transaction(async (tx) => {
    await tx.delete(timeSpent).where(eq(timeSpent.id, timeSpentId));
    await recordEvent(tx, ctx, { name: "time-spent:delete", projectId, data: { time_spent_id: timeSpentId } });
    await refreshTaskDuration(tx, ctx, existing.taskId!, projectId);
    return existing;
  });
}

/** Whether the viewer may read a person's days off: themselves, admins and managers. */
export function canReadDaysOff(viewer: Viewer, personId: string | null): boolean {
  return isManager(viewer) || viewer.id === personId;
}

function assertCanEditDaysOff(viewer: Viewer, personId: string | null): void {
  if (!isAdmin(viewer) && viewer.id !== personId) throw new ForbiddenError();
}

export async function getReadableDayOff(ctx: RequestContext, dayOffId: string): Promise<DayOffRow> {
  const viewer = requireViewer(ctx);
  const row = await ctx.loaders.dayOffById.load(dayOffId);
  if (row === null) throw new NotFoundError("Day off not found.");
  if (!canReadDaysOff(viewer, row.personId)) throw new ForbiddenError();
  return row;
}

async function assertNoOverlap(tx: Orm, personId: string, date: string, endDate: string, exceptId?: string): Promise<void> {
  const rows = await tx
    .select({ id: dayOff.id })
    .from(dayOff)
    .where(and(eq(dayOff.personId, personId), lte(dayOff.date, endDate), gte(dayOff.endDate, date), exceptId === undefined ? undefined : ne(dayOff.id, exceptId)))
    .limit(1);
  if (rows.length > 0) throw new BadRequestError("Day off already exists for this period");
}

/** Removes the time logged on the days a day off covers, as Zou does, keeping task durations right. */
async function removeCoveredTimeSpents(tx: Orm, ctx: RequestContext, personId: string, date: string, endDate: string): Promise<void> {
  const removed = await tx
    .delete(timeSpent)
    .where(and(eq(timeSpent.personId, personId), gte(timeSpent.date, date), lte(timeSpent.date, endDate)))
    .returning({ id: timeSpent.id, taskId: timeSpent.taskId });
  const taskIds = [...new Set(removed.map((row) => row.taskId).filter((id): id is string => id !== null))];
  for (const taskId of taskIds) {
    const [taskRow] = await tx.select({ projectId: task.projectId }).from(task).where(eq(task.id, taskId));
    if (taskRow?.projectId == null) continue;
    for (const row of removed.filter((item) => item.taskId === taskId)) {
      await recordEvent(tx, ctx, { name: "time-spent:delete", projectId: taskRow.projectId, data: { time_spent_id: row.id } });
    }
    await refreshTaskDuration(tx, ctx, taskId, taskRow.projectId);
  }
}

function checkDayOffDates(date: string, endDate: string): void {
  requireDate(date, "date");
  requireDate(endDate, "endDate");
  if (date > endDate) throw new BadRequestError("date must not be after endDate.", { field: "endDate" });
}

/** Creates a day off for a person (the person or an admin); event day-off:new. */
export async function createDayOff(ctx: RequestContext, personId: string, input: DayOffInput): Promise<DayOffRow> {
  const viewer = requireViewer(ctx);
  if (input.date == null) throw new BadRequestError("date is required.", { field: "date" });
  const date = input.date;
  const endDate = input.endDate ?? date;
  checkDayOffDates(date, endDate);
  const description = optionalText(input.description, "description", 10_000) ?? null;
  if ((await ctx.loaders.personById.load(personId)) === null) throw new NotFoundError("Person not found.");
  assertCanEditDaysOff(viewer, personId);

  return ctx.db.transaction(async (tx) => {
    await assertNoOverlap(tx, personId, date, endDate);
    const [row] = await tx.insert(dayOff).values({ personId, date, endDate, description }).returning();
    await removeCoveredTimeSpents(tx, ctx, personId, date, endDate);
    await recordEvent(tx, ctx, { name: "day-off:new", data: { day_off_id: row.id } });
    return row;
  });
}

/** Changes a day off's dates or description (the person or an admin); event day-off:update. */
export async function updateDayOff(ctx: RequestContext, dayOffId: string, input: DayOffInput): Promise<DayOffRow> {
  const viewer = requireViewer(ctx);
  const existing = await getReadableDayOff(ctx, dayOffId);
  assertCanEditDaysOff(viewer, existing.personId);
  const date = input.date ?? existing.date;
  const endDate = input.endDate ?? existing.endDate;
  checkDayOffDates(date, endDate);
  const description = input.description === undefined ? existing.description : (optionalText(input.description, "description", 10_000) ?? null);
  const personId = existing.personId!;

  return ctx.db.transaction(async (tx) => {
    await assertNoOverlap(tx, personId, date, endDate, dayOffId);
    const [row] = await tx.update(dayOff).set({ date, endDate, description }).where(eq(dayOff.id, dayOffId)).returning();
    await removeCoveredTimeSpents(tx, ctx, personId, date, endDate);
    await recordEvent(tx, ctx, { name: "day-off:update", data: { day_off_id: dayOffId } });
    return row;
  });
}

/** Deletes a day off (the person or an admin); event day-off:delete. */
export async function deleteDayOff(ctx: RequestContext, dayOffId: string): Promise<DayOffRow> {
  const viewer = requireViewer(ctx);
  const existing = await getReadableDayOff(ctx, dayOffId);
  assertCanEditDaysOff(viewer, existing.personId);

  return ctx.db.transaction(async (tx) => {
    await tx.delete(dayOff).where(eq(dayOff.id, dayOffId));
    await recordEvent(tx, ctx, { name: "day-off:delete", data: { day_off_id: dayOffId } });
    return existing;
  });
}

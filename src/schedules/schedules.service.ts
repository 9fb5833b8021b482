import { and, eq, inArray, isNull } from "drizzle-orm";
import { milestone, scheduleItem } from "../../schema/schedules.js";
import { task, taskType } from "../../schema/tasks.js";
import { assertProjectManager, effectiveProjectRole, getReadableProject } from "../auth/permissions.js";
import type { GlobalRole, RequestContext } from "../context.js";
import { BadRequestError, ForbiddenError, NotFoundError } from "../errors.js";
import { recordEvent } from "../events/events.service.js";
import { optionalDate, optionalId, requireDate, requireText, requireWholeNumber } from "../misc/input-checks.js";
import type { MilestoneInput, ScheduleItemInput } from "./schedule.type.js";
import type { MilestoneRow, ScheduleItemRow } from "./schedules.loaders.js";

export { addTimeSpent, createDayOff, deleteDayOff, deleteTimeSpent, setTimeSpent, updateDayOff } from "./time-spents.service.js";
export { createBudget, createBudgetEntry, deleteBudget, deleteBudgetEntry, updateBudget, updateBudgetEntry } from "./budgets.service.js";

// Schedule items and milestones. Zou lets every team member but vendors read
// a project's schedule, managers plan it, and supervisors move its dates.

/** Whether a person with this role in a project may read its schedule. */
export function canReadSchedule(role: GlobalRole | null): boolean {
  return role !== null && role !== "vendor";
}

/** Throws NOT_FOUND for an unknown project, FORBIDDEN outside its team and for vendors. */
export async function assertCanReadSchedule(ctx: RequestContext, projectId: string): Promise<void> {
  await getReadableProject(ctx, projectId);
  if (!canReadSchedule(await effectiveProjectRole(ctx, projectId))) throw new ForbiddenError();
}

async function assertTaskTypeExists(ctx: RequestContext, taskTypeId: string | null | undefined): Promise<void> {
  if (taskTypeId === null || taskTypeId === undefined) return;
  const rows = await ctx.db.orm.select({ id: taskType.id }).from(taskType).where(eq(taskType.id, taskTypeId)).limit(1);
  if (rows.length === 0) throw new NotFoundError("Task type not found.");
}

function checkDateRange(startDate: string | null | undefined, endDate: string | null | undefined): void {
  if (typeof startDate === "string" && typeof endDate === "string" && startDate > endDate) {
    throw new BadRequestError("startDate must not be after endDate.", { field: "endDate" });
  }
}

export async function getReadableScheduleItem(ctx: RequestContext, itemId: string): Promise<ScheduleItemRow> {
  const row = await ctx.loaders.scheduleItemById.load(itemId);
  if (row === null || row.projectId === null) throw new NotFoundError("Schedule item not found.");
  await assertCanReadSchedule(ctx, row.projectId);
  return row;
}

/** Creates a schedule item for a task type, optionally scoped to an object (manager of the project); event schedule-item:new. */
export async function createScheduleItem(
  ctx: RequestContext,
  projectId: string,
  taskTypeId: string,
  objectId: string | null,
  input: ScheduleItemInput,
): Promise<ScheduleItemRow> {
  const startDate = optionalDate(input.startDate, "startDate") ?? null;
  const endDate = optionalDate(input.endDate, "endDate") ?? null;
  checkDateRange(startDate, endDate);
  const manDays = input.manDays == null ? null : requireWholeNumber(input.manDays, "manDays");
  await assertProjectManager(ctx, projectId);
  await assertTaskTypeExists(ctx, taskTypeId);

  return ctx.db.transaction(async (tx) => {
    const [row] = await tx.insert(scheduleItem).values({ projectId, taskTypeId, objectId, startDate, endDate, manDays }).returning();
    await recordEvent(tx, ctx, { name: "schedule-item:new", projectId, data: { schedule_item_id: row.id } });
    return row;
  });
}

/** Changes a schedule item's dates or man-days (admin, or manager or supervisor of the project); event schedule-item:update. */
export async function updateScheduleItem(ctx: RequestContext, itemId: string, input: ScheduleItemInput): Promise<ScheduleItemRow> {
  const existing = await getReadableScheduleItem(ctx, itemId);
  const projectId = existing.projectId!;
  const role = await effectiveProjectRole(ctx, projectId);
  if (role !== "admin" && role !== "manager" && role !== "supervisor") throw new ForbiddenError();

  const values: Partial<typeof scheduleItem.$inferInsert> = {};
  if (input.startDate !== undefined) values.startDate = optionalDate(input.startDate, "startDate");
  if (input.endDate !== undefined) values.endDate = optionalDate(input.endDate, "endDate");
  if (input.manDays !== undefined) values.manDays = input.manDays === null ? null : requireWholeNumber(input.manDays, "manDays");
  checkDateRange(values.startDate ?? existing.startDate, values.endDate ?? existing.endDate);

  return ctx.db.transaction(async (tx) => {
    const [row] = Object.keys(values).length > 0 ? await tx.update(scheduleItem).set(values).where(eq(scheduleItem.id, itemId)).returning() : [existing];
    await recordEvent(tx, ctx, { name: "schedule-item:update", projectId, data: { schedule_item_id: itemId } });
    return row;
  });
}

/** Deletes a schedule item (manager of the project); event schedule-item:delete. */
export async function deleteScheduleItem(ctx: RequestContext, itemId: string): Promise<ScheduleItemRow> {
  const existing = await getReadableScheduleItem(ctx, itemId);
  await assertProjectManager(ctx, existing.projectId!);

  return ctx.db.transaction(async (tx) => {
    await tx.delete(scheduleItem).where(eq(scheduleItem.id, itemId));
    await recordEvent(tx, ctx, { name: "schedule-item:delete", projectId: existing.projectId, data: { schedule_item_id: itemId } });
    return existing;
  });
}

export async function getReadableMilestone(ctx: RequestContext, milestoneId: string): Promise<MilestoneRow> {
  const row = await ctx.loaders.milestoneById.load(milestoneId);
  if (row === null || row.projectId === null) throw new NotFoundError("Milestone not found.");
  await assertCanReadSchedule(ctx, row.projectId);
  return row;
}

/** Creates a milestone (manager of the project); event milestone:new. */
export async function createMilestone(ctx: RequestContext, projectId: string, input: MilestoneInput): Promise<MilestoneRow> {
  if (input.name == null) throw new BadRequestError("name is required.", { field: "name" });
  if (input.date == null) throw new BadRequestError("date is required.", { field: "date" });
  const name = requireText(input.name, "name", 40);
  const date = requireDate(input.date, "date");
  const taskTypeId = optionalId(input.taskTypeId) ?? null;
  await assertProjectManager(ctx, projectId);
  await assertTaskTypeExists(ctx, taskTypeId);

  return ctx.db.transaction(async (tx) => {
    const [row] = await tx.insert(milestone).values({ projectId, name, date, taskTypeId }).returning();
    await recordEvent(tx, ctx, { name: "milestone:new", projectId, data: { milestone_id: row.id } });
    return row;
  });
}

/** Updates a milestone (manager of the project); event milestone:update. */
export async function updateMilestone(ctx: RequestContext, milestoneId: string, input: MilestoneInput): Promise<MilestoneRow> {
  const existing = await getReadableMilestone(ctx, milestoneId);
  await assertProjectManager(ctx, existing.projectId!);
  const values: Partial<typeof milestone.$inferInsert> = {};
  if (input.name != null) values.name = requireText(input.name, "name", 40);
  if (input.date != null) values.date = requireDate(input.date, "date");
  if (input.taskTypeId !== undefined) {
    values.taskTypeId = optionalId(input.taskTypeId) ?? null;
    await assertTaskTypeExists(ctx, values.taskTypeId);
  }

  return ctx.db.transaction(async (tx) => {
    const [row] = Object.keys(values).length > 0 ? await tx.update(milestone).set(values).where(eq(milestone.id, milestoneId)).returning() : [existing];
    await recordEvent(tx, ctx, { name: "milestone:update", projectId: existing.projectId, data: { milestone_id: milestoneId } });
    return row;
  });
}

/** Deletes a milestone (manager of the project); event milestone:delete. */
export async function deleteMilestone(ctx: RequestContext, milestoneId: string): Promise<MilestoneRow> {
  const existing = await getReadableMilestone(ctx, milestoneId);
  await assertProjectManager(ctx, existing.projectId!);

  return ctx.db.transaction(async (tx) => {
    await tx.delete(milestone).where(eq(milestone.id, milestoneId));
    await recordEvent(tx, ctx, { name: "milestone:delete", projectId: existing.projectId, data: { milestone_id: milestoneId } });
    return existing;
  });
}

const SCHEDULED_FOR_ENTITIES = ["Asset", "Shot", "Sequence", "Episode", "Edit"];

function isoDate(date: Date): string {
  return date.toISOString().slice(0, 10);
}

/**
 * Returns the project-level schedule items of the task types used by the
 * project's tasks, sorted by start date, creating the missing ones (today to
 * tomorrow) as Zou does when the schedule page opens. Items of task types no
 * longer used stay stored but are not returned.
 */
export async function ensureTaskTypeScheduleItems(ctx: RequestContext, projectId: string): Promise<ScheduleItemRow[]> {
  // Zou returns an empty list to an admin for an unknown project.
  if (ctx.viewer?.role === "admin" && (await ctx.loaders.projectById.load(projectId)) === null) return [];
  await assertCanReadSchedule(ctx, projectId);
  return ctx.db.transaction(async (tx) => {
    const used = await tx
      .selectDistinct({ id: taskType.id })
      .from(task)
      .innerJoin(taskType, eq(taskType.id, task.taskTypeId))
      .where(and(eq(task.projectId, projectId), inArray(taskType.forEntity, SCHEDULED_FOR_ENTITIES)));
    const usedIds = used.map((row) => row.id);
    if (usedIds.length === 0) return [];
    const existing = await tx
      .select()
      .from(scheduleItem)
      .where(and(eq(scheduleItem.projectId, projectId), isNull(scheduleItem.objectId), inArray(scheduleItem.taskTypeId, usedIds)));
    const known = new Set(existing.map((row) => row.taskTypeId));
    const today = new Date();
    const tomorrow = new Date(today.getTime() + 24 * 60 * 60 * 1000);
    const items = [...existing];
    for (const taskTypeId of usedIds) {
      if (known.has(taskTypeId)) continue;
      const [row] = await tx.insert(scheduleItem).values({ projectId, taskTypeId, objectId: null, startDate: isoDate(today), endDate: isoDate(tomorrow) }).returning();
      await recordEvent(tx, ctx, { name: "schedule-item:new", projectId, data: { schedule_item_id: row.id } });
      items.push(row);
    }
    return items.sort((a, b) => (a.startDate ?? "").localeCompare(b.startDate ?? ""));
  });
}

import { eq, getTableColumns } from "drizzle-orm";
import { budget, budgetEntry, dayOff, milestone, scheduleItem, timeSpent } from "../../schema/schedules.js";
import { task } from "../../schema/tasks.js";
import type { RequestContext } from "../context.js";
import { groupLoader, idIn, rowLoader } from "../db/loader.js";

export type ScheduleItemRow = typeof scheduleItem.$inferSelect;
export type MilestoneRow = typeof milestone.$inferSelect;
export type DayOffRow = typeof dayOff.$inferSelect;
export type BudgetRow = typeof budget.$inferSelect;
export type BudgetEntryRow = typeof budgetEntry.$inferSelect;
/** A time spent with the project of its task, which decides who may read it. */
export type TimeSpentRow = typeof timeSpent.$inferSelect & { projectId: string | null };

export const timeSpentColumns = { ...getTableColumns(timeSpent), projectId: task.projectId };

export function createScheduleLoaders(ctx: RequestContext) {
  const orm = ctx.db.orm;
  const selectTimeSpents = () => orm.select(timeSpentColumns).from(timeSpent).leftJoin(task, eq(task.id, timeSpent.taskId));
  return {
    scheduleItemById: rowLoader(
      (ids) => orm.select().from(scheduleItem).where(idIn(scheduleItem.id, ids)),
      (row) => row.id,
    ),
    scheduleItemsByProjectId: groupLoader(
      (ids) => orm.select().from(scheduleItem).where(idIn(scheduleItem.projectId, ids)),
      (row) => row.projectId ?? "",
    ),
    milestoneById: rowLoader(
      (ids) => orm.select().from(milestone).where(idIn(milestone.id, ids)),
      (row) => row.id,
    ),
    milestonesByProjectId: groupLoader(
      (ids) => orm.select().from(milestone).where(idIn(milestone.projectId, ids)),
      (row) => row.projectId ?? "",
    ),
    dayOffById: rowLoader(
      (ids) => orm.select().from(dayOff).where(idIn(dayOff.id, ids)),
      (row) => row.id,
    ),
    dayOffsByPersonId: groupLoader(
      (ids) => orm.select().from(dayOff).where(idIn(dayOff.personId, ids)),
      (row) => row.personId ?? "",
    ),
    timeSpentById: rowLoader<TimeSpentRow>(
      (ids) => selectTimeSpents().where(idIn(timeSpent.id, ids)),
      (row) => row.id,
    ),
    timeSpentsByPersonId: groupLoader<TimeSpentRow>(
      (ids) => selectTimeSpents().where(idIn(timeSpent.personId, ids)),
      (row) => row.personId ?? "",
    ),
    timeSpentsByTaskId: groupLoader<TimeSpentRow>(
      (ids) => selectTimeSpents().where(idIn(timeSpent.taskId, ids)),
      (row) => row.taskId ?? "",
    ),
    budgetById: rowLoader(
      (ids) => orm.select().from(budget).where(idIn(budget.id, ids)),
      (row) => row.id,
    ),
    budgetsByProjectId: groupLoader(
      (ids) => orm.select().from(budget).where(idIn(budget.projectId, ids)),
      (row) => row.projectId ?? "",
    ),
    budgetEntryById: rowLoader(
      (ids) => orm.select().from(budgetEntry).where(idIn(budgetEntry.id, ids)),
      (row) => row.id,
    ),
    budgetEntriesByBudgetId: groupLoader(
      (ids) => orm.select().from(budgetEntry).where(idIn(budgetEntry.budgetId, ids)),
      (row) => row.budgetId,
    ),
  };
}

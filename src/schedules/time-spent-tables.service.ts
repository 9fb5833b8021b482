import { and, eq, gte, inArray, lte, sql, type SQL } from "drizzle-orm";
import { person } from "../../schema/people.js";
import { timeSpent } from "../../schema/schedules.js";
import { task, taskType } from "../../schema/tasks.js";
import { isAdmin } from "../auth/permissions.js";
import type { RequestContext } from "../context.js";
import { requireViewer } from "../context.js";
import { BadRequestError, ForbiddenError } from "../errors.js";

// Kitsu's Timesheets page: the minutes logged per person, summed by day of a
// month, ISO week of a year, month of a year, or year. As in Zou, admins see
// everyone. Managers and supervisors see the projects they belong to, and a
// given project_id must be one of them. Supervisors also see only their
// departments, and other people see their own time. One query per table.

export type TableUnit = "day" | "week" | "month" | "year";

export interface TimeSpentTableFilters {
  projectId: string | null;
  departmentId: string | null;
  studioId: string | null;
}

/** Builds the conditions for the viewer's scope and the filters, as Zou's timesheet resources do. */
async function scopeConditions(ctx: RequestContext, filters: TimeSpentTableFilters): Promise<SQL[]> {
  const viewer = requireViewer(ctx);
  const conditions: SQL[] = [];
  let departmentIds: string[] | null = filters.departmentId === null ? null : [filters.departmentId];
  let projectIds: string[] | null = filters.projectId === null ? null : [filters.projectId];

  if (!isAdmin(viewer)) {
    if (viewer.role === "manager" || viewer.role === "supervisor") {
      const teamProjectIds = [...(await ctx.loaders.viewerTeamLinks()).keys()];
      if (filters.projectId !== null && !teamProjectIds.includes(filters.projectId)) throw new ForbiddenError();
      projectIds ??= teamProjectIds;
      if (viewer.role === "supervisor") {
        const ownDepartments = (await ctx.loaders.departmentLinksByPersonId.load(viewer.id)).map((link) => link.departmentId);
        if (filters.departmentId !== null && !ownDepartments.includes(filters.departmentId)) throw new BadRequestError("Supervisor not allowed to access this department");
        departmentIds ??= ownDepartments;
      }
    } else {
      conditions.push(eq(timeSpent.personId, viewer.id));
    }
  }

  if (projectIds !== null) conditions.push(inArray(task.projectId, projectIds.length === 0 ? ["00000000-0000-0000-0000-000000000000"] : projectIds));
  if (departmentIds !== null && departmentIds.length > 0) conditions.push(inArray(taskType.departmentId, departmentIds));
  if (filters.studioId !== null) conditions.push(eq(person.studioId, filters.studioId));
  return conditions;
}

function unitExpression(unit: TableUnit): SQL<number> {
  switch (unit) {
    case "day":
      return sql<number>`extract(day from ${timeSpent.date})::int`;
    case "week":
      return sql<number>`extract(week from ${timeSpent.date})::int`;
    case "month":
      return sql<number>`extract(month from ${timeSpent.date})::int`;
    case "year":
      return sql<number>`extract(year from ${timeSpent.date})::int`;
  }
}

/**
 * Sums the minutes per person for each unit of the period: the days of a
 * month (`year` and `month`), the ISO weeks or months of a year (`year`), or
 * every year (`unit` "year"). Keys are the unit numbers as strings, then the
 * person ids.
 */
export async function getTimeSpentTable(
  ctx: RequestContext,
  unit: TableUnit,
  period: { year?: number; month?: number },
  filters: TimeSpentTableFilters,
): Promise<Record<string, Record<string, number>>> {
  const conditions = await scopeConditions(ctx, filters);
  if (period.year !== undefined) {
    if (period.year < 1000 || period.year > 9999) throw new BadRequestError("Invalid month or year.");
    if (period.month !== undefined) {
      if (period.month < 1 || period.month > 12) throw new BadRequestError("Invalid month or year.");
      const first = new Date(Date.UTC(period.year, period.month - 1, 1)).toISOString().slice(0, 10);
      const last = new Date(Date.UTC(period.year, period.month, 0)).toISOString().slice(0, 10);
      conditions.push(gte(timeSpent.date, first), lte(timeSpent.date, last));
    } else {
      conditions.push(gte(timeSpent.date, `${period.year}-01-01`), lte(timeSpent.date, `${period.year}-12-31`));
    }
  }

  const unitValue = unitExpression(unit);
  const rows = await ctx.db.orm
    .select({ unit: unitValue, personId: timeSpent.personId, total: sql<number>`sum(${timeSpent.duration})`.mapWith(Number) })
    .from(timeSpent)
    .innerJoin(task, eq(task.id, timeSpent.taskId))
    .innerJoin(taskType, eq(taskType.id, task.taskTypeId))
    .innerJoin(person, eq(person.id, timeSpent.personId))
    .where(and(...conditions))
    .groupBy(unitValue, timeSpent.personId);

  const table: Record<string, Record<string, number>> = {};
  for (const row of rows) {
    if (row.personId === null) continue;
    (table[String(row.unit)] ??= {})[row.personId] = row.total;
  }
  return table;
}

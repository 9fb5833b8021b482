import { and, asc, desc, eq, gte, inArray, lte, type SQL } from "drizzle-orm";
import { dayOff, timeSpent } from "../../schema/schedules.js";
import { projectPersonLink } from "../../schema/projects.js";
import { task, taskType } from "../../schema/tasks.js";
import { effectiveProjectRole, getReadableProject, isAdmin } from "../auth/permissions.js";
import type { RequestContext } from "../context.js";
import { requireViewer } from "../context.js";
import { BadRequestError, ForbiddenError, NotFoundError } from "../errors.js";
import { toZouJson, type ZouJson } from "../rest/zou-json.js";

// Timesheet reads of Kitsu's person page and team schedule: the time a
// person logged on one day, and days off by month, by date and by project
// team. Each read is one query once the viewer's rights are known.

function timeSpentJson(row: typeof timeSpent.$inferSelect): ZouJson {
  return toZouJson(timeSpent, row, "TimeSpent");
}

function dayOffJson(row: typeof dayOff.$inferSelect, withDescription: boolean): ZouJson {
  return toZouJson(dayOff, row, "DayOff", withDescription ? [] : ["description"]);
}

/** Loads a person who is not a bot: Zou refuses time and day-off reads about bot accounts. */
async function getHumanPerson(ctx: RequestContext, personId: string) {
  const person = await ctx.loaders.personById.load(personId);
  if (person === null) throw new NotFoundError("Person not found.");
  if (person.isBot === true) throw new ForbiddenError();
  return person;
}

/**
 * Returns the SQL scope of a person's time the viewer may read, as Zou
 * scopes it. Admins and the person themselves read everything. Managers read
 * the projects they belong to, and supervisors those projects within their
 * departments. Other roles get FORBIDDEN.
 */
async function timeSpentScope(ctx: RequestContext, personId: string): Promise<SQL | undefined> {
  const viewer = requireViewer(ctx);
  if (isAdmin(viewer) || viewer.id === personId) return undefined;
  if (viewer.role !== "manager" && viewer.role !== "supervisor") throw new ForbiddenError();
  const projectIds = [...(await ctx.loaders.viewerTeamLinks()).keys()];
  const conditions: SQL[] = [inArray(task.projectId, projectIds.length === 0 ? ["00000000-0000-0000-0000-000000000000"] : projectIds)];
  if (viewer.role === "supervisor") {
    const departmentIds = (await ctx.loaders.departmentLinksByPersonId.load(viewer.id)).map((link) => link.departmentId);
    if (departmentIds.length > 0) conditions.push(inArray(taskType.departmentId, departmentIds));
  }
  return and(...conditions);
}

/** Lists the time a person logged on a date, within what the viewer may read. */
export async function listPersonTimeSpentsOfDay(ctx: RequestContext, personId: string, date: string): Promise<ZouJson[]> {
  const person = await getHumanPerson(ctx, personId);
  const scope = await timeSpentScope(ctx, person.id);
  const rows = await ctx.db.orm
    .select({ timeSpent })
    .from(timeSpent)
    .innerJoin(task, eq(task.id, timeSpent.taskId))
    .innerJoin(taskType, eq(taskType.id, task.taskTypeId))
    .where(and(eq(timeSpent.personId, person.id), eq(timeSpent.date, date), scope))
    .orderBy(asc(timeSpent.createdAt), asc(timeSpent.id));
  return rows.map((row) => timeSpentJson(row.timeSpent));
}

/** Returns the first and last day of a month, or BAD_USER_INPUT for a month that does not exist. */
function monthBounds(year: number, month: number): { first: string; last: string } {
  if (!Number.isInteger(year) || !Number.isInteger(month) || year < 1000 || year > 9999 || month < 1 || month > 12) {
    throw new BadRequestError("Wrong date format.");
  }
  const first = new Date(Date.UTC(year, month - 1, 1));
  const last = new Date(Date.UTC(year, month, 0));
  return { first: first.toISOString().slice(0, 10), last: last.toISOString().slice(0, 10) };
}

/** Lists the days off overlapping a month: everyone's for admins, the viewer's own for anyone else, as in Zou. */
export async function listDayOffsOfMonth(ctx: RequestContext, year: number, month: number): Promise<ZouJson[]> {
  const viewer = requireViewer(ctx);
  const { first, last } = monthBounds(year, month);
  const conditions: SQL[] = [lte(dayOff.date, last), gte(dayOff.endDate, first)];
  if (!isAdmin(viewer)) conditions.push(eq(dayOff.personId, viewer.id));
  const rows = await ctx.db.orm.select().from(dayOff).where(and(...conditions)).orderBy(asc(dayOff.date), asc(dayOff.id));
  return rows.map((row) => dayOffJson(row, true));
}

/** Returns the person's day off covering a date, or an empty object; the person themselves or an admin. */
export async function getPersonDayOffOfDate(ctx: RequestContext, personId: string, date: string): Promise<ZouJson> {
  const viewer = requireViewer(ctx);
  const person = await getHumanPerson(ctx, personId);
  if (!isAdmin(viewer) && viewer.id !== person.id) throw new ForbiddenError();
  const [row] = await ctx.db.orm
    .select()
    .from(dayOff)
    .where(and(eq(dayOff.personId, person.id), lte(dayOff.date, date), gte(dayOff.endDate, date)))
    .limit(1);
  return row === undefined ? {} : dayOffJson(row, true);
}

/**
 * Lists the days off of a project's team overlapping the dates, keyed by
 * person id. Clients and vendors get FORBIDDEN. The descriptions are shown to
 * managers and to each person for their own days off only.
 */
export async function listProjectDayOffs(ctx: RequestContext, projectId: string, startDate: string | null, endDate: string | null): Promise<Record<string, ZouJson[]>> {
  const viewer = requireViewer(ctx);
  await getReadableProject(ctx, projectId);
  const role = await effectiveProjectRole(ctx, projectId);
  if (role === "client" || role === "vendor") throw new ForbiddenError();
  const seesDescriptions = role === "admin" || role === "manager";

  const team = ctx.db.orm.select({ personId: projectPersonLink.personId }).from(projectPersonLink).where(eq(projectPersonLink.projectId, projectId));
  const conditions: SQL[] = [inArray(dayOff.personId, team)];
  if (startDate !== null) conditions.push(gte(dayOff.endDate, startDate));
  if (endDate !== null) conditions.push(lte(dayOff.date, endDate));
  const rows = await ctx.db.orm.select().from(dayOff).where(and(...conditions)).orderBy(asc(dayOff.date), asc(dayOff.id));

  const byPerson: Record<string, ZouJson[]> = {};
  for (const row of rows) {
    if (row.personId === null) continue;
    (byPerson[row.personId] ??= []).push(dayOffJson(row, seesDescriptions || row.personId === viewer.id));
  }
  return byPerson;
}

/** Lists the time logged on a task type's tasks in a project between optional dates, latest first, keyed by person id (manager of the project). */
export async function listProjectTaskTypeTimeSpents(ctx: RequestContext, projectId: string, taskTypeId: string, startDate: string | null, endDate: string | null): Promise<Record<string, ZouJson[]>> {
  await getReadableProject(ctx, projectId);
  const role = await effectiveProjectRole(ctx, projectId);
  if (role !== "admin" && role !== "manager") throw new ForbiddenError();

  const conditions: SQL[] = [eq(task.projectId, projectId), eq(task.taskTypeId, taskTypeId)];
  if (startDate !== null) conditions.push(gte(timeSpent.date, startDate));
  if (endDate !== null) conditions.push(lte(timeSpent.date, endDate));
  const rows = await ctx.db.orm
    .select({ timeSpent })
    .from(timeSpent)
    .innerJoin(task, eq(task.id, timeSpent.taskId))
    .where(and(...conditions))
    .orderBy(desc(timeSpent.date), asc(timeSpent.id));

  const byPerson: Record<string, ZouJson[]> = {};
  for (const row of rows) {
    if (row.timeSpent.personId === null) continue;
    (byPerson[row.timeSpent.personId] ??= []).push(timeSpentJson(row.timeSpent));
  }
  return byPerson;
}

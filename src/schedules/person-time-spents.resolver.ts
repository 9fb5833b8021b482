import { and, eq, gte, inArray, lt, lte, sql, sum, type SQL } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import { Arg, Ctx, ID, Int, Query, Resolver } from "type-graphql";
import { entity, entityType } from "../../schema/entities.js";
import { project } from "../../schema/projects.js";
import { timeSpent } from "../../schema/schedules.js";
import { task, taskType } from "../../schema/tasks.js";
import { isAdmin, readableProjectIds } from "../auth/permissions.js";
import { requireViewer, type RequestContext } from "../context.js";
import { BadRequestError, ForbiddenError, NotFoundError } from "../errors.js";
import { JSON } from "../graphql/scalars.js";
import { parseId } from "../ids.js";
import { requireDate } from "../misc/input-checks.js";
import { toZouJson, type ZouJson } from "../rest/zou-json.js";

// A person's time spents in Zou's JSON: raw entries over a date range or a
// month, and per-task totals over an ISO week or a year, each read in one
// query whatever the number of entries.

/** Zou refuses time spent reads about bot accounts. */
export async function getHumanPerson(ctx: RequestContext, personId: string) {
  const person = await ctx.loaders.personById.load(parseId(personId));
  if (person === null) throw new NotFoundError("Person not found.");
  if (person.isBot === true) throw new ForbiddenError();
  return person;
}

function entryJson(row: typeof timeSpent.$inferSelect): ZouJson {
  return toZouJson(timeSpent, row as unknown as Record<string, unknown>, "TimeSpent");
}

/** Reads Zou's optional start_date/end_date pair: both or neither. */
function dateRange(startDate: string | null, endDate: string | null): { start: string; end: string } | null {
  if (startDate === null && endDate === null) return null;
  if (startDate === null || endDate === null) {
    throw new BadRequestError("If querying for a range of dates, both a `start_date` and an `end_date` must be given.");
  }
  return { start: requireDate(startDate, "start_date"), end: requireDate(endDate, "end_date") };
}

async function listEntries(ctx: RequestContext, personId: string, range: { start: string; end: string } | null) {
  const conditions: SQL[] = [eq(timeSpent.personId, personId)];
  if (range !== null) conditions.push(gte(timeSpent.date, range.start), lte(timeSpent.date, range.end));
  const rows = await ctx.db.orm.select().from(timeSpent).where(and(...conditions)).orderBy(timeSpent.date, timeSpent.id);
  return rows.map(entryJson);
}

function formatDay(date: Date): string {
  return date.toISOString().slice(0, 10);
}

/** Returns the first day of an ISO week (its Monday) and the day after its Sunday, or null for a week the year does not have. */
function isoWeekInterval(year: number, week: number): { start: string; end: string } | null {
  const januaryFourth = new Date(Date.UTC(year, 0, 4));
  const firstMonday = new Date(januaryFourth.getTime() - ((januaryFourth.getUTCDay() + 6) % 7) * 86_400_000);
  const start = new Date(firstMonday.getTime() + (week - 1) * 7 * 86_400_000);
  const end = new Date(start.getTime() + 7 * 86_400_000);
  // A year has week 53 only when its 28 December falls in week 53.
  const lastWeekStart = new Date(Date.UTC(year, 11, 28));
  if (week < 1 || start > lastWeekStart) return null;
  return { start: formatDay(start), end: formatDay(end) };
}

/**
 * Returns which of a person's time spents the viewer may total, as Zou scopes
 * them. Admins and the person themselves see everything. Managers see the
 * projects they belong to, and supervisors those projects within their departments.
 */
async function totalsScope(ctx: RequestContext, personId: string): Promise<{ projectIds: string[] | null; departmentIds: string[] | null }> {
  const viewer = requireViewer(ctx);
  if (isAdmin(viewer) || viewer.id === personId) return { projectIds: null, departmentIds: null };
  if (viewer.role !== "manager" && viewer.role !== "supervisor") throw new ForbiddenError();
  const projectIds = (await readableProjectIds(ctx)) ?? [];
  if (viewer.role === "manager") return { projectIds, departmentIds: null };
  const departments = await ctx.loaders.departmentLinksByPersonId.load(viewer.id);
  return { projectIds, departmentIds: departments.map((link) => link.departmentId) };
}

/** Per-task totals of a person between two dates (end excluded), with the names Zou's time sheets show. */
export async function taskTotals(ctx: RequestContext, personId: string, start: string, end: string, projectId: string | null): Promise<ZouJson[]> {
  const scope = await totalsScope(ctx, personId);
  if (projectId !== null && scope.projectIds !== null && !scope.projectIds.includes(projectId)) throw new ForbiddenError();
  const sequence = alias(entity, "sequence");
  const episode = alias(entity, "episode");

  const conditions: (SQL | undefined)[] = [eq(timeSpent.personId, personId), gte(timeSpent.date, start), lt(timeSpent.date, end)];
  if (projectId !== null) conditions.push(eq(task.projectId, projectId));
  else if (scope.projectIds !== null) conditions.push(scope.projectIds.length === 0 ? sql`false` : inArray(task.projectId, scope.projectIds));
  if (scope.departmentIds !== null && scope.departmentIds.length > 0) conditions.push(inArray(taskType.departmentId, scope.departmentIds));

  const rows = await ctx.db.orm
    .select({
      taskId: task.id,
      taskTypeId: task.taskTypeId,
      projectId: project.id,
      projectName: project.name,
      entityName: entity.name,
      entityTypeName: entityType.name,
      sequenceName: sequence.name,
      episodeName: episode.name,
      duration: sum(timeSpent.duration).mapWith(Number),
    })
    .from(timeSpent)
    .innerJoin(task, eq(task.id, timeSpent.taskId))
    .innerJoin(project, eq(project.id, task.projectId))
    .innerJoin(entity, eq(entity.id, task.entityId))
    .innerJoin(entityType, eq(entityType.id, entity.entityTypeId))
    .leftJoin(taskType, eq(taskType.id, task.taskTypeId))
    .leftJoin(sequence, eq(sequence.id, entity.parentId))
    .leftJoin(episode, eq(episode.id, sequence.parentId))
    .where(and(...conditions))
    .groupBy(task.id, task.taskTypeId, project.id, project.name, entity.name, entityType.name, sequence.name, episode.name)
    .orderBy(project.name, entity.name, task.id);

  return rows.map((row) => ({
    task_id: row.taskId,
    task_type_id: row.taskTypeId,
    project_id: row.projectId,
    project_name: row.projectName,
    entity_name: row.entityName,
    entity_type_name: row.entityTypeName,
    sequence_name: row.sequenceName,
    episode_name: row.episodeName,
    duration: row.duration,
  }));
}

@Resolver()
export class PersonTimeSpentsResolver {
  @Query(() => JSON, {
    description: "A person's time spent entries in Zou's JSON, all of them or between startDate and endDate (both included, both or neither). Admins only; FORBIDDEN for a bot account.",
  })
  async personTimeSpentsJson(
    @Arg("personId", () => ID) personId: string,
    @Arg("startDate", () => String, { nullable: true }) startDate: string | null,
    @Arg("endDate", () => String, { nullable: true }) endDate: string | null,
    @Ctx() ctx: RequestContext,
  ): Promise<ZouJson[]> {
    const viewer = requireViewer(ctx);
    const person = await getHumanPerson(ctx, personId);
    if (!isAdmin(viewer)) throw new ForbiddenError();
    return listEntries(ctx, person.id, dateRange(startDate ?? null, endDate ?? null));
  }

  @Query(() => JSON, { description: "The logged-in person's time spent entries in Zou's JSON, all or between startDate and endDate (both included). FORBIDDEN for bots." })
  async viewerTimeSpentsJson(
    @Arg("startDate", () => String, { nullable: true }) startDate: string | null,
    @Arg("endDate", () => String, { nullable: true }) endDate: string | null,
    @Ctx() ctx: RequestContext,
  ): Promise<ZouJson[]> {
    const viewer = requireViewer(ctx);
    if (viewer.person.isBot === true) throw new ForbiddenError();
    return listEntries(ctx, viewer.id, dateRange(startDate ?? null, endDate ?? null));
  }

  @Query(() => JSON, { description: "Every time spent entry of a person in a month, in Zou's JSON. The person themselves or an admin." })
  async personMonthTimeSpentsJson(
    @Arg("personId", () => ID) personId: string,
    @Arg("year", () => Int) year: number,
    @Arg("month", () => Int) month: number,
    @Ctx() ctx: RequestContext,
  ): Promise<ZouJson[]> {
    const viewer = requireViewer(ctx);
    const person = await getHumanPerson(ctx, personId);
    if (!isAdmin(viewer) && viewer.id !== person.id) throw new ForbiddenError();
    if (month < 1 || month > 12 || year < 1 || year > 9999) throw new BadRequestError("Invalid month or year.");
    const start = formatDay(new Date(Date.UTC(year, month - 1, 1)));
    const end = formatDay(new Date(Date.UTC(year, month, 1)));
    const rows = await ctx.db.orm
      .select()
      .from(timeSpent)
      .where(and(eq(timeSpent.personId, person.id), gte(timeSpent.date, start), lt(timeSpent.date, end)))
      .orderBy(timeSpent.date, timeSpent.id);
    return rows.map(entryJson);
  }

  @Query(() => JSON, {
    description:
      "A person's time spent per task over an ISO week, in Zou's time sheet JSON. The person and admins see all; managers their projects; supervisors their projects within their departments; others get FORBIDDEN.",
  })
  async personWeekTimeSpentsJson(
    @Arg("personId", () => ID) personId: string,
    @Arg("year", () => Int) year: number,
    @Arg("week", () => Int) week: number,
    @Arg("projectId", () => ID, { nullable: true }) projectId: string | null,
    @Ctx() ctx: RequestContext,
  ): Promise<ZouJson[]> {
    const person = await getHumanPerson(ctx, personId);
    const interval = year >= 1 && year <= 9999 ? isoWeekInterval(year, week) : null;
    if (interval === null) throw new BadRequestError("Invalid date format.");
    return taskTotals(ctx, person.id, interval.start, interval.end, projectId === null || projectId === undefined ? null : parseId(projectId));
  }

  @Query(() => JSON, { description: "A person's time spent per task over a year, under the same rules as personWeekTimeSpentsJson." })
  async personYearTimeSpentsJson(
    @Arg("personId", () => ID) personId: string,
    @Arg("year", () => Int) year: number,
    @Arg("projectId", () => ID, { nullable: true }) projectId: string | null,
    @Ctx() ctx: RequestContext,
  ): Promise<ZouJson[]> {
    const person = await getHumanPerson(ctx, personId);
    if (year < 1 || year > 9998) throw new BadRequestError("Invalid date format.");
    const start = `${String(year).padStart(4, "0")}-01-01`;
    const end = `${String(year + 1).padStart(4, "0")}-01-01`;
    return taskTotals(ctx, person.id, start, end, projectId === null || projectId === undefined ? null : parseId(projectId));
  }
}

import { effectiveProjectRole, getReadableProject } from "../auth/permissions.js";
import { requireViewer, type RequestContext } from "../context.js";
import { ForbiddenError, NotFoundError } from "../errors.js";
import { isoWeekKey, viewerTimeZone } from "./quota-periods.js";

// Quotas of a production (Kitsu's Quotas page): frames, seconds, drawings
// and shot counts done per person (or per task type for one person), by
// day, ISO week, month and year. PostgreSQL sums the tasks per person and
// day, so a report runs three statements whatever the number of shots, and
// only the per-day rows are regrouped here by week, month and year.

export interface QuotaFilters {
  projectId: string;
  /** Quotas of one task type, keyed by person. */
  taskTypeId?: string | null;
  /** Quotas of one person, keyed by task type. */
  personId?: string | null;
  /** Only tasks with an assignee of this studio. */
  studioId?: string | null;
  weighted: boolean;
  /** Counts a shot at its feedback request (end_date) when true, at its approval (done_date) otherwise. */
  feedback: boolean;
}

interface DayRow {
  entry: string;
  day: string;
  frames: number;
  drawings: number;
  count: number;
}

type Counters = Record<"frames" | "seconds" | "count" | "drawings", Record<string, number>>;
type Period = Counters & { entries: Record<string, number> };
export type QuotaEntry = { day: Period; week: Period; month: Period; year: Counters };

/** Bound parameters and the WHERE conditions of the task filters common to the three statements. */
class TaskConditions {
  readonly params: unknown[] = [];
  readonly conditions: string[] = [];

  param(value: unknown): string {
    this.params.push(value);
    return `$${this.params.length}`;
  }

  add(condition: string): void {
    this.conditions.push(condition);
  }

  where(): string {
    return this.conditions.join(" and ");
  }
}

function baseConditions(filters: QuotaFilters, endColumn: string): TaskConditions {
  const where = new TaskConditions();
  where.add("et.name = 'Shot'");
  where.add(`t.project_id = ${where.param(filters.projectId)}`);
  where.add(`t.${endColumn} is not null`);
  if (filters.taskTypeId) where.add(`t.task_type_id = ${where.param(filters.taskTypeId)}`);
  if (filters.studioId) {
    where.add(
      `exists (select 1 from task_person_link sl join person sp on sp.id = sl.person_id where sl.task_id = t.id and sp.studio_id = ${where.param(filters.studioId)})`,
    );
  }
  return where;
}

/**
 * Weighted quotas from logged time: each time spent counts its share of the
 * task duration, on its own date (a plain calendar day, not converted).
 * Tasks with a zero duration are skipped, where Zou's weighting divides by it.
 */
async function timeSpentShares(ctx: RequestContext, filters: QuotaFilters, endColumn: string): Promise<DayRow[]> {
  const where = baseConditions(filters, endColumn);
  where.add("t.duration > 0");
  if (filters.personId) where.add(`ts.person_id = ${where.param(filters.personId)}`);
  const entry = filters.personId ? "t.task_type_id" : "ts.person_id";
  // round() on double precision rounds half to even, as Python's round().
  return ctx.db.query<DayRow>(
    `select ${entry}::text as entry, to_char(ts.date, 'YYYY-MM-DD') as day,
       sum(round(coalesce(e.nb_frames, 0) * (ts.duration / t.duration)))::float8 as frames,
       sum(round(coalesce(t.nb_drawings, 0) * (ts.duration / t.duration)))::float8 as drawings,
       sum(ts.duration / t.duration)::float8 as count
     from task t
     join entity e on e.id = t.entity_id
     join entity_type et on et.id = e.entity_type_id
     join time_spent ts on ts.task_id = t.id
     where ${where.where()}
     group by 1, 2`,
    where.params,
  );
}

/**
 * Weighted quotas of tasks without logged time: the shot is spread evenly
 * over the weekdays from its start of work (real_start_date) to its end, for
 * each assignee. As in Zou, the share of a day is 1 / (weekdays from the
 * start day to the end day, end excluded, plus one), frames per day are
 * rounded, and the task's drawings count whole on each day.
 */
async function spreadShares(ctx: RequestContext, filters: QuotaFilters, endColumn: string, timeZone: string): Promise<DayRow[]> {
  const where = baseConditions(filters, endColumn);
  where.add("t.real_start_date is not null");
  where.add("not exists (select 1 from time_spent nts where nts.task_id = t.id)");
  if (filters.personId) where.add(`l.person_id = ${where.param(filters.personId)}`);
  const zone = where.param(timeZone);
  const entry = filters.personId ? "t.task_type_id" : "l.person_id";
  return ctx.db.query<DayRow>(
    `with spans as (
       select ${entry}::text as entry, t.real_start_date as started, t.${endColumn} as ended,
         e.nb_frames, coalesce(t.nb_drawings, 0) as drawings,
         floor(extract(epoch from (t.${endColumn} - t.real_start_date)) / 86400)::int as span_days,
         (select count(*) from generate_series(t.real_start_date::date::timestamp, (t.${endColumn}::date - 1)::timestamp, interval '1 day') as bd
           where extract(isodow from bd) < 6)::int + 1 as business_days
       from task t
       join entity e on e.id = t.entity_id
       join entity_type et on et.id = e.entity_type_id
       join task_person_link l on l.task_id = t.id
       where ${where.where()}
     )
     select entry, to_char((d at time zone 'UTC') at time zone ${zone}::text, 'YYYY-MM-DD') as day,
       sum(case when nb_frames is null then 0 else round(nb_frames::float8 / business_days) end)::float8 as frames,
       sum(drawings)::float8 as drawings,
       sum(1::float8 / business_days)::float8 as count
     from spans
     cross join lateral generate_series(started, started + span_days * interval '1 day', interval '1 day') as d
     where span_days >= 0 and extract(isodow from d) < 6
     group by 1, 2`,
    where.params,
  );
}

/** Raw quotas: each assigned shot counts whole on the local day of its end. */
async function endDayCounts(ctx: RequestContext, filters: QuotaFilters, endColumn: string, timeZone: string): Promise<DayRow[]> {
  const where = baseConditions(filters, endColumn);
  if (filters.personId) where.add(`l.person_id = ${where.param(filters.personId)}`);
  const zone = where.param(timeZone);
  const entry = filters.personId ? "t.task_type_id" : "l.person_id";
  return ctx.db.query<DayRow>(
    `select ${entry}::text as entry, to_char((t.${endColumn} at time zone 'UTC') at time zone ${zone}::text, 'YYYY-MM-DD') as day,
       sum(coalesce(e.nb_frames, 0))::float8 as frames,
       sum(coalesce(t.nb_drawings, 0))::float8 as drawings,
       count(*)::float8 as count
     from task t
     join entity e on e.id = t.entity_id
     join entity_type et on et.id = e.entity_type_id
     join task_person_link l on l.task_id = t.id
     where ${where.where()}
     group by 1, 2`,
    where.params,
  );
}

function emptyCounters(): Counters {
  return { frames: {}, seconds: {}, count: {}, drawings: {} };
}

function emptyEntry(): QuotaEntry {
  return {
    day: { ...emptyCounters(), entries: {} },
    week: { ...emptyCounters(), entries: {} },
    month: { ...emptyCounters(), entries: {} },
    year: emptyCounters(),
  };
}

/** Adds one day's sums to a bucket, counting the bucket in `entries` under `group` the first time it appears. */
function addToBucket(counters: Counters & { entries?: Record<string, number> }, key: string, group: string, row: DayRow, fps: number): void {
  if (!(key in counters.frames)) {
    counters.frames[key] = 0;
    counters.seconds[key] = 0;
    counters.count[key] = 0;
    counters.drawings[key] = 0;
    if (counters.entries !== undefined) counters.entries[group] = (counters.entries[group] ?? 0) + 1;
  }
  counters.frames[key] += row.frames;
  counters.seconds[key] += row.frames / fps;
  counters.count[key] += row.count;
  counters.drawings[key] += row.drawings;
}

/** Groups per-day rows into Zou's quota entries, each also summed under the `total` entry. */
export function groupQuotaRows(rows: readonly DayRow[], fps: number, weighted: boolean): Record<string, QuotaEntry> {
  const quotas: Record<string, QuotaEntry> = {};
  for (const row of rows) {
    const week = isoWeekKey(row.day);
    const month = row.day.slice(0, 7);
    const year = row.day.slice(0, 4);
    for (const key of [row.entry, "total"]) {
      quotas[key] ??= emptyEntry();
      const entry = quotas[key];
      addToBucket(entry.day, row.day, month, row, fps);
      addToBucket(entry.week, week, week.slice(0, week.indexOf("-")), row, fps);
      addToBucket(entry.month, month, year, row, fps);
      addToBucket(entry.year, year, year, row, fps);
    }
  }
  // Weighted counts are shares of shots, rounded once every share is in, as Zou does.
  if (weighted) {
    for (const entry of Object.values(quotas)) {
      for (const period of [entry.day, entry.week, entry.month, entry.year]) {
        for (const key of Object.keys(period.count)) period.count[key] = Math.round(period.count[key] * 100) / 100;
      }
    }
  }
  return quotas;
}

function projectFps(fps: string | null | undefined): number {
  const value = Number.parseFloat(fps ?? "");
  // NOTE(compat): Zou divides by the project's fps; a missing or zero fps falls back to 25 here instead of failing.
  return Number.isFinite(value) && value > 0 ? value : 25;
}

/** Computes a production's quotas in Zou's JSON for the given filters; the caller checks permissions. */
export async function computeProjectQuotas(ctx: RequestContext, filters: QuotaFilters): Promise<Record<string, QuotaEntry>> {
  const viewer = requireViewer(ctx);
  const project = await ctx.loaders.projectById.load(filters.projectId);
  if (project === null) throw new NotFoundError("Project not found.");
  const timeZone = viewerTimeZone(viewer.person.timezone);
  const endColumn = filters.feedback ? "end_date" : "done_date";

  const rows = filters.weighted
    ? [...(await timeSpentShares(ctx, filters, endColumn)), ...(await spreadShares(ctx, filters, endColumn, timeZone))]
    : await endDayCounts(ctx, filters, endColumn, timeZone);
  return groupQuotaRows(rows, projectFps(project.fps), filters.weighted);
}

/** Quotas of one task type in a production, keyed by person: any team member or admin. */
export async function getTaskTypeQuotas(ctx: RequestContext, filters: QuotaFilters & { taskTypeId: string }): Promise<Record<string, QuotaEntry>> {
  await getReadableProject(ctx, filters.projectId);
  const type = await ctx.loaders.taskTypeById.load(filters.taskTypeId);
  if (type === null) throw new NotFoundError("Task type not found.");
  return computeProjectQuotas(ctx, { ...filters, personId: null });
}

/**
 * Quotas of one person in a production, keyed by task type. Managers and
 * supervisors of the project see anyone's; other team members only their own.
 */
export async function getPersonQuotas(ctx: RequestContext, filters: QuotaFilters & { personId: string }): Promise<Record<string, QuotaEntry>> {
  const viewer = requireViewer(ctx);
  await getReadableProject(ctx, filters.projectId);
  const role = await effectiveProjectRole(ctx, filters.projectId);
  const person = await ctx.loaders.personById.load(filters.personId);
  if (person === null) throw new NotFoundError("Person not found.");
  const seesEveryone = role === "admin" || role === "manager" || role === "supervisor";
  if (!seesEveryone && viewer.id !== person.id) throw new ForbiddenError();
  return computeProjectQuotas(ctx, { ...filters, taskTypeId: null });
}

import { eq, inArray } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import { entity } from "../../schema/entities.js";
import { effectiveProjectRole, isAdmin } from "../auth/permissions.js";
import { requireViewer, type RequestContext } from "../context.js";
import { ForbiddenError, NotFoundError } from "../errors.js";
import { toZouJson, type ZouJson } from "../rest/zou-json.js";
import { getHumanPerson } from "./person-time-spents.resolver.js";
import { businessDaysBetween, viewerTimeZone } from "./quota-periods.js";

// The shots counted in one person's quota over a day, an ISO week or a
// month (the drill-down of Kitsu's Quotas page), each with its weight: the
// share of the shot done in the period. Three statements whatever the
// number of shots.

export interface QuotaShotsQuery {
  personId: string;
  /** The period in the viewer's local time: first day included, last day excluded, as `YYYY-MM-DD`. */
  start: string;
  end: string;
  projectId: string | null;
  taskTypeId: string | null;
  weighted: boolean;
  feedback: boolean;
}

/**
 * Checks the viewer may read the person's quota shots, as Zou does. A bot
 * has none. Admins and managers of the project see anyone's, and others only their own.
 */
async function assertCanReadQuotaShots(ctx: RequestContext, query: QuotaShotsQuery): Promise<void> {
  const viewer = requireViewer(ctx);
  const person = await getHumanPerson(ctx, query.personId);
  if (isAdmin(viewer) || viewer.id === person.id) return;
  if (query.projectId === null) throw new ForbiddenError();
  const project = await ctx.loaders.projectById.load(query.projectId);
  if (project === null) throw new NotFoundError("Project not found.");
  const role = await effectiveProjectRole(ctx, query.projectId);
  if (role !== "manager") throw new ForbiddenError();
}

/** Weights of the shots whose time the person logged in the period: the sum of each entry's share of the task duration, each rounded to 2 decimals. */
async function loggedWeights(ctx: RequestContext, query: QuotaShotsQuery, endColumn: string): Promise<Map<string, number>> {
  const rows = await ctx.db.query<{ id: string; weight: number }>(
    `select e.id::text as id, sum(round((ts.duration / t.duration)::numeric, 2))::float8 as weight
     from entity e
     join entity_type et on et.id = e.entity_type_id
     join task t on t.entity_id = e.id
     join time_spent ts on ts.task_id = t.id
     where et.name = 'Shot' and t.project_id = $1 and t.task_type_id = $2 and ts.person_id = $3
       and ts.date >= $4::date and ts.date < $5::date and t.${endColumn} is not null and t.duration > 0
     group by e.id`,
    [query.projectId, query.taskTypeId, query.personId, query.start, query.end],
  );
  return new Map(rows.map((row) => [row.id, row.weight]));
}

/**
 * Weights of the shots assigned to the person, without logged time, whose
 * work (real_start_date to the end date) overlaps the period: the weekdays
 * of the overlap over the weekdays of the work. The period bounds are local
 * days, converted to UTC to compare with the task dates, which are UTC.
 */
async function spreadWeights(ctx: RequestContext, query: QuotaShotsQuery, endColumn: string, timeZone: string): Promise<Map<string, number>> {
  const rows = await ctx.db.query<{ id: string; started: string; ended: string }>(
    `select e.id::text as id,
       to_char(t.real_start_date, 'YYYY-MM-DD"T"HH24:MI:SS') as started,
       to_char(t.${endColumn}, 'YYYY-MM-DD"T"HH24:MI:SS') as ended
     from entity e
     join entity_type et on et.id = e.entity_type_id
     join task t on t.entity_id = e.id
     join task_person_link l on l.task_id = t.id and l.person_id = $3
     where et.name = 'Shot' and t.project_id = $1 and t.task_type_id = $2
       and t.real_start_date is not null and t.${endColumn} is not null
       and not exists (select 1 from time_spent nts where nts.task_id = t.id)
       and t.real_start_date <= (($5::timestamp at time zone $6::text) at time zone 'UTC')
       and t.${endColumn} >= (($4::timestamp at time zone $6::text) at time zone 'UTC')
     order by e.id, t.real_start_date, t.id`,
    [query.projectId, query.taskTypeId, query.personId, query.start, query.end, timeZone],
  );

  const weights = new Map<string, number>();
  for (const row of rows) {
    if (weights.has(row.id)) continue;
    weights.set(row.id, spreadWeight(row.started, row.ended, query.start, query.end));
  }
  return weights;
}

/**
 * Returns the share of a task's weekdays that falls in the period, rounded
 * to 2 decimals. As in Zou, a task that covers the whole period on both
 * sides counts 1 / (its weekdays).
 */
export function spreadWeight(started: string, ended: string, periodStart: string, periodEnd: string): number {
  const businessDays = businessDaysBetween(started, ended) + 1;
  // Both sides as `YYYY-MM-DDTHH:MM:SS`, so the strings compare as the instants they name.
  const startsInside = started >= `${periodStart}T00:00:00`;
  const endsInside = ended <= `${periodEnd}T00:00:00`;
  let multiplier = 1;
  if (startsInside && endsInside) multiplier = businessDays;
  else if (startsInside) multiplier = businessDaysBetween(started, periodEnd) + 1;
  else if (endsInside) multiplier = businessDaysBetween(periodStart, ended) + 1;
  // NOTE(compat): Zou divides by zero for a task ending before it starts; such a task weighs 0 here.
  if (businessDays <= 0) return 0;
  return Math.round((multiplier / businessDays) * 100) / 100;
}

/** Shots assigned to the person whose end (feedback or approval) falls in the period, each weighing 1. */
async function endedShotIds(ctx: RequestContext, query: QuotaShotsQuery, endColumn: string, timeZone: string): Promise<Map<string, number>> {
  const rows = await ctx.db.query<{ id: string }>(
    `select distinct e.id::text as id
     from entity e
     join entity_type et on et.id = e.entity_type_id
     join task t on t.entity_id = e.id
     join task_person_link l on l.task_id = t.id and l.person_id = $3
     where et.name = 'Shot' and t.project_id = $1 and t.task_type_id = $2
       and t.${endColumn} between (($4::timestamp at time zone $6::text) at time zone 'UTC')
                              and (($5::timestamp at time zone $6::text) at time zone 'UTC')`,
    [query.projectId, query.taskTypeId, query.personId, query.start, query.end, timeZone],
  );
  return new Map(rows.map((row) => [row.id, 1]));
}

/** Loads the shots in Zou's JSON with their full names (`Episode / Sequence / Shot`), sorted by full name. */
async function shotsWithWeights(ctx: RequestContext, weights: Map<string, number>): Promise<ZouJson[]> {
  if (weights.size === 0) return [];
  const sequence = alias(entity, "sequence");
  const episode = alias(entity, "episode");
  const rows = await ctx.db.orm
    .select({ shot: entity, sequenceName: sequence.name, episodeName: episode.name })
    .from(entity)
    .leftJoin(sequence, eq(sequence.id, entity.parentId))
    .leftJoin(episode, eq(episode.id, sequence.parentId))
    .where(inArray(entity.id, [...weights.keys()]));

  const shots = rows.map((row) => {
    const names = [row.episodeName, row.sequenceName, row.shot.name].filter((name): name is string => name !== null);
    return { ...toZouJson(entity, row.shot as unknown as Record<string, unknown>, "Shot"), full_name: names.join(" / "), weight: weights.get(row.shot.id) ?? 0 };
  });
  // Compared by code unit, as Python sorts strings, rather than by locale.
  return shots.sort((a, b) => {
    if (a.full_name === b.full_name) return 0;
    return a.full_name < b.full_name ? -1 : 1;
  });
}

/** Lists the shots counted in a person's quota over the period, in Zou's JSON with `full_name` and `weight`. */
export async function listQuotaShots(ctx: RequestContext, query: QuotaShotsQuery): Promise<ZouJson[]> {
  const viewer = requireViewer(ctx);
  await assertCanReadQuotaShots(ctx, query);
  // Zou filters on the project and task type even when they are missing, which matches no task.
  if (query.projectId === null || query.taskTypeId === null) return [];

  const timeZone = viewerTimeZone(viewer.person.timezone);
  const endColumn = query.feedback ? "end_date" : "done_date";
  if (!query.weighted) return shotsWithWeights(ctx, await endedShotIds(ctx, query, endColumn, timeZone));

  const weights = await loggedWeights(ctx, query, endColumn);
  for (const [id, weight] of await spreadWeights(ctx, query, endColumn, timeZone)) {
    if (!weights.has(id)) weights.set(id, weight);
  }
  return shotsWithWeights(ctx, weights);
}

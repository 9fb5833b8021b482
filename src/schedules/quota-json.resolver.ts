import { Arg, Ctx, ID, Int, Query, Resolver } from "type-graphql";
import type { RequestContext } from "../context.js";
import { JSON } from "../graphql/scalars.js";
import { parseId } from "../ids.js";
import type { ZouJson } from "../rest/zou-json.js";
import { dayInterval, isoWeekInterval, monthInterval, readCountMode } from "./quota-periods.js";
import { listQuotaShots } from "./quota-shots.service.js";
import { getPersonQuotas, getTaskTypeQuotas, type QuotaEntry } from "./quotas.service.js";

// Quotas of Kitsu's Quotas page in Zou's JSON, for the REST layer and
// GraphQL alike. countMode is one of weighted (the default), weighteddone,
// feedback or done.

function optionalId(value: string | null | undefined): string | null {
  return value === null || value === undefined ? null : parseId(value);
}

/** Returns the period of a quota-shots request: an ISO week, a day, or else a month. */
function quotaPeriod(year: number, month: number | null, week: number | null, day: number | null): { start: string; end: string } {
  if (week !== null) return isoWeekInterval(year, week);
  if (day !== null) return dayInterval(year, month ?? 0, day);
  return monthInterval(year, month ?? 0);
}

@Resolver()
export class QuotaJsonResolver {
  @Query(() => JSON, {
    description:
      "Frames, seconds, drawings and shots done per person on one task type of a production, by day, ISO week, month and year, plus a `total` entry (Zou's quotas JSON). Team members and admins.",
  })
  async projectTaskTypeQuotasJson(
    @Arg("projectId", () => ID) projectId: string,
    @Arg("taskTypeId", () => ID) taskTypeId: string,
    @Arg("countMode", () => String, { nullable: true }) countMode: string | null,
    @Arg("studioId", () => ID, { nullable: true }) studioId: string | null,
    @Ctx() ctx: RequestContext,
  ): Promise<Record<string, QuotaEntry>> {
    const mode = readCountMode(countMode);
    return getTaskTypeQuotas(ctx, { projectId: parseId(projectId), taskTypeId: parseId(taskTypeId), studioId: optionalId(studioId), ...mode });
  }

  @Query(() => JSON, {
    description: "One person's quotas in a production per task type, in the shape of projectTaskTypeQuotasJson. Managers and supervisors of the project, admins, or the person.",
  })
  async projectPersonQuotasJson(
    @Arg("projectId", () => ID) projectId: string,
    @Arg("personId", () => ID) personId: string,
    @Arg("countMode", () => String, { nullable: true }) countMode: string | null,
    @Arg("studioId", () => ID, { nullable: true }) studioId: string | null,
    @Ctx() ctx: RequestContext,
  ): Promise<Record<string, QuotaEntry>> {
    const mode = readCountMode(countMode);
    return getPersonQuotas(ctx, { projectId: parseId(projectId), personId: parseId(personId), studioId: optionalId(studioId), ...mode });
  }

  @Query(() => JSON, {
    description:
      "The shots counted in a person's quota over a period with their weight and full name. Give month (with year), week (ISO, with year), or month and day. Empty without projectId and taskTypeId, as in Zou. The person, admins, or managers of projectId.",
  })
  async personQuotaShotsJson(
    @Arg("personId", () => ID) personId: string,
    @Arg("year", () => Int) year: number,
    @Arg("month", () => Int, { nullable: true }) month: number | null,
    @Arg("week", () => Int, { nullable: true }) week: number | null,
    @Arg("day", () => Int, { nullable: true }) day: number | null,
    @Arg("projectId", () => ID, { nullable: true }) projectId: string | null,
    @Arg("taskTypeId", () => ID, { nullable: true }) taskTypeId: string | null,
    @Arg("countMode", () => String, { nullable: true }) countMode: string | null,
    @Ctx() ctx: RequestContext,
  ): Promise<ZouJson[]> {
    const mode = readCountMode(countMode);
    const interval = quotaPeriod(year, month ?? null, week ?? null, day ?? null);
    return listQuotaShots(ctx, { personId: parseId(personId), ...interval, projectId: optionalId(projectId), taskTypeId: optionalId(taskTypeId), ...mode });
  }
}

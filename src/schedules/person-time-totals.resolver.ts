import { Arg, Ctx, ID, Int, Query, Resolver } from "type-graphql";
import type { RequestContext } from "../context.js";
import { JSON } from "../graphql/scalars.js";
import { parseId } from "../ids.js";
import type { ZouJson } from "../rest/zou-json.js";
import { getHumanPerson, taskTotals } from "./person-time-spents.resolver.js";
import { dayInterval, monthInterval } from "./quota-periods.js";

// A person's time spent per task over a month or a day, the drill-down of
// Kitsu's Timesheets page. The rules and the single query are those of the
// week and year totals in person-time-spents.resolver.ts.

function optionalProjectId(projectId: string | null | undefined): string | null {
  return projectId === null || projectId === undefined ? null : parseId(projectId);
}

@Resolver()
export class PersonTimeTotalsResolver {
  @Query(() => JSON, { description: "A person's time spent per task over a month, under the same rules as personWeekTimeSpentsJson. BAD_USER_INPUT for a month outside 1 to 12." })
  async personMonthTimeTotalsJson(
    @Arg("personId", () => ID) personId: string,
    @Arg("year", () => Int) year: number,
    @Arg("month", () => Int) month: number,
    @Arg("projectId", () => ID, { nullable: true }) projectId: string | null,
    @Ctx() ctx: RequestContext,
  ): Promise<ZouJson[]> {
    const person = await getHumanPerson(ctx, personId);
    const interval = monthInterval(year, month);
    return taskTotals(ctx, person.id, interval.start, interval.end, optionalProjectId(projectId));
  }

  @Query(() => JSON, { description: "A person's time spent per task on one day, under the same rules as personWeekTimeSpentsJson. BAD_USER_INPUT for a date the calendar does not have." })
  async personDayTimeTotalsJson(
    @Arg("personId", () => ID) personId: string,
    @Arg("year", () => Int) year: number,
    @Arg("month", () => Int) month: number,
    @Arg("day", () => Int) day: number,
    @Arg("projectId", () => ID, { nullable: true }) projectId: string | null,
    @Ctx() ctx: RequestContext,
  ): Promise<ZouJson[]> {
    const person = await getHumanPerson(ctx, personId);
    const interval = dayInterval(year, month, day);
    return taskTotals(ctx, person.id, interval.start, interval.end, optionalProjectId(projectId));
  }
}

import { Arg, Ctx, ID, Int, Mutation, Query, Resolver } from "type-graphql";
import type { RequestContext } from "../context.js";
import { JSON } from "../graphql/scalars.js";
import { parseId } from "../ids.js";
import { getPersonDayOffOfDate, listDayOffsOfMonth, listPersonTimeSpentsOfDay, listProjectDayOffs, listProjectTaskTypeTimeSpents } from "./kitsu-timesheets.service.js";
import { listScheduleVersionTaskLinks } from "./schedule-version-links.service.js";
import { listProjectScheduleItems } from "./project-schedule-items.service.js";
import { requireDate } from "../misc/input-checks.js";
import { deleteTimeSpentOfDay } from "./time-spent-day.service.js";

@Resolver()
export class KitsuScheduleResolver {
  @Mutation(() => JSON, { description: "Deletes the time a person logged on a task on a date (YYYY-MM-DD); returns it in Zou's JSON with a duration of 0." })
  async deleteTimeSpentOfDayJson(
    @Arg("taskId", () => ID) taskId: string,
    @Arg("personId", () => ID) personId: string,
    @Arg("date", () => String) date: string,
    @Ctx() ctx: RequestContext,
  ) {
    return deleteTimeSpentOfDay(ctx, parseId(taskId), parseId(personId), date);
  }

  @Query(() => JSON, { description: "Every schedule item of a project in Zou's JSON; FORBIDDEN for vendors." })
  async projectScheduleItemsJson(@Arg("projectId", () => ID) projectId: string, @Ctx() ctx: RequestContext) {
    return listProjectScheduleItems(ctx, parseId(projectId));
  }

  @Query(() => JSON, { description: "The time a person logged on a date (YYYY-MM-DD) in Zou's JSON: the person, an admin, or a manager or supervisor within their projects and departments." })
  async personTimeSpentsOfDayJson(@Arg("personId", () => ID) personId: string, @Arg("date", () => String) date: string, @Ctx() ctx: RequestContext) {
    return listPersonTimeSpentsOfDay(ctx, parseId(personId), requireDate(date, "date"));
  }

  @Query(() => JSON, { description: "The days off overlapping a month in Zou's JSON: everyone's for admins, the logged-in person's own for others." })
  async dayOffsOfMonthJson(@Arg("year", () => Int) year: number, @Arg("month", () => Int) month: number, @Ctx() ctx: RequestContext) {
    return listDayOffsOfMonth(ctx, year, month);
  }

  @Query(() => JSON, { description: "A person's day off covering a date in Zou's JSON, or an empty object; the person or an admin." })
  async personDayOffOfDateJson(@Arg("personId", () => ID) personId: string, @Arg("date", () => String) date: string, @Ctx() ctx: RequestContext) {
    return getPersonDayOffOfDate(ctx, parseId(personId), requireDate(date, "date"));
  }

  @Query(() => JSON, { description: "The days off of a project's team between optional dates, keyed by person id; FORBIDDEN for clients and vendors." })
  async projectDayOffsJson(
    @Arg("projectId", () => ID) projectId: string,
    @Arg("startDate", () => String, { nullable: true }) startDate: string | null,
    @Arg("endDate", () => String, { nullable: true }) endDate: string | null,
    @Ctx() ctx: RequestContext,
  ) {
    const start = startDate == null ? null : requireDate(startDate, "start_date");
    const end = endDate == null ? null : requireDate(endDate, "end_date");
    return listProjectDayOffs(ctx, parseId(projectId), start, end);
  }

  @Query(() => JSON, { description: "The time logged on a task type's tasks in a project between optional dates, keyed by person id; manager of the project." })
  async projectTaskTypeTimeSpentsJson(
    @Arg("projectId", () => ID) projectId: string,
    @Arg("taskTypeId", () => ID) taskTypeId: string,
    @Arg("startDate", () => String, { nullable: true }) startDate: string | null,
    @Arg("endDate", () => String, { nullable: true }) endDate: string | null,
    @Ctx() ctx: RequestContext,
  ) {
    const start = startDate == null ? null : requireDate(startDate, "start_date");
    const end = endDate == null ? null : requireDate(endDate, "end_date");
    return listProjectTaskTypeTimeSpents(ctx, parseId(projectId), parseId(taskTypeId), start, end);
  }

  @Query(() => JSON, { description: "The task links of a production schedule version in Zou's JSON, optionally for one task type; FORBIDDEN for vendors and clients." })
  async scheduleVersionTaskLinksJson(@Arg("versionId", () => ID) versionId: string, @Arg("taskTypeId", () => ID, { nullable: true }) taskTypeId: string | null, @Ctx() ctx: RequestContext) {
    return listScheduleVersionTaskLinks(ctx, parseId(versionId), taskTypeId == null ? null : parseId(taskTypeId));
  }
}

import { Arg, Args, Ctx, ID, Int, Query, Resolver } from "type-graphql";
import type { RequestContext } from "../context.js";
import { listEventNames } from "../events/event-names.service.js";
import { JSON } from "../graphql/scalars.js";
import { parseId } from "../ids.js";
import { newsFilters, NewsFilterArgs } from "../notifications/news-json.resolver.js";
import { listOpenProjectsNews } from "../notifications/open-projects-news.service.js";
import { listAllProjects } from "../projects/all-projects-list.service.js";
import { listOpenTasks } from "./open-tasks.service.js";
import { listPersonsTaskDates } from "./persons-task-dates.service.js";

function optionalId(value: string | null): string | null {
  return value === null ? null : parseId(value);
}

@Resolver()
export class OverviewListsJsonResolver {
  @Query(() => JSON, { description: "One page of the tasks of the viewer's open projects in Zou's JSON, with the totals of every matching task: {data, stats, limit, is_more, page}." })
  async openTasksJson(
    @Arg("projectId", () => ID, { nullable: true }) projectId: string | null,
    @Arg("taskTypeId", () => ID, { nullable: true }) taskTypeId: string | null,
    @Arg("taskStatusId", () => ID, { nullable: true }) taskStatusId: string | null,
    @Arg("personIds", () => [ID], { nullable: true, description: "Tasks assigned to any of these people." }) personIds: string[] | null,
    @Arg("unassigned", () => Boolean, { nullable: true, description: "Only tasks assigned to nobody. When true, personIds is ignored." }) unassigned: boolean | null,
    @Arg("studioId", () => ID, { nullable: true }) studioId: string | null,
    @Arg("departmentId", () => ID, { nullable: true }) departmentId: string | null,
    @Arg("startDate", () => String, { nullable: true, description: "Earliest start date, YYYY-MM-DDTHH:MM:SS in UTC." }) startDate: string | null,
    @Arg("dueDate", () => String, { nullable: true, description: "Latest due date, YYYY-MM-DDTHH:MM:SS in UTC." }) dueDate: string | null,
    @Arg("priority", () => Int, { nullable: true, description: "Priority of the task type." }) priority: number | null,
    @Arg("page", () => Int, { nullable: true }) page: number | null,
    @Arg("limit", () => Int, { nullable: true }) limit: number | null,
    @Ctx() ctx: RequestContext,
  ) {
    let assignees: string[] | "unassigned" | null = null;
    if (unassigned === true) assignees = "unassigned";
    else if (personIds !== null) assignees = personIds.map(parseId);
    return listOpenTasks(ctx, {
      projectId: optionalId(projectId),
      taskTypeId: optionalId(taskTypeId),
      taskStatusId: optionalId(taskStatusId),
      personIds: assignees,
      studioId: optionalId(studioId),
      departmentId: optionalId(departmentId),
      startDate,
      dueDate,
      priority,
      page: page ?? 1,
      limit: limit ?? 100,
    });
  }

  @Query(() => JSON, { description: "Each active person's first task start date and last task due date, with anonymous busy periods in other open projects. Supervisors and above." })
  async personsTaskDatesJson(@Arg("projectId", () => ID, { nullable: true }) projectId: string | null, @Ctx() ctx: RequestContext) {
    return listPersonsTaskDates(ctx, optionalId(projectId));
  }

  @Query(() => JSON, { description: "Every project the viewer may see in Zou's JSON, closed ones included: all for admins, their teams' projects for others." })
  async allProjectsJson(@Arg("name", () => String, { nullable: true }) name: string | null, @Ctx() ctx: RequestContext) {
    return listAllProjects(ctx, name);
  }

  @Query(() => JSON, { description: "One page of the news of the viewer's open projects in Zou's JSON, with status counts. A projectId among those projects narrows it to that project." })
  async openProjectsNewsJson(
    @Arg("projectId", () => ID, { nullable: true }) projectId: string | null,
    @Args(() => NewsFilterArgs) filters: NewsFilterArgs,
    @Ctx() ctx: RequestContext,
  ) {
    return listOpenProjectsNews(ctx, optionalId(projectId), newsFilters(filters));
  }

  @Query(() => JSON, { description: "The distinct event names of the event log, sorted. Managers and admins." })
  async eventNamesJson(@Ctx() ctx: RequestContext) {
    return listEventNames(ctx);
  }
}

import { Ctx, Query, Resolver } from "type-graphql";
import type { RequestContext } from "../context.js";
import { JSON } from "../graphql/scalars.js";
import { getOpenTasksStats } from "./open-tasks-stats.service.js";
import { listTasksToCheck } from "./tasks-to-check.service.js";

@Resolver()
export class TasksToCheckResolver {
  @Query(() => JSON, { description: "Tasks waiting for feedback that the logged-in supervisor, manager or admin should review, in Zou's to-do list JSON." })
  async viewerTasksToCheckJson(@Ctx() ctx: RequestContext) {
    return listTasksToCheck(ctx);
  }

  @Query(() => JSON, { description: "Task counts, done counts, durations and estimations of the viewer's open projects, by task type and status, keyed by project id." })
  async openTasksStatsJson(@Ctx() ctx: RequestContext) {
    return getOpenTasksStats(ctx);
  }
}

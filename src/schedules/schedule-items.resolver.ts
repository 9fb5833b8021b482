import { Arg, Ctx, ID, Mutation, Resolver } from "type-graphql";
import type { RequestContext } from "../context.js";
import { parseId } from "../ids.js";
import { ScheduleItem } from "./schedule.type.js";
import { ensureTaskTypeScheduleItems } from "./schedules.service.js";

@Resolver(() => ScheduleItem)
export class TaskTypeScheduleItemsResolver {
  @Mutation(() => [ScheduleItem], {
    description:
      "The project-level schedule items of the task types used by the project's tasks (asset, shot, sequence, episode and edit task types), by start date; creates the missing ones, spanning today to tomorrow (event schedule-item:new each). Vendors are refused.",
  })
  taskTypeScheduleItems(@Arg("projectId", () => ID) projectId: string, @Ctx() ctx: RequestContext) {
    return ensureTaskTypeScheduleItems(ctx, parseId(projectId));
  }
}

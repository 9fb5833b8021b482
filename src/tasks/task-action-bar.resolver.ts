import { Arg, Ctx, ID, Int, Mutation, Resolver } from "type-graphql";
import type { RequestContext } from "../context.js";
import { BadRequestError } from "../errors.js";
import { setTaskMainPreview, setTasksMainPreview } from "../files/task-main-preview.service.js";
import { JSON } from "../graphql/scalars.js";
import { parseId } from "../ids.js";
import { setTasksPriority } from "./task-priority.service.js";

@Resolver()
export class TaskActionBarResolver {
  @Mutation(() => JSON, { description: "Sets the priority of the listed tasks the viewer may edit; returns the updated tasks in Zou's JSON, skipping the others." })
  async setTasksPriorityJson(@Arg("taskIds", () => [ID]) taskIds: string[], @Arg("priority", () => Int) priority: number, @Ctx() ctx: RequestContext) {
    if (priority < 0) throw new BadRequestError("priority must be 0 or more.", { field: "priority" });
    return setTasksPriority(ctx, taskIds, priority);
  }

  @Mutation(() => JSON, { description: "Makes the task's last preview the thumbnail of its entity; returns the entity in Zou's JSON. FORBIDDEN for clients." })
  async setTaskMainPreviewJson(@Arg("taskId", () => ID) taskId: string, @Ctx() ctx: RequestContext) {
    return setTaskMainPreview(ctx, parseId(taskId));
  }

  @Mutation(() => JSON, { description: "Makes each listed task's last preview the thumbnail of its entity, skipping tasks without a preview; returns the entities." })
  async setTasksMainPreviewJson(@Arg("taskIds", () => [ID]) taskIds: string[], @Ctx() ctx: RequestContext) {
    return setTasksMainPreview(ctx, taskIds.map(parseId));
  }
}

import { Arg, Ctx, ID, Mutation, Resolver } from "type-graphql";
import type { RequestContext } from "../context.js";
import { JSON } from "../graphql/scalars.js";
import { subscribeToTasks, unsubscribeFromTasks } from "./task-subscriptions.service.js";

@Resolver()
export class TaskSubscriptionsJsonResolver {
  @Mutation(() => JSON, { description: "Subscribes the logged-in person to each listed task they may read; returns Zou's subscription objects. FORBIDDEN for bots." })
  async subscribeToTasksJson(@Arg("taskIds", () => [ID]) taskIds: string[], @Ctx() ctx: RequestContext) {
    return subscribeToTasks(ctx, taskIds);
  }

  @Mutation(() => [ID], { description: "Unsubscribes the logged-in person from the listed tasks and returns the ids; ids without a subscription are ignored." })
  async unsubscribeFromTasks(@Arg("taskIds", () => [ID]) taskIds: string[], @Ctx() ctx: RequestContext) {
    return unsubscribeFromTasks(ctx, taskIds);
  }
}

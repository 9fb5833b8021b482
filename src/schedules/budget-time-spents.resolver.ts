import { Arg, Ctx, ID, Query, Resolver } from "type-graphql";
import type { RequestContext } from "../context.js";
import { JSON } from "../graphql/scalars.js";
import { parseId } from "../ids.js";
import { projectMonthTimeSpents } from "./budget-time-spents.service.js";

@Resolver()
export class BudgetTimeSpentsResolver {
  @Query(() => JSON, { description: "Time spent on the project's tasks, keyed by department id, then person id and \"YYYY-MM\" month, with totals; admins only." })
  async projectBudgetTimeSpentsJson(@Arg("projectId", () => ID) projectId: string, @Ctx() ctx: RequestContext) {
    return projectMonthTimeSpents(ctx, parseId(projectId));
  }
}

import { Arg, Ctx, ID, Mutation, Resolver } from "type-graphql";
import { task } from "../../schema/tasks.js";
import type { RequestContext } from "../context.js";
import { JSON } from "../graphql/scalars.js";
import { toZouJson, type ZouJson } from "../rest/zou-json.js";
import { assignPersonToTasks, clearTaskAssignations } from "./task-assignations.service.js";

// Batch assignation mutations returning Zou's JSON, for Zou's
// /actions/persons/{id}/assign and /actions/tasks/clear-assignation.

@Resolver()
export class TaskAssignationsResolver {
  @Mutation(() => JSON, {
    description:
      "Assigns a person to the listed tasks the viewer may assign (others are skipped) and returns those tasks in Zou's JSON with their assignee ids. BAD_USER_INPUT for an unknown person. Records task:assign and task:update.",
  })
  async assignPersonToTasks(
    @Arg("personId", () => ID) personId: string,
    @Arg("taskIds", () => [ID]) taskIds: string[],
    @Ctx() ctx: RequestContext,
  ): Promise<ZouJson[]> {
    const rows = await assignPersonToTasks(ctx, personId, taskIds);
    return rows.map((row) => ({ ...toZouJson(task, row as unknown as Record<string, unknown>, "Task"), assignees: row.assignees }));
  }

  @Mutation(() => [ID], {
    description: "Removes one person, or every assignee when personId is absent, from the listed tasks the viewer may change; returns the ids of the tasks cleared. Records task:unassign and task:update.",
  })
  clearTaskAssignations(
    @Arg("taskIds", () => [ID]) taskIds: string[],
    @Arg("personId", () => ID, { nullable: true }) personId: string | null,
    @Ctx() ctx: RequestContext,
  ): Promise<string[]> {
    return clearTaskAssignations(ctx, taskIds, personId ?? null);
  }
}

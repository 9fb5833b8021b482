import { Arg, Ctx, ID, Mutation, Resolver } from "type-graphql";
import type { RequestContext } from "../context.js";
import { JSON } from "../graphql/scalars.js";
import type { ZouJson } from "../rest/zou-json.js";
import { createTasksForEntity } from "./entity-tasks.service.js";
import { taskJson } from "./task-lists.json.js";

@Resolver()
export class EntityTasksResolver {
  @Mutation(() => JSON, {
    description:
      "Creates a main task of each task type on an entity (every suitable task type enabled in the project when the list is empty), skipping existing ones. Returns the new tasks in Zou's JSON with their status and type names and colours. Vendors and clients get FORBIDDEN.",
  })
  async createEntityTasks(
    @Arg("entityId", () => ID) entityId: string,
    @Arg("taskTypeIds", () => [ID]) taskTypeIds: string[],
    @Ctx() ctx: RequestContext,
  ): Promise<ZouJson[]> {
    const created = await createTasksForEntity(ctx, entityId, taskTypeIds);
    return created.map((item) => ({
      ...taskJson(item.task),
      assignees: [],
      task_status_id: item.taskStatus.id,
      task_status_name: item.taskStatus.name,
      task_status_short_name: item.taskStatus.shortName,
      task_status_color: item.taskStatus.color,
      task_type_id: item.taskType.id,
      task_type_name: item.taskType.name,
      task_type_color: item.taskType.color,
      task_type_priority: item.taskType.priority,
    }));
  }
}

import { Arg, Ctx, Mutation, Resolver } from "type-graphql";
import type { RequestContext } from "../context.js";
import { JSON } from "../graphql/scalars.js";
import type { ZouJson } from "../rest/zou-json.js";
import { importKitsuTasks } from "./task-import.service.js";
import { taskJson } from "./task-lists.json.js";

@Resolver()
export class TaskImportResolver {
  @Mutation(() => JSON, {
    description:
      "Upserts task rows exported from another Kitsu (a list of Zou task objects, `assignees` replacing the task's assignees when given) and returns the saved tasks in Zou's JSON. Non-admins get an empty list and nothing is written. `silent` skips the events.",
  })
  async importKitsuTasks(
    @Arg("entries", () => JSON) entries: unknown,
    @Arg("silent", () => Boolean, { nullable: true }) silent: boolean | undefined,
    @Ctx() ctx: RequestContext,
  ): Promise<ZouJson[]> {
    const rows = await importKitsuTasks(ctx, entries, silent === true);
    return rows.map(taskJson);
  }
}

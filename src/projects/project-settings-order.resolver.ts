import { Arg, Ctx, Field, ID, InputType, Int, Mutation, Resolver } from "type-graphql";
import { JSON } from "../graphql/scalars.js";
import { BadRequestError } from "../errors.js";
import { setTemplatePriorities } from "./template-priorities.service.js";
import type { RequestContext } from "../context.js";
import { parseId } from "../ids.js";
import { Project } from "./project.type.js";
import { updateProjectSettings } from "./project-settings-batch.service.js";

@InputType({ description: "A task type to enable in a project, with its optional priority in that project." })
class ProjectTaskTypeSettingInput {
  @Field(() => ID)
  taskTypeId!: string;

  @Field(() => Int, { nullable: true })
  priority?: number | null;
}

@InputType({ description: "Settings to enable in a project in one call; unknown ids are skipped." })
class ProjectSettingsBatchInput {
  @Field(() => [ProjectTaskTypeSettingInput], { nullable: true })
  taskTypes?: ProjectTaskTypeSettingInput[] | null;

  @Field(() => [ID], { nullable: true })
  taskStatusIds?: string[] | null;

  @Field(() => [ID], { nullable: true })
  assetTypeIds?: string[] | null;

  @Field(() => Boolean, { nullable: true, description: "Removes the task types missing from taskTypes." })
  replaceTaskTypes?: boolean | null;
}

@Resolver()
export class ProjectSettingsOrderResolver {
  @Mutation(() => Project, { description: "Enables several task types, task statuses and asset types in a project (manager of the project); event project:update." })
  async updateProjectSettings(@Arg("projectId", () => ID) projectId: string, @Arg("input", () => ProjectSettingsBatchInput) input: ProjectSettingsBatchInput, @Ctx() ctx: RequestContext) {
    return updateProjectSettings(ctx, parseId(projectId), {
      taskTypes: (input.taskTypes ?? []).map((entry) => ({ taskTypeId: parseId(entry.taskTypeId), priority: entry.priority ?? null })),
      taskStatusIds: (input.taskStatusIds ?? []).map(parseId),
      assetTypeIds: (input.assetTypeIds ?? []).map(parseId),
      replaceTaskTypes: input.replaceTaskTypes ?? false,
    });
  }

  @Mutation(() => JSON, { description: "Sets the priorities of a project template's task types (kind \"taskType\") or statuses (kind \"taskStatus\") from an ordered id list; admins only." })
  async reorderProjectTemplateLinks(@Arg("templateId", () => String) templateId: string, @Arg("kind", () => String) kind: string, @Arg("ids", () => [String]) ids: string[], @Ctx() ctx: RequestContext) {
    if (kind !== "taskType" && kind !== "taskStatus") throw new BadRequestError('kind must be "taskType" or "taskStatus".');
    return setTemplatePriorities(ctx, templateId, kind, ids);
  }
}

import { asc, eq } from "drizzle-orm";
import { Arg, Ctx, ID, Int, Mutation, Query, Resolver } from "type-graphql";
import { previewBackgroundFile } from "../../schema/comments.js";
import { entityType } from "../../schema/entities.js";
import {
  project,
  projectTemplate,
  projectTemplateAssetTypeLink,
  projectTemplatePreviewBackgroundFileLink,
  projectTemplateStatusAutomationLink,
  projectTemplateTaskStatusLink,
  projectTemplateTaskTypeLink,
  statusAutomation,
} from "../../schema/projects.js";
import { taskStatus } from "../../schema/tasks.js";
import type { RequestContext } from "../context.js";
import { BadRequestError } from "../errors.js";
import { JSON } from "../graphql/scalars.js";
import { toZouJson, type ZouJson } from "../rest/zou-json.js";
import {
  addTemplateLink,
  applyTemplateToProject,
  createTemplateFromProject,
  getReadableTemplate,
  removeTemplateLink,
  setTemplateDefaultBackground,
  setTemplateMetadataDescriptors,
  type ProjectTemplateRow,
  type TemplateLink,
} from "./project-templates.service.js";

// Project template links, snapshots and application, in Zou's JSON, for the
// Zou routes under /data/project-templates. The plain template rows are
// served by the generic CRUD routes.

const TEMPLATE_LINKS: readonly TemplateLink[] = ["taskType", "taskStatus", "assetType", "statusAutomation", "previewBackgroundFile"];

function templateJson(row: ProjectTemplateRow): ZouJson {
  return toZouJson(projectTemplate, row, "ProjectTemplate");
}

function checkLink(link: string): TemplateLink {
  if (!TEMPLATE_LINKS.includes(link as TemplateLink)) throw new BadRequestError(`link must be one of ${TEMPLATE_LINKS.join(", ")}.`, { field: "link" });
  return link as TemplateLink;
}

/** Serializes a linked object as Zou returns it: asset types and backgrounds with a few fields only. */
function briefTargetJson(link: TemplateLink, row: Record<string, unknown>): ZouJson {
  if (link === "assetType") return { id: row.id, name: row.name };
  if (link === "previewBackgroundFile") return { id: row.id, name: row.name, is_default: row.isDefault === true };
  if (link === "statusAutomation") return toZouJson(statusAutomation, row, "StatusAutomation");
  return row;
}

@Resolver()
export class ProjectTemplateResolver {
  @Query(() => JSON, { description: "Task statuses of a template in Zou's JSON with priority and board roles, by priority then name (managers)." })
  async projectTemplateTaskStatusesJson(@Arg("templateId", () => String) templateId: string, @Ctx() ctx: RequestContext): Promise<ZouJson[]> {
    const template = await getReadableTemplate(ctx, templateId);
    const rows = await ctx.db.orm
      .select({ taskStatus, priority: projectTemplateTaskStatusLink.priority, rolesForBoard: projectTemplateTaskStatusLink.rolesForBoard })
      .from(projectTemplateTaskStatusLink)
      .innerJoin(taskStatus, eq(taskStatus.id, projectTemplateTaskStatusLink.taskStatusId))
      .where(eq(projectTemplateTaskStatusLink.projectTemplateId, template.id));
    rows.sort((a, b) => (a.priority ?? 0) - (b.priority ?? 0) || a.taskStatus.name.localeCompare(b.taskStatus.name));
    return rows.map((row) => ({ ...toZouJson(taskStatus, row.taskStatus, "TaskStatus"), priority: row.priority, roles_for_board: row.rolesForBoard ?? [] }));
  }

  @Query(() => JSON, { description: "Asset types of a template, as Zou lists them: id and name (managers)." })
  async projectTemplateAssetTypesJson(@Arg("templateId", () => String) templateId: string, @Ctx() ctx: RequestContext): Promise<ZouJson[]> {
    const template = await getReadableTemplate(ctx, templateId);
    const rows = await ctx.db.orm
      .select({ id: entityType.id, name: entityType.name })
      .from(projectTemplateAssetTypeLink)
      .innerJoin(entityType, eq(entityType.id, projectTemplateAssetTypeLink.assetTypeId))
      .where(eq(projectTemplateAssetTypeLink.projectTemplateId, template.id))
      .orderBy(asc(entityType.name));
    return rows;
  }

  @Query(() => JSON, { description: "Status automations of a template in Zou's JSON (managers)." })
  async projectTemplateStatusAutomationsJson(@Arg("templateId", () => String) templateId: string, @Ctx() ctx: RequestContext): Promise<ZouJson[]> {
    const template = await getReadableTemplate(ctx, templateId);
    const rows = await ctx.db.orm
      .select({ statusAutomation })
      .from(projectTemplateStatusAutomationLink)
      .innerJoin(statusAutomation, eq(statusAutomation.id, projectTemplateStatusAutomationLink.statusAutomationId))
      .where(eq(projectTemplateStatusAutomationLink.projectTemplateId, template.id))
      .orderBy(asc(statusAutomation.createdAt));
    return rows.map((row) => toZouJson(statusAutomation, row.statusAutomation, "StatusAutomation"));
  }

  @Query(() => JSON, { description: "Preview background files of a template, as Zou lists them: id, name and is_default (managers)." })
  async projectTemplatePreviewBackgroundFilesJson(@Arg("templateId", () => String) templateId: string, @Ctx() ctx: RequestContext): Promise<ZouJson[]> {
    const template = await getReadableTemplate(ctx, templateId);
    const rows = await ctx.db.orm
      .select({ id: previewBackgroundFile.id, name: previewBackgroundFile.name, isDefault: previewBackgroundFile.isDefault })
      .from(projectTemplatePreviewBackgroundFileLink)
      .innerJoin(previewBackgroundFile, eq(previewBackgroundFile.id, projectTemplatePreviewBackgroundFileLink.previewBackgroundFileId))
      .where(eq(projectTemplatePreviewBackgroundFileLink.projectTemplateId, template.id))
      .orderBy(asc(previewBackgroundFile.name));
    return rows.map((row) => ({ id: row.id, name: row.name, is_default: row.isDefault === true }));
  }

  @Mutation(() => JSON, {
    description:
      "Adds a task type, task status, asset type, status automation or preview background file to a template (admins). Returns the link for task types and statuses, the linked object otherwise, in Zou's JSON. Event project-template:update.",
  })
  async addProjectTemplateLink(
    @Arg("templateId", () => String) templateId: string,
    @Arg("link", () => String, { description: "taskType, taskStatus, assetType, statusAutomation or previewBackgroundFile." }) link: string,
    @Arg("targetId", () => String, { nullable: true }) targetId: string | null,
    @Arg("priority", () => Int, { nullable: true }) priority: number | null,
    @Arg("rolesForBoard", () => [String], { nullable: true }) rolesForBoard: string[] | null,
    @Ctx() ctx: RequestContext,
  ): Promise<ZouJson> {
    const checked = checkLink(link);
    const result = await addTemplateLink(ctx, templateId, checked, targetId, { priority, rolesForBoard });
    if (checked === "taskType" && result.link !== null) return toZouJson(projectTemplateTaskTypeLink, result.link, "ProjectTemplateTaskTypeLink");
    if (checked === "taskStatus" && result.link !== null) return toZouJson(projectTemplateTaskStatusLink, result.link, "ProjectTemplateTaskStatusLink");
    return briefTargetJson(checked, result.target);
  }

  @Mutation(() => Boolean, { description: "Removes a link from a template (admins); removing one that is not there changes nothing. Event project-template:update." })
  async removeProjectTemplateLink(
    @Arg("templateId", () => String) templateId: string,
    @Arg("link", () => String) link: string,
    @Arg("targetId", () => String) targetId: string,
    @Ctx() ctx: RequestContext,
  ): Promise<boolean> {
    await removeTemplateLink(ctx, templateId, checkLink(link), targetId);
    return true;
  }

  @Mutation(() => JSON, { description: "Sets or clears (null) a template's default preview background file, which must be linked to it (admins); returns the template." })
  async setProjectTemplateDefaultBackground(
    @Arg("templateId", () => String) templateId: string,
    @Arg("previewBackgroundFileId", () => String, { nullable: true }) previewBackgroundFileId: string | null,
    @Ctx() ctx: RequestContext,
  ): Promise<ZouJson> {
    return templateJson(await setTemplateDefaultBackground(ctx, templateId, previewBackgroundFileId));
  }

  @Mutation(() => JSON, { description: "Replaces a template's metadata descriptor definitions (admins); returns the template." })
  async setProjectTemplateMetadataDescriptors(
    @Arg("templateId", () => String) templateId: string,
    @Arg("descriptors", () => JSON, { nullable: true }) descriptors: unknown,
    @Ctx() ctx: RequestContext,
  ): Promise<ZouJson> {
    return templateJson(await setTemplateMetadataDescriptors(ctx, templateId, descriptors));
  }

  @Mutation(() => JSON, { description: "Creates a template from a project's configuration (admins); returns the template. Event project-template:new." })
  async createProjectTemplateFromProject(
    @Arg("projectId", () => String) projectId: string,
    @Arg("name", () => JSON, { nullable: true }) name: unknown,
    @Arg("description", () => JSON, { nullable: true }) description: unknown,
    @Ctx() ctx: RequestContext,
  ): Promise<ZouJson> {
    return templateJson(await createTemplateFromProject(ctx, projectId, name, description));
  }

  @Mutation(() => JSON, { description: "Applies a template's configuration to a project (admins); returns the project. Event project:update." })
  async applyProjectTemplate(@Arg("projectId", () => String) projectId: string, @Arg("templateId", () => String) templateId: string, @Ctx() ctx: RequestContext): Promise<ZouJson> {
    const row = await applyTemplateToProject(ctx, projectId, templateId);
    return toZouJson(project, row, "Project");
  }
}

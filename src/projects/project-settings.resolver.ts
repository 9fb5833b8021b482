import { asc } from "drizzle-orm";
import { Arg, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from "type-graphql";
import { BadRequestError, NotFoundError } from "../errors.js";
import { projectStatus } from "../../schema/projects.js";
import { effectiveProjectRole, getReadableProject } from "../auth/permissions.js";
import type { RequestContext } from "../context.js";
import { requireViewer } from "../context.js";
import { parseId } from "../ids.js";
import { Person } from "../people/person.type.js";
import type { PersonRow } from "../people/person.json.js";
import {
  CreateMetadataDescriptorInput,
  CreateProjectInput,
  MetadataDescriptor,
  Project,
  ProjectAssetTypeSetting,
  ProjectStatus,
  ProjectTaskStatusSetting,
  ProjectTaskTypeSetting,
  StatusAutomation,
  TeamMember,
  UpdateMetadataDescriptorInput,
  UpdateProjectInput,
} from "./project.type.js";
import type { MetadataDescriptorRow, ProjectRow } from "./projects.loaders.js";
import {
  addProjectSetting,
  addTeamMember,
  closeProject,
  createMetadataDescriptor,
  createProject,
  deleteMetadataDescriptor,
  deleteProject,
  removeProjectSetting,
  removeTeamMember,
  setTeamMemberRole,
  updateMetadataDescriptor,
  updateProject,
  type ProjectSetting,
} from "./projects.service.js";

// Project fields beyond the plain columns (status, team, settings,
// descriptors) and the project mutations. The parent project was already
// read through a permission check, so these fields only batch.

function byPriority<T extends { priority: number | null }>(rows: T[]): T[] {
  return [...rows].sort((a, b) => (a.priority ?? Number.MAX_SAFE_INTEGER) - (b.priority ?? Number.MAX_SAFE_INTEGER));
}

@Resolver(() => Project)
export class ProjectSettingsResolver {
  @Query(() => [ProjectStatus], { description: "Every project status." })
  async projectStatuses(@Ctx() ctx: RequestContext) {
    requireViewer(ctx);
    return ctx.db.orm.select().from(projectStatus).orderBy(asc(projectStatus.name));
  }

  @FieldResolver(() => ProjectStatus, { nullable: true })
  async status(@Root() project: ProjectRow, @Ctx() ctx: RequestContext) {
    return project.projectStatusId === null ? null : ctx.loaders.projectStatusById.load(project.projectStatusId);
  }

  @FieldResolver(() => [Person], { description: "The persons of the project's team." })
  async team(@Root() project: ProjectRow, @Ctx() ctx: RequestContext) {
    const links = await ctx.loaders.teamLinksByProjectId.load(project.id);
    const rows = await ctx.loaders.personById.loadMany(links.map((link) => link.personId));
    return rows.filter((row): row is PersonRow => row !== null && !(row instanceof Error));
  }

  @FieldResolver(() => [TeamMember], { description: "The team with each member's project role." })
  async teamMembers(@Root() project: ProjectRow, @Ctx() ctx: RequestContext) {
    const links = await ctx.loaders.teamLinksByProjectId.load(project.id);
    const persons = await ctx.loaders.personById.loadMany(links.map((link) => link.personId));
    return links.map((link, index) => ({ personId: link.personId, role: link.role, person: persons[index] }));
  }

  @FieldResolver(() => [ProjectTaskTypeSetting], { description: "Task types enabled in the project, by priority." })
  async taskTypeSettings(@Root() project: ProjectRow, @Ctx() ctx: RequestContext) {
    return byPriority(await ctx.loaders.taskTypeLinksByProjectId.load(project.id));
  }

  @FieldResolver(() => [ProjectTaskStatusSetting], { description: "Task statuses enabled in the project, by priority." })
  async taskStatusSettings(@Root() project: ProjectRow, @Ctx() ctx: RequestContext) {
    return byPriority(await ctx.loaders.taskStatusLinksByProjectId.load(project.id));
  }

  @FieldResolver(() => [ProjectAssetTypeSetting], { description: "Asset types enabled in the project." })
  async assetTypeSettings(@Root() project: ProjectRow, @Ctx() ctx: RequestContext) {
    return ctx.loaders.assetTypeLinksByProjectId.load(project.id);
  }

  @FieldResolver(() => [StatusAutomation], { description: "Status automations enabled in the project." })
  async statusAutomations(@Root() project: ProjectRow, @Ctx() ctx: RequestContext) {
    const links = await ctx.loaders.statusAutomationLinksByProjectId.load(project.id);
    const rows = await ctx.loaders.statusAutomationById.loadMany(links.map((link) => link.statusAutomationId));
    return rows.filter((row) => row !== null && !(row instanceof Error));
  }

  @FieldResolver(() => [MetadataDescriptor], { description: "Custom metadata columns; clients see only those marked for clients." })
  async metadataDescriptors(@Root() project: ProjectRow, @Ctx() ctx: RequestContext) {
    const rows = await ctx.loaders.metadataDescriptorsByProjectId.load(project.id);
    const role = await effectiveProjectRole(ctx, project.id);
    const visible = role === "client" ? rows.filter((row) => row.forClient === true) : rows;
    return [...visible].sort((a, b) => (a.position ?? 0) - (b.position ?? 0) || a.name.localeCompare(b.name));
  }

  @Mutation(() => Project, { description: "Creates a project, Open (admins only, as Zou); event project:new." })
  async createProject(@Arg("input", () => CreateProjectInput) input: CreateProjectInput, @Ctx() ctx: RequestContext) {
    return createProject(ctx, input);
  }

  @Mutation(() => Project, { description: "Updates a project (admin or manager of the project); event project:update." })
  async updateProject(@Arg("id", () => ID) id: string, @Arg("input", () => UpdateProjectInput) input: UpdateProjectInput, @Ctx() ctx: RequestContext) {
    return updateProject(ctx, parseId(id), input);
  }

  @Mutation(() => Project, { description: "Moves a project to the Closed status (admin or manager of the project); event project:update." })
  async closeProject(@Arg("id", () => ID) id: string, @Ctx() ctx: RequestContext) {
    return closeProject(ctx, parseId(id));
  }

  @Mutation(() => ID, { description: "Deletes a closed project with its settings, team, playlists, schedule and budgets (admins only); event project:delete." })
  async deleteProject(@Arg("id", () => ID) id: string, @Ctx() ctx: RequestContext) {
    return (await deleteProject(ctx, parseId(id))).id;
  }

  @Mutation(() => Project, { description: "Adds a person to the team, or sets their project role (manager of the project); event project:update." })
  async addTeamMember(
    @Arg("projectId", () => ID) projectId: string,
    @Arg("personId", () => ID) personId: string,
    @Arg("role", () => String, { nullable: true, description: "user, supervisor, manager, client or vendor." }) role: string | null,
    @Ctx() ctx: RequestContext,
  ) {
    // An unknown or malformed person id is the same 400 "not found" (the service checks it after the role).
    return addTeamMember(ctx, parseId(projectId), personId.toLowerCase(), role);
  }

  @Mutation(() => Project, { description: "Removes a person from the team (manager of the project); event project:update." })
  async removeTeamMember(@Arg("projectId", () => ID) projectId: string, @Arg("personId", () => ID) personId: string, @Ctx() ctx: RequestContext) {
    return removeTeamMember(ctx, parseId(projectId), parseId(personId));
  }

  @Mutation(() => Project, { description: "Sets a member's project role, or clears it with null (manager of the project); event project:update." })
  async setTeamMemberRole(
    @Arg("projectId", () => ID) projectId: string,
    @Arg("personId", () => ID) personId: string,
    @Arg("role", () => String, { nullable: true }) role: string | null,
    @Ctx() ctx: RequestContext,
  ) {
    return setTeamMemberRole(ctx, parseId(projectId), parseId(personId), role ?? null);
  }

  @Mutation(() => Project, { description: "Enables a task type in the project, or changes its priority (manager of the project); event project:update." })
  async addProjectTaskType(
    @Arg("projectId", () => ID) projectId: string,
    @Arg("taskTypeId", () => ID) taskTypeId: string,
    @Arg("priority", () => Int, { nullable: true }) priority: number | null,
    @Ctx() ctx: RequestContext,
  ) {
    return addProjectSetting(ctx, parseId(projectId), "taskType", parseId(taskTypeId), priority);
  }

  @Mutation(() => Project, { description: "Enables a task status in the project, or changes its priority (manager of the project); event project:update." })
  async addProjectTaskStatus(
    @Arg("projectId", () => ID) projectId: string,
    @Arg("taskStatusId", () => ID) taskStatusId: string,
    @Arg("priority", () => Int, { nullable: true }) priority: number | null,
    @Ctx() ctx: RequestContext,
  ) {
    return addProjectSetting(ctx, parseId(projectId), "taskStatus", parseId(taskStatusId), priority);
  }

  @Mutation(() => Project, { description: "Enables an asset type in the project (manager of the project); event project:update." })
  async addProjectAssetType(@Arg("projectId", () => ID) projectId: string, @Arg("assetTypeId", () => ID) assetTypeId: string, @Ctx() ctx: RequestContext) {
    return addProjectSetting(ctx, parseId(projectId), "assetType", parseId(assetTypeId));
  }

  @Mutation(() => Project, { description: "Enables a status automation in the project (manager of the project); event project:update." })
  async addProjectStatusAutomation(@Arg("projectId", () => ID) projectId: string, @Arg("statusAutomationId", () => ID) statusAutomationId: string, @Ctx() ctx: RequestContext) {
    return addProjectSetting(ctx, parseId(projectId), "statusAutomation", parseId(statusAutomationId));
  }

  @Mutation(() => Project, { description: "Enables a preview background file in the project (manager of the project); event project:update." })
  async addProjectPreviewBackgroundFile(
    @Arg("projectId", () => ID) projectId: string,
    @Arg("previewBackgroundFileId", () => ID) previewBackgroundFileId: string,
    @Ctx() ctx: RequestContext,
  ) {
    return addProjectSetting(ctx, parseId(projectId), "previewBackgroundFile", parseId(previewBackgroundFileId));
  }

  @Mutation(() => Project, { description: "Disables a task type, task status, asset type, status automation or preview background file in the project (manager of the project); event project:update." })
  async removeProjectSetting(
    @Arg("projectId", () => ID) projectId: string,
    @Arg("setting", () => String, { description: "taskType, taskStatus, assetType, statusAutomation or previewBackgroundFile." }) setting: string,
    @Arg("targetId", () => ID) targetId: string,
    @Ctx() ctx: RequestContext,
  ) {
    const settings: ProjectSetting[] = ["taskType", "taskStatus", "assetType", "statusAutomation", "previewBackgroundFile"];
    if (!settings.includes(setting as ProjectSetting)) {
      throw new BadRequestError(`setting must be one of ${settings.join(", ")}.`, { field: "setting" });
    }
    return removeProjectSetting(ctx, parseId(projectId), setting as ProjectSetting, parseId(targetId));
  }
}

@Resolver(() => MetadataDescriptor)
export class MetadataDescriptorResolver {
  @Query(() => MetadataDescriptor, { description: "One metadata descriptor; FORBIDDEN outside its project's team." })
  async metadataDescriptor(@Arg("id", () => ID) id: string, @Ctx() ctx: RequestContext) {
    const row = await ctx.loaders.metadataDescriptorById.load(parseId(id));
    if (row === null) {
      throw new NotFoundError("Metadata descriptor not found.");
    }
    await getReadableProject(ctx, row.projectId);
    return row;
  }

  @FieldResolver(() => [ID], { description: "Departments allowed to edit the values." })
  async departmentIds(@Root() row: MetadataDescriptorRow, @Ctx() ctx: RequestContext) {
    const links = await ctx.loaders.departmentLinksByMetadataDescriptorId.load(row.id);
    return links.map((link) => link.departmentId);
  }

  @Mutation(() => MetadataDescriptor, { description: "Creates a metadata descriptor; its fieldName is the name slugified with _. Event metadata-descriptor:new." })
  async createMetadataDescriptor(
    @Arg("projectId", () => ID) projectId: string,
    @Arg("input", () => CreateMetadataDescriptorInput) input: CreateMetadataDescriptorInput,
    @Ctx() ctx: RequestContext,
  ) {
    return createMetadataDescriptor(ctx, parseId(projectId), input);
  }

  @Mutation(() => MetadataDescriptor, { description: "Updates a metadata descriptor (its fieldName stays); event metadata-descriptor:update." })
  async updateMetadataDescriptor(
    @Arg("id", () => ID) id: string,
    @Arg("input", () => UpdateMetadataDescriptorInput) input: UpdateMetadataDescriptorInput,
    @Ctx() ctx: RequestContext,
  ) {
    return updateMetadataDescriptor(ctx, parseId(id), input);
  }

  @Mutation(() => ID, { description: "Deletes a metadata descriptor; event metadata-descriptor:delete." })
  async deleteMetadataDescriptor(@Arg("id", () => ID) id: string, @Ctx() ctx: RequestContext) {
    return (await deleteMetadataDescriptor(ctx, parseId(id))).id;
  }
}

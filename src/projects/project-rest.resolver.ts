import { asc, eq } from "drizzle-orm";
import { Arg, Ctx, ID, Mutation, Query, Resolver } from "type-graphql";
import { previewBackgroundFile } from "../../schema/comments.js";
import { metadataDescriptor, projectPreviewBackgroundFileLink, projectStatus, projectStatusAutomationLink, projectTaskStatusLink, statusAutomation } from "../../schema/projects.js";
import { budget, budgetEntry, milestone } from "../../schema/schedules.js";
import { taskStatus } from "../../schema/tasks.js";
import { assertProjectManager, effectiveProjectRole, getReadableProject, isManager } from "../auth/permissions.js";
import { requireViewer, type RequestContext } from "../context.js";
import { NotFoundError } from "../errors.js";
import { listRecords } from "../crud/crud.service.js";
import { JSON } from "../graphql/scalars.js";
import { parseId } from "../ids.js";
import { fullName, personToZouJson, type PersonRow } from "../people/person.json.js";
import { toZouJson, type ZouJson } from "../rest/zou-json.js";
import { BudgetEntryInput } from "../schedules/schedule.type.js";
import { createBudget, createBudgetEntry, deleteBudgetEntry, getManagedBudget, updateBudget, updateBudgetEntry } from "../schedules/budgets.service.js";
import { assertCanReadSchedule } from "../schedules/schedules.service.js";
import type { BudgetEntryRow } from "../schedules/schedules.loaders.js";
import { deleteMetadataDescriptor, reorderMetadataDescriptors, updateMetadataDescriptor } from "./metadata-descriptors.service.js";
import { UpdateMetadataDescriptorInput } from "./project.type.js";
import type { MetadataDescriptorRow } from "./projects.loaders.js";

// Project reads and writes in Zou's JSON, for the Zou routes under
// /data/projects/{project_id}: settings lists, team, milestones, metadata
// descriptors and budgets. Every field takes the project id of the path and
// checks that the object it names belongs to that project.

async function descriptorsJson(ctx: RequestContext, rows: MetadataDescriptorRow[]): Promise<ZouJson[]> {
  const links = await ctx.loaders.departmentLinksByMetadataDescriptorId.loadMany(rows.map((row) => row.id));
  return rows.map((row, index) => {
    const json = toZouJson(metadataDescriptor, row as unknown as Record<string, unknown>, "MetadataDescriptor");
    const rowLinks = links[index];
    json.departments = Array.isArray(rowLinks) ? rowLinks.map((link) => link.departmentId) : [];
    return json;
  });
}

/** Loads a descriptor of the project, NOT_FOUND when it belongs to another. */
async function getProjectDescriptor(ctx: RequestContext, projectId: string, descriptorId: string): Promise<MetadataDescriptorRow> {
  const row = await ctx.loaders.metadataDescriptorById.load(parseId(descriptorId));
  if (row === null || row.projectId !== projectId) throw new NotFoundError("Metadata descriptor not found.");
  return row;
}

function budgetJson(row: typeof budget.$inferSelect): ZouJson {
  return toZouJson(budget, row, "Budget");
}

function budgetEntryJson(row: BudgetEntryRow): ZouJson {
  return toZouJson(budgetEntry, row, "BudgetEntry");
}

/** Loads an entry of a budget of the project, for a manager of the project. */
async function getManagedEntry(ctx: RequestContext, projectId: string, budgetId: string, entryId: string): Promise<BudgetEntryRow> {
  await getManagedBudget(ctx, parseId(budgetId), parseId(projectId));
  const entry = await ctx.loaders.budgetEntryById.load(parseId(entryId));
  if (entry === null || entry.budgetId !== budgetId.toLowerCase()) throw new NotFoundError("Budget entry not found.");
  return entry;
}

/** Serializes the few person fields Zou shows to non-managers in a team list. */
function minimalPersonJson(row: PersonRow, departmentIds: string[]): ZouJson {
  return {
    id: row.id,
    type: "Person",
    first_name: row.firstName,
    last_name: row.lastName,
    full_name: fullName(row),
    has_avatar: row.hasAvatar,
    active: row.active,
    departments: departmentIds,
  };
}

@Resolver()
export class ProjectRestResolver {
  @Query(() => JSON, {
    description: "Open projects in Zou's JSON with their relations, by name: every one for admins, the viewer's teams' for others. `name` keeps the project of that name only.",
  })
  async openProjectsJson(@Arg("name", () => String, { nullable: true }) name: string | null, @Ctx() ctx: RequestContext): Promise<ZouJson[]> {
    requireViewer(ctx);
    const [open] = await ctx.db.orm.select({ id: projectStatus.id }).from(projectStatus).where(eq(projectStatus.name, "Open")).limit(1);
    if (open === undefined) return [];
    const filters: Record<string, string> = { project_status_id: open.id };
    if (name !== null && name !== "") filters.name = name;
    const rows = (await listRecords(ctx, "projects", { filters, relations: true })) as ZouJson[];
    return rows.sort((a, b) => String(a.name).localeCompare(String(b.name)));
  }

  @Query(() => JSON, { description: "Task statuses enabled in a project, in Zou's JSON with the link's priority and board roles, by priority." })
  async projectTaskStatusesJson(@Arg("projectId", () => ID) projectId: string, @Ctx() ctx: RequestContext): Promise<ZouJson[]> {
    const project = await getReadableProject(ctx, parseId(projectId));
    const rows = await ctx.db.orm
      .select({ taskStatus, priority: projectTaskStatusLink.priority, rolesForBoard: projectTaskStatusLink.rolesForBoard })
      .from(projectTaskStatusLink)
      .innerJoin(taskStatus, eq(taskStatus.id, projectTaskStatusLink.taskStatusId))
      .where(eq(projectTaskStatusLink.projectId, project.id))
      .orderBy(asc(projectTaskStatusLink.priority), asc(taskStatus.name));
    return rows.map((row) => ({ ...toZouJson(taskStatus, row.taskStatus, "TaskStatus"), priority: row.priority, roles_for_board: row.rolesForBoard ?? [] }));
  }

  @Query(() => JSON, {
    description: "The project's team in Zou's JSON with each member's project_role: full records for admins and managers, a few fields for the others.",
  })
  async projectTeamJson(@Arg("projectId", () => ID) projectId: string, @Ctx() ctx: RequestContext): Promise<ZouJson[]> {
    const viewer = requireViewer(ctx);
    const project = await getReadableProject(ctx, parseId(projectId));
    const links = await ctx.loaders.teamLinksByProjectId.load(project.id);
    const persons = await ctx.loaders.personById.loadMany(links.map((link) => link.personId));
    const departments = await ctx.loaders.departmentLinksByPersonId.loadMany(links.map((link) => link.personId));
    const full = isManager(viewer);
    const team: ZouJson[] = [];
    links.forEach((link, index) => {
      const person = persons[index];
      if (person === null || person instanceof Error) return;
      const personDepartments = departments[index];
      const departmentIds = Array.isArray(personDepartments) ? personDepartments.map((row) => row.departmentId) : [];
      const json = full ? personToZouJson(person, departmentIds) : minimalPersonJson(person, departmentIds);
      json.project_role = link.role;
      team.push(json);
    });
    return team.sort((a, b) => String(a.full_name).localeCompare(String(b.full_name)));
  }

  @Query(() => JSON, { description: "Status automations enabled in a project, in Zou's JSON (managers of the project)." })
  async projectStatusAutomationsJson(@Arg("projectId", () => ID) projectId: string, @Ctx() ctx: RequestContext): Promise<ZouJson[]> {
    const id = parseId(projectId);
    await assertProjectManager(ctx, id);
    const rows = await ctx.db.orm
      .select({ statusAutomation })
      .from(projectStatusAutomationLink)
      .innerJoin(statusAutomation, eq(statusAutomation.id, projectStatusAutomationLink.statusAutomationId))
      .where(eq(projectStatusAutomationLink.projectId, id))
      .orderBy(asc(statusAutomation.createdAt));
    return rows.map((row) => toZouJson(statusAutomation, row.statusAutomation, "StatusAutomation"));
  }

  @Query(() => JSON, { description: "Preview background files enabled in a project, in Zou's JSON, by name." })
  async projectPreviewBackgroundFilesJson(@Arg("projectId", () => ID) projectId: string, @Ctx() ctx: RequestContext): Promise<ZouJson[]> {
    const project = await getReadableProject(ctx, parseId(projectId));
    const rows = await ctx.db.orm
      .select({ previewBackgroundFile })
      .from(projectPreviewBackgroundFileLink)
      .innerJoin(previewBackgroundFile, eq(previewBackgroundFile.id, projectPreviewBackgroundFileLink.previewBackgroundFileId))
      .where(eq(projectPreviewBackgroundFileLink.projectId, project.id))
      .orderBy(asc(previewBackgroundFile.name));
    return rows.map((row) => toZouJson(previewBackgroundFile, row.previewBackgroundFile, "PreviewBackgroundFile"));
  }

  @Query(() => JSON, { description: "The project's milestones in Zou's JSON, by date; FORBIDDEN for vendors." })
  async projectMilestonesJson(@Arg("projectId", () => ID) projectId: string, @Ctx() ctx: RequestContext): Promise<ZouJson[]> {
    const id = parseId(projectId);
    await assertCanReadSchedule(ctx, id);
    const rows = await ctx.loaders.milestonesByProjectId.load(id);
    return [...rows].sort((a, b) => (a.date ?? "").localeCompare(b.date ?? "")).map((row) => toZouJson(milestone, row, "Milestone"));
  }

  @Query(() => JSON, { description: "The project's metadata descriptors in Zou's JSON with their department ids; clients get only those marked for clients." })
  async projectMetadataDescriptorsJson(@Arg("projectId", () => ID) projectId: string, @Ctx() ctx: RequestContext): Promise<ZouJson[]> {
    const project = await getReadableProject(ctx, parseId(projectId));
    const rows = await ctx.loaders.metadataDescriptorsByProjectId.load(project.id);
    const role = await effectiveProjectRole(ctx, project.id);
    const visible = role === "client" ? rows.filter((row) => row.forClient === true) : rows;
    const sorted = [...visible].sort((a, b) => (a.position ?? 0) - (b.position ?? 0) || a.name.localeCompare(b.name));
    return descriptorsJson(ctx, sorted);
  }

  @Query(() => JSON, { description: "One metadata descriptor of the project in Zou's JSON; NOT_FOUND for clients when it is not marked for clients." })
  async projectMetadataDescriptorJson(
    @Arg("projectId", () => ID) projectId: string,
    @Arg("id", () => ID) id: string,
    @Ctx() ctx: RequestContext,
  ): Promise<ZouJson> {
    const project = await getReadableProject(ctx, parseId(projectId));
    const row = await getProjectDescriptor(ctx, project.id, id);
    if (row.forClient !== true && (await effectiveProjectRole(ctx, project.id)) === "client") throw new NotFoundError("Metadata descriptor not found.");
    const [json] = await descriptorsJson(ctx, [row]);
    return json;
  }

  @Mutation(() => JSON, { description: "Updates a metadata descriptor of the project and returns it in Zou's JSON; event metadata-descriptor:update." })
  async updateProjectMetadataDescriptorJson(
    @Arg("projectId", () => ID) projectId: string,
    @Arg("id", () => ID) id: string,
    @Arg("input", () => UpdateMetadataDescriptorInput) input: UpdateMetadataDescriptorInput,
    @Ctx() ctx: RequestContext,
  ): Promise<ZouJson> {
    const project = await getReadableProject(ctx, parseId(projectId));
    const existing = await getProjectDescriptor(ctx, project.id, id);
    const row = await updateMetadataDescriptor(ctx, existing.id, input);
    ctx.loaders.departmentLinksByMetadataDescriptorId.clear(row.id);
    const [json] = await descriptorsJson(ctx, [row]);
    return json;
  }

  @Mutation(() => ID, { description: "Deletes a metadata descriptor of the project; event metadata-descriptor:delete." })
  async deleteProjectMetadataDescriptor(@Arg("projectId", () => ID) projectId: string, @Arg("id", () => ID) id: string, @Ctx() ctx: RequestContext): Promise<string> {
    const project = await getReadableProject(ctx, parseId(projectId));
    const existing = await getProjectDescriptor(ctx, project.id, id);
    return (await deleteMetadataDescriptor(ctx, existing.id)).id;
  }

  @Mutation(() => JSON, { description: "Orders a project's descriptors of one entity type from an id list and returns them in Zou's JSON (manager of the project)." })
  async reorderProjectMetadataDescriptorsJson(
    @Arg("projectId", () => ID) projectId: string,
    @Arg("entityType", () => String) entityType: string,
    @Arg("descriptorIds", () => [ID]) descriptorIds: string[],
    @Ctx() ctx: RequestContext,
  ): Promise<ZouJson[]> {
    const rows = await reorderMetadataDescriptors(ctx, parseId(projectId), entityType, descriptorIds);
    return descriptorsJson(ctx, rows);
  }

  @Query(() => JSON, { description: "The project's budgets in Zou's JSON, by revision (managers of the project)." })
  async projectBudgetsJson(@Arg("projectId", () => ID) projectId: string, @Ctx() ctx: RequestContext): Promise<ZouJson[]> {
    const id = parseId(projectId);
    await assertProjectManager(ctx, id);
    const rows = await ctx.loaders.budgetsByProjectId.load(id);
    return [...rows].sort((a, b) => a.revision - b.revision).map(budgetJson);
  }

  @Query(() => JSON, { description: "One budget of the project in Zou's JSON (managers of the project)." })
  async projectBudgetJson(@Arg("projectId", () => ID) projectId: string, @Arg("id", () => ID) id: string, @Ctx() ctx: RequestContext): Promise<ZouJson> {
    return budgetJson(await getManagedBudget(ctx, parseId(id), parseId(projectId)));
  }

  @Mutation(() => JSON, { description: "Creates a budget revision in the project and returns it in Zou's JSON; event budget:create." })
  async createProjectBudgetJson(
    @Arg("projectId", () => ID) projectId: string,
    @Arg("name", () => String) name: string,
    @Arg("currency", () => String, { nullable: true }) currency: string | null,
    @Ctx() ctx: RequestContext,
  ): Promise<ZouJson> {
    return budgetJson(await createBudget(ctx, parseId(projectId), name, currency));
  }

  @Mutation(() => JSON, { description: "Renames a budget of the project or changes its currency, and returns it in Zou's JSON; event budget:update." })
  async updateProjectBudgetJson(
    @Arg("projectId", () => ID) projectId: string,
    @Arg("id", () => ID) id: string,
    @Arg("name", () => String, { nullable: true }) name: string | null,
    @Arg("currency", () => String, { nullable: true }) currency: string | null,
    @Ctx() ctx: RequestContext,
  ): Promise<ZouJson> {
    const existing = await getManagedBudget(ctx, parseId(id), parseId(projectId));
    return budgetJson(await updateBudget(ctx, existing.id, { name, currency }));
  }

  @Query(() => JSON, { description: "Entries of a budget of the project in Zou's JSON, oldest first (managers of the project)." })
  async projectBudgetEntriesJson(@Arg("projectId", () => ID) projectId: string, @Arg("budgetId", () => ID) budgetId: string, @Ctx() ctx: RequestContext): Promise<ZouJson[]> {
    const parent = await getManagedBudget(ctx, parseId(budgetId), parseId(projectId));
    const rows = await ctx.loaders.budgetEntriesByBudgetId.load(parent.id);
    return [...rows].sort((a, b) => (a.createdAt?.getTime() ?? 0) - (b.createdAt?.getTime() ?? 0)).map(budgetEntryJson);
  }

  @Query(() => JSON, { description: "One entry of a budget of the project in Zou's JSON (managers of the project)." })
  async projectBudgetEntryJson(
    @Arg("projectId", () => ID) projectId: string,
    @Arg("budgetId", () => ID) budgetId: string,
    @Arg("id", () => ID) id: string,
    @Ctx() ctx: RequestContext,
  ): Promise<ZouJson> {
    return budgetEntryJson(await getManagedEntry(ctx, projectId, budgetId, id));
  }

  @Mutation(() => JSON, { description: "Adds an entry to a budget of the project and returns it in Zou's JSON; event budget-entry:create." })
  async createProjectBudgetEntryJson(
    @Arg("projectId", () => ID) projectId: string,
    @Arg("budgetId", () => ID) budgetId: string,
    @Arg("input", () => BudgetEntryInput) input: BudgetEntryInput,
    @Ctx() ctx: RequestContext,
  ): Promise<ZouJson> {
    const parent = await getManagedBudget(ctx, parseId(budgetId), parseId(projectId));
    return budgetEntryJson(await createBudgetEntry(ctx, parent.id, input));
  }

  @Mutation(() => JSON, { description: "Updates an entry of a budget of the project and returns it in Zou's JSON; event budget-entry:update." })
  async updateProjectBudgetEntryJson(
    @Arg("projectId", () => ID) projectId: string,
    @Arg("budgetId", () => ID) budgetId: string,
    @Arg("id", () => ID) id: string,
    @Arg("input", () => BudgetEntryInput) input: BudgetEntryInput,
    @Ctx() ctx: RequestContext,
  ): Promise<ZouJson> {
    const entry = await getManagedEntry(ctx, projectId, budgetId, id);
    return budgetEntryJson(await updateBudgetEntry(ctx, entry.id, input));
  }

  @Mutation(() => ID, { description: "Deletes an entry of a budget of the project; event budget-entry:delete." })
  async deleteProjectBudgetEntry(
    @Arg("projectId", () => ID) projectId: string,
    @Arg("budgetId", () => ID) budgetId: string,
    @Arg("id", () => ID) id: string,
    @Ctx() ctx: RequestContext,
  ): Promise<string> {
    const entry = await getManagedEntry(ctx, projectId, budgetId, id);
    return (await deleteBudgetEntry(ctx, entry.id)).id;
  }
}

import { and, eq, sql } from "drizzle-orm";
import {
  departmentMetadataDescriptorLink,
  metadataDescriptor,
  project,
  projectAssetTypeLink,
  projectPersonLink,
  projectPreviewBackgroundFileLink,
  projectStatus,
  projectStatusAutomationLink,
  projectTaskStatusLink,
  projectTaskTypeLink,
  statusAutomation,
} from "../../schema/projects.js";
import { previewBackgroundFile } from "../../schema/comments.js";
import { entityType } from "../../schema/entities.js";
import { taskStatus, taskType } from "../../schema/tasks.js";
import { playlist, buildJob, playlistShareLink } from "../../schema/playlists.js";
import { budget, budgetEntry, milestone, scheduleItem } from "../../schema/schedules.js";
import { searchFilter, searchFilterGroup } from "../../schema/misc.js";
import { apiEvent, notification } from "../../schema/notifications.js";
import { assertAdmin, assertProjectManager, getReadableProject } from "../auth/permissions.js";
import type { RequestContext } from "../context.js";
import type { Orm } from "../db/index.js";
import { BadRequestError, NotFoundError } from "../errors.js";
import { recordEvent } from "../events/events.service.js";
import { isUuid, parseId } from "../ids.js";
import { definedFields, optionalDate, optionalText, requireOneOf, requireText, requireWholeNumber } from "../misc/input-checks.js";
import type { CreateProjectInput, UpdateProjectInput } from "./project.type.js";
import type { ProjectRow } from "./projects.loaders.js";

export { createMetadataDescriptor, deleteMetadataDescriptor, updateMetadataDescriptor } from "./metadata-descriptors.service.js";

// Writes of the projects domain: projects, their team and their settings
// (task types, task statuses, asset types, status automations). Each write
// is one transaction recording Zou's event.

export const PROJECT_ROLES = ["user", "supervisor", "manager", "client", "vendor"] as const;
const PRODUCTION_TYPES = ["short", "featurefilm", "tvshow"] as const;
const HOMEPAGES = ["assets", "shots", "sequences", "episodes", "edits", "breakdown", "playlists", "news", "schedule"] as const;

type ProjectValues = Partial<typeof project.$inferInsert>;

async function checkProjectFields(ctx: RequestContext, input: Partial<CreateProjectInput>): Promise<ProjectValues> {
  const values: ProjectValues = {};
  if (input.name !== undefined) values.name = requireText(input.name, "name", 80);
  if (input.code !== undefined) values.code = optionalText(input.code, "code", 80);
  if (input.description !== undefined) values.description = input.description;

  if (input.fps !== undefined) values.fps = requireText(input.fps, "fps", 10);
  if (input.ratio !== undefined) values.ratio = requireText(input.ratio, "ratio", 10);
  if (input.resolution !== undefined) {
    // Zou checks the resolution is written WIDTHxHEIGHT.
    if (!/^\d+x\d+$/.test(input.resolution)) throw new BadRequestError("resolution must be written WIDTHxHEIGHT, such as 1920x1080.", { field: "resolution" });
    values.resolution = input.resolution;
  }
  if (input.productionType !== undefined) values.productionType = requireOneOf(input.productionType, PRODUCTION_TYPES, "productionType");
  if (input.productionStyle !== undefined) values.productionStyle = requireText(input.productionStyle, "productionStyle", 255);
  if (input.startDate !== undefined) values.startDate = optionalDate(input.startDate, "startDate");
  if (input.endDate !== undefined) values.endDate = optionalDate(input.endDate, "endDate");
  if (input.manDays !== undefined) values.manDays = input.manDays === null ? null : requireWholeNumber(input.manDays, "manDays");
  if (input.nbEpisodes !== undefined) values.nbEpisodes = requireWholeNumber(input.nbEpisodes, "nbEpisodes");
  if (input.maxRetakes !== undefined) values.maxRetakes = requireWholeNumber(input.maxRetakes, "maxRetakes");
  if (input.isClientsIsolated !== undefined) values.isClientsIsolated = input.isClientsIsolated;
  if (input.isPreviewDownloadAllowed !== undefined) values.isPreviewDownloadAllowed = input.isPreviewDownloadAllowed;
  if (input.homepage !== undefined) values.homepage = requireOneOf(input.homepage, HOMEPAGES, "homepage");
  if (input.data !== undefined) values.data = input.data;

  if (input.projectStatusId !== undefined) {
    const statusId = parseId(input.projectStatusId);
    if ((await ctx.loaders.projectStatusById.load(statusId)) === null) throw new NotFoundError("Project status not found.");
    values.projectStatusId = statusId;
  }

  const start = values.startDate;
  const end = values.endDate;
  if (typeof start === "string" && typeof end === "string" && start > end) throw new BadRequestError("startDate must not be after endDate.", { field: "endDate" });
  return values;
}

/** Returns the id of the project status with this name, creating it (Zou does the same for Open and Closed). */
async function getOrCreateProjectStatusId(tx: Orm, name: "Open" | "Closed"): Promise<string> {
  const existing = await tx.select({ id: projectStatus.id }).from(projectStatus).where(eq(projectStatus.name, name)).limit(1);
  if (existing[0] !== undefined) return existing[0].id;
  const [row] = await tx.insert(projectStatus).values({ name, color: "#000000" }).returning({ id: projectStatus.id });
  return row.id;
}

/** Creates a project (admins only, as Zou's generic create); it starts Open. Event project:new. */
export async function createProject(ctx: RequestContext, input: CreateProjectInput): Promise<ProjectRow> {
  assertAdmin(ctx);
  const values = await checkProjectFields(ctx, input);

  return ctx.db.transaction(async (tx) => {
    values.projectStatusId ??= await getOrCreateProjectStatusId(tx, "Open");
    const [row] = await tx.insert(project).values(values as typeof project.$inferInsert).returning();
    await recordEvent(tx, ctx, { name: "project:new", projectId: row.id, data: { project_id: row.id } });
    return row;
  });
}

/** Updates a project (admin or manager of the project); event project:update. */
export async function updateProject(ctx: RequestContext, projectId: string, input: UpdateProjectInput): Promise<ProjectRow> {
  await assertProjectManager(ctx, projectId);
  const values = await checkProjectFields(ctx, definedFields(input));

  return ctx.db.transaction(async (tx) => {
    const [row] = await tx.update(project).set(values).where(eq(project.id, projectId)).returning();
    await recordEvent(tx, ctx, { name: "project:update", projectId, data: { project_id: projectId } });
    return row;
  });
}

/** Moves a project to the Closed status (admin or manager of the project); event project:update. */
export async function closeProject(ctx: RequestContext, projectId: string): Promise<ProjectRow> {
  await assertProjectManager(ctx, projectId);

  return ctx.db.transaction(async (tx) => {
    const closedId = await getOrCreateProjectStatusId(tx, "Closed");
    const [row] = await tx.update(project).set({ projectStatusId: closedId }).where(eq(project.id, projectId)).returning();
    await recordEvent(tx, ctx, { name: "project:update", projectId, data: { project_id: projectId } });
    return row;
  });
}

async function deleteProjectOwnedRows(tx: Orm, projectId: string): Promise<void> {
  const budgetIds = tx.select({ id: budget.id }).from(budget).where(eq(budget.projectId, projectId));
  await tx.delete(budgetEntry).where(sql`${budgetEntry.budgetId} in ${budgetIds}`);
  await tx.delete(budget).where(eq(budget.projectId, projectId));
  const playlistIds = tx.select({ id: playlist.id }).from(playlist).where(eq(playlist.projectId, projectId));
  await tx.delete(buildJob).where(sql`${buildJob.playlistId} in ${playlistIds}`);
  await tx.delete(playlistShareLink).where(sql`${playlistShareLink.playlistId} in ${playlistIds}`);
  await tx.delete(notification).where(sql`${notification.playlistId} in ${playlistIds}`);
  await tx.delete(playlist).where(eq(playlist.projectId, projectId));
  await tx.delete(scheduleItem).where(eq(scheduleItem.projectId, projectId));
  await tx.delete(milestone).where(eq(milestone.projectId, projectId));
  const descriptorIds = tx.select({ id: metadataDescriptor.id }).from(metadataDescriptor).where(eq(metadataDescriptor.projectId, projectId));
  await tx.delete(departmentMetadataDescriptorLink).where(sql`${departmentMetadataDescriptorLink.metadataDescriptorId} in ${descriptorIds}`);
  await tx.delete(metadataDescriptor).where(eq(metadataDescriptor.projectId, projectId));
  await tx.delete(searchFilter).where(eq(searchFilter.projectId, projectId));
  await tx.delete(searchFilterGroup).where(eq(searchFilterGroup.projectId, projectId));
  await tx.delete(projectTaskTypeLink).where(eq(projectTaskTypeLink.projectId, projectId));
  await tx.delete(projectTaskStatusLink).where(eq(projectTaskStatusLink.projectId, projectId));
  await tx.delete(projectAssetTypeLink).where(eq(projectAssetTypeLink.projectId, projectId));
  await tx.delete(projectStatusAutomationLink).where(eq(projectStatusAutomationLink.projectId, projectId));
  await tx.delete(projectPreviewBackgroundFileLink).where(eq(projectPreviewBackgroundFileLink.projectId, projectId));
  await tx.delete(projectPersonLink).where(eq(projectPersonLink.projectId, projectId));
}

/**
 * Deletes a closed project (admins only; Zou refuses open ones) with its
 * settings, team, playlists, schedule and budgets. A project that still has
 * entities or tasks is refused with BAD_USER_INPUT by the database's
 * references, like Zou's delete without `force`. Event project:delete.
 */
export async function deleteProject(ctx: RequestContext, projectId: string): Promise<ProjectRow> {
  const existing = await getReadableProjectForAdmin(ctx, projectId);
  const status = existing.projectStatusId === null ? null : await ctx.loaders.projectStatusById.load(existing.projectStatusId);
  if (status?.name !== "Closed") throw new BadRequestError("Only closed projects can be deleted");

  return ctx.db.transaction(async (tx) => {
    await deleteProjectOwnedRows(tx, projectId);
    // The project's own events reference it, so they go with it, as in Zou; the
    // deletion event keeps the id in its data only.
    await tx.delete(apiEvent).where(eq(apiEvent.projectId, projectId));
    await tx.delete(project).where(eq(project.id, projectId));
    await recordEvent(tx, ctx, { name: "project:delete", data: { project_id: projectId } });
    return existing;
  });
}

async function getReadableProjectForAdmin(ctx: RequestContext, projectId: string): Promise<ProjectRow> {
  const existing = await ctx.loaders.projectById.load(projectId);
  if (existing === null) throw new NotFoundError("Project not found.");
  assertAdmin(ctx);
  return existing;
}

/**
 * Adds a person to a project's team, or sets the project role of a member
 * (manager of the project). Events project:update, and a second one when a
 * role is set, as Zou sends.
 */
export async function addTeamMember(ctx: RequestContext, projectId: string, personId: string, role?: string | null): Promise<ProjectRow> {
  const checkedRole = role === undefined || role === null ? undefined : requireOneOf(role, PROJECT_ROLES, "role");
  await assertProjectManager(ctx, projectId);
  const member = isUuid(personId) ? await ctx.loaders.personById.load(personId) : null;
  if (member === null) throw new BadRequestError(`Person with id ${personId} not found`, { field: "personId" });

  return ctx.db.transaction(async (tx) => {
    await tx.insert(projectPersonLink).values({ projectId, personId }).onConflictDoNothing();
    await recordEvent(tx, ctx, { name: "project:update", projectId, data: {} });
    if (checkedRole !== undefined) {
      await tx.update(projectPersonLink).set({ role: checkedRole }).where(and(eq(projectPersonLink.projectId, projectId), eq(projectPersonLink.personId, personId)));
      await recordEvent(tx, ctx, { name: "project:update", projectId, data: {} });
    }
    return (await tx.select().from(project).where(eq(project.id, projectId)))[0];
  });
}

/** Removes a person from a project's team (manager of the project); event project:update. */
export async function removeTeamMember(ctx: RequestContext, projectId: string, personId: string): Promise<ProjectRow> {
  const existing = await getReadableProject(ctx, projectId);
  await assertProjectManager(ctx, projectId);

  return ctx.db.transaction(async (tx) => {
    const removed = await tx
      .delete(projectPersonLink)
      .where(and(eq(projectPersonLink.projectId, projectId), eq(projectPersonLink.personId, personId)))
      .returning({ personId: projectPersonLink.personId });
    if (removed.length === 0) throw new NotFoundError("This person is not in the project's team.");
    await recordEvent(tx, ctx, { name: "project:update", projectId, data: {} });
    return existing;
  });
}

/** Sets or clears the project role of a team member (manager of the project); event project:update. */
export async function setTeamMemberRole(ctx: RequestContext, projectId: string, personId: string, role: string | null): Promise<ProjectRow> {
  const checkedRole = role === null ? null : requireOneOf(role, PROJECT_ROLES, "role");
  const existing = await getReadableProject(ctx, projectId);
  await assertProjectManager(ctx, projectId);

  return ctx.db.transaction(async (tx) => {
    const updated = await tx
      .update(projectPersonLink)
      .set({ role: checkedRole })
      .where(and(eq(projectPersonLink.projectId, projectId), eq(projectPersonLink.personId, personId)))
      .returning({ personId: projectPersonLink.personId });
    if (updated.length === 0) throw new NotFoundError("This person is not in the project's team.");
    await recordEvent(tx, ctx, { name: "project:update", projectId, data: {} });
    return existing;
  });
}

export type ProjectSetting = "taskType" | "taskStatus" | "assetType" | "statusAutomation" | "previewBackgroundFile";

const SETTING_TARGETS = {
  taskType: { table: taskType, label: "Task type" },
  taskStatus: { table: taskStatus, label: "Task status" },
  assetType: { table: entityType, label: "Asset type" },
  statusAutomation: { table: statusAutomation, label: "Status automation" },
  previewBackgroundFile: { table: previewBackgroundFile, label: "Preview background file" },
} as const;

async function assertSettingTargetExists(ctx: RequestContext, setting: ProjectSetting, targetId: string): Promise<void> {
  const target = SETTING_TARGETS[setting];
  const rows = await ctx.db.orm.select({ id: target.table.id }).from(target.table).where(eq(target.table.id, targetId)).limit(1);
  if (rows.length === 0) throw new NotFoundError(`${target.label} not found.`);
}

/**
 * Enables a task type, task status, asset type, status automation or preview background file in a
 * project's settings, or changes its priority when already enabled (manager
 * of the project). Event project:update.
 */
export async function addProjectSetting(ctx: RequestContext, projectId: string, setting: ProjectSetting, targetId: string, priority?: number | null): Promise<ProjectRow> {
  const existing = await getReadableProject(ctx, projectId);
  await assertProjectManager(ctx, projectId);
  await assertSettingTargetExists(ctx, setting, targetId);

  return ctx.db.transaction(async (tx) => {
    if (setting === "taskType") {
      await tx
        .insert(projectTaskTypeLink)
        .values({ projectId, taskTypeId: targetId, priority: priority ?? null })
        .onConflictDoUpdate({ target: [projectTaskTypeLink.projectId, projectTaskTypeLink.taskTypeId], set: { priority: priority ?? null } });
    } else if (setting === "taskStatus") {
      await tx
        .insert(projectTaskStatusLink)
        .values({ projectId, taskStatusId: targetId, priority: priority ?? null })
        .onConflictDoUpdate({ target: [projectTaskStatusLink.projectId, projectTaskStatusLink.taskStatusId], set: { priority: priority ?? null } });
    } else if (setting === "assetType") {
      await tx.insert(projectAssetTypeLink).values({ projectId, assetTypeId: targetId }).onConflictDoNothing();
    } else if (setting === "statusAutomation") {
      await tx.insert(projectStatusAutomationLink).values({ projectId, statusAutomationId: targetId }).onConflictDoNothing();
    } else {
      await tx.insert(projectPreviewBackgroundFileLink).values({ projectId, previewBackgroundFileId: targetId }).onConflictDoNothing();
    }
    await recordEvent(tx, ctx, { name: "project:update", projectId, data: { project_id: projectId } });
    return existing;
  });
}

/** Disables a task type, task status, asset type, status automation or preview background file in a project (manager of the project). Event project:update. */
export async function removeProjectSetting(ctx: RequestContext, projectId: string, setting: ProjectSetting, targetId: string): Promise<ProjectRow> {
  const existing = await getReadableProject(ctx, projectId);
  await assertProjectManager(ctx, projectId);

  return ctx.db.transaction(async (tx) => {
    let removed: unknown[];
    if (setting === "taskType") {
      removed = await tx.delete(projectTaskTypeLink).where(and(eq(projectTaskTypeLink.projectId, projectId), eq(projectTaskTypeLink.taskTypeId, targetId))).returning();
    } else if (setting === "taskStatus") {
      removed = await tx.delete(projectTaskStatusLink).where(and(eq(projectTaskStatusLink.projectId, projectId), eq(projectTaskStatusLink.taskStatusId, targetId))).returning();
    } else if (setting === "assetType") {
      removed = await tx.delete(projectAssetTypeLink).where(and(eq(projectAssetTypeLink.projectId, projectId), eq(projectAssetTypeLink.assetTypeId, targetId))).returning();
    } else if (setting === "previewBackgroundFile") {
      removed = await tx
        .delete(projectPreviewBackgroundFileLink)
        .where(and(eq(projectPreviewBackgroundFileLink.projectId, projectId), eq(projectPreviewBackgroundFileLink.previewBackgroundFileId, targetId)))
        .returning();
    } else {
      removed = await tx
        .delete(projectStatusAutomationLink)
        .where(and(eq(projectStatusAutomationLink.projectId, projectId), eq(projectStatusAutomationLink.statusAutomationId, targetId)))
        .returning();
    }
    if (removed.length === 0) throw new NotFoundError(`${SETTING_TARGETS[setting].label} is not in this project's settings.`);
    await recordEvent(tx, ctx, { name: "project:update", projectId, data: { project_id: projectId } });
    return existing;
  });
}

/** Returns the person ids of a project's team; used by other domains' checks. */
export async function listTeamPersonIds(ctx: RequestContext, projectId: string): Promise<string[]> {
  const links = await ctx.loaders.teamLinksByProjectId.load(projectId);
  return links.map((link) => link.personId);
}

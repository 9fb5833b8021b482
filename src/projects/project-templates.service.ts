import { and, eq } from "drizzle-orm";
import { previewBackgroundFile } from "../../schema/comments.js";
import { entityType } from "../../schema/entities.js";
import {
  metadataDescriptor,
  project,
  projectAssetTypeLink,
  projectPreviewBackgroundFileLink,
  projectStatusAutomationLink,
  projectTaskStatusLink,
  projectTaskTypeLink,
  projectTemplate,
  projectTemplateAssetTypeLink,
  projectTemplatePreviewBackgroundFileLink,
  projectTemplateStatusAutomationLink,
  projectTemplateTaskStatusLink,
  projectTemplateTaskTypeLink,
  statusAutomation,
} from "../../schema/projects.js";
import { taskStatus, taskType } from "../../schema/tasks.js";
import { assertAdmin, assertManager } from "../auth/permissions.js";
import type { RequestContext } from "../context.js";
import type { Orm } from "../db/index.js";
import { BadRequestError, NotFoundError } from "../errors.js";
import { recordEvent } from "../events/events.service.js";
import { isUuid } from "../ids.js";
import { requireText, slugifyFieldName } from "../misc/input-checks.js";
import { createMetadataDescriptor } from "./metadata-descriptors.service.js";
import type { ProjectRow } from "./projects.loaders.js";

// Project templates: reusable project configurations. Managers read them,
// admins change them, as in Zou. Zou returns 404 "Project template not found"
// for an unknown or malformed template id and 400 for a bad body field. These
// functions throw NotFoundError and BadRequestError with the same messages.

export type ProjectTemplateRow = typeof projectTemplate.$inferSelect;

export const TEMPLATE_NOT_FOUND = "Project template not found";
export const PROJECT_NOT_FOUND = "Project not found";

/** Settings copied between a project and a template, in both directions (Zou's production settings). */
const PRODUCTION_SETTING_KEYS = [
  "fps",
  "ratio",
  "resolution",
  "productionType",
  "productionStyle",
  "maxRetakes",
  "isClientsIsolated",
  "isPreviewDownloadAllowed",
  "isSetPreviewAutomated",
  "isPublishDefaultForArtists",
  "homepage",
  "hdBitrateCompression",
  "ldBitrateCompression",
] as const;

export type TemplateLink = "taskType" | "taskStatus" | "assetType" | "statusAutomation" | "previewBackgroundFile";

const LINK_TARGETS = {
  taskType: { table: taskType, field: "task_type_id", label: "Task type" },
  taskStatus: { table: taskStatus, field: "task_status_id", label: "Task status" },
  assetType: { table: entityType, field: "asset_type_id", label: "Asset type" },
  statusAutomation: { table: statusAutomation, field: "status_automation_id", label: "Status automation" },
  previewBackgroundFile: { table: previewBackgroundFile, field: "preview_background_file_id", label: "Preview background file" },
} as const;

/** Loads a template; malformed and unknown ids are both NOT_FOUND, as in Zou. */
export async function getTemplateOrThrow(ctx: RequestContext, templateId: string): Promise<ProjectTemplateRow> {
  if (!isUuid(templateId)) throw new NotFoundError(TEMPLATE_NOT_FOUND);
  const [row] = await ctx.db.orm.select().from(projectTemplate).where(eq(projectTemplate.id, templateId.toLowerCase())).limit(1);
  if (row === undefined) throw new NotFoundError(TEMPLATE_NOT_FOUND);
  return row;
}

/** Loads a template for a global manager or admin (Zou checks the role before the id). */
export async function getReadableTemplate(ctx: RequestContext, templateId: string): Promise<ProjectTemplateRow> {
  assertManager(ctx);
  return getTemplateOrThrow(ctx, templateId);
}

/** Returns the target row of a link, or throws BAD_USER_INPUT with Zou's messages. */
async function getLinkTarget(ctx: RequestContext, link: TemplateLink, targetId: unknown): Promise<Record<string, unknown>> {
  const target = LINK_TARGETS[link];
  if (!isUuid(targetId)) throw new BadRequestError(`${target.field} is required and must be a valid UUID`, { field: target.field });
  const [row] = await ctx.db.orm.select().from(target.table).where(eq(target.table.id, targetId.toLowerCase())).limit(1);
  if (row === undefined) throw new BadRequestError(`${target.label} ${targetId} does not exist`, { field: target.field });
  return row as Record<string, unknown>;
}

async function recordTemplateUpdate(tx: Orm, ctx: RequestContext, templateId: string): Promise<void> {
  await recordEvent(tx, ctx, { name: "project-template:update", data: { project_template_id: templateId } });
}

export interface TemplateLinkOptions {
  priority?: number | null;
  rolesForBoard?: string[] | null;
}

/**
 * Adds a task type, task status, asset type, status automation or preview
 * background file to a template (admins). Adding one already there updates
 * the priority and board roles when given. Returns the target row and, for
 * task types and statuses, the link row. Event project-template:update.
 */
export async function addTemplateLink(
  ctx: RequestContext,
  templateId: string,
  link: TemplateLink,
  targetId: unknown,
  options: TemplateLinkOptions = {},
): Promise<{ target: Record<string, unknown>; link: Record<string, unknown> | null }> {
  assertAdmin(ctx);
  const target = await getLinkTarget(ctx, link, targetId);
  const template = await getTemplateOrThrow(ctx, templateId);
  const id = target.id as string;
  const priority = options.priority ?? null;

  return ctx.db.transaction(async (tx) => {
    let linkRow: Record<string, unknown> | null = null;
    if (link === "taskType") {
      const set = priority === null ? { projectTemplateId: template.id } : { priority };
      [linkRow] = await tx
        .insert(projectTemplateTaskTypeLink)
        .values({ projectTemplateId: template.id, taskTypeId: id, priority })
        .onConflictDoUpdate({ target: [projectTemplateTaskTypeLink.projectTemplateId, projectTemplateTaskTypeLink.taskTypeId], set })
        .returning();
    } else if (link === "taskStatus") {
      const set: Partial<typeof projectTemplateTaskStatusLink.$inferInsert> = { projectTemplateId: template.id };
      if (priority !== null) set.priority = priority;
      if (options.rolesForBoard != null) set.rolesForBoard = options.rolesForBoard;
      const values: typeof projectTemplateTaskStatusLink.$inferInsert = { projectTemplateId: template.id, taskStatusId: id, priority };
      if (options.rolesForBoard != null) values.rolesForBoard = options.rolesForBoard;
      [linkRow] = await tx
        .insert(projectTemplateTaskStatusLink)
        .values(values)
        .onConflictDoUpdate({ target: [projectTemplateTaskStatusLink.projectTemplateId, projectTemplateTaskStatusLink.taskStatusId], set })
        .returning();
    } else if (link === "assetType") {
      await tx.insert(projectTemplateAssetTypeLink).values({ projectTemplateId: template.id, assetTypeId: id }).onConflictDoNothing();
    } else if (link === "statusAutomation") {
      await tx.insert(projectTemplateStatusAutomationLink).values({ projectTemplateId: template.id, statusAutomationId: id }).onConflictDoNothing();
    } else {
      await tx.insert(projectTemplatePreviewBackgroundFileLink).values({ projectTemplateId: template.id, previewBackgroundFileId: id }).onConflictDoNothing();
    }
    await recordTemplateUpdate(tx, ctx, template.id);
    return { target, link: linkRow };
  });
}

/**
 * Removes a link from a template (admins). Removing a link that is not there
 * changes nothing, as in Zou; removing the template's default background
 * also clears the default. Event project-template:update.
 */
export async function removeTemplateLink(ctx: RequestContext, templateId: string, link: TemplateLink, targetId: string): Promise<void> {
  assertAdmin(ctx);
  const template = await getTemplateOrThrow(ctx, templateId);
  // A malformed id names no linked row, so there is nothing to remove.
  if (!isUuid(targetId)) return;
  const id = targetId.toLowerCase();

  await ctx.db.transaction(async (tx) => {
    if (link === "taskType") {
      await tx.delete(projectTemplateTaskTypeLink).where(and(eq(projectTemplateTaskTypeLink.projectTemplateId, template.id), eq(projectTemplateTaskTypeLink.taskTypeId, id)));
    } else if (link === "taskStatus") {
      await tx
        .delete(projectTemplateTaskStatusLink)
        .where(and(eq(projectTemplateTaskStatusLink.projectTemplateId, template.id), eq(projectTemplateTaskStatusLink.taskStatusId, id)));
    } else if (link === "assetType") {
      await tx.delete(projectTemplateAssetTypeLink).where(and(eq(projectTemplateAssetTypeLink.projectTemplateId, template.id), eq(projectTemplateAssetTypeLink.assetTypeId, id)));
    } else if (link === "statusAutomation") {
      await tx
        .delete(projectTemplateStatusAutomationLink)
        .where(and(eq(projectTemplateStatusAutomationLink.projectTemplateId, template.id), eq(projectTemplateStatusAutomationLink.statusAutomationId, id)));
    } else {
      await tx
        .delete(projectTemplatePreviewBackgroundFileLink)
        .where(and(eq(projectTemplatePreviewBackgroundFileLink.projectTemplateId, template.id), eq(projectTemplatePreviewBackgroundFileLink.previewBackgroundFileId, id)));
      if (template.defaultPreviewBackgroundFileId === id) {
        await tx.update(projectTemplate).set({ defaultPreviewBackgroundFileId: null }).where(eq(projectTemplate.id, template.id));
      }
    }
    await recordTemplateUpdate(tx, ctx, template.id);
  });
}

/**
 * Sets (or clears, with null) the template's default preview background file,
 * which must already be linked to the template (admins). Event project-template:update.
 */
export async function setTemplateDefaultBackground(ctx: RequestContext, templateId: string, backgroundId: unknown): Promise<ProjectTemplateRow> {
  assertAdmin(ctx);
  const template = await getTemplateOrThrow(ctx, templateId);
  let id: string | null = null;
  if (backgroundId !== null && backgroundId !== undefined) {
    const linked = isUuid(backgroundId)
      ? await ctx.db.orm
          .select({ id: projectTemplatePreviewBackgroundFileLink.previewBackgroundFileId })
          .from(projectTemplatePreviewBackgroundFileLink)
          .where(
            and(
              eq(projectTemplatePreviewBackgroundFileLink.projectTemplateId, template.id),
              eq(projectTemplatePreviewBackgroundFileLink.previewBackgroundFileId, backgroundId.toLowerCase()),
            ),
          )
      : [];
    if (linked.length === 0) throw new BadRequestError("Preview background file is not linked to this template", { field: "default_preview_background_file_id" });
    id = linked[0].id;
  }

  return ctx.db.transaction(async (tx) => {
    const [row] = await tx.update(projectTemplate).set({ defaultPreviewBackgroundFileId: id }).where(eq(projectTemplate.id, template.id)).returning();
    await recordTemplateUpdate(tx, ctx, template.id);
    return row;
  });
}

/** Normalizes a metadata descriptor definition as a template stores it, tied to no project. */
function cleanDescriptorDefinition(value: unknown): Record<string, unknown> {
  if (typeof value !== "object" || value === null || Array.isArray(value)) throw new BadRequestError("Each metadata descriptor must be an object", { field: "metadata_descriptors" });
  const descriptor = value as Record<string, unknown>;
  const name = typeof descriptor.name === "string" ? descriptor.name : "";
  const fieldName = typeof descriptor.field_name === "string" && descriptor.field_name !== "" ? descriptor.field_name : slugifyFieldName(name);
  const departments = Array.isArray(descriptor.departments) ? descriptor.departments.filter((id) => id !== null && id !== undefined).map(String) : [];
  return {
    name,
    field_name: fieldName,
    entity_type: descriptor.entity_type ?? null,
    data_type: descriptor.data_type ?? null,
    choices: Array.isArray(descriptor.choices) ? descriptor.choices : [],
    for_client: descriptor.for_client === true,
    departments,
    position: typeof descriptor.position === "number" ? descriptor.position : null,
  };
}

/** Replaces the template's metadata descriptor definitions (admins). Event project-template:update. */
export async function setTemplateMetadataDescriptors(ctx: RequestContext, templateId: string, descriptors: unknown): Promise<ProjectTemplateRow> {
  assertAdmin(ctx);
  const template = await getTemplateOrThrow(ctx, templateId);
  const list = descriptors ?? [];
  if (!Array.isArray(list)) throw new BadRequestError("metadata_descriptors must be a list", { field: "metadata_descriptors" });
  const cleaned = list.map(cleanDescriptorDefinition);

  return ctx.db.transaction(async (tx) => {
    const [row] = await tx.update(projectTemplate).set({ metadataDescriptors: cleaned }).where(eq(projectTemplate.id, template.id)).returning();
    await recordTemplateUpdate(tx, ctx, template.id);
    return row;
  });
}

async function snapshotDescriptors(ctx: RequestContext, projectId: string): Promise<Record<string, unknown>[]> {
  const rows = await ctx.db.orm.select().from(metadataDescriptor).where(eq(metadataDescriptor.projectId, projectId));
  const departmentLinks = await ctx.loaders.departmentLinksByMetadataDescriptorId.loadMany(rows.map((row) => row.id));
  return rows.map((row, index) => {
    const links = departmentLinks[index];
    return {
      name: row.name,
      field_name: row.fieldName,
      entity_type: row.entityType,
      data_type: row.dataType,
      choices: row.choices ?? [],
      for_client: row.forClient === true,
      departments: Array.isArray(links) ? links.map((link) => link.departmentId) : [],
      position: row.position,
    };
  });
}

/**
 * Creates a template from a project's configuration (admins): production
 * settings, file tree, data, task types and statuses with their priorities,
 * asset types, status automations, preview backgrounds and metadata
 * descriptors. Team, dates and production data stay behind. Event project-template:new.
 */
export async function createTemplateFromProject(ctx: RequestContext, projectId: string, name: unknown, description: unknown): Promise<ProjectTemplateRow> {
  assertAdmin(ctx);
  if (typeof name !== "string" || name.trim() === "") throw new BadRequestError("name is required", { field: "name" });
  const checkedName = requireText(name, "name", 80);
  const source = isUuid(projectId) ? await ctx.loaders.projectById.load(projectId.toLowerCase()) : null;
  if (source === null) throw new NotFoundError(PROJECT_NOT_FOUND);
  const taken = await ctx.db.orm.select({ id: projectTemplate.id }).from(projectTemplate).where(eq(projectTemplate.name, checkedName)).limit(1);
  if (taken.length > 0) throw new BadRequestError("A project template with this name already exists", { field: "name" });
  const descriptors = await snapshotDescriptors(ctx, source.id);

  return ctx.db.transaction(async (tx) => {
    const settings: Partial<typeof projectTemplate.$inferInsert> = {};
    for (const key of PRODUCTION_SETTING_KEYS) (settings as Record<string, unknown>)[key] = source[key];
    const [template] = await tx
      .insert(projectTemplate)
      .values({
        ...settings,
        name: checkedName,
        description: typeof description === "string" ? description : null,
        productionStyle: source.productionStyle,
        fileTree: source.fileTree,
        data: source.data,
        metadataDescriptors: descriptors,
        defaultPreviewBackgroundFileId: source.defaultPreviewBackgroundFileId,
      })
      .returning();
    await copyProjectLinksToTemplate(tx, source.id, template.id);
    await recordEvent(tx, ctx, { name: "project-template:new", data: { project_template_id: template.id } });
    return template;
  });
}

async function copyProjectLinksToTemplate(tx: Orm, projectId: string, templateId: string): Promise<void> {
  const taskTypes = await tx.select().from(projectTaskTypeLink).where(eq(projectTaskTypeLink.projectId, projectId));
  if (taskTypes.length > 0) {
    await tx.insert(projectTemplateTaskTypeLink).values(taskTypes.map((link) => ({ projectTemplateId: templateId, taskTypeId: link.taskTypeId, priority: link.priority })));
  }
  const taskStatuses = await tx.select().from(projectTaskStatusLink).where(eq(projectTaskStatusLink.projectId, projectId));
  if (taskStatuses.length > 0) {
    await tx
      .insert(projectTemplateTaskStatusLink)
      .values(taskStatuses.map((link) => ({ projectTemplateId: templateId, taskStatusId: link.taskStatusId, priority: link.priority, rolesForBoard: link.rolesForBoard })));
  }
  const assetTypes = await tx.select().from(projectAssetTypeLink).where(eq(projectAssetTypeLink.projectId, projectId));
  if (assetTypes.length > 0) {
    await tx.insert(projectTemplateAssetTypeLink).values(assetTypes.map((link) => ({ projectTemplateId: templateId, assetTypeId: link.assetTypeId })));
  }
  const automations = await tx.select().from(projectStatusAutomationLink).where(eq(projectStatusAutomationLink.projectId, projectId));
  if (automations.length > 0) {
    await tx.insert(projectTemplateStatusAutomationLink).values(automations.map((link) => ({ projectTemplateId: templateId, statusAutomationId: link.statusAutomationId })));
  }
  const backgrounds = await tx.select().from(projectPreviewBackgroundFileLink).where(eq(projectPreviewBackgroundFileLink.projectId, projectId));
  if (backgrounds.length > 0) {
    await tx
      .insert(projectTemplatePreviewBackgroundFileLink)
      .values(backgrounds.map((link) => ({ projectTemplateId: templateId, previewBackgroundFileId: link.previewBackgroundFileId })));
  }
}

async function copyTemplateLinksToProject(tx: Orm, templateId: string, projectId: string): Promise<void> {
  const taskTypes = await tx.select().from(projectTemplateTaskTypeLink).where(eq(projectTemplateTaskTypeLink.projectTemplateId, templateId));
  if (taskTypes.length > 0) {
    await tx
      .insert(projectTaskTypeLink)
      .values(taskTypes.map((link) => ({ projectId, taskTypeId: link.taskTypeId, priority: link.priority })))
      .onConflictDoNothing();
  }
  const taskStatuses = await tx.select().from(projectTemplateTaskStatusLink).where(eq(projectTemplateTaskStatusLink.projectTemplateId, templateId));
  if (taskStatuses.length > 0) {
    await tx
      .insert(projectTaskStatusLink)
      .values(taskStatuses.map((link) => ({ projectId, taskStatusId: link.taskStatusId, priority: link.priority, rolesForBoard: link.rolesForBoard })))
      .onConflictDoNothing();
  }
  const assetTypes = await tx.select().from(projectTemplateAssetTypeLink).where(eq(projectTemplateAssetTypeLink.projectTemplateId, templateId));
  if (assetTypes.length > 0) {
    await tx
      .insert(projectAssetTypeLink)
      .values(assetTypes.map((link) => ({ projectId, assetTypeId: link.assetTypeId })))
      .onConflictDoNothing();
  }
  const automations = await tx.select().from(projectTemplateStatusAutomationLink).where(eq(projectTemplateStatusAutomationLink.projectTemplateId, templateId));
  if (automations.length > 0) {
    await tx
      .insert(projectStatusAutomationLink)
      .values(automations.map((link) => ({ projectId, statusAutomationId: link.statusAutomationId })))
      .onConflictDoNothing();
  }
  const backgrounds = await tx.select().from(projectTemplatePreviewBackgroundFileLink).where(eq(projectTemplatePreviewBackgroundFileLink.projectTemplateId, templateId));
  if (backgrounds.length > 0) {
    await tx
      .insert(projectPreviewBackgroundFileLink)
      .values(backgrounds.map((link) => ({ projectId, previewBackgroundFileId: link.previewBackgroundFileId })))
      .onConflictDoNothing();
  }
}

/**
 * Applies a template to a project (admins). The template's production
 * settings, file tree and data overwrite the project's. Its links are added
 * to the project's, which all stay. Its default background applies when the
 * project has none. Its descriptors are created unless the project has one
 * of the same entity type and name. Event project:update.
 */
export async function applyTemplateToProject(ctx: RequestContext, projectId: string, templateId: string): Promise<ProjectRow> {
  assertAdmin(ctx);
  const target = isUuid(projectId) ? await ctx.loaders.projectById.load(projectId.toLowerCase()) : null;
  if (target === null) throw new NotFoundError(PROJECT_NOT_FOUND);
  const template = await getTemplateOrThrow(ctx, templateId);

  return ctx.db.transaction(async (tx) => {
    const values: Partial<typeof project.$inferInsert> = {};
    for (const key of PRODUCTION_SETTING_KEYS) {
      const value = template[key];
      if (value !== null && value !== undefined) (values as Record<string, unknown>)[key] = value;
    }
    if (template.fileTree !== null) values.fileTree = template.fileTree;
    if (template.data !== null) values.data = template.data;
    if (template.defaultPreviewBackgroundFileId !== null && target.defaultPreviewBackgroundFileId === null) {
      values.defaultPreviewBackgroundFileId = template.defaultPreviewBackgroundFileId;
    }
    await tx.update(project).set(values).where(eq(project.id, target.id));
    await copyTemplateLinksToProject(tx, template.id, target.id);
    await createDescriptorsFromTemplate(tx, ctx, target.id, template.metadataDescriptors);
    await recordEvent(tx, ctx, { name: "project:update", projectId: target.id, data: {} });
    const [row] = await tx.select().from(project).where(eq(project.id, target.id));
    return row;
  });
}

async function createDescriptorsFromTemplate(tx: Orm, ctx: RequestContext, projectId: string, definitions: unknown): Promise<void> {
  if (!Array.isArray(definitions)) return;
  const existing = await tx.select({ entityType: metadataDescriptor.entityType, name: metadataDescriptor.name }).from(metadataDescriptor).where(eq(metadataDescriptor.projectId, projectId));
  const taken = new Set(existing.map((row) => `${row.entityType}\u0000${row.name}`));
  for (const definition of definitions as Record<string, unknown>[]) {
    const name = typeof definition.name === "string" ? definition.name : "";
    const descriptorEntityType = typeof definition.entity_type === "string" ? definition.entity_type : "";
    if (name === "" || descriptorEntityType === "" || taken.has(`${descriptorEntityType}\u0000${name}`)) continue;
    taken.add(`${descriptorEntityType}\u0000${name}`);
    // Zou skips a definition it cannot create (a bad data type, a vanished
    // department) and goes on with the others. The savepoint keeps the rest
    // of the transaction intact when one fails.
    try {
      await ctx.db.transaction(() =>
        createMetadataDescriptor(ctx, projectId, {
          name,
          entityType: descriptorEntityType,
          dataType: typeof definition.data_type === "string" ? definition.data_type : undefined,
          choices: Array.isArray(definition.choices) ? definition.choices.map(String) : [],
          forClient: definition.for_client === true,
          departmentIds: Array.isArray(definition.departments) ? definition.departments.map(String) : [],
        }),
      );
    } catch (error) {
      if (!(error instanceof BadRequestError) && !(error instanceof NotFoundError)) throw error;
    }
  }
}

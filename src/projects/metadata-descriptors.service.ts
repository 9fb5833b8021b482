import { and, eq, isNull, ne, or, type SQL } from "drizzle-orm";
import { departmentMetadataDescriptorLink, metadataDescriptor } from "../../schema/projects.js";
import { taskType } from "../../schema/tasks.js";
import { assertProjectManager, effectiveProjectRole, getReadableProject } from "../auth/permissions.js";
import type { RequestContext } from "../context.js";
import type { Orm } from "../db/index.js";
import { BadRequestError, ForbiddenError, NotFoundError } from "../errors.js";
import { recordEvent, recordEvents } from "../events/events.service.js";
import { parseId } from "../ids.js";
import { requireOneOf, requireText, slugifyFieldName } from "../misc/input-checks.js";
import type { CreateMetadataDescriptorInput, UpdateMetadataDescriptorInput } from "./project.type.js";
import type { MetadataDescriptorRow } from "./projects.loaders.js";

// Metadata descriptors: custom columns of a project, whose values live in the
// `data` of the entities (or tasks) under the descriptor's field name.

const ENTITY_TYPES = ["Asset", "Shot", "Edit", "Episode", "Sequence", "Project", "Task"] as const;
const DATA_TYPES = ["string", "number", "list", "taglist", "boolean", "checklist", "date", "url", "textarea", "person"] as const;

/**
 * Zou's rule: admins and managers of the project pass; a supervisor of the
 * team passes when the descriptor names departments and every department of
 * the supervisor is among them (one without departments passes with any list).
 */
async function assertCanEditDescriptors(ctx: RequestContext, projectId: string, departmentIds: string[]): Promise<void> {
  await getReadableProject(ctx, projectId);
  const role = await effectiveProjectRole(ctx, projectId);
  if (role === "admin" || role === "manager") return;
  if (role !== "supervisor" || departmentIds.length === 0) throw new ForbiddenError();
  const viewerDepartments = await ctx.loaders.departmentLinksByPersonId.load(ctx.viewer!.id);
  if (!viewerDepartments.every((link) => departmentIds.includes(link.departmentId))) throw new ForbiddenError();
}

async function checkDepartments(ctx: RequestContext, ids: string[] | undefined): Promise<string[]> {
  const parsed = [...new Set((ids ?? []).map(parseId))];
  const rows = await ctx.loaders.departmentById.loadMany(parsed);
  if (rows.some((row) => row === null || row instanceof Error)) throw new NotFoundError("Department not found.");
  return parsed;
}

function checkChoices(choices: string[] | null | undefined): string[] | undefined {
  if (choices === undefined || choices === null) return undefined;
  if (choices.some((choice) => choice.length > 200)) throw new BadRequestError("A choice is longer than 200 characters.", { field: "choices" });
  return choices;
}

async function assertDescriptorUnique(
  ctx: RequestContext,
  target: { projectId: string; entityType: string; taskTypeId: string | null; name: string; fieldName: string },
  exceptId?: string,
): Promise<void> {
  const conditions: (SQL | undefined)[] = [
    eq(metadataDescriptor.projectId, target.projectId),
    eq(metadataDescriptor.entityType, target.entityType),
    target.taskTypeId === null ? isNull(metadataDescriptor.taskTypeId) : eq(metadataDescriptor.taskTypeId, target.taskTypeId),
    or(eq(metadataDescriptor.name, target.name), eq(metadataDescriptor.fieldName, target.fieldName)),
    exceptId === undefined ? undefined : ne(metadataDescriptor.id, exceptId),
  ];
  const rows = await ctx.db.orm.select({ id: metadataDescriptor.id }).from(metadataDescriptor).where(and(...conditions)).limit(1);
  if (rows.length > 0) throw new BadRequestError("Metadata descriptor already exists.");
}

async function replaceDepartmentLinks(tx: Orm, descriptorId: string, departmentIds: string[]): Promise<void> {
  await tx.delete(departmentMetadataDescriptorLink).where(eq(departmentMetadataDescriptorLink.metadataDescriptorId, descriptorId));
  if (departmentIds.length > 0) {
    await tx.insert(departmentMetadataDescriptorLink).values(departmentIds.map((departmentId) => ({ metadataDescriptorId: descriptorId, departmentId })));
  }
}

/** Creates a metadata descriptor; its field name is the name slugified with "_". Event metadata-descriptor:new. */
export async function createMetadataDescriptor(ctx: RequestContext, projectId: string, input: CreateMetadataDescriptorInput): Promise<MetadataDescriptorRow> {
  await getReadableProject(ctx, projectId);
  const name = requireText(input.name, "name", 120);
  const fieldName = slugifyFieldName(name);
  if (fieldName.length === 0) throw new BadRequestError("name must contain at least one letter or digit.", { field: "name" });
  const entityType = input.entityType ?? "Asset";
  if (!(ENTITY_TYPES as readonly string[]).includes(entityType)) {
    throw new BadRequestError("Wrong entity type. Please select Asset, Shot, Sequence, Episode, Edit, Project, or Task.", { field: "entityType" });
  }
  if (input.dataType != null && !(DATA_TYPES as readonly string[]).includes(input.dataType)) throw new BadRequestError("Invalid data_type", { field: "dataType" });
  let taskTypeId: string | null = null;
  if (entityType === "Task") {
    if (input.taskTypeId == null) throw new BadRequestError("Task metadata descriptors require a task_type_id.", { field: "taskTypeId" });
    taskTypeId = parseId(input.taskTypeId);
    const found = await ctx.db.orm.select({ id: taskType.id }).from(taskType).where(eq(taskType.id, taskTypeId)).limit(1);
    if (found.length === 0) throw new BadRequestError("Task type not found.", { field: "taskTypeId" });
  } else if (input.taskTypeId != null) {
    throw new BadRequestError("task_type_id only applies to Task metadata descriptors.", { field: "taskTypeId" });
  }
  const departmentIds = await checkDepartments(ctx, input.departmentIds);
  await assertCanEditDescriptors(ctx, projectId, departmentIds);
  await assertDescriptorUnique(ctx, { projectId, entityType, taskTypeId, name, fieldName });

  return ctx.db.transaction(async (tx) => {
    const [row] = await tx
      .insert(metadataDescriptor)
      .values({
        projectId,
        entityType,
        taskTypeId,
        name,
        fieldName,
        dataType: input.dataType ?? "string",
        choices: checkChoices(input.choices) ?? [],
        forClient: input.forClient ?? false,
      })
      .returning();
    await replaceDepartmentLinks(tx, row.id, departmentIds);
    await recordEvent(tx, ctx, { name: "metadata-descriptor:new", projectId, data: { metadata_descriptor_id: row.id } });
    return row;
  });
}

async function getDescriptorOrThrow(ctx: RequestContext, descriptorId: string): Promise<MetadataDescriptorRow> {
  const row = await ctx.loaders.metadataDescriptorById.load(descriptorId);
  if (row === null) throw new NotFoundError("Metadata descriptor not found.");
  return row;
}

/**
 * Updates a metadata descriptor. Its field name stays as it was, so the
 * values already stored under it remain readable.
 * Event metadata-descriptor:update.
 */
export async function updateMetadataDescriptor(ctx: RequestContext, descriptorId: string, input: UpdateMetadataDescriptorInput): Promise<MetadataDescriptorRow> {
  const existing = await getDescriptorOrThrow(ctx, descriptorId);
  const currentDepartments = (await ctx.loaders.departmentLinksByMetadataDescriptorId.load(descriptorId)).map((link) => link.departmentId);
  const departmentIds = input.departmentIds == null ? undefined : await checkDepartments(ctx, input.departmentIds);
  await assertCanEditDescriptors(ctx, existing.projectId, departmentIds ?? currentDepartments);

  const values: Partial<typeof metadataDescriptor.$inferInsert> = {};
  if (input.name != null) {
    values.name = requireText(input.name, "name", 120);
    await assertDescriptorUnique(ctx, { ...existing, name: values.name, fieldName: existing.fieldName }, descriptorId);
  }
  if (input.dataType != null) values.dataType = requireOneOf(input.dataType, DATA_TYPES, "dataType");
  if (input.choices != null) values.choices = checkChoices(input.choices);
  if (input.forClient != null) values.forClient = input.forClient;
  if (input.position != null) values.position = input.position;

  return ctx.db.transaction(async (tx) => {
    const [row] = Object.keys(values).length > 0 ? await tx.update(metadataDescriptor).set(values).where(eq(metadataDescriptor.id, descriptorId)).returning() : [existing];
    if (departmentIds !== undefined) await replaceDepartmentLinks(tx, descriptorId, departmentIds);
    await recordEvent(tx, ctx, { name: "metadata-descriptor:update", projectId: existing.projectId, data: { metadata_descriptor_id: descriptorId } });
    return row;
  });
}

/**
 * Deletes a metadata descriptor and its department links. Event metadata-descriptor:delete.
 * TODO: Zou also removes the field from the entities' data; do it once the entities domain has a service for it.
 */
export async function deleteMetadataDescriptor(ctx: RequestContext, descriptorId: string): Promise<MetadataDescriptorRow> {
  const existing = await getDescriptorOrThrow(ctx, descriptorId);
  const departments = (await ctx.loaders.departmentLinksByMetadataDescriptorId.load(descriptorId)).map((link) => link.departmentId);
  await assertCanEditDescriptors(ctx, existing.projectId, departments);

  return ctx.db.transaction(async (tx) => {
    await tx.delete(departmentMetadataDescriptorLink).where(eq(departmentMetadataDescriptorLink.metadataDescriptorId, descriptorId));
    await tx.delete(metadataDescriptor).where(eq(metadataDescriptor.id, descriptorId));
    await recordEvent(tx, ctx, { name: "metadata-descriptor:delete", projectId: existing.projectId, data: { metadata_descriptor_id: descriptorId } });
    return existing;
  });
}

/**
 * Sets the positions of a project's descriptors of one entity type from an
 * ordered id list, 1 for the first (manager of the project). Every id must be
 * a descriptor of that project and entity type. Event metadata-descriptor:update
 * for each descriptor.
 */
export async function reorderMetadataDescriptors(ctx: RequestContext, projectId: string, entityType: string, descriptorIds: string[]): Promise<MetadataDescriptorRow[]> {
  await assertProjectManager(ctx, projectId);
  const ids = descriptorIds.map(parseId);
  const rows = await ctx.db.orm
    .select()
    .from(metadataDescriptor)
    .where(and(eq(metadataDescriptor.projectId, projectId), eq(metadataDescriptor.entityType, entityType)));
  const known = new Set(rows.map((row) => row.id));
  const stranger = ids.find((id) => !known.has(id));
  if (stranger !== undefined) throw new BadRequestError(`Metadata descriptor ${stranger} is not a ${entityType} descriptor of this project.`, { field: "descriptor_ids" });

  return ctx.db.transaction(async (tx) => {
    for (const [index, id] of ids.entries()) {
      await tx.update(metadataDescriptor).set({ position: index + 1 }).where(eq(metadataDescriptor.id, id));
    }
    await recordEvents(
      tx,
      ctx,
      ids.map((id) => ({ name: "metadata-descriptor:update", projectId, data: { metadata_descriptor_id: id } })),
    );
    const updated = await tx
      .select()
      .from(metadataDescriptor)
      .where(and(eq(metadataDescriptor.projectId, projectId), eq(metadataDescriptor.entityType, entityType)));
    return updated.sort((a, b) => (a.position ?? 0) - (b.position ?? 0) || a.name.localeCompare(b.name));
  });
}

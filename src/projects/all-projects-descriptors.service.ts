import { and, asc, eq, inArray } from "drizzle-orm";
import { metadataDescriptor, project, projectStatus } from "../../schema/projects.js";
import { isAdmin, isManager } from "../auth/permissions.js";
import type { RequestContext } from "../context.js";
import { requireViewer } from "../context.js";
import { BadRequestError, ForbiddenError } from "../errors.js";
import { requireText, slugifyFieldName } from "../misc/input-checks.js";
import { toZouJson, type ZouJson } from "../rest/zou-json.js";
import { createMetadataDescriptor, deleteMetadataDescriptor, reorderMetadataDescriptors, updateMetadataDescriptor } from "./metadata-descriptors.service.js";
import type { MetadataDescriptorRow } from "./projects.loaders.js";

// Kitsu's Productions admin page manages a custom field in every open
// production at once, found by entity type and field name. As in Zou, this
// needs the manager role and reaches every open project for admins, and for
// managers the open projects where their role is manager. Every input is
// checked before the first project is written.
// NOTE: each project's descriptor is written in its own transaction, so a database failure part way leaves the earlier projects changed.

/** Entity types of production-level descriptors; Task descriptors belong to one task type and are left out, as in Zou. */
const ENTITY_TYPES = ["Asset", "Shot", "Sequence", "Episode", "Edit", "Project"];
const DATA_TYPES = ["string", "number", "list", "taglist", "boolean", "checklist", "date", "url", "textarea", "person"];

export interface AllProjectsDescriptorInput {
  entityType: string;
  name: string | null;
  dataType: string;
  choices: string[];
  forClient: boolean;
  departmentIds: string[];
}

function descriptorJson(row: MetadataDescriptorRow, departmentIds: string[]): ZouJson {
  return { ...toZouJson(metadataDescriptor, row, "MetadataDescriptor"), departments: departmentIds };
}

function checkEntityType(entityType: string): void {
  if (!ENTITY_TYPES.includes(entityType)) throw new BadRequestError("Wrong entity type. Please select Asset, Shot, Sequence, Episode, Edit, or Project.");
}

function checkDataType(dataType: string): void {
  if (!DATA_TYPES.includes(dataType)) throw new BadRequestError("Invalid data_type");
}

/** Returns the open projects the viewer manages: all of them for admins; FORBIDDEN below the manager role. */
async function managedOpenProjectIds(ctx: RequestContext): Promise<string[]> {
  const viewer = requireViewer(ctx);
  if (!isManager(viewer)) throw new ForbiddenError();
  const open = await ctx.db.orm
    .select({ id: project.id })
    .from(project)
    .innerJoin(projectStatus, eq(projectStatus.id, project.projectStatusId))
    .where(eq(projectStatus.name, "Open"))
    .orderBy(asc(project.name));
  if (isAdmin(viewer)) return open.map((row) => row.id);
  const links = await ctx.loaders.viewerTeamLinks();
  return open.filter((row) => links.has(row.id) && (links.get(row.id)?.role ?? viewer.role) === "manager").map((row) => row.id);
}

/** Finds the descriptors of the entity type and field name in the given projects, in one query. */
async function findDescriptors(ctx: RequestContext, projectIds: string[], entityType: string, fieldName: string): Promise<MetadataDescriptorRow[]> {
  if (projectIds.length === 0) return [];
  return ctx.db.orm
    .select()
    .from(metadataDescriptor)
    .where(and(inArray(metadataDescriptor.projectId, projectIds), eq(metadataDescriptor.entityType, entityType), eq(metadataDescriptor.fieldName, fieldName)))
    .orderBy(asc(metadataDescriptor.projectId));
}

/** Creates the descriptor in every managed open project that lacks it; returns the created descriptors. */
export async function addDescriptorToAllProjects(ctx: RequestContext, input: AllProjectsDescriptorInput): Promise<ZouJson[]> {
  const projectIds = await managedOpenProjectIds(ctx);
  checkEntityType(input.entityType);
  checkDataType(input.dataType);
  const name = requireText(input.name ?? "", "name", 120);
  const existing = await findDescriptors(ctx, projectIds, input.entityType, slugifyFieldName(name));
  const present = new Set(existing.map((row) => row.projectId));

  const created: ZouJson[] = [];
  for (const projectId of projectIds.filter((id) => !present.has(id))) {
    const row = await createMetadataDescriptor(ctx, projectId, {
      name,
      entityType: input.entityType,
      dataType: input.dataType,
      choices: input.choices,
      forClient: input.forClient,
      departmentIds: input.departmentIds,
    });
    created.push(descriptorJson(row, input.departmentIds));
  }
  return created;
}

/** Updates the descriptor with this field name in every managed open project; its field name stays. */
export async function updateDescriptorOnAllProjects(ctx: RequestContext, fieldName: string, input: AllProjectsDescriptorInput): Promise<ZouJson[]> {
  const projectIds = await managedOpenProjectIds(ctx);
  checkEntityType(input.entityType);
  checkDataType(input.dataType);
  const descriptors = await findDescriptors(ctx, projectIds, input.entityType, fieldName);

  const updated: ZouJson[] = [];
  for (const descriptor of descriptors) {
    const row = await updateMetadataDescriptor(ctx, descriptor.id, {
      name: input.name === null || input.name === "" ? undefined : input.name,
      dataType: input.dataType,
      choices: input.choices,
      forClient: input.forClient,
      departmentIds: input.departmentIds,
    });
    updated.push(descriptorJson(row, input.departmentIds));
  }
  return updated;
}

/** Deletes the descriptor with this field name from every managed open project; returns the deleted ids. */
export async function removeDescriptorFromAllProjects(ctx: RequestContext, entityType: string, fieldName: string): Promise<string[]> {
  const projectIds = await managedOpenProjectIds(ctx);
  checkEntityType(entityType);
  const descriptors = await findDescriptors(ctx, projectIds, entityType, fieldName);

  const removed: string[] = [];
  for (const descriptor of descriptors) removed.push((await deleteMetadataDescriptor(ctx, descriptor.id)).id);
  return removed;
}

/** Orders each managed open project's descriptors of an entity type by the field names given; unknown names are skipped. */
export async function reorderDescriptorsOnAllProjects(ctx: RequestContext, entityType: string, fieldOrder: string[]): Promise<ZouJson[]> {
  const projectIds = await managedOpenProjectIds(ctx);
  checkEntityType(entityType);
  if (projectIds.length === 0) return [];
  const rows = await ctx.db.orm
    .select()
    .from(metadataDescriptor)
    .where(and(inArray(metadataDescriptor.projectId, projectIds), eq(metadataDescriptor.entityType, entityType)));

  const updated: ZouJson[] = [];
  for (const projectId of projectIds) {
    const byField = new Map(rows.filter((row) => row.projectId === projectId).map((row) => [row.fieldName, row.id]));
    const orderedIds = fieldOrder.flatMap((field) => {
      const id = byField.get(field);
      return id === undefined ? [] : [id];
    });
    if (orderedIds.length === 0) continue;
    const reordered = await reorderMetadataDescriptors(ctx, projectId, entityType, orderedIds);
    updated.push(...reordered.map((row) => toZouJson(metadataDescriptor, row, "MetadataDescriptor")));
  }
  return updated;
}

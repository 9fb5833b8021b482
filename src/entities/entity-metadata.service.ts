import type { RequestContext } from "../context.js";
import { requireViewer } from "../context.js";

// Which metadata fields of a project's entities the viewer may not read.
// Zou hides from vendors the fields of descriptors restricted to departments
// they are not in. Kumiki applies the same rule to clients and also hides
// from clients every field whose descriptor is not marked for_client.

/**
 * Returns the field names of a project's descriptors for one kind of entity
 * that the viewer may not read. Empty for every role but vendor and client.
 */
export async function hiddenMetadataFields(ctx: RequestContext, projectId: string, kind: string): Promise<Set<string>> {
  const viewer = requireViewer(ctx);
  const scope = await ctx.loaders.viewerAccess();
  const role = scope.roleIn(projectId);
  const hidden = new Set<string>();
  if (role !== "vendor" && role !== "client") return hidden;

  const descriptors = (await ctx.loaders.metadataDescriptorsByProjectId.load(projectId)).filter((descriptor) => descriptor.entityType === kind);
  if (descriptors.length === 0) return hidden;
  const viewerDepartments = new Set((await ctx.loaders.departmentLinksByPersonId.load(viewer.id)).map((link) => link.departmentId));
  const descriptorDepartments = await Promise.all(descriptors.map((descriptor) => ctx.loaders.departmentLinksByMetadataDescriptorId.load(descriptor.id)));

  descriptors.forEach((descriptor, index) => {
    const departments = descriptorDepartments[index].map((link) => link.departmentId);
    const outsideDepartments = departments.length > 0 && !departments.some((id) => viewerDepartments.has(id));
    const closedToClient = role === "client" && descriptor.forClient !== true;
    if (outsideDepartments || closedToClient) hidden.add(descriptor.fieldName);
  });
  return hidden;
}

/** Returns a copy of `data` without the hidden fields. Null stays null. */
export function withoutHiddenFields(data: unknown, hidden: ReadonlySet<string>): unknown {
  if (hidden.size === 0 || data === null || typeof data !== "object" || Array.isArray(data)) return data;
  return Object.fromEntries(Object.entries(data as Record<string, unknown>).filter(([key]) => !hidden.has(key)));
}

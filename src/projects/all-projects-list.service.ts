import { asc, eq, sql, type SQL } from "drizzle-orm";
import { departmentMetadataDescriptorLink, metadataDescriptor, project, projectStatus } from "../../schema/projects.js";
import { isAdmin } from "../auth/permissions.js";
import type { RequestContext } from "../context.js";
import { requireViewer } from "../context.js";
import { idIn } from "../db/loader.js";
import { NotFoundError } from "../errors.js";
import { toZouJson, type ZouJson } from "../rest/zou-json.js";

// Every project the viewer may see, closed ones included, for Kitsu's
// Productions admin page and the production filters of the timesheets and the
// event log. Admins get every project with its status name and its
// production-level metadata descriptors (three statements); others get the
// projects of their teams (two statements).

/** Maps each project id to its Project descriptors, each with the ids of the departments it is limited to. */
async function projectDescriptorsByProjectId(ctx: RequestContext, projectIds: string[]): Promise<Map<string, ZouJson[]>> {
  const byProject = new Map<string, ZouJson[]>();
  if (projectIds.length === 0) return byProject;
  const rows = await ctx.db.orm
    .select({
      descriptor: metadataDescriptor,
      departmentIds: sql<string[]>`coalesce(array_agg(${departmentMetadataDescriptorLink.departmentId}::text) filter (where ${departmentMetadataDescriptorLink.departmentId} is not null), '{}')`,
    })
    .from(metadataDescriptor)
    .leftJoin(departmentMetadataDescriptorLink, eq(departmentMetadataDescriptorLink.metadataDescriptorId, metadataDescriptor.id))
    .where(sql`${metadataDescriptor.entityType} = 'Project' and ${idIn(metadataDescriptor.projectId, projectIds)}`)
    .groupBy(metadataDescriptor.id)
    .orderBy(asc(metadataDescriptor.position), asc(metadataDescriptor.name));
  for (const row of rows) {
    const json = { ...toZouJson(metadataDescriptor, row.descriptor, "MetadataDescriptor"), departments: row.departmentIds };
    const list = byProject.get(row.descriptor.projectId) ?? [];
    list.push(json);
    byProject.set(row.descriptor.projectId, list);
  }
  return byProject;
}

/**
 * Lists the projects the viewer may see, by name: all of them for admins, the
 * projects of their teams for others. With `name`, returns only the project of
 * that name (case-insensitive), NOT_FOUND when the viewer sees none.
 */
export async function listAllProjects(ctx: RequestContext, name: string | null): Promise<ZouJson[]> {
  const viewer = requireViewer(ctx);
  const admin = isAdmin(viewer);
  const conditions: SQL[] = [];
  if (name !== null) conditions.push(sql`lower(${project.name}) = lower(${name})`);
  if (!admin) {
    const teamProjectIds = [...(await ctx.loaders.viewerTeamLinks()).keys()];
    if (teamProjectIds.length === 0) {
      if (name !== null) throw new NotFoundError("Project not found.");
      return [];
    }
    conditions.push(idIn(project.id, teamProjectIds));
  }

  const where = conditions.length === 0 ? undefined : sql.join(conditions, sql` and `);
  const rows = await ctx.db.orm
    .select({ project, statusName: projectStatus.name })
    .from(project)
    .leftJoin(projectStatus, eq(projectStatus.id, project.projectStatusId))
    .where(where)
    .orderBy(asc(project.name), asc(project.id));
  if (name !== null && rows.length === 0) throw new NotFoundError("Project not found.");
  // Zou returns one project for a name, the first one found.
  const found = name !== null ? rows.slice(0, 1) : rows;
  // Zou adds the status name and descriptors only to the full list of an admin.
  if (!admin || name !== null) return found.map((row) => toZouJson(project, row.project, "Project"));

  const descriptors = await projectDescriptorsByProjectId(ctx, found.map((row) => row.project.id));
  return found.map((row) => ({
    ...toZouJson(project, row.project, "Project"),
    project_status_name: row.statusName,
    descriptors: descriptors.get(row.project.id) ?? [],
  }));
}

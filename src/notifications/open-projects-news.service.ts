import { eq, inArray } from "drizzle-orm";
import { project, projectStatus } from "../../schema/projects.js";
import { task } from "../../schema/tasks.js";
import { isAdmin } from "../auth/permissions.js";
import type { RequestContext } from "../context.js";
import { requireViewer } from "../context.js";
import type { ZouJson } from "../rest/zou-json.js";
import { readNewsPage, readNewsStats, type NewsFilters } from "./news-json.service.js";

// The studio-wide news feed: the news of every open project the viewer
// belongs to (every open project for admins), in the shape of a project's
// feed. A project_id among those projects narrows the feed to it, and any
// other project_id is ignored, as in Zou.

/** Returns the ids of the open projects whose news the viewer may read. */
async function readableOpenProjectIds(ctx: RequestContext): Promise<string[]> {
  const viewer = requireViewer(ctx);
  const open = await ctx.db.orm
    .select({ id: project.id })
    .from(project)
    .innerJoin(projectStatus, eq(projectStatus.id, project.projectStatusId))
    .where(eq(projectStatus.name, "Open"));
  if (isAdmin(viewer)) return open.map((row) => row.id);

  const links = await ctx.loaders.viewerTeamLinks();
  // NOTE(security): Zou shows vendors the whole feed of their projects; Kumiki leaves out the projects where the viewer is a vendor, as the per-project feed forbids them.
  return open.map((row) => row.id).filter((id) => links.has(id) && (links.get(id)!.role ?? viewer.role) !== "vendor");
}

/** Lists one page of the news of the viewer's open projects, with the status counts Kitsu shows as filters. */
export async function listOpenProjectsNews(ctx: RequestContext, projectId: string | null, filters: NewsFilters): Promise<ZouJson> {
  const limit = filters.limit ?? 50;
  const page = filters.page ?? 1;
  let projectIds = await readableOpenProjectIds(ctx);
  if (projectId !== null && projectIds.includes(projectId)) projectIds = [projectId];
  if (projectIds.length === 0) return { data: [], total: 0, nb_pages: 0, limit, offset: (page - 1) * limit, page, stats: {} };

  const scope = inArray(task.projectId, projectIds);
  const { items, total } = await readNewsPage(ctx, scope, filters);
  const stats = await readNewsStats(ctx, scope, filters);
  return { data: items, total, nb_pages: Math.ceil(total / limit), limit, offset: (page - 1) * limit, page, stats };
}

import type { GlobalRole, RequestContext, Viewer } from "../context.js";
import { requireViewer } from "../context.js";
import { ForbiddenError, NotFoundError } from "../errors.js";
import type { ProjectRow } from "../projects/projects.loaders.js";

// Zou's permission rules. A person's project role (on their team link), when
// set, replaces their global role for checks made in that project.

export type ProjectRole = Exclude<GlobalRole, "admin">;

export function isAdmin(viewer: Viewer): boolean {
  return viewer.role === "admin";
}

/** Global admin or manager. */
export function isManager(viewer: Viewer): boolean {
  return viewer.role === "admin" || viewer.role === "manager";
}

export function assertAdmin(ctx: RequestContext): Viewer {
  const viewer = requireViewer(ctx);
  if (!isAdmin(viewer)) throw new ForbiddenError();
  return viewer;
}

export function assertManager(ctx: RequestContext): Viewer {
  const viewer = requireViewer(ctx);
  if (!isManager(viewer)) throw new ForbiddenError();
  return viewer;
}

/**
 * The viewer's effective role in a project: "admin" for admins, the team
 * link's role or else the global role for team members, null for others.
 */
export async function effectiveProjectRole(ctx: RequestContext, projectId: string): Promise<GlobalRole | null> {
  const viewer = requireViewer(ctx);
  if (isAdmin(viewer)) return "admin";
  const links = await ctx.loaders.viewerTeamLinks();
  const link = links.get(projectId);
  if (link === undefined) return null;
  return (link.role as ProjectRole | null) ?? viewer.role;
}

/** Ids of the projects whose data the viewer may read; undefined means every project (admin). */
export async function readableProjectIds(ctx: RequestContext): Promise<string[] | undefined> {
  const viewer = requireViewer(ctx);
  if (isAdmin(viewer)) return undefined;
  const links = await ctx.loaders.viewerTeamLinks();
  return [...links.keys()];
}

/**
 * Loads a project the viewer may read: 404 when unknown, 403 when the viewer
 * is neither admin nor on its team (Zou loads the project first, so an
 * unknown id is a 404 even for outsiders).
 */
export async function getReadableProject(ctx: RequestContext, projectId: string): Promise<ProjectRow> {
  requireViewer(ctx);
  const project = await ctx.loaders.projectById.load(projectId);
  if (project === null) throw new NotFoundError("Project not found.");
  const role = await effectiveProjectRole(ctx, projectId);
  if (role === null) throw new ForbiddenError();
  return project;
}

/** Admin, or a team member whose effective role in the project is manager. */
export async function assertProjectManager(ctx: RequestContext, projectId: string): Promise<void> {
  await getReadableProject(ctx, projectId);
  const role = await effectiveProjectRole(ctx, projectId);
  if (role !== "admin" && role !== "manager") throw new ForbiddenError();
}

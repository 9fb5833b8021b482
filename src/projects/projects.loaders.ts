import { eq } from "drizzle-orm";
import { project, projectPersonLink, projectStatus } from "../../schema/projects.js";
import type { RequestContext } from "../context.js";
import { groupLoader, idIn, rowLoader } from "../db/loader.js";

export type ProjectRow = typeof project.$inferSelect;
export type TeamLinkRow = typeof projectPersonLink.$inferSelect;

export function createProjectLoaders(ctx: RequestContext) {
  const orm = ctx.db.orm;
  let viewerTeamLinks: Promise<Map<string, TeamLinkRow>> | undefined;

  return {
    projectById: rowLoader(
      (ids) => orm.select().from(project).where(idIn(project.id, ids)),
      (row) => row.id,
    ),
    projectStatusById: rowLoader(
      (ids) => orm.select().from(projectStatus).where(idIn(projectStatus.id, ids)),
      (row) => row.id,
    ),
    teamLinksByProjectId: groupLoader(
      (ids) => orm.select().from(projectPersonLink).where(idIn(projectPersonLink.projectId, ids)),
      (row) => row.projectId,
    ),
    /** The viewer's team links, by project id: one query per request, whatever the number of projects. */
    viewerTeamLinks(): Promise<Map<string, TeamLinkRow>> {
      const viewer = ctx.viewer;
      if (viewer === null) return Promise.resolve(new Map());
      viewerTeamLinks ??= orm
        .select()
        .from(projectPersonLink)
        .where(eq(projectPersonLink.personId, viewer.id))
        .then((rows) => new Map(rows.map((row) => [row.projectId, row])));
      return viewerTeamLinks;
    },
  };
}

import { eq, sql } from "drizzle-orm";
import {
  departmentMetadataDescriptorLink,
  metadataDescriptor,
  project,
  projectAssetTypeLink,
  projectPersonLink,
  projectStatus,
  projectStatusAutomationLink,
  projectTaskStatusLink,
  projectTaskTypeLink,
  statusAutomation,
} from "../../schema/projects.js";
import type { RequestContext } from "../context.js";
import { groupLoader, idIn, rowLoader } from "../db/loader.js";
import { idInPlaceholder, preparedOnce } from "../db/prepared.js";

export type ProjectRow = typeof project.$inferSelect;
export type TeamLinkRow = typeof projectPersonLink.$inferSelect;
export type MetadataDescriptorRow = typeof metadataDescriptor.$inferSelect;

export function createProjectLoaders(ctx: RequestContext) {
  const orm = ctx.db.orm;
  let viewerTeamLinks: Promise<Map<string, TeamLinkRow>> | undefined;

  return {
    projectById: rowLoader(
      (ids) => preparedOnce(orm, "projects_by_ids", () => orm.select().from(project).where(idInPlaceholder(project.id)).prepare("projects_by_ids")).execute({ ids }),
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
    taskTypeLinksByProjectId: groupLoader(
      (ids) => orm.select().from(projectTaskTypeLink).where(idIn(projectTaskTypeLink.projectId, ids)),
      (row) => row.projectId,
    ),
    taskStatusLinksByProjectId: groupLoader(
      (ids) => orm.select().from(projectTaskStatusLink).where(idIn(projectTaskStatusLink.projectId, ids)),
      (row) => row.projectId,
    ),
    assetTypeLinksByProjectId: groupLoader(
      (ids) => orm.select().from(projectAssetTypeLink).where(idIn(projectAssetTypeLink.projectId, ids)),
      (row) => row.projectId,
    ),
    statusAutomationLinksByProjectId: groupLoader(
      (ids) => orm.select().from(projectStatusAutomationLink).where(idIn(projectStatusAutomationLink.projectId, ids)),
      (row) => row.projectId,
    ),
    statusAutomationById: rowLoader(
      (ids) => orm.select().from(statusAutomation).where(idIn(statusAutomation.id, ids)),
      (row) => row.id,
    ),
    metadataDescriptorById: rowLoader(
      (ids) => orm.select().from(metadataDescriptor).where(idIn(metadataDescriptor.id, ids)),
      (row) => row.id,
    ),
    // metadataDescriptorsByProjectId lives in the entities loaders, which need it too.
    departmentLinksByMetadataDescriptorId: groupLoader(
      (ids) => orm.select().from(departmentMetadataDescriptorLink).where(idIn(departmentMetadataDescriptorLink.metadataDescriptorId, ids)),
      (row) => row.metadataDescriptorId,
    ),
    /** The viewer's team links, by project id: one query per request, whatever the number of projects. */
    viewerTeamLinks(): Promise<Map<string, TeamLinkRow>> {
      const viewer = ctx.viewer;
      if (viewer === null) return Promise.resolve(new Map());
      viewerTeamLinks ??= preparedOnce(orm, "team_links_of_person", () =>
        orm.select().from(projectPersonLink).where(eq(projectPersonLink.personId, sql.placeholder("personId"))).prepare("team_links_of_person"),
      )
        .execute({ personId: viewer.id })
        .then((rows) => new Map(rows.map((row) => [row.projectId, row])));
      return viewerTeamLinks;
    },
    /** Sets the viewer's team links read with the viewer at authentication, so the loader sends no statement. */
    primeViewerTeamLinks(rows: readonly TeamLinkRow[]): void {
      viewerTeamLinks ??= Promise.resolve(new Map(rows.map((row) => [row.projectId, row])));
    },
  };
}

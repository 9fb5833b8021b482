import { and, asc, eq, ilike, inArray, isNull, notInArray, or, sql } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import { entity, entityType } from "../../schema/entities.js";
import { person } from "../../schema/people.js";
import { project, projectPersonLink, projectStatus } from "../../schema/projects.js";
import { isAdmin } from "../auth/permissions.js";
import type { RequestContext } from "../context.js";
import { requireViewer } from "../context.js";
import { BUILT_IN_KINDS } from "../entities/entities.loaders.js";
import { entityJson } from "../entities/entity-json.resolver.js";
import { entityColumns } from "../entities/entities.loaders.js";
import { personToZouJson } from "../people/person.json.js";
import type { ZouJson } from "../rest/zou-json.js";

// Zou's quick search (the search bar of Kitsu, gazu's search_entities).
// Zou queries an external indexer. Kumiki matches names case-insensitively
// in the database, so results need no index to stay fresh.

export const SEARCH_INDEXES = ["assets", "shots", "persons"] as const;
export type SearchIndex = (typeof SEARCH_INDEXES)[number];

export interface SearchInput {
  query: string;
  projectId?: string | null;
  limit: number;
  offset: number;
  indexes: SearchIndex[];
}

/** Escapes LIKE wildcards so the query matches as typed. */
function containing(text: string): string {
  return `%${text.replace(/[%_\\]/g, "\\$&")}%`;
}

/** Lists the open projects the viewer may search: every open project for admins, their teams' otherwise. */
async function searchableProjectIds(ctx: RequestContext, projectId: string | null | undefined): Promise<string[]> {
  const viewer = requireViewer(ctx);
  const open = ctx.db.orm
    .select({ id: project.id })
    .from(project)
    .innerJoin(projectStatus, eq(projectStatus.id, project.projectStatusId))
    .where(eq(projectStatus.name, "Open"));
  let ids: string[];
  if (isAdmin(viewer)) ids = (await open).map((row) => row.id);
  else {
    const links = await ctx.db.orm
      .select({ id: projectPersonLink.projectId, role: projectPersonLink.role })
      .from(projectPersonLink)
      .where(and(eq(projectPersonLink.personId, viewer.id), inArray(projectPersonLink.projectId, open)));
    // Vendors see only the entities assigned to them, which a name search does not check, so their projects are left out.
    ids = links.filter((link) => (link.role ?? viewer.role) !== "vendor").map((link) => link.id);
  }
  if (projectId === null || projectId === undefined) return ids;
  return ids.includes(projectId) ? [projectId] : [];
}

async function searchAssets(ctx: RequestContext, input: SearchInput, projectIds: string[]): Promise<ZouJson[]> {
  if (projectIds.length === 0) return [];
  const rows = await ctx.db.orm
    .select({ ...entityColumns, projectName: project.name })
    .from(entity)
    .innerJoin(entityType, eq(entityType.id, entity.entityTypeId))
    .innerJoin(project, eq(project.id, entity.projectId))
    .where(and(inArray(entity.projectId, projectIds), notInArray(entityType.name, [...BUILT_IN_KINDS]), ilike(entity.name, containing(input.query)), or(isNull(entity.canceled), eq(entity.canceled, false))))
    .orderBy(asc(entity.name), asc(entity.id))
    .limit(input.limit)
    .offset(input.offset);
  return rows.map(({ projectName, ...row }) => ({ ...entityJson(row), asset_type_name: row.entityTypeName, project_name: projectName }));
}

async function searchShots(ctx: RequestContext, input: SearchInput, projectIds: string[]): Promise<ZouJson[]> {
  if (projectIds.length === 0) return [];
  const sequence = alias(entity, "sequence");
  const episode = alias(entity, "episode");
  const rows = await ctx.db.orm
    .select({ ...entityColumns, projectName: project.name, sequenceName: sequence.name, episodeName: episode.name })
    .from(entity)
    .innerJoin(entityType, eq(entityType.id, entity.entityTypeId))
    .innerJoin(project, eq(project.id, entity.projectId))
    .leftJoin(sequence, eq(sequence.id, entity.parentId))
    .leftJoin(episode, eq(episode.id, sequence.parentId))
    .where(and(inArray(entity.projectId, projectIds), eq(entityType.name, "Shot"), ilike(entity.name, containing(input.query)), or(isNull(entity.canceled), eq(entity.canceled, false))))
    .orderBy(asc(entity.name), asc(entity.id))
    .limit(input.limit)
    .offset(input.offset);
  return rows.map(({ projectName, sequenceName, episodeName, ...row }) => ({
    ...entityJson(row),
    project_name: projectName,
    sequence_name: sequenceName,
    episode_name: episodeName,
  }));
}

async function searchPersons(ctx: RequestContext, input: SearchInput): Promise<ZouJson[]> {
  const pattern = containing(input.query);
  const rows = await ctx.db.orm
    .select()
    .from(person)
    .where(
      and(
        or(isNull(person.isBot), eq(person.isBot, false)),
        or(ilike(person.firstName, pattern), ilike(person.lastName, pattern), ilike(sql`${person.firstName} || ' ' || ${person.lastName}`, pattern)),
      ),
    )
    .orderBy(asc(person.firstName), asc(person.lastName), asc(person.id))
    .limit(input.limit)
    .offset(input.offset);
  return rows.map((row) => personToZouJson(row));
}

/**
 * Searches assets and shots of the viewer's open projects, and persons, by
 * name. Returns one list per requested index; a query under 3 characters
 * returns an empty object, as Zou does.
 */
export async function searchEntities(ctx: RequestContext, input: SearchInput): Promise<Record<string, ZouJson[]>> {
  requireViewer(ctx);
  const results: Record<string, ZouJson[]> = {};
  if (input.query.length < 3) return results;
  const projectIds = await searchableProjectIds(ctx, input.projectId);

  if (input.indexes.includes("persons")) results.persons = await searchPersons(ctx, input);
  if (input.indexes.includes("assets")) results.assets = await searchAssets(ctx, input, projectIds);
  if (input.indexes.includes("shots")) results.shots = await searchShots(ctx, input, projectIds);
  return results;
}

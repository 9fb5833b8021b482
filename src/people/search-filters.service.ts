import { and, asc, desc, eq, isNull, or, type SQL } from "drizzle-orm";
import type { PgColumn } from "drizzle-orm/pg-core";
import { searchFilter, searchFilterGroup } from "../../schema/misc.js";
import { project, projectStatus } from "../../schema/projects.js";
import { effectiveProjectRole, isAdmin, isManager } from "../auth/permissions.js";
import type { RequestContext, Viewer } from "../context.js";
import { idIn } from "../db/loader.js";
import { BadRequestError, NotFoundError } from "../errors.js";
import { toZouJson, type ZouJson } from "../rest/zou-json.js";
import { requirePerson } from "./people-actions.service.js";

// The viewer's saved search filters and filter groups (Zou's user_service).
// A filter or group belongs to its creator; admins may change anyone's.
// Sharing one with a project's team needs manager rights in that project,
// otherwise it is silently stored unshared, as in Zou.

type SearchFilterRow = typeof searchFilter.$inferSelect;
type SearchFilterGroupRow = typeof searchFilterGroup.$inferSelect;

/** Saved filters or groups by list type, then by project id ("all" for filters of no project). */
export type GroupedByListAndProject = Record<string, Record<string, ZouJson[]>>;

export interface SearchFilterCreation {
  name: string;
  query: string;
  listType?: string | null;
  projectId?: string | null;
  entityType?: string | null;
  isShared?: boolean | null;
  searchFilterGroupId?: string | null;
  departmentId?: string | null;
}

export interface SearchFilterChanges {
  name?: string | null;
  searchQuery?: string | null;
  /** null detaches the filter from its group; undefined leaves it. */
  searchFilterGroupId?: string | null;
  isShared?: boolean | null;
  projectId?: string | null;
  departmentId?: string | null;
}

export interface SearchFilterGroupCreation {
  name: string;
  color?: string | null;
  listType?: string | null;
  projectId?: string | null;
  entityType?: string | null;
  isShared?: boolean | null;
  departmentId?: string | null;
}

export interface SearchFilterGroupChanges {
  name?: string | null;
  color?: string | null;
  isShared?: boolean | null;
  projectId?: string | null;
  departmentId?: string | null;
}

function filterJson(row: SearchFilterRow): ZouJson {
  return toZouJson(searchFilter, row as unknown as Record<string, unknown>, "SearchFilter");
}

function groupJson(row: SearchFilterGroupRow): ZouJson {
  return toZouJson(searchFilterGroup, row as unknown as Record<string, unknown>, "SearchFilterGroup");
}

function requireNonEmpty(value: string | null | undefined, field: string, maxLength: number): string {
  if (value === undefined || value === null || value.length === 0) throw new BadRequestError(`${field} must not be empty.`, { field });
  if (value.length > maxLength) throw new BadRequestError(`${field} is longer than ${maxLength} characters.`, { field });
  return value;
}

/** Checks whether the viewer may share with the project's team: admins and the project's managers may. */
async function canShareInProject(ctx: RequestContext, projectId: string | null | undefined): Promise<boolean> {
  if (projectId === undefined || projectId === null) return false;
  const role = await effectiveProjectRole(ctx, projectId);
  return role === "admin" || role === "manager";
}

async function assertProjectExists(ctx: RequestContext, projectId: string | null | undefined): Promise<void> {
  if (projectId === undefined || projectId === null) return;
  if ((await ctx.loaders.projectById.load(projectId)) === null) throw new BadRequestError(`No project found with id: ${projectId}`, { field: "project_id" });
}

async function assertDepartmentExists(ctx: RequestContext, departmentId: string | null | undefined): Promise<void> {
  if (departmentId === undefined || departmentId === null) return;
  if ((await ctx.loaders.departmentById.load(departmentId)) === null) throw new BadRequestError(`No department found with id: ${departmentId}`, { field: "department_id" });
}

/**
 * Checks the group a filter stays in or joins. A group to join must be the viewer's own, a shared one,
 * or any for an admin (Zou accepts any group id); NOT_FOUND otherwise. `joiningViewer` is undefined when the group is unchanged.
 */
async function getGroupForFilter(ctx: RequestContext, joiningViewer: Viewer | undefined, groupId: string, isShared: boolean): Promise<void> {
  const [group] = await ctx.db.orm.select().from(searchFilterGroup).where(eq(searchFilterGroup.id, groupId));
  const visible = group !== undefined && (joiningViewer === undefined || group.personId === joiningViewer.id || group.isShared || isAdmin(joiningViewer));
  if (!visible) throw new NotFoundError("Search filter group not found.");
  if (group.isShared !== isShared) throw new BadRequestError("A search filter should have the same value for is_shared than its search filter group.");
}

/** Loads a row the viewer owns, or any row for an admin; NOT_FOUND otherwise, as in Zou. */
async function getOwnOrAsAdmin<Row>(ctx: RequestContext, viewer: Viewer, table: typeof searchFilter | typeof searchFilterGroup, id: string): Promise<Row> {
  const owner = isAdmin(viewer) ? undefined : eq(table.personId, viewer.id);
  const rows = await ctx.db.orm.select().from(table).where(and(eq(table.id, id), owner));
  if (rows[0] === undefined) throw new NotFoundError(table === searchFilter ? "Search filter not found." : "Search filter group not found.");
  return rows[0] as Row;
}

/**
 * Selects the viewer's own and shared rows of open projects or of no project.
 * Kumiki also drops shared rows of projects the viewer is not on the team of
 * (Zou lists them to everyone).
 */
async function visibleRows<Row>(ctx: RequestContext, viewer: Viewer, table: typeof searchFilter | typeof searchFilterGroup, order: SQL): Promise<Row[]> {
  const teamProjectIds = [...(await ctx.loaders.viewerTeamLinks()).keys()];
  const projectColumn = table.projectId as PgColumn;
  const rows = await ctx.db.orm
    .select({ row: table })
    .from(table)
    .leftJoin(project, eq(project.id, projectColumn))
    .leftJoin(projectStatus, eq(projectStatus.id, project.projectStatusId))
    .where(
      and(
        or(eq(table.personId, viewer.id), eq(table.isShared, true)),
        or(isNull(projectColumn), eq(projectStatus.name, "Open")),
        isAdmin(viewer) ? undefined : or(isNull(projectColumn), eq(table.personId, viewer.id), idIn(projectColumn, teamProjectIds)),
      ),
    )
    .orderBy(order);
  return rows.map((entry) => entry.row as Row);
}

/** Groups rows by list type then project; department rows go to members of the department and managers only. */
async function groupByListAndProject<Row extends { listType: string; projectId: string | null; departmentId: string | null }>(
  ctx: RequestContext,
  viewer: Viewer,
  rows: Row[],
  toJson: (row: Row) => ZouJson,
): Promise<GroupedByListAndProject> {
  const departments = new Set((await ctx.loaders.departmentLinksByPersonId.load(viewer.id)).map((link) => link.departmentId));
  const manager = isManager(viewer);
  const result: GroupedByListAndProject = {};
  for (const row of rows) {
    const byProject = (result[row.listType] ??= {});
    if (row.departmentId !== null && !manager && !departments.has(row.departmentId)) continue;
    (byProject[row.projectId ?? "all"] ??= []).push(toJson(row));
  }
  return result;
}

export async function listSearchFilters(ctx: RequestContext): Promise<GroupedByListAndProject> {
  const viewer = requirePerson(ctx);
  const rows = await visibleRows<SearchFilterRow>(ctx, viewer, searchFilter, asc(searchFilter.name));
  return groupByListAndProject(ctx, viewer, rows, filterJson);
}

export async function createSearchFilter(ctx: RequestContext, input: SearchFilterCreation): Promise<ZouJson> {
  const viewer = requirePerson(ctx);
  const name = requireNonEmpty(input.name, "name", 200);
  const query = requireNonEmpty(input.query, "query", 500);
  await assertProjectExists(ctx, input.projectId);
  const isShared = (input.isShared ?? false) && (await canShareInProject(ctx, input.projectId));
  if (input.searchFilterGroupId != null) await getGroupForFilter(ctx, viewer, input.searchFilterGroupId, isShared);
  await assertDepartmentExists(ctx, input.departmentId);

  const [row] = await ctx.db.orm
    .insert(searchFilter)
    .values({
      listType: input.listType ?? "todo",
      name,
      searchQuery: query,
      projectId: input.projectId ?? null,
      personId: viewer.id,
      entityType: input.entityType ?? null,
      isShared,
      searchFilterGroupId: input.searchFilterGroupId ?? null,
      departmentId: input.departmentId ?? null,
    })
    .returning();
  return filterJson(row);
}

export async function updateSearchFilter(ctx: RequestContext, id: string, changes: SearchFilterChanges): Promise<ZouJson> {
  const viewer = requirePerson(ctx);
  const stored = await getOwnOrAsAdmin<SearchFilterRow>(ctx, viewer, searchFilter, id);

  const values: Partial<typeof searchFilter.$inferInsert> = {};
  if (changes.name != null) values.name = requireNonEmpty(changes.name, "name", 200);
  if (changes.searchQuery != null) values.searchQuery = requireNonEmpty(changes.searchQuery, "search_query", 500);
  if (changes.projectId != null) {
    await assertProjectExists(ctx, changes.projectId);
    values.projectId = changes.projectId;
  }
  if (changes.departmentId != null) {
    await assertDepartmentExists(ctx, changes.departmentId);
    values.departmentId = changes.departmentId;
  }
  if (changes.isShared != null) {
    // Zou keeps a changed sharing flag only for a manager of the project given in the same request.
    const allowed = changes.isShared === stored.isShared || (await canShareInProject(ctx, changes.projectId));
    values.isShared = allowed ? changes.isShared : false;
  }
  if (changes.searchFilterGroupId !== undefined) values.searchFilterGroupId = changes.searchFilterGroupId;
  const groupId = values.searchFilterGroupId === undefined ? stored.searchFilterGroupId : values.searchFilterGroupId;
  const joining = values.searchFilterGroupId !== undefined && values.searchFilterGroupId !== stored.searchFilterGroupId;
  if (groupId !== null) await getGroupForFilter(ctx, joining ? viewer : undefined, groupId, values.isShared ?? stored.isShared);

  if (Object.keys(values).length === 0) return filterJson(stored);
  const [row] = await ctx.db.orm.update(searchFilter).set(values).where(eq(searchFilter.id, id)).returning();
  return filterJson(row);
}

export async function deleteSearchFilter(ctx: RequestContext, id: string): Promise<boolean> {
  const viewer = requirePerson(ctx);
  await getOwnOrAsAdmin<SearchFilterRow>(ctx, viewer, searchFilter, id);
  await ctx.db.orm.delete(searchFilter).where(eq(searchFilter.id, id));
  return true;
}

export async function listSearchFilterGroups(ctx: RequestContext): Promise<GroupedByListAndProject> {
  const viewer = requirePerson(ctx);
  const rows = await visibleRows<SearchFilterGroupRow>(ctx, viewer, searchFilterGroup, desc(searchFilterGroup.createdAt));
  return groupByListAndProject(ctx, viewer, rows, groupJson);
}

export async function getSearchFilterGroup(ctx: RequestContext, id: string): Promise<ZouJson> {
  const viewer = requirePerson(ctx);
  return groupJson(await getOwnOrAsAdmin<SearchFilterGroupRow>(ctx, viewer, searchFilterGroup, id));
}

export async function createSearchFilterGroup(ctx: RequestContext, input: SearchFilterGroupCreation): Promise<ZouJson> {
  const viewer = requirePerson(ctx);
  const name = requireNonEmpty(input.name, "name", 200);
  const color = input.color ?? "";
  if (color.length > 8) throw new BadRequestError("color is longer than 8 characters.", { field: "color" });
  await assertProjectExists(ctx, input.projectId);
  const isShared = (input.isShared ?? false) && (await canShareInProject(ctx, input.projectId));
  await assertDepartmentExists(ctx, input.departmentId);

  const [row] = await ctx.db.orm
    .insert(searchFilterGroup)
    .values({
      listType: input.listType ?? "todo",
      name,
      color,
      projectId: input.projectId ?? null,
      personId: viewer.id,
      entityType: input.entityType ?? null,
      isShared,
      departmentId: input.departmentId ?? null,
    })
    .returning();
  return groupJson(row);
}

/** Updates a group; a change of its sharing flag is copied to its filters in the same transaction. */
export async function updateSearchFilterGroup(ctx: RequestContext, id: string, changes: SearchFilterGroupChanges): Promise<ZouJson> {
  const viewer = requirePerson(ctx);
  const stored = await getOwnOrAsAdmin<SearchFilterGroupRow>(ctx, viewer, searchFilterGroup, id);

  const values: Partial<typeof searchFilterGroup.$inferInsert> = {};
  if (changes.name != null) values.name = requireNonEmpty(changes.name, "name", 200);
  if (changes.color != null) {
    if (changes.color.length > 8) throw new BadRequestError("color is longer than 8 characters.", { field: "color" });
    values.color = changes.color;
  }
  if (changes.projectId != null) {
    await assertProjectExists(ctx, changes.projectId);
    values.projectId = changes.projectId;
  }
  if (changes.departmentId != null) {
    await assertDepartmentExists(ctx, changes.departmentId);
    values.departmentId = changes.departmentId;
  }
  if (changes.isShared != null) {
    const allowed = changes.isShared === stored.isShared || (await canShareInProject(ctx, changes.projectId));
    values.isShared = allowed ? changes.isShared : false;
  }

  if (Object.keys(values).length === 0) return groupJson(stored);
  const row = await ctx.db.transaction(async (tx) => {
    const [updated] = await tx.update(searchFilterGroup).set(values).where(eq(searchFilterGroup.id, id)).returning();
    if (values.isShared !== undefined) await tx.update(searchFilter).set({ isShared: updated.isShared }).where(eq(searchFilter.searchFilterGroupId, id));
    return updated;
  });
  return groupJson(row);
}

/** Deletes a group with the filters it holds. */
export async function deleteSearchFilterGroup(ctx: RequestContext, id: string): Promise<boolean> {
  const viewer = requirePerson(ctx);
  await getOwnOrAsAdmin<SearchFilterGroupRow>(ctx, viewer, searchFilterGroup, id);
  await ctx.db.transaction(async (tx) => {
    await tx.delete(searchFilter).where(eq(searchFilter.searchFilterGroupId, id));
    await tx.delete(searchFilterGroup).where(eq(searchFilterGroup.id, id));
  });
  return true;
}

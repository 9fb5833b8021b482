import { and, count, eq, gte, ilike, lte, sql, type AnyColumn, type SQL } from "drizzle-orm";
import { entity, entityType } from "../../schema/entities.js";
import { getReadableProject } from "../auth/permissions.js";
import type { RequestContext } from "../context.js";
import { paginate, type PageArgs } from "../graphql/connection.js";
import { parseId } from "../ids.js";
import { kindCondition, selectEntities, type EntityKind, type EntityRow } from "./entities.loaders.js";

// Root lists of entities as keyset-paginated connections, filtered by the
// viewer's access in SQL so that pages and totals count only readable rows.

export type ListOrder = "NAME" | "CREATED_AT" | "UPDATED_AT";

export interface EntityListFilters {
  projectId?: string | null;
  /** The sequence of shots and scenes, the episode of sequences and edits. */
  parentId?: string | null;
  /** The episode of assets. */
  episodeId?: string | null;
  assetTypeId?: string | null;
  name?: string | null;
  status?: string | null;
  canceled?: boolean | null;
  updatedSince?: Date | null;
  createdBefore?: Date | null;
  orderBy?: ListOrder | null;
  descending?: boolean | null;
}

/** Escapes LIKE wildcards so a name filter matches its text literally. */
export function containsPattern(text: string): string {
  return `%${text.replace(/[%_\\]/g, "\\$&")}%`;
}

/**
 * The sort column for an order. Date columns go through a plain SQL wrapper
 * so that the cursor's ISO string is bound as text and cast by PostgreSQL,
 * instead of through drizzle's Date mapping, which rejects a string.
 */
// NOTE: cursors keep milliseconds, so rows imported from Zou whose timestamps
// differ only in microseconds may repeat or be skipped at a page boundary.
export function sortColumnFor(order: ListOrder | null | undefined, columns: { name: AnyColumn; createdAt: AnyColumn; updatedAt: AnyColumn }): AnyColumn {
  if (order === "CREATED_AT") return sql`${columns.createdAt}` as unknown as AnyColumn;
  if (order === "UPDATED_AT") return sql`${columns.updatedAt}` as unknown as AnyColumn;
  return columns.name;
}

export function sortKeyFor<Row extends { name?: string | null; createdAt: Date | null; updatedAt: Date | null }>(order: ListOrder | null | undefined) {
  if (order === "CREATED_AT") return (row: Row) => row.createdAt;
  if (order === "UPDATED_AT") return (row: Row) => row.updatedAt;
  return (row: Row) => row.name;
}

/** Lists the readable entities of one kind (or of every kind) as a connection. */
export async function listEntities(ctx: RequestContext, kind: EntityKind | undefined, filters: EntityListFilters, page: PageArgs) {
  const scope = await ctx.loaders.viewerAccess();
  if (filters.projectId !== undefined && filters.projectId !== null) await getReadableProject(ctx, parseId(filters.projectId));

  const conditions: (SQL | undefined)[] = [
    scope.entityCondition(entity.projectId, entity.id),
    kind === undefined ? undefined : kindCondition(kind),
  ];
  if (filters.projectId) conditions.push(eq(entity.projectId, parseId(filters.projectId)));
  if (filters.parentId) conditions.push(eq(entity.parentId, parseId(filters.parentId)));
  if (filters.episodeId) conditions.push(eq(entity.sourceId, parseId(filters.episodeId)));
  if (filters.assetTypeId) conditions.push(eq(entity.entityTypeId, parseId(filters.assetTypeId)));
  if (filters.name) conditions.push(ilike(entity.name, containsPattern(filters.name)));
  if (filters.status) conditions.push(eq(entity.status, filters.status));
  if (filters.canceled !== undefined && filters.canceled !== null) {
    conditions.push(filters.canceled ? eq(entity.canceled, true) : sql`coalesce(${entity.canceled}, false) = false`);
  }
  if (filters.updatedSince) conditions.push(gte(entity.updatedAt, filters.updatedSince));
  if (filters.createdBefore) conditions.push(lte(entity.createdAt, filters.createdBefore));
  const where = and(...conditions);

  return paginate<EntityRow>({
    ctx,
    args: page,
    sortColumn: sortColumnFor(filters.orderBy, entity),
    idColumn: entity.id,
    descending: filters.descending === true,
    sortKey: sortKeyFor<EntityRow>(filters.orderBy),
    fetch: (keyset, order, limit) =>
      selectEntities(ctx)
        .where(and(where, keyset))
        .orderBy(...order)
        .limit(limit),
    count: async () => {
      const [row] = await ctx.db.orm
        .select({ total: count() })
        .from(entity)
        .innerJoin(entityType, eq(entityType.id, entity.entityTypeId))
        .where(where);
      return row?.total ?? 0;
    },
  });
}

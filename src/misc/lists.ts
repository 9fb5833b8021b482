import { and, count, sql, type AnyColumn, type SQL } from "drizzle-orm";
import type { PgTable } from "drizzle-orm/pg-core";
import { isAdmin, readableProjectIds } from "../auth/permissions.js";
import type { GlobalRole, RequestContext } from "../context.js";
import { requireViewer } from "../context.js";
import { idIn } from "../db/loader.js";
import { PageArgs, paginate } from "../graphql/connection.js";

// Root lists over one table, shared by the domains of this folder's siblings:
// a Relay page of the rows matching `where`, and the condition that keeps a
// list to the projects the viewer may read.

export interface TablePageOptions<Row> {
  table: PgTable;
  sortColumn: AnyColumn;
  idColumn: AnyColumn;
  sortKey: (row: Row) => unknown;
  where?: SQL;
  descending?: boolean;
}

/** Returns one page of `table`, keyset-paginated on (sortColumn, id); counts only when totalCount is selected. */
export function pageOfTable<Row extends { id: string }>(ctx: RequestContext, args: PageArgs, options: TablePageOptions<Row>) {
  // NOTE: drizzle's select builder is typed per table; this helper serves many
  // tables, so it works on the untyped builder and the caller names the Row.
  const orm = ctx.db.orm as unknown as {
    select: (fields?: Record<string, unknown>) => {
      from: (table: PgTable) => { where: (condition: SQL | undefined) => Promise<Row[]> & { orderBy: (...order: SQL[]) => { limit: (limit: number) => Promise<Row[]> } } };
    };
  };
  return paginate<Row>({
    ctx,
    args,
    sortColumn: options.sortColumn,
    idColumn: options.idColumn,
    sortKey: options.sortKey,
    descending: options.descending,
    fetch: (keyset, order, limit) =>
      orm
        .select()
        .from(options.table)
        .where(and(options.where, keyset))
        .orderBy(...order)
        .limit(limit),
    count: async () => {
      const rows = (await orm.select({ total: count() }).from(options.table).where(options.where)) as unknown as { total: number }[];
      return rows[0]?.total ?? 0;
    },
  });
}

/**
 * A timestamp column usable as a sort column: cursors carry the time as ISO
 * text, which drizzle's Date mapping would reject, so the comparison goes
 * through plain SQL where PostgreSQL casts the text back to a timestamp.
 */
export function timestampSortColumn(column: AnyColumn): AnyColumn {
  return sql`${column}` as unknown as AnyColumn;
}

/** The condition keeping `projectColumn` to the viewer's readable projects; undefined for admins (no restriction). */
export async function readableProjectCondition(ctx: RequestContext, projectColumn: AnyColumn): Promise<SQL | undefined> {
  const readable = await readableProjectIds(ctx);
  return readable === undefined ? undefined : idIn(projectColumn, readable);
}

/**
 * Ids of the projects where the viewer's effective role passes `allowed`;
 * undefined for admins, who pass everywhere.
 */
export async function projectIdsWhereRole(ctx: RequestContext, allowed: (role: GlobalRole) => boolean): Promise<string[] | undefined> {
  const viewer = requireViewer(ctx);
  if (isAdmin(viewer)) return undefined;
  const links = await ctx.loaders.viewerTeamLinks();
  const ids: string[] = [];
  for (const [projectId, link] of links) {
    if (allowed((link.role as GlobalRole | null) ?? viewer.role)) ids.push(projectId);
  }
  return ids;
}

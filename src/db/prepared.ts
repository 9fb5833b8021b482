import { sql, type AnyColumn, type SQL } from "drizzle-orm";
import type { Orm } from "./index.js";

// Statements built once per database handle and reused. Drizzle spends about
// half a millisecond building a select of a wide table, longer than the
// database takes to read one row by primary key. The statements every request
// sends (the token's person, the viewer's team links, a row by id) are
// therefore prepared with placeholders once instead of built each time.

const cache = new WeakMap<Orm, Map<string, unknown>>();

/** Returns the statement `name` of this handle, building it with `build` the first time. */
export function preparedOnce<T>(orm: Orm, name: string, build: () => T): T {
  let statements = cache.get(orm);
  if (statements === undefined) {
    statements = new Map();
    cache.set(orm, statements);
  }
  let statement = statements.get(name) as T | undefined;
  if (statement === undefined) {
    statement = build();
    statements.set(name, statement);
  }
  return statement;
}

/** `column = any($ids::uuid[])` with the id list as the placeholder `name` (see idIn). */
export function idInPlaceholder(column: AnyColumn, name = "ids"): SQL {
  return sql`${column} = any(${sql.placeholder(name)}::uuid[])`;
}

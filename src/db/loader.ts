import DataLoader from "dataloader";
import { sql, type AnyColumn, type SQL } from "drizzle-orm";

// Shapes shared by the loaders: one query per batch, one slot per key, in
// key order, null when missing.

export function byKey<K, V>(keys: readonly K[], rows: readonly V[], keyOf: (row: V) => K): (V | null)[] {
  const map = new Map<K, V>();
  for (const row of rows) map.set(keyOf(row), row);
  return keys.map((key) => map.get(key) ?? null);
}

export function groupByKey<K, V>(keys: readonly K[], rows: readonly V[], keyOf: (row: V) => K): V[][] {
  const map = new Map<K, V[]>();
  for (const row of rows) {
    const key = keyOf(row);
    const group = map.get(key);
    if (group === undefined) map.set(key, [row]);
    else group.push(row);
  }
  return keys.map((key) => map.get(key) ?? []);
}

/** A loader of rows by id; `load` returns null for an unknown id. */
export function rowLoader<V>(fetch: (ids: string[]) => Promise<V[]>, keyOf: (row: V) => string): DataLoader<string, V | null> {
  return new DataLoader<string, V | null>(async (ids) => byKey(ids, await fetch([...ids]), keyOf));
}

/** A loader of the rows that belong to each parent id. */
export function groupLoader<V>(fetch: (ids: string[]) => Promise<V[]>, keyOf: (row: V) => string): DataLoader<string, V[]> {
  return new DataLoader<string, V[]>(async (ids) => groupByKey(ids, await fetch([...ids]), keyOf));
}

/**
 * Matches a uuid column against a list of ids as one array parameter, so a
 * batch of any size is one statement (a list of parameters stops at 65,535).
 */
export function idIn(column: AnyColumn, ids: readonly string[]): SQL {
  return sql`${column} = any(${sql.param([...ids])}::uuid[])`;
}

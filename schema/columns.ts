import { randomUUID } from "node:crypto";

import { customType, jsonb as drizzleJsonb, timestamp, uuid, type PgColumn } from "drizzle-orm/pg-core";

// NOTE(compat): Zou fills ids and timestamps in the application, so these
// columns have no database DEFAULT. Rows inserted by plain SQL must supply an
// id, the way Zou's own scripts do.

/** PostgreSQL `bytea`, read and written as a Node.js Buffer. */
export const bytea = customType<{ data: Buffer; driverData: Buffer }>({
  dataType() {
    return "bytea";
  },
  // PGlite returns a Uint8Array and postgres.js a Buffer: make both a Buffer.
  fromDriver(value) {
    return Buffer.isBuffer(value) ? value : Buffer.from(value as Uint8Array);
  },
});

/**
 * Declares a `jsonb` column whose values are read as the driver parsed them.
 * Both drivers already parse jsonb, and drizzle's own column type parses a
 * string value again, which turned a stored JSON string such as "123" into 123.
 */
export function jsonb<TName extends string>(name: TName): ReturnType<typeof drizzleJsonb<TName>> {
  const builder = drizzleJsonb(name);
  const internal = builder as unknown as { build(table: unknown): PgColumn };
  const build = internal.build.bind(builder);
  internal.build = (table) => {
    const column = build(table);
    column.mapFromDriverValue = (value: unknown) => value;
    return column;
  };
  return builder;
}

function timestampColumns() {
  return {
    // Naive UTC timestamps, as Zou stores them.
    createdAt: timestamp("created_at", { mode: "date" }).$defaultFn(() => new Date()),
    updatedAt: timestamp("updated_at", { mode: "date" })
      .$defaultFn(() => new Date())
      .$onUpdateFn(() => new Date()),
  };
}

/**
 * Builds the `id`, `created_at` and `updated_at` columns of Zou's base mixin,
 * with `id` as the primary key. Call it once per table: drizzle column
 * builders must not be shared between tables.
 */
export function baseColumns() {
  return {
    id: uuid("id").primaryKey().$defaultFn(() => randomUUID()),
    ...timestampColumns(),
  };
}

/**
 * Builds the base mixin columns for Zou's link models whose primary key is
 * the two foreign keys plus `id`: the table declares that composite key
 * itself, so `id` is only NOT NULL here.
 */
export function linkBaseColumns() {
  return {
    id: uuid("id").notNull().$defaultFn(() => randomUUID()),
    ...timestampColumns(),
  };
}

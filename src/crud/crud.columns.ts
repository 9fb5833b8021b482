import { getTableColumns, getTableName, type Column } from "drizzle-orm";
import type { PgTable } from "drizzle-orm/pg-core";
import { objectTemplate } from "../rest/zou-json.js";
import type { ZouRecord } from "./crud.types.js";

// Zou's column names against drizzle's properties, read from the table
// declarations (the one place where names change).

export interface ZouColumn {
  /** Zou's column name, such as `project_id`. */
  name: string;
  /** The drizzle property, such as `projectId`. */
  property: string;
  column: Column;
}

const cache = new WeakMap<PgTable, Map<string, ZouColumn>>();

/** Returns the table's columns keyed by Zou's column name. */
export function zouColumns(table: PgTable): Map<string, ZouColumn> {
  let columns = cache.get(table);
  if (columns === undefined) {
    columns = new Map();
    for (const [property, column] of Object.entries(getTableColumns(table))) {
      columns.set(column.name, { name: column.name, property, column });
    }
    cache.set(table, columns);
  }
  return columns;
}

/** Returns the drizzle column behind Zou's column name; throws on a registry mistake. */
export function zouColumn(table: PgTable, name: string): Column {
  const found = zouColumns(table).get(name);
  if (found === undefined) throw new Error(`Table ${getTableName(table)} has no column ${name}.`);
  return found.column;
}

const recordShapes = new WeakMap<PgTable, { columns: ZouColumn[]; template: ZouRecord }>();

/** Re-keys a drizzle row by Zou's column names, keeping raw values. */
export function toRecord(table: PgTable, row: Record<string, unknown>): ZouRecord {
  let shape = recordShapes.get(table);
  if (shape === undefined) {
    const columns = [...zouColumns(table).values()];
    shape = { columns, template: objectTemplate(columns.map((column) => column.name)) };
    recordShapes.set(table, shape);
  }
  const record: ZouRecord = { ...shape.template };
  for (const { name, property } of shape.columns) record[name] = row[property];
  return record;
}

/** Re-keys Zou-named values by drizzle property, for inserts and updates. */
export function toProperties(table: PgTable, values: ZouRecord): Record<string, unknown> {
  const columns = zouColumns(table);
  const properties: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(values)) {
    const column = columns.get(name);
    if (column !== undefined) properties[column.property] = value;
  }
  return properties;
}

export function tableNameOf(table: PgTable): string {
  return getTableName(table);
}

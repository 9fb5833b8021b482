import { getTableColumns, getTableName, type Table } from "drizzle-orm";

// Zou's JSON for a row: column names as keys (taken from the drizzle
// declarations, the one place where names change), a `type` key, ids as
// strings, timestamps as ISO 8601 in UTC without a zone and without
// fractional seconds, dates as YYYY-MM-DD.

export type ZouJson = Record<string, unknown>;

/** Formats a timestamp as Zou does: `2024-01-15T10:30:00`, UTC, no zone. */
export function formatZouTimestamp(value: Date | string | null | undefined): string | null {
  if (value === null || value === undefined) return null;
  const date = typeof value === "string" ? new Date(/[zZ]|[+-]\d\d:?\d\d$/.test(value) ? value : `${value.replace(" ", "T")}Z`) : value;
  if (Number.isNaN(date.getTime())) return null;
  return date.toISOString().slice(0, 19);
}

function serializeValue(value: unknown): unknown {
  if (value instanceof Date) return formatZouTimestamp(value);
  if (Buffer.isBuffer(value)) return value.toString("utf8");
  if (Array.isArray(value)) return value.map(serializeValue);
  return value;
}

const columnMaps = new WeakMap<Table, [property: string, column: string][]>();

function columnMap(table: Table): [string, string][] {
  let map = columnMaps.get(table);
  if (map === undefined) {
    map = Object.entries(getTableColumns(table)).map(([property, column]) => [property, column.name]);
    columnMaps.set(table, map);
  }
  return map;
}

/** The columns a table's JSON keeps, and an object with its keys in their order, all null. */
interface JsonShape {
  columns: [property: string, column: string][];
  template: ZouJson;
}

const shapes = new WeakMap<Table, Map<string, JsonShape>>();

/**
 * Returns an object with the given keys in order, all null, to copy and fill.
 * An object given its keys one by one in a loop gets slow dictionary
 * properties (three times slower to build, half as fast to stringify), while
 * an object parsed from JSON gets fast ones, and so do its copies.
 */
export function objectTemplate(keys: readonly string[]): Record<string, unknown> {
  return JSON.parse(JSON.stringify(Object.fromEntries(keys.map((key) => [key, null])))) as Record<string, unknown>;
}

/** Returns the shape of a table's JSON without the omitted columns. */
function jsonShape(table: Table, omit: readonly string[]): JsonShape {
  let byOmitted = shapes.get(table);
  if (byOmitted === undefined) {
    byOmitted = new Map();
    shapes.set(table, byOmitted);
  }
  const key = omit.join(",");
  let shape = byOmitted.get(key);
  if (shape === undefined) {
    const columns = columnMap(table).filter(([, column]) => !omit.includes(column));
    shape = { columns, template: objectTemplate([...columns.map(([, column]) => column), "type"]) };
    byOmitted.set(key, shape);
  }
  return shape;
}

/** Serializes a drizzle row of `table` into Zou's JSON, labelled with the model name `type`. */
export function toZouJson(table: Table, row: Record<string, unknown>, type: string, omit: readonly string[] = []): ZouJson {
  const { columns, template } = jsonShape(table, omit);
  const json: ZouJson = { ...template };
  for (const [property, column] of columns) json[column] = serializeValue(row[property]);
  json.type = type;
  return json;
}

export function tableName(table: Table): string {
  return getTableName(table);
}

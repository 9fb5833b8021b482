import { eq, ilike, inArray, sql, type Column, type SQL } from "drizzle-orm";
import { BadRequestError } from "../errors.js";
import { isUuid } from "../ids.js";
import { zouColumn, zouColumns } from "./crud.columns.js";
import type { CrudModel } from "./crud.types.js";

// Query-string filters of Zou's generic lists: `?<column>=<value>` is an
// exact match typed by the column, `name` matches case-insensitively, a value
// starting with `[` is a JSON list ("in" filter), and a relation name
// (`assignees=<id>`) keeps rows linked to that id. Zou ignores names that are
// not columns; Kumiki rejects them, because a dropped filter answers a
// broader question than the one asked and may return rows the client then
// takes for the match.

const MAX_LIST_FILTER_VALUES = 1000;

/** Casts one query-string value to the column's type; throws BAD_USER_INPUT when it does not fit. */
export function castFilterValue(column: Column, name: string, value: string): unknown {
  switch (column.columnType) {
    case "PgUUID":
      if (!isUuid(value)) throw new BadRequestError(`Invalid UUID value: ${String(value).slice(0, 80)}`);
      return value.toLowerCase();
    case "PgBoolean": {
      const lowered = value.toLowerCase();
      if (lowered === "true" || lowered === "1") return true;
      if (lowered === "false" || lowered === "0") return false;
      throw new BadRequestError(`Invalid boolean value for ${name}: expected true or false, got "${value.slice(0, 40)}".`);
    }
    case "PgInteger":
    case "PgBigInt53":
      if (!/^-?\d{1,15}$/.test(value)) throw new BadRequestError(`Invalid integer value for ${name}: "${value.slice(0, 40)}".`);
      return Number(value);
    case "PgDoublePrecision": {
      const number = Number(value);
      if (value.trim() === "" || !Number.isFinite(number)) throw new BadRequestError(`Invalid number value for ${name}: "${value.slice(0, 40)}".`);
      return number;
    }
    case "PgTimestamp": {
      const date = parseTimestamp(value);
      if (date === undefined) throw new BadRequestError(`Invalid date value for ${name}: "${value.slice(0, 40)}".`);
      return date;
    }
    case "PgDateString":
      if (parseDate(value) === undefined) throw new BadRequestError(`Invalid date value for ${name}: "${value.slice(0, 40)}", expected YYYY-MM-DD.`);
      return value.slice(0, 10);
    case "PgVarchar":
    case "PgText":
    case "PgEnumColumn":
      return value;
    default:
      throw new BadRequestError(`Filtering on ${name} is not allowed.`);
  }
}

/** Parses an ISO 8601 date or date-time; a value without a zone is UTC, as Zou stores it. */
export function parseTimestamp(value: string): Date | undefined {
  if (!/^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?)?(Z|[+-]\d{2}:?\d{2})?$/.test(value)) return undefined;
  const hasZone = /(Z|[+-]\d{2}:?\d{2})$/.test(value) && value.length > 10;
  const text = value.length === 10 ? `${value}T00:00:00Z` : `${value.replace(" ", "T")}${hasZone ? "" : "Z"}`;
  const date = new Date(text);
  return Number.isNaN(date.getTime()) ? undefined : date;
}

/** Parses `YYYY-MM-DD` (a date-time is cut to its date); undefined when invalid. */
export function parseDate(value: string): string | undefined {
  const date = parseTimestamp(value);
  return date === undefined ? undefined : value.slice(0, 10);
}

/** Escapes LIKE wildcards so that a pattern matches the text exactly (case-insensitively with ilike). */
export function escapeLikePattern(value: string): string {
  return value.replace(/[\\%_]/g, "\\$&");
}

function listValues(name: string, value: string): string[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(value);
  } catch {
    throw new BadRequestError(`Malformed list filter for field ${name}.`);
  }
  if (!Array.isArray(parsed) || parsed.length > MAX_LIST_FILTER_VALUES) throw new BadRequestError(`Malformed list filter for field ${name}.`);
  return parsed.map((item) => String(item));
}

/**
 * Builds the conditions of a list's query-string filters. `filterable`
 * limits the columns a viewer may filter on (persons' minimal view for
 * non-admins); hidden columns are never filterable.
 */
export function buildFilterConditions(model: CrudModel, filters: Record<string, string>, filterable?: ReadonlySet<string>): SQL[] {
  const columns = zouColumns(model.table);
  const conditions: SQL[] = [];

  for (const [name, value] of Object.entries(filters)) {
    if (model.extraParameters?.includes(name)) continue;

    const relation = model.relations?.find((candidate) => candidate.key === name);
    if (relation !== undefined) {
      if (!isUuid(value)) throw new BadRequestError(`Invalid UUID value: ${String(value).slice(0, 80)}`);
      const own = zouColumn(relation.table, relation.ownColumn);
      const other = zouColumn(relation.table, relation.otherColumn);
      conditions.push(sql`${zouColumn(model.table, "id")} in (select ${own} from ${relation.table} where ${eq(other, value.toLowerCase())})`);
      continue;
    }

    const column = columns.get(name);
    if (column === undefined) throw new BadRequestError(`Unknown filter ${name}: ${model.type} has no such column.`);
    if (model.hiddenColumns?.includes(name) || (filterable !== undefined && !filterable.has(name))) {
      throw new BadRequestError(`Filtering on ${name} is not allowed.`);
    }

    if (name === "name" && (column.column.columnType === "PgVarchar" || column.column.columnType === "PgText")) {
      conditions.push(ilike(column.column, escapeLikePattern(value)));
    } else if (value.startsWith("[")) {
      const values = listValues(name, value).map((item) => castFilterValue(column.column, name, item));
      conditions.push(values.length === 0 ? sql`false` : inArray(column.column, values));
    } else {
      conditions.push(eq(column.column, castFilterValue(column.column, name, value)));
    }
  }
  return conditions;
}

import type { Column } from "drizzle-orm";
import { BadRequestError } from "../errors.js";
import { isUuid } from "../ids.js";
import { translateDatabaseError } from "../db/errors.js";
import { zouColumns } from "./crud.columns.js";
import { parseDate, parseTimestamp } from "./crud.filters.js";
import type { CrudModel, ZouRecord } from "./crud.types.js";

// Request bodies of the generic create and update routes: which keys are
// accepted, how values are typed for their column, and Zou's messages for
// the errors. Zou answers its generic constraint errors with a bare
// `{"message": …}` body (no `error` key); such errors carry
// `details.bodyShape = "message-only"` and the route entries send that shape.

export const MESSAGE_ONLY = { bodyShape: "message-only" } as const;

export const INVALID_FORMAT = "One of the provided values has an invalid format.";

/** Zou's bare 400: `{"message": …}`. */
export function messageOnlyError(message: string): BadRequestError {
  return new BadRequestError(message, { ...MESSAGE_ONLY });
}

/** Columns set by the server, never taken from a body. */
const BASE_PROTECTED = ["id", "created_at", "updated_at"];

/** Zou's sanitized messages for database errors on generic writes, by SQLSTATE class. */
export function translateCrudDatabaseError(error: unknown): BadRequestError | undefined {
  const translated = translateDatabaseError(error);
  if (translated === undefined) return undefined;
  if (translated.code === "CONFLICT") return messageOnlyError("A record with the same unique values already exists.");
  const state = sqlStateOf(error);
  if (state === "23503") return messageOnlyError("The change conflicts with records referencing this one.");
  if (state === "23502") return messageOnlyError("A required field is missing.");
  if (state?.startsWith("23")) return messageOnlyError("The data conflicts with database integrity rules.");
  if (state?.startsWith("22")) return messageOnlyError(INVALID_FORMAT);
  return messageOnlyError(translated.message);
}

function sqlStateOf(error: unknown): string | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 4 && current !== null && typeof current === "object"; depth += 1) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === "string" && /^[0-9A-Z]{5}$/.test(code)) return code;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

function invalidDate(name: string, value: unknown): BadRequestError {
  return new BadRequestError(`Invalid date format for '${name}': '${String(value).slice(0, 40)}'. Expected an ISO 8601 date or datetime.`);
}

/** Types one body value for its column; throws Zou's 400 when it cannot be stored there. */
export function coerceValue(column: Column, name: string, value: unknown): unknown {
  if (value === null || value === undefined) return null;
  switch (column.columnType) {
    case "PgUUID":
      if (value === "" || value === "null") return null;
      if (!isUuid(value)) throw messageOnlyError(INVALID_FORMAT);
      return value.toLowerCase();
    case "PgTimestamp": {
      if (value === "") return null;
      if (typeof value !== "string") throw invalidDate(name, value);
      const date = parseTimestamp(value);
      if (date === undefined) throw invalidDate(name, value);
      return date;
    }
    case "PgDateString": {
      if (value === "") return null;
      if (typeof value !== "string") throw invalidDate(name, value);
      const date = parseDate(value);
      if (date === undefined) throw invalidDate(name, value);
      return date;
    }
    case "PgBoolean":
      if (typeof value === "boolean") return value;
      if (value === "true" || value === "True") return true;
      if (value === "false" || value === "False") return false;
      throw messageOnlyError(INVALID_FORMAT);
    case "PgInteger":
    case "PgBigInt53": {
      const number = typeof value === "string" && /^-?\d{1,15}$/.test(value) ? Number(value) : value;
      if (typeof number !== "number" || !Number.isSafeInteger(number)) throw messageOnlyError(INVALID_FORMAT);
      return number;
    }
    case "PgDoublePrecision": {
      const number = typeof value === "string" && value.trim() !== "" ? Number(value) : value;
      if (typeof number !== "number" || !Number.isFinite(number)) throw messageOnlyError(INVALID_FORMAT);
      return number;
    }
    case "PgVarchar":
    case "PgText":
    case "PgEnumColumn":
      if (typeof value === "number" || typeof value === "boolean") return String(value);
      if (typeof value !== "string") throw messageOnlyError(INVALID_FORMAT);
      return value;
    case "PgArray":
      if (!Array.isArray(value)) throw messageOnlyError(INVALID_FORMAT);
      return value;
    case "PgJsonb":
      return value;
    default:
      throw messageOnlyError(INVALID_FORMAT);
  }
}

export interface PreparedBody {
  /** Column values keyed by Zou's column names, typed for their columns. */
  values: ZouRecord;
  /** Id lists of writable relations, by relation key. */
  links: Map<string, string[]>;
}

function linkIds(value: unknown): string[] {
  if (!Array.isArray(value)) throw messageOnlyError(INVALID_FORMAT);
  const ids = value.map((item) => (typeof item === "object" && item !== null ? (item as { id?: unknown }).id : item));
  if (!ids.every(isUuid)) throw messageOnlyError(INVALID_FORMAT);
  return [...new Set(ids.map((id) => id.toLowerCase()))];
}

/** Returns the body as an object; a missing or JSON null body is Zou's "Data are empty" error. */
export function requireBody(data: unknown): Record<string, unknown> {
  if (data === null || data === undefined) {
    throw new BadRequestError("Data are empty. Please verify that you sent JSON data and that you set the right headers.");
  }
  if (typeof data !== "object" || Array.isArray(data)) throw new BadRequestError("The request body must be a JSON object.");
  return data as Record<string, unknown>;
}

/**
 * Reads a creation body: server-set columns are dropped, writable relations
 * become link lists, keys listed in `writeOnly` are left to the model's hook,
 * and any other key that is not a column is Zou's "invalid keyword argument".
 */
export function prepareCreate(model: CrudModel, body: Record<string, unknown>, writeOnly: readonly string[] = []): PreparedBody {
  const columns = zouColumns(model.table);
  const values: ZouRecord = {};
  const links = new Map<string, string[]>();
  for (const [key, value] of Object.entries(body)) {
    if (BASE_PROTECTED.includes(key) || writeOnly.includes(key)) continue;
    const relation = model.relations?.find((candidate) => candidate.key === key);
    if (relation !== undefined) {
      // Zou's models accept relation names as keyword arguments; Kumiki
      // stores those it can write and ignores the others.
      if (relation.writable === true && value !== null) links.set(key, linkIds(value));
      continue;
    }
    const column = columns.get(key);
    if (column === undefined || model.hiddenColumns?.includes(key)) {
      throw messageOnlyError(`'${key}' is an invalid keyword argument for ${model.type}`);
    }
    values[key] = coerceValue(column.column, key, value);
  }
  return { values, links };
}

/**
 * Reads an update body. gazu sends back whole objects (id, type,
 * timestamps, full_name…), so protected, read-only and unknown keys are
 * ignored rather than rejected.
 */
export function prepareUpdate(model: CrudModel, body: Record<string, unknown>): PreparedBody {
  const columns = zouColumns(model.table);
  const protectedKeys = new Set([...BASE_PROTECTED, ...(columns.has("project_id") ? ["project_id"] : []), ...(model.protectedColumns ?? []), ...(model.hiddenColumns ?? [])]);
  const values: ZouRecord = {};
  const links = new Map<string, string[]>();
  for (const [key, value] of Object.entries(body)) {
    if (protectedKeys.has(key)) continue;
    const relation = model.relations?.find((candidate) => candidate.key === key);
    if (relation !== undefined) {
      if (relation.writable === true && value !== null) links.set(key, linkIds(value));
      continue;
    }
    const column = columns.get(key);
    if (column === undefined) continue;
    values[key] = coerceValue(column.column, key, value);
  }
  return { values, links };
}

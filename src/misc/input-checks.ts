import { BadRequestError } from "../errors.js";
import { parseId } from "../ids.js";

// Checks of mutation inputs shared by the people, projects, playlists,
// schedules, notifications and files domains. GraphQL has already checked the
// types; these check what GraphQL cannot express (length, format, choices),
// before anything is written.

/** Tells whether a parsed JSON value is an object, not null or an array. */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Returns a parsed JSON value when it is an object, else undefined. */
export function asObject(value: unknown): Record<string, unknown> | undefined {
  return isPlainObject(value) ? value : undefined;
}

/** Returns the trimmed text, or throws BAD_USER_INPUT when it is empty or longer than maxLength. */
export function requireText(value: string, field: string, maxLength: number): string {
  const trimmed = value.trim();
  if (trimmed.length === 0) throw new BadRequestError(`${field} must not be empty.`, { field });
  if (trimmed.length > maxLength) throw new BadRequestError(`${field} is longer than ${maxLength} characters.`, { field });
  return trimmed;
}

/** Like requireText for an optional field: undefined stays undefined, null stays null. */
export function optionalText(value: string | null | undefined, field: string, maxLength: number): string | null | undefined {
  if (value === undefined || value === null) return value;
  if (value.length > maxLength) throw new BadRequestError(`${field} is longer than ${maxLength} characters.`, { field });
  return value;
}

const COLOR_PATTERN = /^#[0-9a-fA-F]{6}$/;

/** Returns the color when it is `#RRGGBB`, as Zou's 7-character color columns hold. */
export function requireColor(value: string, field = "color"): string {
  if (!COLOR_PATTERN.test(value)) throw new BadRequestError(`${field} must be a color written #RRGGBB, not ${value.slice(0, 20)}.`, { field });
  return value;
}

export function requireOneOf<T extends string>(value: string, choices: readonly T[], field: string): T {
  if (!(choices as readonly string[]).includes(value)) {
    throw new BadRequestError(`${field} must be one of ${choices.join(", ")}.`, { field });
  }
  return value as T;
}

const DATE_PATTERN = /^\d{4}-\d{2}-\d{2}$/;

/** Returns a YYYY-MM-DD date that exists in the calendar, or throws BAD_USER_INPUT. */
export function requireDate(value: string, field: string): string {
  const parsed = new Date(`${value}T00:00:00Z`);
  if (!DATE_PATTERN.test(value) || Number.isNaN(parsed.getTime()) || parsed.toISOString().slice(0, 10) !== value) {
    throw new BadRequestError(`${field} must be a date written YYYY-MM-DD, not ${value.slice(0, 20)}.`, { field });
  }
  return value;
}

export function optionalDate(value: string | null | undefined, field: string): string | null | undefined {
  if (value === undefined || value === null) return value;
  return requireDate(value, field);
}

export function optionalId(value: string | null | undefined): string | null | undefined {
  if (value === undefined || value === null) return value;
  return parseId(value);
}

/** Throws BAD_USER_INPUT unless the number is a whole number at least `minimum`. */
export function requireWholeNumber(value: number, field: string, minimum = 0): number {
  if (!Number.isInteger(value) || value < minimum) throw new BadRequestError(`${field} must be a whole number of at least ${minimum}.`, { field });
  return value;
}

/**
 * Turns a name into a field name as Zou's metadata descriptors do (python-slugify
 * with "_"): accents dropped, lower case, every other run of characters replaced by "_".
 */
export function slugifyFieldName(name: string): string {
  return name
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "_")
    .replace(/^_+|_+$/g, "");
}

/** Copies the keys of `input` whose value is not undefined: the fields an update sets. */
export function definedFields<T extends object>(input: T): Partial<T> {
  const fields: Partial<T> = {};
  for (const [key, value] of Object.entries(input)) {
    if (value !== undefined) (fields as Record<string, unknown>)[key] = value;
  }
  return fields;
}

/** Parses every id of a list, throwing BAD_USER_INPUT on the first malformed one. */
export function parseIdList(values: readonly string[]): string[] {
  return values.map(parseId);
}

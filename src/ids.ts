import { BadRequestError } from "./errors.js";

const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isUuid(value: unknown): value is string {
  return typeof value === "string" && UUID_PATTERN.test(value);
}

/** Returns the id lower-cased, or throws BAD_USER_INPUT with Zou's "Malformed ID." message. */
export function parseId(value: unknown): string {
  if (!isUuid(value)) throw new BadRequestError("Malformed ID.", { value: typeof value === "string" ? value.slice(0, 80) : typeof value });
  return value.toLowerCase();
}

import { BadRequestError, NotFoundError } from "../errors.js";
import { isUuid } from "../ids.js";
import { NOT_FOUND_MESSAGE } from "./errors.js";
import { queryBoolean, queryInteger, type ErrorAnswer, type QueryValue, type RestRoute } from "./route-table.js";

// Readers of path and query-string parameters and Zou's error responses
// shared by the route lists of src/rest/.

export const NOT_FOUND_ANSWER = (): ErrorAnswer => ({ status: 404, body: { error: true, message: NOT_FOUND_MESSAGE } });

/** Zou's standard 404 body for every unknown id of a route. */
export const ZOU_ERRORS: RestRoute["errors"] = { NOT_FOUND: NOT_FOUND_ANSWER };

/** Returns the lower-cased id, or throws NOT_FOUND for a malformed one, as Zou's service lookups do. */
export function pathId(value: string | undefined): string {
  if (!isUuid(value)) throw new NotFoundError();
  return value.toLowerCase();
}

/** Returns the lower-cased id, or throws Zou's 400 "Malformed ID." for a malformed one. */
export function strictPathId(value: string | undefined): string {
  if (!isUuid(value)) throw new BadRequestError("Malformed ID.");
  return value.toLowerCase();
}

/** Builds Zou's schema validation failure: 400 "Validation error." naming the invalid field. */
export function validationError(field: string, message: string): BadRequestError {
  return new BadRequestError("Validation error.", { errors: [{ field, message }] });
}

/** Returns a `YYYY-MM-DD` date of the path, or throws Zou's 400 "Wrong date format.". */
export function pathDate(value: string | undefined): string {
  const text = value ?? "";
  const parsed = new Date(`${text}T00:00:00Z`);
  if (!/^\d{4}-\d\d-\d\d$/.test(text) || Number.isNaN(parsed.getTime()) || parsed.toISOString().slice(0, 10) !== text) {
    throw new BadRequestError("Wrong date format.");
  }
  return text;
}

/** Returns the first value of a query-string parameter, or null when it is missing or empty. */
export function queryText(value: QueryValue): string | null {
  const text = Array.isArray(value) ? value[0] : value;
  return text === undefined || text === "" ? null : text;
}

/** Returns a query-string id lower-cased, null when missing, or throws "Malformed ID.". */
export function queryId(value: QueryValue): string | null {
  const text = queryText(value);
  if (text === null) return null;
  if (!isUuid(text)) throw new BadRequestError("Malformed ID.");
  return text.toLowerCase();
}

/** Reads a date (YYYY-MM-DD) or date-time (YYYY-MM-DDTHH:MM:SS) filter as an ISO date-time in UTC. */
export function queryTimestamp(value: QueryValue, name: string): string | null {
  const text = queryText(value);
  if (text === null) return null;
  const normalized = /^\d{4}-\d\d-\d\d$/.test(text) ? `${text}T00:00:00` : text.replace(" ", "T");
  if (!/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?$/.test(normalized) || Number.isNaN(new Date(`${normalized}Z`).getTime())) {
    throw new BadRequestError(`Invalid value for ${name}: expected a date YYYY-MM-DD or a date-time YYYY-MM-DDTHH:MM:SS.`);
  }
  return normalized;
}

/** Reads the filters and page of Zou's news feeds from the query string, as GraphQL variables of NewsFilterArgs. */
export function queryNewsFilters(query: Record<string, QueryValue>): Record<string, unknown> {
  return {
    onlyPreview: queryBoolean(query.only_preview, "only_preview") ?? false,
    taskTypeId: queryId(query.task_type_id),
    taskStatusId: queryId(query.task_status_id),
    episodeId: queryId(query.episode_id),
    authorId: queryId(query.person_id),
    after: queryTimestamp(query.after, "after"),
    before: queryTimestamp(query.before, "before"),
    page: queryInteger(query.page, "page") ?? 1,
    limit: queryInteger(query.limit, "limit") ?? 50,
  };
}

import { BadRequestError } from "../errors.js";
import { isUuid } from "../ids.js";
import type { CommentTaskInput } from "./comments.service.js";

// The fields of Zou's comment form, sent as JSON or as multipart text
// fields (where checklist and links are JSON-encoded strings).

/** Builds Zou's schema validation failure: 400 "Validation error." naming the invalid field. */
function validationError(field: string, message: string): BadRequestError {
  return new BadRequestError("Validation error.", { errors: [{ field, message }] });
}

function readList(value: unknown, field: string, fromForm: boolean): unknown[] {
  if (value === undefined || value === null || value === "") return [];
  let parsed = value;
  if (fromForm && typeof value === "string") {
    try {
      parsed = JSON.parse(value);
    } catch {
      throw validationError(field, "Not valid JSON.");
    }
  }
  if (!Array.isArray(parsed)) throw validationError(field, "Not a valid list.");
  return parsed;
}

function readOptionalString(value: unknown, field: string): string | null {
  if (value === undefined || value === null || value === "") return null;
  if (typeof value !== "string") throw validationError(field, "Not a valid string.");
  return value;
}

/** Reads Zou's created_at, written `YYYY-MM-DDTHH:MM:SS` (or with a space) in UTC. */
function readCreatedAt(value: unknown): Date | null {
  const text = readOptionalString(value, "created_at");
  if (text === null) return null;
  const zoned = /[zZ]|[+-]\d\d:?\d\d$/.test(text) ? text : `${text.replace(" ", "T")}Z`;
  const date = new Date(zoned);
  if (!/^\d{4}-\d\d-\d\d[T ]\d\d:\d\d/.test(text) || Number.isNaN(date.getTime())) throw validationError("created_at", "Not a valid datetime.");
  return date;
}

/** Reads for_client as JSON sends it (a boolean) or as a form sends it (true/false text). */
function readForClient(value: unknown): boolean | null {
  if (value === undefined || value === null || value === "") return null;
  if (typeof value === "boolean") return value;
  if (value === "true" || value === "True") return true;
  if (value === "false" || value === "False") return false;
  throw validationError("for_client", "Not a valid boolean.");
}

/** Turns the fields of Zou's comment form (JSON or multipart) into the service's input. */
export function readCommentFields(taskId: string, fields: Record<string, unknown>, fromForm: boolean): CommentTaskInput {
  const statusId = fields.task_status_id;
  if (statusId === undefined || statusId === null || statusId === "") throw validationError("task_status_id", "Task Status ID is missing");
  if (!isUuid(statusId)) throw new BadRequestError("Malformed ID.");
  const text = fields.comment ?? "";
  if (typeof text !== "string") throw validationError("comment", "Not a valid string.");
  const links = readList(fields.links, "links", fromForm);
  if (!links.every((link) => typeof link === "string")) throw validationError("links", "Not a valid list of strings.");
  const personId = readOptionalString(fields.person_id, "person_id");
  if (personId !== null && !isUuid(personId)) throw new BadRequestError("Malformed ID.");
  return {
    taskId,
    taskStatusId: statusId.toLowerCase(),
    text,
    checklist: readList(fields.checklist, "checklist", fromForm),
    links: links as string[],
    personId,
    createdAt: readCreatedAt(fields.created_at),
    forClient: readForClient(fields.for_client),
  };
}

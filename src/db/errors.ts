import { AppError, BadRequestError, ConflictError } from "../errors.js";

// PostgreSQL errors are translated once, here, into the error hierarchy.
// The messages are the ones Zou sends for the same constraint errors.

const MESSAGES: Record<string, () => AppError> = {
  "23505": () => new ConflictError("A record with the same unique values already exists."),
  "23503": () => new BadRequestError("The change conflicts with records referencing this one."),
  "23502": () => new BadRequestError("A required field is missing."),
  "22P02": () => new BadRequestError("One of the provided values has an invalid format."),
  "22007": () => new BadRequestError("One of the provided values has an invalid format."),
  "22008": () => new BadRequestError("One of the provided values has an invalid format."),
  "22003": () => new BadRequestError("One of the provided values is out of range."),
  "22001": () => new BadRequestError("One of the provided values is too long."),
  // A NUL byte or an invalid encoding in a text value.
  "22021": () => new BadRequestError("One of the provided values has an invalid format."),
  "22P05": () => new BadRequestError("One of the provided values has an invalid format."),
};

function findSqlState(error: unknown): { code: string; constraint?: string; detail?: string } | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 4 && current !== null && typeof current === "object"; depth += 1) {
    const candidate = current as { code?: unknown; constraint?: string; constraint_name?: string; detail?: string; cause?: unknown };
    if (typeof candidate.code === "string" && /^[0-9A-Z]{5}$/.test(candidate.code)) {
      return { code: candidate.code, constraint: candidate.constraint ?? candidate.constraint_name, detail: candidate.detail };
    }
    current = candidate.cause;
  }
  return undefined;
}

/** Translates a PostgreSQL error into an AppError, or returns undefined for any other error. */
export function translateDatabaseError(error: unknown): AppError | undefined {
  if (error instanceof AppError) return error;
  const state = findSqlState(error);
  if (state === undefined) return undefined;
  const make = MESSAGES[state.code];
  if (make === undefined) return undefined;
  const translated = make();
  if (state.constraint !== undefined) {
    return new (translated.constructor as new (message: string, details?: Record<string, unknown>) => AppError)(
      translated.message,
      { constraint: state.constraint },
    );
  }
  return translated;
}

// The error hierarchy. Services throw these; the GraphQL error formatter and
// the REST layer are the only places that translate them for clients.

export type ErrorCode =
  | "BAD_USER_INPUT"
  | "UNAUTHENTICATED"
  | "FORBIDDEN"
  | "NOT_FOUND"
  | "CONFLICT"
  | "PAYLOAD_TOO_LARGE"
  | "QUERY_TOO_COMPLEX"
  | "INTERNAL_SERVER_ERROR";

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  readonly details?: Record<string, unknown>;

  constructor(code: ErrorCode, status: number, message: string, details?: Record<string, unknown>) {
    super(message);
    this.name = new.target.name;
    this.code = code;
    this.status = status;
    this.details = details;
  }
}

export class BadRequestError extends AppError {
  constructor(message: string, details?: Record<string, unknown>) {
    super("BAD_USER_INPUT", 400, message, details);
  }
}

export class UnauthenticatedError extends AppError {
  constructor(message = "Authentication required.", details?: Record<string, unknown>) {
    super("UNAUTHENTICATED", 401, message, details);
  }
}

export const FORBIDDEN_MESSAGE =
  "You don't have the permission to access the requested resource. It is either read-protected or not readable by the server.";

export class ForbiddenError extends AppError {
  constructor(message = FORBIDDEN_MESSAGE, details?: Record<string, unknown>) {
    super("FORBIDDEN", 403, message, details);
  }
}

export class NotFoundError extends AppError {
  constructor(message = "Not found.", details?: Record<string, unknown>) {
    super("NOT_FOUND", 404, message, details);
  }
}

/** A uniqueness or reference conflict; Zou's routes answer these with 400. */
export class ConflictError extends AppError {
  constructor(message: string, details?: Record<string, unknown>) {
    super("CONFLICT", 409, message, details);
  }
}

export class PayloadTooLargeError extends AppError {
  constructor(message: string, details?: Record<string, unknown>) {
    super("PAYLOAD_TOO_LARGE", 413, message, details);
  }
}

export class QueryTooComplexError extends AppError {
  constructor(message: string, details?: Record<string, unknown>) {
    super("QUERY_TOO_COMPLEX", 400, message, details);
  }
}

export function isAppError(error: unknown): error is AppError {
  return error instanceof AppError;
}

import { randomUUID } from "node:crypto";
import { unwrapResolverError } from "@apollo/server/errors";
import type { GraphQLFormattedError } from "graphql";
import { GraphQLError } from "graphql";
import { translateDatabaseError } from "../db/errors.js";
import { AppError } from "../errors.js";
import { LIMIT_MARK } from "./limits.js";

// Translates errors for GraphQL clients: AppErrors keep their code and
// message, PostgreSQL errors are translated, and anything unexpected becomes
// INTERNAL_SERVER_ERROR with a generic message and an error id that is also
// logged with the stack.

const errorIds = new WeakMap<object, string>();

/** Returns the error id of an unexpected error, assigning one the first time. */
export function errorIdOf(error: unknown): string {
  const key = typeof error === "object" && error !== null ? error : { error };
  let id = errorIds.get(key);
  if (id === undefined) {
    id = randomUUID();
    errorIds.set(key, id);
  }
  return id;
}

/** Returns the client-facing AppError for a resolver error, or undefined if it is unexpected. */
export function knownError(error: unknown): AppError | undefined {
  const original = unwrapResolverError(error);
  if (original instanceof AppError) return original;
  return translateDatabaseError(original);
}

export function isUnexpected(error: GraphQLError): boolean {
  if (error.extensions?.[LIMIT_MARK]) return false;
  if (error.originalError === undefined || error.originalError === null) return false;
  if (knownError(error) !== undefined) return false;
  const original = unwrapResolverError(error);
  // GraphQL's own coercion errors (a wrong variable type) are client errors.
  return !(original instanceof GraphQLError);
}

export function formatGraphqlError(formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError {
  if (error instanceof GraphQLError && error.extensions?.[LIMIT_MARK]) {
    return { message: formatted.message, locations: formatted.locations, extensions: { code: "QUERY_TOO_COMPLEX" } };
  }
  const known = knownError(error);
  if (known !== undefined) {
    const extensions: Record<string, unknown> = { code: known.code };
    if (known.details !== undefined) extensions.details = known.details;
    return { message: known.message, locations: formatted.locations, path: formatted.path, extensions };
  }
  if (error instanceof GraphQLError && isUnexpected(error)) {
    return {
      message: "Internal server error.",
      locations: formatted.locations,
      path: formatted.path,
      extensions: { code: "INTERNAL_SERVER_ERROR", errorId: errorIdOf(unwrapResolverError(error)) },
    };
  }
  return formatted;
}

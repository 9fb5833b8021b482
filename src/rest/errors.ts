import { randomUUID } from "node:crypto";
import type { FastifyError, FastifyReply, FastifyRequest } from "fastify";
import { translateDatabaseError } from "../db/errors.js";
import { AppError, FORBIDDEN_MESSAGE } from "../errors.js";

// Zou's error bodies. Some routes send other shapes, so this is only the
// default mapping from an error to a status and body.

export const NOT_FOUND_MESSAGE =
  "404 Not Found: The requested URL was not found on the server. If you entered the URL manually please check your spelling and try again.";

export interface ZouErrorBody {
  error: true;
  message: string;
  data?: unknown;
  error_id?: string;
}

export function zouErrorBody(error: AppError): { status: number; body: ZouErrorBody } {
  switch (error.code) {
    case "NOT_FOUND":
      return { status: 404, body: { error: true, message: error.message === "Not found." ? NOT_FOUND_MESSAGE : error.message } };
    case "FORBIDDEN":
      return { status: 403, body: { error: true, message: error.message || FORBIDDEN_MESSAGE } };
    case "UNAUTHENTICATED":
      return { status: 401, body: { error: true, message: error.message } };
    case "CONFLICT":
      // Zou returns 400 for constraint errors.
      return { status: 400, body: { error: true, message: error.message, data: null } };
    case "BAD_USER_INPUT":
      return { status: 400, body: { error: true, message: error.message, data: error.details?.errors !== undefined ? { errors: error.details.errors } : null } };
    default:
      return { status: error.status, body: { error: true, message: error.message } };
  }
}

/** The Fastify error handler: known errors get Zou's body, anything else a 500 with an error id. */
export function handleRestError(error: FastifyError | Error, request: FastifyRequest, reply: FastifyReply): void {
  const known = error instanceof AppError ? error : translateDatabaseError(error);
  if (known !== undefined) {
    const { status, body } = zouErrorBody(known);
    void reply.status(status).send(body);
    return;
  }

  const fastifyError = error as FastifyError;
  if (fastifyError.statusCode !== undefined && fastifyError.statusCode >= 400 && fastifyError.statusCode < 500) {
    // Fastify's own client errors: malformed JSON, unsupported media type, body too large.
    void reply.status(fastifyError.statusCode).send({ error: true, message: fastifyError.message, data: null });
    return;
  }

  // The request line written when the response ends carries the cause and
  // this id, so each failed request gives one error line.
  reply.errorId = randomUUID();
  reply.errorCause = error;
  const errorId = reply.errorId;
  void reply.status(500).send({ error: true, message: "Internal server error.", error_id: errorId });
}

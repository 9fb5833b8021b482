import type { FastifyInstance, FastifyReply, FastifyRequest, HTTPMethods } from "fastify";
import {
  execute,
  GraphQLError,
  parse,
  validate,
  type DocumentNode,
  type GraphQLSchema,
} from "graphql";
import type { RequestContext } from "../context.js";
import { translateDatabaseError } from "../db/errors.js";
import { AppError, BadRequestError, type ErrorCode } from "../errors.js";
import { handleRestError, zouErrorBody } from "./errors.js";

// The Zou compatibility layer: a table of routes, each mapping one Zou method
// and path onto a GraphQL operation run in-process with the request's
// context, so REST shares the graph's permissions, loaders and events.
// Documents are parsed and validated once, when the routes are registered:
// a broken entry stops the start-up instead of failing at request time.

export type QueryValue = string | string[] | undefined;

export interface RestInput {
  params: Record<string, string>;
  query: Record<string, QueryValue>;
  body: unknown;
  ctx: RequestContext;
  request: FastifyRequest;
}

export interface ErrorAnswer {
  status: number;
  body: unknown;
}

export interface RestRoute {
  method: HTTPMethods | HTTPMethods[];
  /** Zou's path, with parameters written `{name}` as in Zou's route list. */
  path: string;
  /** One GraphQL operation. Aliases give Zou's snake_case keys. */
  operation: string;
  /**
   * Runs the service behind the operation's only field with the operation's
   * variables, skipping GraphQL execution, and returns the field's value.
   * Meant for hot single-row reads, where execution costs a measurable share
   * of the request. The operation stays the entry's definition, and a test
   * checks that both return the same JSON.
   */
  direct?: (variables: Record<string, unknown>, ctx: RequestContext) => Promise<unknown>;
  /** Builds the operation's variables; may throw BadRequestError for bad input. */
  variables?: (input: RestInput) => Record<string, unknown> | Promise<Record<string, unknown>>;
  /** Turns the operation's data into Zou's JSON; defaults to the value of its only root field. */
  shape?: (data: Record<string, unknown>, input: RestInput) => unknown;
  /** Success status; Zou returns 201 on most creations. */
  status?: number;
  /** Per-route responses for error codes, where the route's Zou status or body differs from the default. */
  errors?: Partial<Record<ErrorCode, (error: AppError) => ErrorAnswer>>;
  auth?: "public" | "required";
  /**
   * The route reads a JSON body: any other content type gets Zou's 415
   * (Flask's `request.json` refuses to read it), before the operation runs.
   */
  jsonBody?: boolean;
}

interface CompiledRoute extends RestRoute {
  document: DocumentNode;
  /** The response key of the operation's first root field, under which a direct route's value goes. */
  rootKey: string;
}

/** Converts `/data/shots/{shot_id}` to Fastify's `/data/shots/:shot_id`. */
export function toFastifyPath(path: string): string {
  return path.replace(/\{([a-zA-Z0-9_]+)\}/g, ":$1");
}

export function compileRoute(schema: GraphQLSchema, route: RestRoute): CompiledRoute {
  let document: DocumentNode;
  try {
    document = parse(route.operation);
  } catch (error) {
    throw new Error(`REST route ${String(route.method)} ${route.path}: its GraphQL operation does not parse: ${(error as Error).message}`);
  }
  const problems = validate(schema, document);
  if (problems.length > 0) {
    throw new Error(`REST route ${String(route.method)} ${route.path}: invalid GraphQL operation: ${problems.map((problem) => problem.message).join("; ")}`);
  }
  const operation = document.definitions.find((definition) => definition.kind === "OperationDefinition");
  const field = operation?.selectionSet.selections[0];
  const rootKey = field?.kind === "Field" ? (field.alias ?? field.name).value : "data";
  return { ...route, document, rootKey };
}

function defaultShape(data: Record<string, unknown>): unknown {
  const keys = Object.keys(data);
  return keys.length === 1 ? data[keys[0]] : data;
}

/** Returns the AppError behind a GraphQL execution error, or undefined when it is unexpected. */
function appErrorOf(error: GraphQLError): AppError | undefined {
  const original = error.originalError;
  if (original instanceof AppError) return original;
  const translated = translateDatabaseError(original);
  if (translated !== undefined) return translated;
  // Variable coercion failures (a string where a number is expected) carry
  // no original error: they are the client's mistake.
  if (original === undefined || original === null || original instanceof GraphQLError) {
    return new BadRequestError(error.message);
  }
  return undefined;
}

export const UNSUPPORTED_MEDIA_TYPE_MESSAGE = "Did not attempt to load JSON data because the request Content-Type was not 'application/json'.";

function isJsonContentType(header: string | undefined): boolean {
  if (header === undefined) return false;
  const type = header.split(";")[0].trim().toLowerCase();
  return type === "application/json" || (type.startsWith("application/") && type.endsWith("+json"));
}

function sendUnsupportedMediaType(reply: FastifyReply): FastifyReply {
  return reply.status(415).send({ error: true, message: UNSUPPORTED_MEDIA_TYPE_MESSAGE });
}

export async function runRoute(route: CompiledRoute, schema: GraphQLSchema, request: FastifyRequest, reply: FastifyReply): Promise<unknown> {
  if (route.jsonBody === true && !isJsonContentType(request.headers["content-type"])) return sendUnsupportedMediaType(reply);

  const input: RestInput = {
    params: (request.params ?? {}) as Record<string, string>,
    query: (request.query ?? {}) as Record<string, QueryValue>,
    body: request.body,
    ctx: request.ctx,
    request,
  };

  const variables = route.variables === undefined ? {} : await route.variables(input);
  if (route.direct !== undefined) return runDirect(route, route.direct, variables, input, reply);
  const result = await execute({ schema, document: route.document, contextValue: request.ctx, variableValues: variables });

  if (result.errors !== undefined && result.errors.length > 0) {
    const first = result.errors[0];
    const known = appErrorOf(first);
    if (known === undefined) throw first.originalError ?? first;
    return sendError(route, known, reply);
  }

  const data = (result.data ?? {}) as Record<string, unknown>;
  const body = route.shape === undefined ? defaultShape(data) : route.shape(data, input);
  return reply.status(route.status ?? 200).send(body);
}

function sendError(route: CompiledRoute, error: AppError, reply: FastifyReply): FastifyReply {
  const custom = route.errors?.[error.code];
  const answer = custom !== undefined ? custom(error) : zouErrorBody(error);
  return reply.status(answer.status).send(answer.body);
}

async function runDirect(
  route: CompiledRoute,
  direct: NonNullable<RestRoute["direct"]>,
  variables: Record<string, unknown>,
  input: RestInput,
  reply: FastifyReply,
): Promise<unknown> {
  let value: unknown;
  try {
    value = await direct(variables, input.ctx);
  } catch (error) {
    const known = error instanceof AppError ? error : translateDatabaseError(error);
    if (known === undefined) throw error;
    return sendError(route, known, reply);
  }
  const data = { [route.rootKey]: value };
  const body = route.shape === undefined ? defaultShape(data) : route.shape(data, input);
  return reply.status(route.status ?? 200).send(body);
}

/** Registers route entries on the server; throws at start-up if an entry's operation is invalid. */
export function registerRestRoutes(app: FastifyInstance, schema: GraphQLSchema, routes: readonly RestRoute[]): void {
  // The first entry for a method and path wins, so a specific entry listed
  // before the generic CRUD routes replaces the generic one.
  const registered = new Set<string>();
  for (const route of routes) {
    const keys = [route.method].flat().map((method) => `${method} ${toFastifyPath(route.path)}`);
    if (keys.every((key) => registered.has(key))) continue;
    for (const key of keys) registered.add(key);
    const compiled = compileRoute(schema, route);
    app.route({
      method: route.method,
      url: toFastifyPath(route.path),
      config: { auth: route.auth ?? "required" },
      handler: (request, reply) => runRoute(compiled, schema, request, reply),
      // Fastify rejects a content type it has no parser for before the
      // handler runs; such a body gets the same 415 as any non-JSON body.
      errorHandler:
        route.jsonBody === true
          ? (error, request, reply) => {
              if ((error as { code?: string }).code === "FST_ERR_CTP_INVALID_MEDIA_TYPE") return sendUnsupportedMediaType(reply);
              return handleRestError(error, request, reply);
            }
          : undefined,
    });
  }
}

/** Reads a boolean from a query string as gazu and Kitsu send them: True/False, true/false, 1/0. */
export function queryBoolean(value: QueryValue, name: string): boolean | undefined {
  if (value === undefined) return undefined;
  const text = Array.isArray(value) ? value[0] : value;
  const lowered = text.toLowerCase();
  if (["true", "1", "yes"].includes(lowered)) return true;
  if (["false", "0", "no", ""].includes(lowered)) return false;
  throw new BadRequestError(`Invalid value for ${name}: expected true or false, got "${text.slice(0, 40)}".`);
}

/** Reads a positive whole number from a query string. */
export function queryInteger(value: QueryValue, name: string, min = 1): number | undefined {
  if (value === undefined) return undefined;
  const text = Array.isArray(value) ? value[0] : value;
  if (!/^\d+$/.test(text) || Number(text) < min) {
    throw new BadRequestError(`Invalid value for ${name}: expected a whole number of at least ${min}, got "${text.slice(0, 40)}".`);
  }
  return Number(text);
}

/** Returns the JSON body as an object, or throws BAD_USER_INPUT. */
export function bodyObject(body: unknown): Record<string, unknown> {
  if (body === undefined || body === null || body === "") return {};
  if (typeof body !== "object" || Array.isArray(body)) throw new BadRequestError("The request body must be a JSON object.");
  return body as Record<string, unknown>;
}


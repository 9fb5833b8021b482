import { execute, getOperationAST, parse, validate, type DocumentNode, type GraphQLSchema, type OperationDefinitionNode } from "graphql";
import type { FastifyReply, FastifyRequest } from "fastify";
import type { Config } from "../config.js";
import { queryLimitErrors } from "./limits.js";

// A shorter way through GraphQL for the common case: a POST of a JSON body
// with a query that parses, validates and stays within the limits. Such a
// query is parsed and validated once per distinct text and then executed
// directly, without Apollo Server's request pipeline and its plugin hooks,
// which add work to every request. Anything else goes to Apollo, and so does
// a query whose execution reports an error: Apollo runs it again and shapes
// the error response, so clients see one format whatever the way. Queries
// read only, so running one twice changes nothing. Mutations, subscriptions,
// persisted queries, GET requests and multipart uploads always go to Apollo.

const MAX_DOCUMENTS = 1_000;
const MAX_QUERY_LENGTH = 100_000;

interface CachedDocument {
  document: DocumentNode;
  /** Null when the text names several operations: the operation name picks one per request. */
  operation: OperationDefinitionNode | null;
}

interface QueryBody {
  query: string;
  variables?: Record<string, unknown> | null;
  operationName?: string | null;
}

export class FastQueries {
  /** Documents by query text, in insertion order; false marks a text Apollo must handle. */
  private readonly documents = new Map<string, CachedDocument | false>();

  constructor(private readonly schema: GraphQLSchema, private readonly config: Config) {}

  /** Runs the request and sends its response; returns false, having sent nothing, when Apollo must handle it. */
  async tryServe(request: FastifyRequest, reply: FastifyReply): Promise<boolean> {
    const body = eligibleBody(request);
    if (body === undefined) return false;
    const cached = this.documentFor(body.query);
    if (cached === false) return false;

    const operation = cached.operation ?? getOperationAST(cached.document, body.operationName ?? undefined);
    if (operation === null || operation === undefined || operation.operation !== "query") return false;
    if (cached.operation !== null && body.operationName && operation.name?.value !== body.operationName) return false;

    const variables = body.variables ?? {};
    const limitErrors = queryLimitErrors(cached.document, {
      maxDepth: this.config.graphqlMaxDepth,
      maxCost: this.config.graphqlMaxCost,
      defaultPageSize: this.config.graphqlDefaultPageSize,
      maxPageSize: this.config.graphqlMaxPageSize,
      variables,
    });
    if (limitErrors.length > 0) return false;

    const result = await execute({
      schema: this.schema,
      document: cached.document,
      contextValue: request.ctx,
      variableValues: variables,
      operationName: body.operationName ?? undefined,
    });
    if (result.errors !== undefined && result.errors.length > 0) return false;

    await reply
      .status(200)
      .header("cache-control", "no-store")
      .type("application/json; charset=utf-8")
      .send(JSON.stringify({ data: result.data }));
    return true;
  }

  private documentFor(query: string): CachedDocument | false {
    const known = this.documents.get(query);
    if (known !== undefined) return known;

    let entry: CachedDocument | false = false;
    try {
      const document = parse(query);
      if (validate(this.schema, document).length === 0) {
        const operations = document.definitions.filter((definition) => definition.kind === "OperationDefinition");
        entry = { document, operation: operations.length === 1 ? operations[0] : null };
      }
    } catch {
      // A syntax error: Apollo reports it.
      entry = false;
    }
    if (this.documents.size >= MAX_DOCUMENTS) this.documents.delete(this.documents.keys().next().value as string);
    this.documents.set(query, entry);
    return entry;
  }
}

/** Returns the body of a plain JSON query request, or undefined for anything Apollo must see. */
function eligibleBody(request: FastifyRequest): QueryBody | undefined {
  if (request.method !== "POST") return undefined;
  const contentType = request.headers["content-type"];
  if (contentType === undefined || !contentType.toLowerCase().startsWith("application/json")) return undefined;
  // Apollo responds with the GraphQL response media type to clients that prefer it.
  if (request.headers.accept?.includes("application/graphql-response+json")) return undefined;

  const body = request.body;
  if (typeof body !== "object" || body === null || Array.isArray(body)) return undefined;
  const { query, variables, operationName, extensions } = body as Record<string, unknown>;
  if (typeof query !== "string" || query.length > MAX_QUERY_LENGTH || extensions !== undefined) return undefined;
  if (variables !== undefined && variables !== null && (typeof variables !== "object" || Array.isArray(variables))) return undefined;
  if (operationName !== undefined && operationName !== null && typeof operationName !== "string") return undefined;
  return { query, variables: variables as Record<string, unknown> | null | undefined, operationName: operationName as string | null | undefined };
}

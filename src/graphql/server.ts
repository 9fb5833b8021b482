import { ApolloServer, type ApolloServerPlugin } from "@apollo/server";
import { ApolloServerPluginCacheControlDisabled } from "@apollo/server/plugin/disabled";
import { fastifyApolloDrainPlugin, fastifyApolloHandler } from "@as-integrations/fastify";
import { GraphQLError } from "graphql";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import type { AppServices, RequestContext } from "../context.js";
import { errorIdOf, formatGraphqlError, isUnexpected } from "./errors.js";
import { FastQueries } from "./fast-queries.js";
import { queryLimitErrors } from "./limits.js";
import { playgroundPage, registerPlaygroundAssets, wantsPlayground } from "./playground.js";
import { getSchema } from "./schema.js";

// Apollo Server on Fastify at /graphql. The context is the one the request
// hook built (viewer, loaders), so REST and GraphQL share permissions and
// batching. Apollo's landing page is off: it loads from a CDN. Plain JSON
// queries that succeed take a shorter way (fast-queries.ts).

function limitsPlugin(services: AppServices): ApolloServerPlugin<RequestContext> {
  const { config } = services;
  return {
    async requestDidStart() {
      return {
        // Runs after parsing and validation, before execution: a rejected
        // operation sends no SQL. Variables are known here, unlike in
        // validation rules, so `first: $n` is costed with its real value.
        async didResolveOperation({ document, request }) {
          const errors = queryLimitErrors(document, {
            maxDepth: config.graphqlMaxDepth,
            maxCost: config.graphqlMaxCost,
            defaultPageSize: config.graphqlDefaultPageSize,
            maxPageSize: config.graphqlMaxPageSize,
            variables: request.variables ?? {},
          });
          if (errors.length > 0) {
            throw new GraphQLError(errors[0].message, {
              extensions: { ...errors[0].extensions, http: { status: 400 } },
            });
          }
        },
        async didEncounterErrors({ errors, contextValue }) {
          for (const error of errors) {
            if (isUnexpected(error)) {
              const original = error.originalError ?? error;
              contextValue.log.error({ err: original, errorId: errorIdOf(original), path: error.path }, "GraphQL resolver failed");
            }
          }
        },
      };
    },
  };
}

/**
 * Sends `cache-control: no-store` on every GraphQL response, the header
 * Apollo's cache-control plugin sent when no field carries a cache hint. That
 * plugin is turned off: it hooks into every field resolution, which costs
 * about a tenth of the time of a large tree, for hints Kumiki never gives.
 */
const noStorePlugin: ApolloServerPlugin<RequestContext> = {
  async requestDidStart() {
    return {
      async willSendResponse({ response }) {
        if (!response.http.headers.has("cache-control")) response.http.headers.set("cache-control", "no-store");
      },
    };
  },
};

export async function registerGraphql(app: FastifyInstance, services: AppServices): Promise<ApolloServer<RequestContext>> {
  const schema = await getSchema();
  const apollo = new ApolloServer<RequestContext>({
    schema,
    introspection: true,
    includeStacktraceInErrorResponses: false,
    formatError: formatGraphqlError,
    plugins: [fastifyApolloDrainPlugin(app), limitsPlugin(services), ApolloServerPluginCacheControlDisabled(), noStorePlugin],
  });
  await apollo.start();

  const handler = fastifyApolloHandler(apollo, {
    context: async (request: FastifyRequest) => request.ctx,
  });

  const fastQueries = new FastQueries(schema, services.config);

  registerPlaygroundAssets(app);
  app.route({
    method: ["GET", "POST", "OPTIONS"],
    url: "/graphql",
    config: { auth: "public" },
    handler: async function (this: FastifyInstance, request: FastifyRequest, reply: FastifyReply) {
      if (request.method === "GET" && wantsPlayground(request.headers.accept, request.query as Record<string, unknown>)) {
        return reply.type("text/html; charset=utf-8").send(playgroundPage());
      }
      if (await fastQueries.tryServe(request, reply)) return reply;
      return handler.call(this, request as never, reply as never);
    },
  });
  return apollo;
}

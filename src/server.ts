import { randomUUID } from "node:crypto";
import fastifyCookie from "@fastify/cookie";
import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance, type FastifyRequest } from "fastify";
import type { Logger as PinoLogger } from "pino";
import { authenticateToken } from "./auth/auth.service.js";
import { registerBenchSupport } from "./bench-support.js";
import { registerAuthRoutes } from "./auth/auth.routes.js";
import { registerSamlRoutes } from "./auth/saml.routes.js";
import { registerExportRoutes } from "./exports/exports.routes.js";
import { RevocationList } from "./auth/revocations.js";
import { TokenService } from "./auth/tokens.js";
import type { Config } from "./config.js";
import { createContext, type AppServices, type RequestContext, type Viewer } from "./context.js";
import type { Database } from "./db/index.js";
import { getSchema } from "./graphql/schema.js";
import { registerGraphql } from "./graphql/server.js";
import { createLogger } from "./logging.js";
import { ViewerCache } from "./auth/viewer-cache.js";
import type { TeamLinkRow } from "./projects/projects.loaders.js";
import { handleRestError, NOT_FOUND_MESSAGE } from "./rest/errors.js";
import { registerIndexRoutes } from "./rest/index-routes.js";
import { registerZouRoutes } from "./rest/routes.js";
import { registerPreviewRoutes } from "./previews/previews.routes.js";
import { registerPlaylistDownloadRoutes } from "./playlists/playlist-zip.routes.js";
import { registerCommentRoutes } from "./comments/comments.routes.js";
import { registerFileRoutes } from "./files/files.routes.js";
import { registerWithTasksRoutes } from "./lists/with-tasks.routes.js";
import { registerSharedPlaylistRoutes } from "./playlists/shared-playlists.routes.js";
import { registerPreviewMediaRoutes } from "./previews/preview-media.routes.js";
import { registerChatRoutes } from "./comments/chats.routes.js";
import { registerProductionImportRoutes } from "./tasks/production-imports.routes.js";
import { registerPlaylistBuildRoutes } from "./playlists/playlist-builds.routes.js";
import { registerPersonsCsvRoutes } from "./exports/persons-csv.routes.js";

declare module "fastify" {
  interface FastifyRequest {
    ctx: RequestContext;
  }
  interface FastifyReply {
    errorId?: string;
    errorCause?: Error;
  }
  interface FastifyContextConfig {
    /**
     * public: no token needed (a valid one still sets the viewer);
     * required: a valid access token (Zou's 401/422 otherwise);
     * refresh: a valid refresh token.
     */
    auth?: "public" | "required" | "refresh";
  }
}

const MAX_JSON_DEPTH = 100;

/** Tells whether a parsed JSON value nests deeper than the limit, without recursion. */
export function jsonDepthExceeds(value: unknown, limit: number): boolean {
  const stack: [unknown, number][] = [[value, 1]];
  while (stack.length > 0) {
    const [current, depth] = stack.pop()!;
    if (current === null || typeof current !== "object") continue;
    if (depth > limit) return true;
    for (const child of Object.values(current as Record<string, unknown>)) stack.push([child, depth + 1]);
  }
  return false;
}

export interface ServerOptions {
  config: Config;
  db: Database;
  /** Where log lines go; standard output when absent. */
  logDestination?: { write(chunk: string): void };
}

/** Removes the /api prefix (Kitsu's proxy and gazu use it) and doubled slashes. */
export function rewriteApiUrl(url: string): string {
  const collapsed = url.replace(/^\/{2,}/, "/");
  const stripped = collapsed.replace(/^\/api(?=\/|\?|$)/, "");
  if (stripped === "" || stripped.startsWith("?")) return `/${stripped}`;
  return stripped;
}

function readToken(request: FastifyRequest, cookieName: string): string | undefined {
  const header = request.headers.authorization;
  if (header !== undefined) {
    const match = /^Bearer\s+(.+)$/i.exec(header.trim());
    if (match !== null) return match[1].trim();
  }
  return request.cookies?.[cookieName];
}

export async function buildServer(options: ServerOptions): Promise<{ app: FastifyInstance; services: AppServices }> {
  const { config, db } = options;
  const app: FastifyInstance = Fastify({
    loggerInstance: createLogger(config, options.logDestination) as FastifyBaseLogger,
    genReqId: () => randomUUID(),
    rewriteUrl: (request) => rewriteApiUrl(request.url ?? "/"),
    // The onResponse hook below writes the one line per request.
    logController: new LogController({ disableRequestLogging: true }),
    trustProxy: config.trustProxy,
    bodyLimit: 10 * 1024 * 1024,
    routerOptions: { ignoreTrailingSlash: true, ignoreDuplicateSlashes: true, maxParamLength: 500 },
  });

  const revocations = new RevocationList(db, app.log);
  await revocations.start();
  const viewers = new ViewerCache(db, app.log);
  await viewers.start();
  const services: AppServices = {
    config,
    db,
    tokens: new TokenService(config.secretKey, config.accessTokenTtl, config.refreshTokenTtl),
    revocations,
    viewers,
  };
  app.addHook("onClose", async () => {
    await revocations.stop();
    await viewers.stop();
  });

  await app.register(fastifyCookie);

  app.decorateRequest("ctx", null as unknown as RequestContext);
  registerBenchSupport(app);

  app.addHook("onRequest", async (request, reply) => {
    // Unknown routes return 404 whatever the token, as Zou's router does.
    const mode = request.is404 ? "public" : (request.routeOptions.config?.auth ?? "required");
    const cookieName = mode === "refresh" ? "refresh_token_cookie" : "access_token_cookie";
    const token = readToken(request, cookieName);
    let viewer: Viewer | null = null;
    let authFailure: string | undefined;
    let teamLinks: TeamLinkRow[] | undefined;

    if (token !== undefined) {
      const kind = mode === "refresh" ? "refresh" : "access";
      const outcome = await authenticateToken(services, token, kind, async (id) => {
        const record = await viewers.load(id);
        teamLinks = record?.teamLinks;
        return record?.person ?? null;
      });
      if (outcome.ok) {
        viewer = outcome.viewer;
        // The request's logger is its own child of the server's: adding the
        // binding costs less than another child per request.
        (request.log as FastifyBaseLogger & PinoLogger).setBindings({ userId: viewer.id });
      } else {
        authFailure = outcome.message;
        if (mode !== "public") {
          return reply.status(outcome.status).send({ msg: outcome.message, error: true, message: outcome.message });
        }
      }
    } else if (mode !== "public") {
      const message = 'Missing JWT in cookies or headers (Missing cookie "access_token_cookie"; Missing Authorization Header)';
      return reply.status(401).send({ msg: message, error: true, message });
    }

    request.ctx = createContext(services, { viewer, authFailure, log: request.log, requestId: request.id });
    if (viewer !== null) {
      request.ctx.loaders.personById.prime(viewer.id, viewer.person);
      if (teamLinks !== undefined) request.ctx.loaders.primeViewerTeamLinks(teamLinks);
    }
  });

  // A JSON body nested thousands deep is tiny but overflows the stack of
  // every recursive walk over it (validation, serialization): reject it here.
  // The hooks below run on every request: callback hooks cost less than
  // async ones, which allocate a promise each.
  app.addHook("preValidation", (request, reply, done) => {
    if (!jsonDepthExceeds(request.body, MAX_JSON_DEPTH)) return done();
    const message = `The request body is nested deeper than ${MAX_JSON_DEPTH} levels.`;
    if (request.routeOptions.url === "/graphql") return reply.status(400).send({ errors: [{ message, extensions: { code: "BAD_USER_INPUT" } }] });
    return reply.status(400).send({ error: true, message, data: null });
  });

  app.addHook("onSend", (_request, reply, payload, done) => {
    reply.header("X-Content-Type-Options", "nosniff");
    reply.header("X-Frame-Options", "SAMEORIGIN");
    reply.header("Referrer-Policy", "strict-origin-when-cross-origin");
    if (!reply.hasHeader("Content-Security-Policy")) reply.header("Content-Security-Policy", "frame-ancestors 'self'");
    done(null, payload);
  });

  app.addHook("onResponse", (request, reply, done) => {
    const line = {
      method: request.method,
      url: request.url,
      route: request.routeOptions.url,
      statusCode: reply.statusCode,
      durationMs: Math.round(reply.elapsedTime * 10) / 10,
      userId: request.ctx?.viewer?.id,
      errorId: reply.errorId,
    };
    if (reply.statusCode >= 500) request.log.error({ ...line, err: reply.errorCause }, "request failed");
    else request.log.info(line, "request completed");
    done();
  });

  app.setErrorHandler(handleRestError);
  app.setNotFoundHandler({}, (_request, reply) => {
    void reply.status(404).send({ error: true, message: NOT_FOUND_MESSAGE });
  });

  registerIndexRoutes(app, services);
  registerAuthRoutes(app, services);
  registerSamlRoutes(app, services);
  registerExportRoutes(app, services);
  await registerGraphql(app, services);
  registerZouRoutes(app, await getSchema(), services);
  registerPreviewRoutes(app, services);
  registerPlaylistDownloadRoutes(app, services);
  registerCommentRoutes(app);
  registerFileRoutes(app);
  registerWithTasksRoutes(app);
  registerSharedPlaylistRoutes(app, services);
  registerPreviewMediaRoutes(app, services);
  registerChatRoutes(app, services);
  registerProductionImportRoutes(app, services);
  registerPlaylistBuildRoutes(app, services);
  registerPersonsCsvRoutes(app, services);

  return { app, services };
}

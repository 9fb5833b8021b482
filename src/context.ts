import type { FastifyBaseLogger } from "fastify";
import type { RevocationList } from "./auth/revocations.js";
import type { TokenService } from "./auth/tokens.js";
import type { ViewerCache } from "./auth/viewer-cache.js";
import type { Config } from "./config.js";
import type { Database } from "./db/index.js";
import { UnauthenticatedError } from "./errors.js";
import { createLoaders, type Loaders } from "./loaders.js";
import type { PersonRow } from "./people/person.json.js";

// The per-request context shared by REST and GraphQL: who is asking, the
// database, and a fresh set of loaders (never shared between requests, so
// one person's cached rows never reach another).

export type GlobalRole = "admin" | "manager" | "supervisor" | "user" | "client" | "vendor";

export interface Viewer {
  readonly id: string;
  readonly role: GlobalRole;
  readonly person: PersonRow;
  /** The token's jti and the refresh token's jti issued with it, for logout. */
  readonly tokenId: string;
  readonly refreshTokenId: string | undefined;
  readonly tokenExpiresAt: Date;
}

/** Services that live as long as the server and are shared by every request. */
export interface AppServices {
  readonly config: Config;
  readonly db: Database;
  readonly tokens: TokenService;
  readonly revocations: RevocationList;
  readonly viewers: ViewerCache;
}

export interface RequestContext {
  readonly services: AppServices;
  readonly db: Database;
  readonly config: Config;
  readonly viewer: Viewer | null;
  /** Why the request carries no viewer although it sent credentials. */
  readonly authFailure: string | undefined;
  readonly loaders: Loaders;
  readonly log: FastifyBaseLogger;
  readonly requestId: string;
}

export function createContext(
  services: AppServices,
  options: { viewer: Viewer | null; authFailure?: string; log: FastifyBaseLogger; requestId: string },
): RequestContext {
  const partial = {
    services,
    db: services.db,
    config: services.config,
    viewer: options.viewer,
    authFailure: options.authFailure,
    log: options.log,
    requestId: options.requestId,
  };
  const context = partial as RequestContext;
  (context as { loaders: Loaders }).loaders = createLoaders(context);
  return context;
}

/** Returns the logged-in person or throws UNAUTHENTICATED. */
export function requireViewer(ctx: RequestContext): Viewer {
  if (ctx.viewer === null) throw new UnauthenticatedError(ctx.authFailure ?? "Authentication required.");
  return ctx.viewer;
}

import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from "fastify";
import { loadConfig, type Config } from "../../src/config.js";
import { buildServer } from "../../src/server.js";
import type { AppServices } from "../../src/context.js";
import { openTestDatabase, type TestDatabase } from "./database.js";
import { makeBuilders, type Builders } from "./builders.js";

// The server under test, in-process: requests go through Fastify's inject
// (HTTP without a port), against a fresh migrated database.

export const TEST_PASSWORD = "correct-horse-battery";

export interface TestApp {
  app: FastifyInstance;
  db: TestDatabase;
  services: AppServices;
  config: Config;
  make: Builders;
  /** Logs in through POST /auth/login and returns the access token. */
  login(email: string, password?: string): Promise<string>;
  /** Sends a GraphQL request; `token` sets the Bearer header. */
  graphql(query: string, options?: { token?: string; variables?: Record<string, unknown> }): Promise<{ status: number; body: GraphqlBody }>;
  request(options: InjectOptions & { token?: string }): Promise<LightMyRequestResponse>;
  close(): Promise<void>;
}

export interface GraphqlBody {
  data?: Record<string, unknown> | null;
  errors?: { message: string; extensions?: { code?: string } & Record<string, unknown>; path?: (string | number)[] }[];
}

export function testConfig(overrides: Record<string, string> = {}): Config {
  return loadConfig({
    SECRET_KEY: "test-secret-key-that-is-long-enough",
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? "silent",
    DATA_DIR: "/tmp/kumiki-test-data",
    ...overrides,
  });
}

export interface TestAppOptions {
  env?: Record<string, string>;
  /** Receives the server's log lines (pino JSON objects) when set. */
  logSink?: (line: Record<string, unknown>) => void;
  /** Adds routes or hooks before the server is ready (for tests of the server's own behaviour). */
  beforeReady?: (app: FastifyInstance) => void | Promise<void>;
  /** Reuses another test app's database (a second instance of the same deployment). */
  db?: TestDatabase;
}

export async function createTestApp(options: TestAppOptions = {}): Promise<TestApp> {
  const ownsDatabase = options.db === undefined;
  const db = options.db ?? (await openTestDatabase());
  const config = testConfig(options.logSink === undefined ? options.env : { LOG_LEVEL: "info", ...options.env });
  const logDestination = options.logSink === undefined ? undefined : {
    write(chunk: string) {
      for (const line of chunk.split("\n")) if (line.trim() !== "") options.logSink!(JSON.parse(line) as Record<string, unknown>);
    },
  };
  const { app, services } = await buildServer({ config, db, logDestination });
  await options.beforeReady?.(app);
  await app.ready();
  const make = makeBuilders(db);

  // Awaited here, so the request starts when it is called: Fastify's inject
  // waits for a `then` before it sends, which would start it outside the
  // caller's statement-counting scope.
  const request: TestApp["request"] = async ({ token, headers, ...rest }) =>
    await app.inject({ ...rest, headers: { ...(headers ?? {}), ...(token !== undefined ? { authorization: `Bearer ${token}` } : {}) } });

  return {
    app,
    db,
    services,
    config,
    make,
    request,
    async login(email, password = TEST_PASSWORD) {
      const response = await app.inject({ method: "POST", url: "/api/auth/login", payload: { email, password } });
      if (response.statusCode !== 200) throw new Error(`login of ${email} failed: ${response.statusCode} ${response.body}`);
      return (response.json() as { access_token: string }).access_token;
    },
    async graphql(query, { token, variables } = {}) {
      const response = await request({ method: "POST", url: "/graphql", token, payload: { query, variables } });
      return { status: response.statusCode, body: response.json() as GraphqlBody };
    },
    async close() {
      await app.close();
      if (ownsDatabase) await db.close();
    },
  };
}

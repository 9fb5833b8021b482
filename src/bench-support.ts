import type { FastifyInstance } from "fastify";
import { totalStatementCount } from "./db/statements.js";

// Hooks for `npm run bench`, served only when KUMIKI_BENCH=1: the benchmark
// reads how many SQL statements the server sent, before and after a request,
// to count what that request cost. Off by default because the count is a
// process-wide figure that no client needs.

export const BENCH_STATEMENTS_PATH = "/_bench/statements";

export function registerBenchSupport(app: FastifyInstance, env: Record<string, string | undefined> = process.env): void {
  if (env.KUMIKI_BENCH !== "1") return;

  app.get(BENCH_STATEMENTS_PATH, { config: { auth: "public" } }, async () => ({ total: totalStatementCount() }));
}

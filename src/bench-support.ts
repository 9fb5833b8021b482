import type { FastifyInstance } from "fastify";
import { runInStatementScope, scopedStatementCount } from "./db/statements.js";

// Hooks for `npm run bench`, served only when KUMIKI_BENCH=1: the benchmark
// reads how many SQL statements the server sent on behalf of requests,
// before and after a request, to count what that request cost. Each request
// runs in its own statement scope, so background work (the job queue's
// polling) is left out. Off by default because no client needs the figure.
// Registered before the other hooks, so the scope covers authentication too.

export const BENCH_STATEMENTS_PATH = "/_bench/statements";

export function registerBenchSupport(app: FastifyInstance, env: Record<string, string | undefined> = process.env): void {
  if (env.KUMIKI_BENCH !== "1") return;

  // A callback hook: what runs after done() (the other hooks, the handler)
  // inherits the scope.
  app.addHook("onRequest", (_request, _reply, done) => {
    runInStatementScope({ count: 0, statements: [], record: false }, done);
  });
  app.get(BENCH_STATEMENTS_PATH, { config: { auth: "public" } }, async () => ({ total: scopedStatementCount() }));
}

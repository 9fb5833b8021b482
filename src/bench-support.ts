import type { FastifyInstance } from "fastify";
import { enterStatementScope, scopedStatementCount } from "./db/statements.js";

// Hooks for `npm run bench`, served only when KUMIKI_BENCH=1. The benchmark
// reads the statement total before and after a request to count what that
// request sent. A request with the BENCH_SCOPE_HEADER runs in a statement
// scope of its own, so background work (the job queue's polling) is left out.
// Other requests run without one, as in production, so throughput runs
// measure the production code. Registered before the other hooks, so the
// scope covers authentication too.

export const BENCH_STATEMENTS_PATH = "/_bench/statements";
export const BENCH_SCOPE_HEADER = "x-kumiki-bench-scope";

export function registerBenchSupport(app: FastifyInstance, env: Record<string, string | undefined> = process.env): void {
  if (env.KUMIKI_BENCH !== "1") return;

  // A callback hook: what runs after done() (the other hooks, the handler)
  // inherits the scope, which closes when the response is finished.
  app.addHook("onRequest", (request, reply, done) => {
    if (request.headers[BENCH_SCOPE_HEADER] === undefined) return done();
    const { close } = enterStatementScope({ count: 0, statements: [], record: false }, done);
    reply.raw.once("close", close);
  });
  app.get(BENCH_STATEMENTS_PATH, { config: { auth: "public" } }, async () => ({ total: scopedStatementCount() }));
}

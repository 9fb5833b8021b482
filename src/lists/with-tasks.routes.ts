import { Readable } from "node:stream";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { prepareWithTasks, readWithTasksQuery, streamRows, type WithTasksKind } from "./with-tasks.service.js";

// Zou's with-tasks routes. They skip GraphQL execution and call the list
// service directly, as the design allows for bulk lists that must stream.
// The rows are JSON texts built by PostgreSQL and written out as they
// arrive. GraphQL execution cannot do that, because it holds the whole
// result in memory as one object per field.

const ROUTES: { path: string; kind: WithTasksKind; formats: boolean }[] = [
  { path: "/data/shots/with-tasks", kind: "shots", formats: true },
  { path: "/data/assets/with-tasks", kind: "assets", formats: true },
  { path: "/data/sequences/with-tasks", kind: "sequences", formats: false },
  { path: "/data/episodes/with-tasks", kind: "episodes", formats: false },
  { path: "/data/concepts/with-tasks", kind: "concepts", formats: false },
  { path: "/data/edits/with-tasks", kind: "edits", formats: false },
];

async function sendList(request: FastifyRequest, reply: FastifyReply, kind: WithTasksKind, formats: boolean) {
  const query = readWithTasksQuery(request.query as Record<string, string | string[] | undefined>);
  const list = await prepareWithTasks(request.ctx, kind, query);
  const ctx = request.ctx;

  if (formats && query.stream) {
    // NDJSON: the header on the first line, then one row per line, as Zou
    // and Kitsu's streamed production load expect.
    const lines = async function* () {
      yield `${JSON.stringify(list.header)}\n`;
      for await (const batch of streamRows(ctx, list)) yield `${batch.join("\n")}\n`;
    };
    return reply.type("application/x-ndjson").send(Readable.from(lines()));
  }

  const parts: string[] = [];
  for await (const batch of streamRows(ctx, list)) parts.push(...batch);
  const array = `[${parts.join(",")}]`;
  if (formats && query.compact) {
    const header = JSON.stringify(list.header);
    return reply.type("application/json").send(`${header.slice(0, -1)},"rows":${array}}`);
  }
  return reply.type("application/json").send(array);
}

export function registerWithTasksRoutes(app: FastifyInstance): void {
  for (const route of ROUTES) {
    app.get(route.path, (request, reply) => sendList(request, reply, route.kind, route.formats));
  }
}

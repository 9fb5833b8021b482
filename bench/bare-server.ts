import { createServer } from "node:http";
import postgres from "postgres";

// The floor for one entity by id over HTTP: node:http and postgres.js with
// no framework, no authentication and no permission check, serving
// GET /data/entities/{id} as one primary-key read shaped into Zou's JSON.
// Settings: DATABASE_URL, PORT.

const databaseUrl = process.env.DATABASE_URL;
const port = Number(process.env.PORT);
if (databaseUrl === undefined || !Number.isInteger(port)) {
  console.error("bare-server: DATABASE_URL and PORT are required");
  process.exit(2);
}

const sql = postgres(databaseUrl, { max: 10, connection: { jit: "off", application_name: "kumiki-bench-bare" } });
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Zou sends naive UTC timestamps: ISO 8601 without the zone. */
function zouJson(row: Record<string, unknown>): Record<string, unknown> {
  const json: Record<string, unknown> = { type: "Entity" };
  for (const [key, value] of Object.entries(row)) {
    json[key] = value instanceof Date ? value.toISOString().slice(0, 19) : value;
  }
  return json;
}

const server = createServer((request, response) => {
  const url = request.url ?? "/";
  if (url === "/health") {
    response.end("ok");
    return;
  }
  const match = /^\/data\/entities\/([^/?]+)$/.exec(url);
  if (request.method !== "GET" || match === null || !UUID.test(match[1])) {
    response.statusCode = 404;
    response.end('{"error":true,"message":"not found"}');
    return;
  }
  sql`select * from entity where id = ${match[1]}`.then(
    (rows) => {
      response.setHeader("content-type", "application/json");
      if (rows.length === 0) {
        response.statusCode = 404;
        response.end('{"error":true,"message":"not found"}');
        return;
      }
      response.end(JSON.stringify(zouJson(rows[0])));
    },
    (error: unknown) => {
      console.error("bare-server: query failed", error);
      response.statusCode = 500;
      response.end('{"error":true}');
    },
  );
});

server.listen(port, "127.0.0.1");
process.once("SIGTERM", () => {
  server.close();
  void sql.end({ timeout: 5 }).then(() => process.exit(0));
});

import { randomBytes } from "node:crypto";
import { writeFileSync } from "node:fs";
import { Session } from "node:inspector/promises";
import "reflect-metadata";
import postgres from "postgres";
import { loadConfig } from "../src/config.js";
import { openDatabase, type Database } from "../src/db/index.js";
import { buildServer } from "../src/server.js";
import { makeBuilders } from "../test/support/builders.js";

// CPU time and SQL statements per single-object read, measured in-process:
// GET /data/entities/{id} and the GraphQL `entity(id)` query, logged in as an
// artist on the project's team. Requests go through Fastify's inject, one
// after the other, so the CPU time per request (process.cpuUsage) is less
// sensitive to the machine's load than wall time.
//
//   npx tsx bench/single-read-profile.ts [--postgres] [--requests N] [--profile PREFIX]
//
// --postgres creates a database on the server of DATABASE_URL (default
// postgres://postgres@127.0.0.1:5432/postgres) and drops it at the end.
// Without it the server runs on an in-memory PGlite, so the CPU time also
// counts the database's own work. --profile writes a CPU profile of each read's measured requests
// (PREFIX-rest.cpuprofile, PREFIX-graphql.cpuprofile), for Chrome's DevTools.

const args = process.argv.slice(2);
const usePostgres = args.includes("--postgres");
const requestsIndex = args.indexOf("--requests");
const REQUESTS = requestsIndex >= 0 ? Number(args[requestsIndex + 1]) : 2000;
const profileIndex = args.indexOf("--profile");
const PROFILE_PREFIX = profileIndex >= 0 ? args[profileIndex + 1] : undefined;
const WARM_UP = 300;
const SERVER_URL = process.env.DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";

const ENTITY_QUERY = `query EntityById($id: ID!) { entity(id: $id) { id name code description status nbFrames projectId entityTypeId parentId data createdAt updatedAt } }`;

interface Target {
  db: Database;
  /** The database's URL in --postgres mode. */
  url?: string;
  cleanUp(): Promise<void>;
}

async function openTarget(): Promise<Target> {
  if (!usePostgres) {
    const db = await openDatabase({});
    await db.migrate();
    return { db, cleanUp: () => db.close() };
  }
  const name = `kumiki_bench_single_${randomBytes(4).toString("hex")}`;
  const admin = postgres(SERVER_URL, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${name}`);
  const url = new URL(SERVER_URL);
  url.pathname = `/${name}`;
  const db = await openDatabase({ url: url.toString(), poolSize: 10 });
  await db.migrate();
  return {
    db,
    url: url.toString(),
    async cleanUp() {
      await db.close();
      await admin.unsafe(`drop database if exists ${name} with (force)`);
      await admin.end();
    },
  };
}

async function main(): Promise<void> {
  process.env.KUMIKI_BENCH = "1";
  const target = await openTarget();
  try {
    const config = loadConfig({ SECRET_KEY: "bench-secret-key-that-is-long-enough", LOG_LEVEL: "info", DATA_DIR: "/tmp/kumiki-bench-single" });
    // Log lines are formatted as in production but thrown away, so their cost is measured.
    const { app } = await buildServer({ config, db: target.db, logDestination: { write: () => {} } });
    await app.ready();

    const make = makeBuilders(target.db);
    const artist = await make.makePerson({ role: "user", email: "bench.artist@studio.test" });
    const project = await make.makeProject({ team: [{ id: artist.id }] });
    const asset = await make.makeAsset({ projectId: project.id, description: "A bench asset" });
    const login = await app.inject({ method: "POST", url: "/auth/login", payload: { email: artist.email, password: "correct-horse-battery" } });
    const token = (login.json() as { access_token: string }).access_token;
    const headers = { authorization: `Bearer ${token}` };

    const reads = {
      "GET /data/entities/{id}": () => app.inject({ method: "GET", url: `/data/entities/${asset.id}`, headers }),
      "GraphQL entity(id)": () =>
        app.inject({ method: "POST", url: "/graphql", headers: { ...headers, "content-type": "application/json" }, payload: { query: ENTITY_QUERY, variables: { id: asset.id } } }),
    };

    console.log(`mode: ${usePostgres ? "PostgreSQL" : "PGlite"}, ${REQUESTS} sequential requests after ${WARM_UP} warm-up ones`);
    for (const [label, send] of Object.entries(reads)) {
      const first = await send();
      if (first.statusCode !== 200 || first.body.includes('"errors"')) throw new Error(`${label} failed: ${first.statusCode} ${first.body}`);
      for (let i = 0; i < WARM_UP; i += 1) await send();

      const statementsBefore = await readStatementTotal(app);
      await send();
      const statements = (await readStatementTotal(app)) - statementsBefore;

      const session = PROFILE_PREFIX === undefined ? undefined : new Session();
      if (session !== undefined) {
        session.connect();
        await session.post("Profiler.enable");
        await session.post("Profiler.setSamplingInterval", { interval: 100 });
        await session.post("Profiler.start");
      }
      const cpuBefore = process.cpuUsage();
      const started = process.hrtime.bigint();
      for (let i = 0; i < REQUESTS; i += 1) await send();
      const wallUs = Number(process.hrtime.bigint() - started) / 1000 / REQUESTS;
      const cpu = process.cpuUsage(cpuBefore);
      const cpuUs = (cpu.user + cpu.system) / REQUESTS;
      if (session !== undefined) {
        const { profile } = await session.post("Profiler.stop");
        writeFileSync(`${PROFILE_PREFIX}-${label.startsWith("GET") ? "rest" : "graphql"}.cpuprofile`, JSON.stringify(profile));
        session.disconnect();
      }
      console.log(`${label.padEnd(26)} ${String(statements).padStart(2)} statements  ${cpuUs.toFixed(0).padStart(5)} µs CPU/request  ${wallUs.toFixed(0).padStart(5)} µs wall/request`);
    }
    if (target.url !== undefined) await measureFloor(target.url, asset.id);
    await app.close();
  } finally {
    await target.cleanUp();
  }
}

/**
 * Measures the same read without a framework, as bench/bare-server.ts does it
 * minus the HTTP layer: one postgres.js statement and JSON.stringify.
 */
async function measureFloor(url: string, id: string): Promise<void> {
  const sql = postgres(url, { max: 10, connection: { jit: "off" } });
  const read = async () => {
    const [row] = await sql`select * from entity where id = ${id}`;
    const json: Record<string, unknown> = { type: "Entity" };
    for (const [key, value] of Object.entries(row)) json[key] = value instanceof Date ? value.toISOString().slice(0, 19) : value;
    return JSON.stringify(json);
  };
  for (let i = 0; i < WARM_UP; i += 1) await read();
  const cpuBefore = process.cpuUsage();
  for (let i = 0; i < REQUESTS; i += 1) await read();
  const cpu = process.cpuUsage(cpuBefore);
  console.log(`${"floor: postgres.js + JSON".padEnd(26)}  1 statement   ${((cpu.user + cpu.system) / REQUESTS).toFixed(0).padStart(5)} µs CPU/request`);
  await sql.end({ timeout: 5 });
}

async function readStatementTotal(app: Awaited<ReturnType<typeof buildServer>>["app"]): Promise<number> {
  const response = await app.inject({ method: "GET", url: "/_bench/statements" });
  return (response.json() as { total: number }).total;
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});

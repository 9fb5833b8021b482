import { existsSync, readdirSync } from "node:fs";
import path from "node:path";
import postgres from "postgres";
import { BENCH_SCOPE_HEADER } from "../src/bench-support.js";
import { ARTIST, cloneDatabase, dropDatabase, ensureTemplate, type Template } from "./dataset.js";
import { HttpError, readAll, sequential, throughput, withMemory, type Latency, type MemoryRun } from "./measure.js";
import { BENCH_CACHE_DIR, ensurePgliteData, preparePgliteDataDir } from "./pglite.js";
import {
  ensurePostgraphile, installedPostgraphileVersion, startBareServer, startKumiki, startPostgraphile,
  type ServerProcess,
} from "./processes.js";
import {
  countKumikiTree, countPostgraphileTree, ENTITY_FIELDS, FLOOR_SHOTS_WITH_TASKS_SQL, FLOOR_TREE_SQL, formatCounts,
  KUMIKI_TREE, kumikiEntityQuery, POSTGRAPHILE_TREE, postgraphileEntityQuery, type TreeCounts,
} from "./queries.js";
import { describeEnvironment, megabytes, ms, ratio, summarizeCpuProfile, writeResults, type Row } from "./report.js";

// `npm run bench`: Kumiki against the PostgreSQL floor and PostGraphile 5 on
// the studio dataset, each figure next to its reference from the same run.
//
//   npm run bench              scale 1 on PostgreSQL, scale 0.1 on PostgreSQL and PGlite
//   npm run bench -- --full    adds the tree at scale 2
//   npm run bench -- --profile runs Kumiki under --cpu-prof and lists where its time went
//   npm run bench -- --entity-only measures only the reads by id, to compare changes to them quickly
//
// The PostgreSQL server is BENCH_DATABASE_URL, else DATABASE_URL, else
// postgres://postgres@127.0.0.1:5432/postgres; the benchmark creates its own
// databases there (kumiki_bench_*).

const TREE_REQUESTS = 50;
const TREE_MAX_SECONDS = 60;
const ENTITY_REQUESTS = 200;
const THROUGHPUT_SECONDS = 10;
const LIST_RUNS = 3;

const args = new Set(process.argv.slice(2));
const full = args.has("--full");
const profile = args.has("--profile");
const entityOnly = args.has("--entity-only");
const serverUrl = process.env.BENCH_DATABASE_URL ?? process.env.DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";

const rows: Row[] = [];
const notes: string[] = [];
const runStarted = performance.now();
const stamp = new Date().toISOString().replace(/\.\d+Z$/, "Z").replace(/:/g, "-");
// Profiles are tens of megabytes each, so they stay out of the repository.
const profileDir = profile ? path.join(BENCH_CACHE_DIR, "profiles", stamp) : undefined;

function log(line: string): void {
  const seconds = ((performance.now() - runStarted) / 1000).toFixed(0).padStart(4);
  console.log(`[${seconds} s] ${line}`);
}

function reasonOf(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.split("\n")[0].slice(0, 200);
}

/** Runs one measurement; a failure becomes "n/a" in the table with its reason, and the run goes on. */
async function attempt<T>(label: string, fn: () => Promise<T>): Promise<T | undefined> {
  try {
    return await fn();
  } catch (error) {
    log(`${label}: n/a (${reasonOf(error)})`);
    rows.push({ measurement: label, kumiki: "n/a", reference: "", ratio: "", target: "", note: reasonOf(error) });
    return undefined;
  }
}

function latencyCell(latency: Latency | undefined, field: "medianMs" | "p95Ms"): string {
  if (latency === undefined) return "n/a";
  return `${ms(latency[field])}${latency.capped ? ` (n=${latency.count})` : ""}`;
}

// ------------------------------------------------------------- Kumiki client --

interface GraphqlResult<T> {
  data?: T;
  errors?: { message: string; extensions?: { code?: string } }[];
}

class Client {
  constructor(readonly server: ServerProcess, readonly token: string) {}

  static async login(server: ServerProcess): Promise<Client> {
    const response = await fetch(`${server.baseUrl}/auth/login`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ email: ARTIST.email, password: ARTIST.password }),
    });
    const body = (await response.json()) as { access_token?: string };
    if (!response.ok || body.access_token === undefined) throw new Error(`login as ${ARTIST.email} failed with HTTP ${response.status}`);
    return new Client(server, body.access_token);
  }

  /** Set while countStatements runs: requests then ask the server for a statement scope of their own. */
  private counting = false;

  get headers(): Record<string, string> {
    const headers: Record<string, string> = { authorization: `Bearer ${this.token}`, "content-type": "application/json" };
    if (this.counting) headers[BENCH_SCOPE_HEADER] = "1";
    return headers;
  }

  async graphqlText(query: string, variables: Record<string, unknown>): Promise<string> {
    const response = await fetch(`${this.server.baseUrl}/graphql`, { method: "POST", headers: this.headers, body: JSON.stringify({ query, variables }) });
    const text = await response.text();
    if (!response.ok && !text.startsWith("{")) throw new HttpError(response.status, `GraphQL returned HTTP ${response.status}: ${text.slice(0, 200)}`);
    return text;
  }

  async graphql<T>(query: string, variables: Record<string, unknown>): Promise<T> {
    const result = JSON.parse(await this.graphqlText(query, variables)) as GraphqlResult<T>;
    if (result.errors !== undefined && result.errors.length > 0) {
      const first = result.errors[0];
      throw new Error(`GraphQL error${first.extensions?.code === undefined ? "" : ` ${first.extensions.code}`}: ${first.message}`);
    }
    if (result.data === undefined) throw new Error("GraphQL returned no data");
    return result.data;
  }

  /** Statements the server has sent since it started, from the KUMIKI_BENCH endpoint. */
  async statementTotal(): Promise<number> {
    const response = await fetch(`${this.server.baseUrl}/_bench/statements`);
    if (!response.ok) throw new Error(`/_bench/statements returned HTTP ${response.status} (is src/bench-support.ts registered?)`);
    return ((await response.json()) as { total: number }).total;
  }

  /** Runs fn alone and returns how many SQL statements the server sent meanwhile. */
  async countStatements(fn: () => Promise<unknown>): Promise<number> {
    const before = await this.statementTotal();
    this.counting = true;
    try {
      await fn();
    } finally {
      this.counting = false;
    }
    return (await this.statementTotal()) - before;
  }
}

/** Sends a GraphQL request to PostGraphile, which needs no login because it runs as the database owner. */
async function postgraphileRequest<T>(server: ServerProcess, query: string, variables: Record<string, unknown>): Promise<T> {
  const response = await fetch(`${server.baseUrl}/graphql`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ query, variables }),
  });
  const result = (await response.json()) as GraphqlResult<T>;
  if (result.errors !== undefined && result.errors.length > 0) throw new Error(`PostGraphile: ${result.errors[0].message}`);
  if (result.data === undefined) throw new Error(`PostGraphile returned HTTP ${response.status} and no data`);
  return result.data;
}

// ------------------------------------------------------------------ fixtures --

interface DatasetIds {
  projectId: string;
  episodeTypeId: string;
  shotId: string;
}

async function readIds(url: string): Promise<DatasetIds> {
  const sql = postgres(url, { max: 1, onnotice: () => {} });
  try {
    const [row] = await sql<{ project_id: string; episode_type_id: string; shot_id: string }[]>`
      select md5('project:0')::uuid::text as project_id,
             (select id::text from entity_type where name = 'Episode') as episode_type_id,
             md5('shot:0')::uuid::text as shot_id`;
    return { projectId: row.project_id, episodeTypeId: row.episode_type_id, shotId: row.shot_id };
  } finally {
    await sql.end({ timeout: 5 });
  }
}

async function stopAll(servers: (ServerProcess | undefined)[]): Promise<void> {
  for (const server of servers) await server?.stop();
}

// ---------------------------------------------------------------------- tree --

interface TreeFigures {
  kumiki?: Latency;
  postgraphile?: Latency;
  floor?: Latency;
  statements?: number;
}

async function measureTree(scaleLabel: string, url: string, ids: DatasetIds, kumiki: Client | undefined, postgraphile: ServerProcess | undefined, options: { compareWithPostgraphile: boolean }): Promise<TreeFigures> {
  const figures: TreeFigures = {};
  const variables = { id: ids.projectId };

  const sql = postgres(url, { max: 1, onnotice: () => {}, connection: { jit: "off" } });
  let floorCounts: TreeCounts | undefined;
  try {
    figures.floor = await attempt(`tree, one SQL statement (${scaleLabel})`, async () => {
      const [first] = await sql.unsafe(FLOOR_TREE_SQL, [ids.projectId]);
      const text = String(first.tree);
      floorCounts = countKumikiTree((JSON.parse(text) as { project: never }).project);
      notes.push(`Tree at ${scaleLabel}: ${formatCounts(floorCounts)}; the one-statement floor returns ${megabytes(text.length)} of JSON text.`);
      log(`tree floor ${scaleLabel}: ${formatCounts(floorCounts)}`);
      return sequential(() => sql.unsafe(FLOOR_TREE_SQL, [ids.projectId]), { count: TREE_REQUESTS, warmup: 2, maxSeconds: TREE_MAX_SECONDS });
    });
  } finally {
    await sql.end({ timeout: 5 });
  }

  if (postgraphile !== undefined && options.compareWithPostgraphile) {
    const pgVariables = { id: ids.projectId, episodeType: ids.episodeTypeId };
    figures.postgraphile = await attempt(`tree, PostGraphile (${scaleLabel})`, async () => {
      const data = await postgraphileRequest<{ projectByRowId: never }>(postgraphile, POSTGRAPHILE_TREE, pgVariables);
      const counts = countPostgraphileTree(data.projectByRowId);
      if (floorCounts !== undefined && formatCounts(counts) !== formatCounts(floorCounts)) {
        notes.push(`PostGraphile's tree at ${scaleLabel} differs from the floor's: ${formatCounts(counts)}.`);
      }
      const body = JSON.stringify({ query: POSTGRAPHILE_TREE, variables: pgVariables });
      return sequential(async () => {
        const response = await fetch(`${postgraphile.baseUrl}/graphql`, { method: "POST", headers: { "content-type": "application/json" }, body });
        await readAll(response, "PostGraphile tree");
      }, { count: TREE_REQUESTS, warmup: 2, maxSeconds: TREE_MAX_SECONDS });
    });
  }

  if (kumiki === undefined) return figures;
  const treeReady = await attempt(`tree, Kumiki (${scaleLabel})`, async () => {
    const data = await kumiki.graphql<{ project: never }>(KUMIKI_TREE, variables);
    const counts = countKumikiTree(data.project);
    if (floorCounts !== undefined && formatCounts(counts) !== formatCounts(floorCounts)) {
      notes.push(`Kumiki's tree at ${scaleLabel} differs from the floor's: ${formatCounts(counts)}.`);
    }
    return true;
  });
  if (treeReady === undefined) return figures;

  figures.statements = await attempt(`SQL statements for the tree (${scaleLabel})`, () => kumiki.countStatements(() => kumiki.graphql(KUMIKI_TREE, variables)));
  if (figures.statements !== undefined) {
    rows.push({ measurement: `SQL statements for the tree (${scaleLabel})`, kumiki: String(figures.statements), reference: "1 (floor)", ratio: "", target: "≤ 7", note: "" });
  }

  const body = JSON.stringify({ query: KUMIKI_TREE, variables });
  figures.kumiki = await sequential(async () => {
    const response = await fetch(`${kumiki.server.baseUrl}/graphql`, { method: "POST", headers: kumiki.headers, body });
    await readAll(response, "Kumiki tree");
  }, { count: TREE_REQUESTS, warmup: 2, maxSeconds: TREE_MAX_SECONDS });
  log(`tree ${scaleLabel}: Kumiki median ${ms(figures.kumiki.medianMs)}, PostGraphile ${figures.postgraphile === undefined ? "n/a" : ms(figures.postgraphile.medianMs)}, floor ${figures.floor === undefined ? "n/a" : ms(figures.floor.medianMs)}`);
  return figures;
}

function pushTreeRows(scaleLabel: string, figures: TreeFigures, options: { compareWithPostgraphile: boolean }): void {
  const sequentialNote = `${TREE_REQUESTS} sequential requests after 2 warm-up ones`;
  if (options.compareWithPostgraphile) {
    rows.push({
      measurement: `tree of one project, median (${scaleLabel}) vs PostGraphile 5`,
      kumiki: latencyCell(figures.kumiki, "medianMs"),
      reference: latencyCell(figures.postgraphile, "medianMs"),
      ratio: ratio(figures.kumiki?.medianMs, figures.postgraphile?.medianMs),
      target: "≤ 1.0×",
      note: sequentialNote,
    });
    rows.push({
      measurement: `tree of one project, p95 (${scaleLabel}) vs PostGraphile 5`,
      kumiki: latencyCell(figures.kumiki, "p95Ms"),
      reference: latencyCell(figures.postgraphile, "p95Ms"),
      ratio: ratio(figures.kumiki?.p95Ms, figures.postgraphile?.p95Ms),
      target: "",
      note: "",
    });
  }
  rows.push({
    measurement: `tree of one project, median (${scaleLabel}) vs one SQL statement`,
    kumiki: latencyCell(figures.kumiki, "medianMs"),
    reference: latencyCell(figures.floor, "medianMs"),
    ratio: ratio(figures.kumiki?.medianMs, figures.floor?.medianMs),
    target: "",
    note: "floor: postgres.js, JIT off, JSON built by PostgreSQL",
  });
}

// ------------------------------------------------------------ entity by id --

/** Describes the server CPU time per request of Kumiki and its reference, for a note. */
function cpuNote(kumiki: number | undefined, reference: number | undefined, referenceName: string): string {
  const figure = (micros: number | undefined) => (micros === undefined ? "n/a" : `${micros.toFixed(0)} µs`);
  return `server CPU per request ${figure(kumiki)}, ${referenceName} ${figure(reference)}`;
}

/** Finds Kumiki's root field for one entity by id and the entity fields its type has. */
async function findEntityQuery(kumiki: Client): Promise<{ rootField: string; fields: string[] }> {
  const data = await kumiki.graphql<{ __schema: { queryType: { fields: { name: string; args: { name: string }[]; type: { name: string | null; ofType: { name: string | null } | null } }[] } } }>(
    "{ __schema { queryType { fields { name args { name } type { name ofType { name } } } } } }",
    {},
  );
  const candidates = ["entity", "shot"];
  const field = candidates
    .map((name) => data.__schema.queryType.fields.find((candidate) => candidate.name === name && candidate.args.some((arg) => arg.name === "id")))
    .find((candidate) => candidate !== undefined);
  if (field === undefined) throw new Error("Kumiki's schema has no Query.entity(id) or Query.shot(id) yet");

  const typeName = field.type.name ?? field.type.ofType?.name;
  const type = await kumiki.graphql<{ __type: { fields: { name: string }[] | null } | null }>("query($name: String!) { __type(name: $name) { fields { name } } }", { name: typeName });
  const available = new Set((type.__type?.fields ?? []).map((entry) => entry.name));
  const fields = ENTITY_FIELDS.filter((name) => available.has(name));
  return { rootField: field.name, fields };
}

async function measureEntityById(url: string, ids: DatasetIds, kumiki: Client, postgraphile: ServerProcess | undefined): Promise<void> {
  const restPath = `/data/entities/${ids.shotId}`;
  const bare = await attempt("bare node:http server", () => startBareServer(url));
  try {
    let bareThroughput: number | undefined;
    let bareLatency: Latency | undefined;
    let bareCpuMicros: number | undefined;
    if (bare !== undefined) {
      const check = await fetch(`${bare.baseUrl}${restPath}`);
      await readAll(check, "bare server");
      bareLatency = await sequential(async () => readAll(await fetch(`${bare.baseUrl}${restPath}`), "bare server"), { count: ENTITY_REQUESTS, warmup: 20, maxSeconds: 20 });
      const bareLoad = await throughput({ url: `${bare.baseUrl}${restPath}` }, THROUGHPUT_SECONDS, bare.pid);
      bareThroughput = bareLoad.requestsPerSecond;
      bareCpuMicros = bareLoad.serverCpuMicros;
    }

    await attempt("GET /data/entities/{id}", async () => {
      const first = await fetch(`${kumiki.server.baseUrl}${restPath}`, { headers: kumiki.headers });
      await readAll(first, `GET ${restPath}`);
      const statements = await kumiki.countStatements(async () => readAll(await fetch(`${kumiki.server.baseUrl}${restPath}`, { headers: kumiki.headers }), "entity"));
      const latency = await sequential(async () => readAll(await fetch(`${kumiki.server.baseUrl}${restPath}`, { headers: kumiki.headers }), "entity"), { count: ENTITY_REQUESTS, warmup: 20, maxSeconds: 20 });
      const load = await throughput({ url: `${kumiki.server.baseUrl}${restPath}`, headers: { authorization: kumiki.headers.authorization } }, THROUGHPUT_SECONDS, kumiki.server.pid);
      rows.push({
        measurement: "GET /data/entities/{id}, req/s with 10 connections, vs bare node:http + postgres.js",
        kumiki: load.requestsPerSecond.toFixed(0),
        reference: bareThroughput === undefined ? "n/a" : bareThroughput.toFixed(0),
        ratio: ratio(load.requestsPerSecond, bareThroughput),
        target: "≥ 0.5×",
        note: `${THROUGHPUT_SECONDS} s of autocannon; ${statements} SQL statements per request; ${cpuNote(load.serverCpuMicros, bareCpuMicros, "bare")}${load.non2xx + load.errors > 0 ? `; ${load.non2xx} non-2xx, ${load.errors} errors` : ""}`,
      });
      rows.push({
        measurement: "GET /data/entities/{id}, sequential median, vs bare node:http + postgres.js",
        kumiki: ms(latency.medianMs),
        reference: bareLatency === undefined ? "n/a" : ms(bareLatency.medianMs),
        ratio: ratio(latency.medianMs, bareLatency?.medianMs),
        target: "",
        note: `${ENTITY_REQUESTS} requests`,
      });
    });
  } finally {
    await bare?.stop();
  }

  await attempt("GraphQL entity by id", async () => {
    const { rootField, fields } = await findEntityQuery(kumiki);
    const query = kumikiEntityQuery(rootField, fields);
    await kumiki.graphql(query, { id: ids.shotId });
    const body = JSON.stringify({ query, variables: { id: ids.shotId } });
    const post = async () => readAll(await fetch(`${kumiki.server.baseUrl}/graphql`, { method: "POST", headers: kumiki.headers, body }), "GraphQL entity");
    const statements = await kumiki.countStatements(post);
    const latency = await sequential(post, { count: ENTITY_REQUESTS, warmup: 20, maxSeconds: 20 });
    const load = await throughput({ url: `${kumiki.server.baseUrl}/graphql`, method: "POST", headers: kumiki.headers, body }, THROUGHPUT_SECONDS, kumiki.server.pid);

    let reference: { latency: Latency; requestsPerSecond: number; serverCpuMicros: number | undefined } | undefined;
    if (postgraphile !== undefined) {
      const pgQuery = postgraphileEntityQuery(fields);
      await postgraphileRequest(postgraphile, pgQuery, { id: ids.shotId });
      const pgBody = JSON.stringify({ query: pgQuery, variables: { id: ids.shotId } });
      const pgPost = async () => readAll(await fetch(`${postgraphile.baseUrl}/graphql`, { method: "POST", headers: { "content-type": "application/json" }, body: pgBody }), "PostGraphile entity");
      const pgLatency = await sequential(pgPost, { count: ENTITY_REQUESTS, warmup: 20, maxSeconds: 20 });
      const pgLoad = await throughput({ url: `${postgraphile.baseUrl}/graphql`, method: "POST", headers: { "content-type": "application/json" }, body: pgBody }, THROUGHPUT_SECONDS, postgraphile.pid);
      reference = { latency: pgLatency, requestsPerSecond: pgLoad.requestsPerSecond, serverCpuMicros: pgLoad.serverCpuMicros };
    }
    rows.push({
      measurement: "GraphQL entity by id, req/s with 10 connections, vs PostGraphile 5",
      kumiki: load.requestsPerSecond.toFixed(0),
      reference: reference === undefined ? "n/a" : reference.requestsPerSecond.toFixed(0),
      ratio: ratio(load.requestsPerSecond, reference?.requestsPerSecond),
      target: "≥ 1.0×",
      note: `Query.${rootField} with ${fields.length} fields; ${statements} SQL statements per request; ${cpuNote(load.serverCpuMicros, reference?.serverCpuMicros, "PostGraphile")}${load.non2xx + load.errors > 0 ? `; ${load.non2xx} non-2xx, ${load.errors} errors` : ""}`,
    });
    rows.push({
      measurement: "GraphQL entity by id, sequential median, vs PostGraphile 5",
      kumiki: ms(latency.medianMs),
      reference: reference === undefined ? "n/a" : ms(reference.latency.medianMs),
      ratio: ratio(latency.medianMs, reference?.latency.medianMs),
      target: "",
      note: `${ENTITY_REQUESTS} requests`,
    });
  });
}

// -------------------------------------------------------------- heavy lists --

interface ListCall {
  label: string;
  path: string;
}

function listCalls(ids: DatasetIds): ListCall[] {
  return [
    { label: "/data/shots/with-tasks", path: `/data/shots/with-tasks?project_id=${ids.projectId}` },
    { label: "/data/assets/with-tasks", path: `/data/assets/with-tasks?project_id=${ids.projectId}` },
    { label: "/data/user/context", path: "/data/user/context" },
  ];
}

interface ListFigures {
  timeMs: number;
  rssGrowthBytes: number;
  bytes: number;
  statements?: number;
}

/** Calls a list LIST_RUNS times; the median time and the largest RSS growth of the runs. */
async function measureList(kumiki: Client, call: ListCall, streamed: boolean): Promise<ListFigures> {
  const url = `${kumiki.server.baseUrl}${call.path}${streamed ? `${call.path.includes("?") ? "&" : "?"}stream=true` : ""}`;
  const headers: Record<string, string> = { authorization: kumiki.headers.authorization };
  if (streamed) headers.accept = "application/x-ndjson";

  const runs: MemoryRun[] = [];
  let statements: number | undefined;
  for (let run = 0; run < LIST_RUNS; run += 1) {
    const before = run === 0 ? await kumiki.statementTotal().catch(() => undefined) : undefined;
    runs.push(await withMemory(kumiki.server.pid, async () => {
      // The first run is counted, so it requests a statement scope.
      const response = await fetch(url, { headers: before === undefined ? headers : { ...headers, [BENCH_SCOPE_HEADER]: "1" } });
      if (streamed && response.ok && !(response.headers.get("content-type") ?? "").includes("ndjson")) {
        notes.push(`${call.label}?stream=true answered ${response.headers.get("content-type")}, not NDJSON.`);
      }
      return readAll(response, call.label);
    }));
    if (before !== undefined) statements = (await kumiki.statementTotal()) - before;
  }
  const times = runs.map((run) => run.ms).sort((a, b) => a - b);
  return {
    timeMs: times[Math.floor(times.length / 2)],
    rssGrowthBytes: Math.max(...runs.map((run) => run.rssGrowthBytes)),
    bytes: runs[0].bytes,
    statements,
  };
}

async function measureFloorShotsWithTasks(url: string, ids: DatasetIds): Promise<number> {
  const sql = postgres(url, { max: 1, onnotice: () => {}, connection: { jit: "off" } });
  try {
    const latency = await sequential(() => sql.unsafe(FLOOR_SHOTS_WITH_TASKS_SQL, [ids.projectId]), { count: LIST_RUNS, warmup: 1, maxSeconds: 60 });
    return latency.medianMs;
  } finally {
    await sql.end({ timeout: 5 });
  }
}

/**
 * Measures Kitsu's heaviest calls on a server that has served nothing else,
 * streamed first, so that the RSS growth is not hidden by a heap that earlier
 * requests already grew. Returns the median times keyed by call and mode,
 * which a later server can take as its reference.
 */
async function measureLists(scaleLabel: string, kumiki: Client, ids: DatasetIds, reference: { floorShotsMs?: number; times?: Map<string, number>; name?: string }): Promise<Map<string, number>> {
  const times = new Map<string, number>();
  for (const streamed of [true, false]) {
    for (const call of listCalls(ids)) {
      const key = `${call.label}, ${streamed ? "streamed" : "not streamed"}`;
      const label = `${key} (${scaleLabel})`;
      const figures = await attempt(label, () => measureList(kumiki, call, streamed));
      if (figures === undefined) continue;
      times.set(key, figures.timeMs);

      const isShots = call.label === "/data/shots/with-tasks";
      const againstFloor = reference.times === undefined && isShots && reference.floorShotsMs !== undefined;
      const referenceMs = reference.times?.get(key) ?? (againstFloor ? reference.floorShotsMs : undefined);
      let referenceName = "";
      if (reference.times !== undefined) referenceName = `; reference: ${reference.name}`;
      else if (againstFloor) referenceName = "; reference: one SQL statement";
      rows.push({
        measurement: `${label}: time`,
        kumiki: ms(figures.timeMs),
        reference: referenceMs === undefined ? "" : ms(referenceMs),
        ratio: ratio(figures.timeMs, referenceMs),
        target: againstFloor ? "≤ 2× floor" : "",
        note: `median of ${LIST_RUNS}; ${megabytes(figures.bytes)}${figures.statements === undefined ? "" : `; ${figures.statements} SQL statements`}${referenceName}`,
      });
      rows.push({
        measurement: `${label}: RSS growth`,
        kumiki: megabytes(figures.rssGrowthBytes),
        reference: "",
        ratio: "",
        target: isShots && streamed ? "< 50 MB" : "",
        note: `largest of ${LIST_RUNS}`,
      });
    }
  }
  return times;
}

// ---------------------------------------------------------------------- main --

async function startLoggedIn(name: string, options: Parameters<typeof startKumiki>[1]): Promise<Client | undefined> {
  const server = await attempt(`start ${name}`, () => startKumiki(name, options));
  if (server === undefined) return undefined;
  const client = await attempt(`log in to ${name}`, () => Client.login(server));
  if (client === undefined) await server.stop();
  return client;
}

async function postgresVersion(url: string): Promise<string> {
  const sql = postgres(url, { max: 1, onnotice: () => {} });
  try {
    const [row] = await sql<{ server_version: string }[]>`show server_version`;
    return row.server_version;
  } finally {
    await sql.end({ timeout: 5 });
  }
}

async function main(): Promise<void> {
  const pgVersion = await postgresVersion(serverUrl);
  const environmentBefore = describeEnvironment(pgVersion, "");
  log(`PostgreSQL ${pgVersion} at ${new URL(serverUrl).host}; load average ${environmentBefore.loadAverage}`);

  // Datasets: templates in PostgreSQL, reused while nothing they depend on changes.
  const templates: Template[] = [await ensureTemplate(serverUrl, 1, log), await ensureTemplate(serverUrl, 0.1, log)];
  if (full) templates.push(await ensureTemplate(serverUrl, 2, log));
  for (const template of templates) {
    if (template.loadSeconds > 0) notes.push(`Loaded the scale ${template.scale} dataset in ${template.loadSeconds.toFixed(0)} s (template ${template.name}).`);
  }
  const [template1, template01] = templates;
  const pgliteCache = await attempt("PGlite copy of scale 0.1", () => ensurePgliteData(template01, log));

  let postgraphileDir: string | undefined;
  let postgraphileVersion = "n/a";
  const installed = await attempt("PostGraphile install", async () => ensurePostgraphile(log));
  if (installed !== undefined) {
    postgraphileDir = installed.dir;
    postgraphileVersion = installedPostgraphileVersion(installed.dir);
    if (installed.installSeconds > 0) notes.push(`Installed PostGraphile ${postgraphileVersion} in ${installed.installSeconds.toFixed(0)} s.`);
  }

  // Scale 1 on PostgreSQL.
  const url1 = await cloneDatabase(serverUrl, template1.name, "kumiki_bench_s1");
  const ids = await readIds(url1);
  {
    log("scale 1: tree and entity by id");
    const postgraphile = postgraphileDir === undefined ? undefined : await attempt("start PostGraphile (scale 1)", () => startPostgraphile(postgraphileDir, url1));
    const kumiki = await startLoggedIn("kumiki-s1", { databaseUrl: url1, cpuProfileDir: profileDir });
    try {
      if (!entityOnly) {
        const tree = await measureTree("scale 1", url1, ids, kumiki, postgraphile, { compareWithPostgraphile: true });
        pushTreeRows("scale 1", tree, { compareWithPostgraphile: true });
      }
      if (kumiki !== undefined) await measureEntityById(url1, ids, kumiki, postgraphile);
    } finally {
      await stopAll([kumiki?.server, postgraphile]);
    }

  }
  if (!entityOnly) {
    log("scale 1: heavy lists on a fresh server");
    const floorShotsMs = await attempt("/data/shots/with-tasks, one SQL statement (scale 1)", () => measureFloorShotsWithTasks(url1, ids));
    const lists = await startLoggedIn("kumiki-s1-lists", { databaseUrl: url1, cpuProfileDir: profileDir });
    try {
      if (lists !== undefined) await measureLists("scale 1", lists, ids, { floorShotsMs });
    } finally {
      await lists?.server.stop();
    }
  }

  // Scale 0.1: PostgreSQL, then the embedded mode on the same data.
  const url01 = entityOnly ? undefined : await cloneDatabase(serverUrl, template01.name, "kumiki_bench_s01");
  if (url01 !== undefined) {
    log("scale 0.1: PostgreSQL");
    const floorShotsMs = await attempt("/data/shots/with-tasks, one SQL statement (scale 0.1)", () => measureFloorShotsWithTasks(url01, ids));
    const kumiki = await startLoggedIn("kumiki-s01", { databaseUrl: url01, cpuProfileDir: profileDir });
    let postgresTree: TreeFigures | undefined;
    let postgresLists: Map<string, number> | undefined;
    try {
      postgresTree = await measureTree("scale 0.1", url01, ids, kumiki, undefined, { compareWithPostgraphile: false });
      pushTreeRows("scale 0.1", postgresTree, { compareWithPostgraphile: false });
      if (kumiki !== undefined) postgresLists = await measureLists("scale 0.1", kumiki, ids, { floorShotsMs });
    } finally {
      await kumiki?.server.stop();
    }

    if (pgliteCache !== undefined) {
      log("scale 0.1: PGlite (embedded)");
      const dataDir = preparePgliteDataDir(pgliteCache, path.join(BENCH_CACHE_DIR, "pglite-run"));
      const lite = await startLoggedIn("kumiki-pglite", { dataDir, cpuProfileDir: profileDir });
      try {
        if (lite !== undefined) {
          await attempt("tree, Kumiki on PGlite (scale 0.1)", async () => {
            const statements = await lite.countStatements(() => lite.graphql(KUMIKI_TREE, { id: ids.projectId }));
            const body = JSON.stringify({ query: KUMIKI_TREE, variables: { id: ids.projectId } });
            const latency = await sequential(async () => readAll(await fetch(`${lite.server.baseUrl}/graphql`, { method: "POST", headers: lite.headers, body }), "PGlite tree"), { count: TREE_REQUESTS, warmup: 2, maxSeconds: TREE_MAX_SECONDS });
            rows.push({
              measurement: "embedded (PGlite): tree of one project, median (scale 0.1) vs Kumiki on PostgreSQL",
              kumiki: latencyCell(latency, "medianMs"),
              reference: latencyCell(postgresTree?.kumiki, "medianMs"),
              ratio: ratio(latency.medianMs, postgresTree?.kumiki?.medianMs),
              target: "",
              note: `${statements} SQL statements`,
            });
          });
          await measureLists("PGlite, scale 0.1", lite, ids, { times: postgresLists, name: "Kumiki on PostgreSQL, scale 0.1" });
        }
      } finally {
        await lite?.server.stop();
      }
    }
  }

  if (full && !entityOnly) {
    const template2 = templates[2];
    const url2 = await cloneDatabase(serverUrl, template2.name, "kumiki_bench_s2");
    log("scale 2: tree");
    const postgraphile = postgraphileDir === undefined ? undefined : await attempt("start PostGraphile (scale 2)", () => startPostgraphile(postgraphileDir, url2));
    const kumiki = await startLoggedIn("kumiki-s2", { databaseUrl: url2, cpuProfileDir: profileDir });
    try {
      const tree = await measureTree("scale 2", url2, ids, kumiki, postgraphile, { compareWithPostgraphile: postgraphile !== undefined });
      pushTreeRows("scale 2", tree, { compareWithPostgraphile: postgraphile !== undefined });
    } finally {
      await stopAll([kumiki?.server, postgraphile]);
      await dropDatabase(serverUrl, "kumiki_bench_s2");
    }
  }

  await dropDatabase(serverUrl, "kumiki_bench_s1");
  if (url01 !== undefined) await dropDatabase(serverUrl, "kumiki_bench_s01");

  if (profileDir !== undefined) notes.push("Kumiki ran under --cpu-prof, which slows it: compare its figures with a run without --profile.");
  if (profileDir !== undefined && existsSync(profileDir)) {
    for (const file of readdirSync(profileDir).filter((name) => name.endsWith(".cpuprofile"))) {
      const summary = summarizeCpuProfile(path.join(profileDir, file), 15);
      console.log(`\nCPU profile ${file}: the 15 functions with the most self time\n${summary.join("\n")}`);
      notes.push(`CPU profile ${path.join(profileDir, file)}, top self time: ${summary.slice(0, 5).map((line) => line.trim().replace(/\s+/g, " ")).join("; ")}.`);
    }
  }

  notes.push(`Kumiki is measured logged in as ${ARTIST.email}, a plain user on project 0's team; PostGraphile and the floors run as the database owner with no permission checks.`);
  notes.push(`The run took ${((performance.now() - runStarted) / 1000).toFixed(0)} s.`);
  const environment = { ...environmentBefore, postgraphile: postgraphileVersion };
  const { markdownPath, markdown } = writeResults(environment, rows, [...new Set(notes)]);
  console.log(`\n${markdown}`);
  log(`results written to ${path.relative(process.cwd(), markdownPath)}`);
}

main().catch((error: unknown) => {
  console.error("bench failed:", error);
  process.exit(1);
});

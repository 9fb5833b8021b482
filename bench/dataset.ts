import { spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import postgres from "postgres";
import { hashPassword } from "../src/auth/passwords.js";
import { MIGRATIONS_FOLDER, openDatabase } from "../src/db/index.js";

// The studio dataset in PostgreSQL: one template database per scale, loaded
// once and cloned into a working copy for each run. A template is reused while
// the migrations, the dataset script and the account setup below stay the
// same, because a hash of them is kept as the database's comment.

const REPO_ROOT = fileURLToPath(new URL("..", import.meta.url));
export const DATASET_SCRIPT = process.env.KUMIKI_BENCH_DATASET
  ?? path.resolve(REPO_ROOT, "../shared/bench/studio-dataset.sql");

/** Bump when the accounts or the post-load steps change, so old templates are rebuilt. */
const SETUP_VERSION = "accounts-v1";

/** The artist Kumiki is measured as: person 4 is a plain user on project 0's team at every scale. */
export const ARTIST = {
  ordinal: 4,
  email: "bench.artist@studio.test",
  password: "bench-artist-password",
};

/** The tables studio-dataset.sql fills: the only ones that may get temporary defaults. */
const FILLED_TABLES = [
  "comment_mentions", "comment_preview_link", "comment", "preview_file", "task_person_link", "task",
  "entity_link", "entity", "task_type_asset_type_link", "project_asset_type_link",
  "project_task_status_link", "project_task_type_link", "project_person_link", "project",
  "project_status", "task_status", "task_type", "entity_type", "department_link", "person",
  "department", "studio",
];

export interface Template {
  scale: number;
  name: string;
  url: string;
  hash: string;
  /** Seconds spent loading, or 0 when an existing template was reused. */
  loadSeconds: number;
}

export function databaseUrl(serverUrl: string, database: string): string {
  const parsed = new URL(serverUrl);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

/** Scale 1 is "s1", 0.1 is "s01", 2 is "s2": a database-name-safe tag. */
export function scaleTag(scale: number): string {
  return `s${String(scale).replace(".", "")}`;
}

function setupHash(scale: number): string {
  const hash = createHash("sha256");
  for (const file of readdirSync(MIGRATIONS_FOLDER, { recursive: true }).map(String).sort()) {
    if (!file.endsWith(".sql") && !file.endsWith(".json")) continue;
    hash.update(file);
    hash.update(readFileSync(path.join(MIGRATIONS_FOLDER, file)));
  }
  hash.update(readFileSync(DATASET_SCRIPT));
  hash.update(`${SETUP_VERSION} scale=${scale}`);
  return hash.digest("hex").slice(0, 16);
}

function runPsql(url: string, args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn("psql", [url, "-X", "-q", "-v", "ON_ERROR_STOP=1", ...args], { stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => { output += chunk.toString(); });
    child.stderr.on("data", (chunk: Buffer) => { output += chunk.toString(); });
    child.on("error", reject);
    child.on("close", (code) => {
      if (code === 0) resolve(output);
      else reject(new Error(`psql exited with code ${code}:\n${output.slice(-4000)}`));
    });
  });
}

/**
 * Gives every NOT NULL column without a default of the filled tables a
 * temporary default, because Kumiki fills ids and timestamps in the app and
 * the dataset script writes only the columns it needs. Returns the columns
 * changed so that dropTemporaryDefaults can put the schema back as it was.
 */
async function setTemporaryDefaults(sql: postgres.Sql): Promise<{ table: string; column: string }[]> {
  const columns = await sql<{ table: string; column: string; type: string }[]>`
    select table_name as table, column_name as column, data_type as type
    from information_schema.columns
    where table_schema = 'public' and is_nullable = 'NO' and column_default is null
      and table_name = any(${FILLED_TABLES})`;
  const defaults: Record<string, string> = {
    uuid: "gen_random_uuid()",
    "timestamp without time zone": "now()",
    "timestamp with time zone": "now()",
    date: "current_date",
    boolean: "false",
    integer: "0",
    bigint: "0",
    smallint: "0",
    "double precision": "0",
    real: "0",
    numeric: "0",
    "character varying": "''",
    text: "''",
    jsonb: "'{}'::jsonb",
    json: "'{}'::json",
  };
  const changed: { table: string; column: string }[] = [];
  for (const { table, column, type } of columns) {
    const expression = defaults[type];
    if (expression === undefined) continue;
    await sql.unsafe(`alter table "${table}" alter column "${column}" set default ${expression}`);
    changed.push({ table, column });
  }
  return changed;
}

async function dropTemporaryDefaults(sql: postgres.Sql, columns: { table: string; column: string }[]): Promise<void> {
  for (const { table, column } of columns) {
    await sql.unsafe(`alter table "${table}" alter column "${column}" drop default`);
  }
}

/** Gives the artist a known email and a real bcrypt password; the script's hashes match no password. */
async function createAccounts(sql: postgres.Sql): Promise<void> {
  const hash = await hashPassword(ARTIST.password);
  const updated = await sql`
    update person set email = ${ARTIST.email}, password = ${hash}, role = 'user', active = true
    where id = md5(${`person:${ARTIST.ordinal}`})::uuid
      and exists (select 1 from project_person_link
                  where project_id = md5('project:0')::uuid and person_id = person.id)
    returning id`;
  if (updated.length !== 1) throw new Error(`the benchmark artist (person ${ARTIST.ordinal}) is not on project 0's team`);
}

async function templateHash(admin: postgres.Sql, name: string): Promise<string | null | undefined> {
  const rows = await admin<{ comment: string | null }[]>`
    select shobj_description(oid, 'pg_database') as comment from pg_database where datname = ${name}`;
  if (rows.length === 0) return undefined;
  return rows[0].comment;
}

/** Returns the template database of a scale, loading it first when missing or stale. */
export async function ensureTemplate(serverUrl: string, scale: number, log: (line: string) => void): Promise<Template> {
  const name = `kumiki_bench_${scaleTag(scale)}_tpl`;
  const url = databaseUrl(serverUrl, name);
  const hash = setupHash(scale);
  const admin = postgres(serverUrl, { max: 1, onnotice: () => {} });
  try {
    const existing = await templateHash(admin, name);
    if (existing === `kumiki-bench ${hash}`) {
      log(`dataset: reusing ${name} (${hash})`);
      return { scale, name, url, hash, loadSeconds: 0 };
    }

    const started = performance.now();
    log(`dataset: loading scale ${scale} into ${name}${existing === undefined ? "" : " (replacing a stale template)"}`);
    await admin.unsafe(`drop database if exists ${name} with (force)`);
    await admin.unsafe(`create database ${name}`);
    try {
      const db = await openDatabase({ url, poolSize: 1 });
      await db.migrate();
      await db.close();

      const sql = postgres(url, { max: 1, onnotice: () => {} });
      try {
        const changed = await setTemporaryDefaults(sql);
        await runPsql(url, ["-v", `scale=${scale}`, "-f", DATASET_SCRIPT]);
        await dropTemporaryDefaults(sql, changed);
        await createAccounts(sql);
      } finally {
        await sql.end({ timeout: 5 });
      }
    } catch (error) {
      await admin.unsafe(`drop database if exists ${name} with (force)`);
      throw error;
    }
    // Written last, so that a load that failed halfway is never reused.
    await admin.unsafe(`comment on database ${name} is 'kumiki-bench ${hash}'`);

    const loadSeconds = (performance.now() - started) / 1000;
    log(`dataset: loaded scale ${scale} in ${loadSeconds.toFixed(1)} s`);
    return { scale, name, url, hash, loadSeconds };
  } finally {
    await admin.end({ timeout: 5 });
  }
}

/** Clones a template into a fresh working database with JIT off for every client of it. */
export async function cloneDatabase(serverUrl: string, template: string, name: string): Promise<string> {
  const admin = postgres(serverUrl, { max: 1, onnotice: () => {} });
  try {
    await admin.unsafe(`drop database if exists ${name} with (force)`);
    await admin.unsafe(`create database ${name} template ${template}`);
    // PostgreSQL's JIT makes the one-statement trees 3 to 4 times slower; the
    // floor, PostGraphile and Kumiki all run with it off.
    await admin.unsafe(`alter database ${name} set jit = off`);
  } finally {
    await admin.end({ timeout: 5 });
  }
  return databaseUrl(serverUrl, name);
}

export async function dropDatabase(serverUrl: string, name: string): Promise<void> {
  const admin = postgres(serverUrl, { max: 1, onnotice: () => {} });
  try {
    await admin.unsafe(`drop database if exists ${name} with (force)`);
  } finally {
    await admin.end({ timeout: 5 });
  }
}

/** Runs pg_dump and returns its output as text. */
export function dumpData(url: string, extraArgs: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn("pg_dump", ["--data-only", "--no-owner", "--no-privileges", ...extraArgs, url], { stdio: ["ignore", "pipe", "pipe"] });
    const chunks: Buffer[] = [];
    let errors = "";
    child.stdout.on("data", (chunk: Buffer) => chunks.push(chunk));
    child.stderr.on("data", (chunk: Buffer) => { errors += chunk.toString(); });
    child.on("error", reject);
    child.on("close", (code) => {
      if (code === 0) resolve(Buffer.concat(chunks).toString("utf8"));
      else reject(new Error(`pg_dump exited with code ${code}: ${errors.slice(-2000)}`));
    });
  });
}

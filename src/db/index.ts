import { AsyncLocalStorage } from "node:async_hooks";
import { mkdirSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { PGlite } from "@electric-sql/pglite";
import { sql, type Logger as DrizzleLogger, type SQL } from "drizzle-orm";
import type { PgDatabase, PgQueryResultHKT } from "drizzle-orm/pg-core";
import { drizzle as drizzlePglite } from "drizzle-orm/pglite";
import { migrate as migratePglite } from "drizzle-orm/pglite/migrator";
import { drizzle as drizzlePostgres } from "drizzle-orm/postgres-js";
import { migrate as migratePostgres } from "drizzle-orm/postgres-js/migrator";
import postgres from "postgres";
import * as schema from "../../schema/index.js";
import { noteStatement, noteTransactionEnd } from "./statements.js";

// The only way to SQL. Both modes expose the same drizzle API over the same
// PostgreSQL dialect: PGlite (embedded PostgreSQL) or a server through
// postgres.js. Every statement is counted here (see statements.ts).

export type Schema = typeof schema;
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Orm = PgDatabase<PgQueryResultHKT, Schema>;
export type DatabaseKind = "pglite" | "postgres";

export const MIGRATIONS_FOLDER = fileURLToPath(new URL("../../schema/migrations", import.meta.url));

export interface Database {
  readonly kind: DatabaseKind;
  readonly orm: Orm;
  /** Runs fn in one transaction; everything it writes is kept or none of it. */
  transaction<T>(fn: (tx: Orm) => Promise<T>): Promise<T>;
  /** Runs a raw statement with bound parameters and returns its rows. */
  query<T = Record<string, unknown>>(text: string, params?: unknown[]): Promise<T[]>;
  /**
   * Runs a read as a statement prepared once per connection and returns its
   * rows as arrays of driver values in select-list order, without drizzle's
   * row mapping. Returns undefined where the caller must go through drizzle:
   * inside a transaction, and on PGlite, whose driver hands values over in
   * other types than drizzle's decoders expect.
   */
  readValues(text: string, params: unknown[]): Promise<unknown[][]> | undefined;
  /**
   * Runs a raw statement and yields its rows in batches. On a server it reads
   * through a cursor, so only one batch is held in memory at a time; PGlite
   * has no cursors over its single connection and reads the rows at once.
   */
  stream<T = Record<string, unknown>>(text: string, params: unknown[], batchSize: number): AsyncIterable<T[]>;
  /** Subscribes to a PostgreSQL NOTIFY channel; returns the unsubscribe function. */
  listen(channel: string, handler: (payload: string) => void): Promise<() => Promise<void>>;
  notify(channel: string, payload: string): Promise<void>;
  migrate(): Promise<void>;
  close(): Promise<void>;
}

export interface DatabaseOptions {
  /** postgres:// URL of a server; absent for the embedded database. */
  url?: string;
  /** Folder of PGlite's files; absent for an in-memory PGlite. */
  dataDir?: string;
  /** An existing PGlite instance to use (tests restore one from a snapshot). */
  pglite?: PGlite;
  poolSize?: number;
  /** Receives every statement when debug logging is on. */
  onQuery?: (query: string, params: unknown[]) => void;
}

function statementLogger(onQuery?: (query: string, params: unknown[]) => void): DrizzleLogger {
  return {
    logQuery(query, params) {
      noteStatement(query);
      onQuery?.(query, params);
    },
  };
}

// The transaction open in the current async context, if any. Inside a
// transaction, `db.orm`, `db.query`, `db.notify` and nested
// `db.transaction` calls go through it (`db.stream` does not). Reads then
// see the transaction's own writes, and PGlite, which has a single
// connection, cannot deadlock on a query waiting for the transaction to end.
interface TransactionScope {
  readonly tx: Orm;
  /** The transaction this one is a savepoint of. */
  readonly parent: TransactionScope | undefined;
  /** Set once the transaction has committed or rolled back. */
  ended: boolean;
}

const activeTransaction = new AsyncLocalStorage<TransactionScope>();

/**
 * Returns the innermost transaction of the current async context that is
 * still open. Work started inside a transaction that runs after it has ended
 * (a timer, a promise left running) then runs outside it.
 */
function openTransaction(): TransactionScope | undefined {
  let scope = activeTransaction.getStore();
  while (scope !== undefined && scope.ended) scope = scope.parent;
  return scope;
}

// While an AsyncLocalStorage is enabled, Node.js runs a hook for every
// promise and native handle the process creates, about a tenth of the CPU
// time of a read by id under load. Statements outside transactions need no
// store, so the storage is enabled only while a transaction is open.
let openTransactions = 0;

/** Wraps the drizzle instance so that it uses the active transaction when there is one. */
function transactionAware(orm: Orm): Orm {
  return new Proxy(orm, {
    get(target, property) {
      const source = openTransaction()?.tx ?? target;
      const value = Reflect.get(source, property, source);
      return typeof value === "function" ? value.bind(source) : value;
    },
  });
}

async function runTransaction<T>(orm: Orm, fn: (tx: Orm) => Promise<T>): Promise<T> {
  // A transaction inside a transaction becomes a savepoint of the outer one.
  const enclosing = openTransaction();
  const outer = enclosing?.tx ?? orm;
  if (enclosing === undefined) openTransactions += 1;
  let scope: TransactionScope | undefined;
  try {
    return await outer.transaction((tx) => {
      scope = { tx: tx as unknown as Orm, parent: enclosing, ended: false };
      return activeTransaction.run(scope, () => fn(tx as unknown as Orm));
    });
  } finally {
    if (scope !== undefined) scope.ended = true;
    if (enclosing === undefined) {
      openTransactions -= 1;
      if (openTransactions === 0) activeTransaction.disable();
      noteTransactionEnd();
    }
  }
}

/** Turns `$1`-style text and parameters into a drizzle SQL object, to run it on a transaction. */
function boundSql(text: string, params: unknown[]): SQL {
  const parts = text.split(/\$(\d+)/);
  const chunks: SQL[] = [sql.raw(parts[0])];
  for (let index = 1; index < parts.length; index += 2) {
    chunks.push(sql`${params[Number(parts[index]) - 1]}`, sql.raw(parts[index + 1]));
  }
  return sql.join(chunks, sql.raw(""));
}

async function queryInTransaction<T>(text: string, params: unknown[]): Promise<T[] | undefined> {
  const tx = openTransaction()?.tx;
  if (tx === undefined) return undefined;
  const result = (await tx.execute(boundSql(text, params))) as unknown as { rows?: T[] } | T[];
  return Array.isArray(result) ? result : (result.rows ?? []);
}

export async function openDatabase(options: DatabaseOptions): Promise<Database> {
  return options.url === undefined ? openPglite(options) : openPostgres(options.url, options);
}

async function openPglite(options: DatabaseOptions): Promise<Database> {
  let client = options.pglite;
  if (client === undefined) {
    if (options.dataDir !== undefined) mkdirSync(options.dataDir, { recursive: true });
    client = new PGlite(options.dataDir);
  }
  await client.waitReady;
  const pg = client;
  const baseOrm = drizzlePglite(pg, { schema, logger: statementLogger(options.onQuery) }) as unknown as Orm;
  const orm = transactionAware(baseOrm);

  return {
    kind: "pglite",
    orm,
    transaction: (fn) => runTransaction(baseOrm, fn),
    async query<T>(text: string, params: unknown[] = []) {
      const inTransaction = await queryInTransaction<T>(text, params);
      if (inTransaction !== undefined) return inTransaction;
      noteStatement(text);
      options.onQuery?.(text, params);
      const result = await pg.query<T>(text, params);
      return result.rows;
    },
    readValues: () => undefined,
    async *stream<T>(text: string, params: unknown[], batchSize: number) {
      noteStatement(text);
      options.onQuery?.(text, params);
      const result = await pg.query<T>(text, params);
      for (let start = 0; start < result.rows.length; start += batchSize) yield result.rows.slice(start, start + batchSize);
    },
    async listen(channel, handler) {
      const unsubscribe = await pg.listen(channel, handler);
      return async () => unsubscribe();
    },
    async notify(channel, payload) {
      if ((await queryInTransaction("select pg_notify($1, $2)", [channel, payload])) !== undefined) return;
      noteStatement("select pg_notify($1, $2)");
      await pg.query("select pg_notify($1, $2)", [channel, payload]);
    },
    async migrate() {
      await migratePglite(orm as never, { migrationsFolder: MIGRATIONS_FOLDER });
    },
    async close() {
      if (!pg.closed) await pg.close();
    },
  };
}

async function openPostgres(url: string, options: DatabaseOptions): Promise<Database> {
  const client = postgres(url, {
    max: options.poolSize ?? 10,
    onnotice: () => {},
    // PostgreSQL's JIT makes the large tree queries several times slower: the
    // studio benchmark's notes give three to four times on PostgreSQL 15.
    connection: { jit: "off", application_name: "kumiki" },
  });
  const baseOrm = drizzlePostgres(client, { schema, logger: statementLogger(options.onQuery) }) as unknown as Orm;
  const orm = transactionAware(baseOrm);

  return {
    kind: "postgres",
    orm,
    transaction: (fn) => runTransaction(baseOrm, fn),
    async query<T>(text: string, params: unknown[] = []) {
      const inTransaction = await queryInTransaction<T>(text, params);
      if (inTransaction !== undefined) return inTransaction;
      noteStatement(text);
      options.onQuery?.(text, params);
      const rows = await client.unsafe(text, params as postgres.ParameterOrJSON<never>[]);
      return rows as unknown as T[];
    },
    readValues(text, params) {
      if (openTransaction() !== undefined) return undefined;
      noteStatement(text);
      options.onQuery?.(text, params);
      return client.unsafe(text, params as postgres.ParameterOrJSON<never>[], { prepare: true }).values() as unknown as Promise<unknown[][]>;
    },
    async *stream<T>(text: string, params: unknown[], batchSize: number) {
      noteStatement(text);
      options.onQuery?.(text, params);
      const cursor = client.unsafe(text, params as postgres.ParameterOrJSON<never>[]).cursor(batchSize);
      for await (const rows of cursor) yield rows as unknown as T[];
    },
    async listen(channel, handler) {
      const subscription = await client.listen(channel, handler);
      return async () => subscription.unlisten();
    },
    async notify(channel, payload) {
      noteStatement("select pg_notify($1, $2)");
      await client.notify(channel, payload);
    },
    async migrate() {
      // Several instances may start together against one server: an advisory
      // lock lets one of them migrate while the others wait.
      const lockKey = 0x6b756d69; // "kumi"
      // A client of exactly one connection: the session lock and the
      // migration statements must share it.
      const single = postgres(url, { max: 1, onnotice: () => {}, connection: { application_name: "kumiki-migrate" } });
      try {
        await single`select pg_advisory_lock(${lockKey})`;
        await migratePostgres(drizzlePostgres(single), { migrationsFolder: MIGRATIONS_FOLDER });
        await single`select pg_advisory_unlock(${lockKey})`;
      } finally {
        await single.end({ timeout: 5 });
      }
    },
    async close() {
      await client.end({ timeout: 5 });
    },
  };
}

import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import { PGlite } from "@electric-sql/pglite";
import postgres from "postgres";
import { inject } from "vitest";
import { openDatabase, type Database } from "../../src/db/index.js";

// A fresh, migrated database for one test file: PGlite restored from the
// run's snapshot, or a PostgreSQL database cloned from the run's template.

export interface TestDatabase extends Database {
  /** postgres:// URL of this database, or undefined for PGlite. */
  readonly url: string | undefined;
}

function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

export async function openTestDatabase(): Promise<TestDatabase> {
  const serverUrl = process.env.DATABASE_URL;
  if (serverUrl === undefined || serverUrl === "") {
    const snapshot = readFileSync(inject("pgliteSnapshot"));
    const pglite = new PGlite({ loadDataDir: new Blob([snapshot]) });
    const db = await openDatabase({ pglite });
    return Object.assign(db, { url: undefined });
  }

  const name = `kumiki_test_${randomBytes(6).toString("hex")}`;
  const admin = postgres(serverUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${name} template ${inject("postgresTemplate")}`);
  const url = withDatabase(serverUrl, name);
  const db = await openDatabase({ url, poolSize: 5 });
  const close = db.close.bind(db);
  return Object.assign(db, {
    url,
    async close() {
      await close();
      await admin.unsafe(`drop database if exists ${name} with (force)`);
      await admin.end();
    },
  });
}

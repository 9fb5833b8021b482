import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import postgres from "postgres";
import type { TestProject } from "vitest/node";
import { openDatabase } from "../../src/db/index.js";

// Migrates once per run, then every test file starts from a copy of that
// migrated database: a PGlite data folder restored from a dump, or a
// PostgreSQL database cloned from a template (when DATABASE_URL is set).

declare module "vitest" {
  export interface ProvidedContext {
    pgliteSnapshot: string;
    postgresTemplate: string;
  }
}

export default async function setup(project: TestProject) {
  const url = process.env.DATABASE_URL;
  if (url === undefined || url === "") {
    const pglite = new PGlite();
    const db = await openDatabase({ pglite });
    await db.migrate();
    const dump = await pglite.dumpDataDir("none");
    const folder = mkdtempSync(path.join(tmpdir(), "kumiki-test-"));
    const snapshot = path.join(folder, "migrated.tar");
    writeFileSync(snapshot, Buffer.from(await dump.arrayBuffer()));
    await db.close();
    project.provide("pgliteSnapshot", snapshot);
    project.provide("postgresTemplate", "");
    return () => rmSync(folder, { recursive: true, force: true });
  }

  const template = `kumiki_test_tpl_${randomBytes(4).toString("hex")}`;
  const admin = postgres(url, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${template}`);
  const templateUrl = withDatabase(url, template);
  const db = await openDatabase({ url: templateUrl, poolSize: 1 });
  await db.migrate();
  await db.close();
  project.provide("pgliteSnapshot", "");
  project.provide("postgresTemplate", template);

  return async () => {
    await admin.unsafe(`drop database if exists ${template} with (force)`);
    await admin.end();
  };
}

export function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

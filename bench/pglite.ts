import { cpSync, existsSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { openDatabase } from "../src/db/index.js";
import { dumpData, type Template } from "./dataset.js";

// The embedded mode's copy of a dataset: PGlite's folder, migrated by Kumiki,
// then filled with a data-only dump of the PostgreSQL template. The folder is
// kept under the system's temporary folder, keyed by the template's hash, and
// each run works on a copy of it.

export const BENCH_CACHE_DIR = path.join(os.tmpdir(), "kumiki-bench");

/** Splits pg_dump --inserts output into batches of whole statements of about batchBytes. */
function* statementBatches(dump: string, batchBytes: number): Generator<string> {
  let batch: string[] = [];
  let size = 0;
  for (const line of dump.split("\n")) {
    // Comments, and psql meta-commands such as the \restrict lines of pg_dump 15.14 and later.
    if (line.startsWith("--") || line.startsWith("\\")) continue;
    batch.push(line);
    size += line.length + 1;
    // The dataset's text values contain no newlines, so a line ending in ";" ends a statement.
    if (size >= batchBytes && line.endsWith(";")) {
      yield batch.join("\n");
      batch = [];
      size = 0;
    }
  }
  if (batch.join("").trim() !== "") yield batch.join("\n");
}

/** Returns the folder of a migrated PGlite database holding the template's data, building it when missing. */
export async function ensurePgliteData(template: Template, log: (line: string) => void): Promise<string> {
  const root = path.join(BENCH_CACHE_DIR, `pglite-${template.hash}`);
  const dataDir = path.join(root, "db");
  if (existsSync(path.join(root, "complete"))) {
    log(`pglite: reusing ${root}`);
    return dataDir;
  }

  const started = performance.now();
  rmSync(root, { recursive: true, force: true });
  mkdirSync(root, { recursive: true });
  log(`pglite: copying ${template.name} into ${dataDir}`);

  const db = await openDatabase({ dataDir });
  await db.migrate();
  await db.close();

  // Kumiki's own migration bookkeeping lives in the drizzle schema and is already there.
  const dump = await dumpData(template.url, ["--schema=public", "--inserts", "--rows-per-insert=500", "--disable-triggers"]);
  const pglite = new PGlite(dataDir);
  await pglite.waitReady;
  try {
    for (const batch of statementBatches(dump, 4 * 1024 * 1024)) await pglite.exec(batch);
    await pglite.exec("vacuum analyze");
  } finally {
    await pglite.close();
  }

  writeFileSync(path.join(root, "complete"), `${template.hash}\n`);
  log(`pglite: copied in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  return dataDir;
}

/** Copies the cached PGlite folder into a fresh DATA_DIR for one server run. */
export function preparePgliteDataDir(cachedDbDir: string, runDir: string): string {
  rmSync(runDir, { recursive: true, force: true });
  mkdirSync(runDir, { recursive: true });
  cpSync(cachedDbDir, path.join(runDir, "db"), { recursive: true });
  return runDir;
}

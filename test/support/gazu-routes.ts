import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { it } from "vitest";

// The table of gazu's calls that Zou serves, and the way a test file declares
// the cases of one route. test/rest/gazu-coverage.test.ts reads every
// `gazuRoute(...)` declaration under test/ and fails when one of gazu's
// routes has none.

const REFERENCE = fileURLToPath(new URL("../../../shared/reference/", import.meta.url));

export interface GazuRouteKey {
  method: string;
  /** Zou's path without the /api prefix, the query string or a trailing slash; parameters written `{}`. */
  path: string;
}

/** Normalizes a path of the reference tables: `/api/data/shots/{shot_id}?x=` becomes `/data/shots/{}`. */
export function normalizeRoutePath(path: string): string {
  const bare = path.split("?")[0].replace(/^\/api(?=\/|$)/, "").replace(/\{[^}]+\}/g, "{}").replace(/\/+$/, "");
  return bare === "" ? "/" : bare;
}

function readTable(name: string): string[][] {
  return readFileSync(`${REFERENCE}${name}`, "utf8").trim().split("\n").slice(1).map((line) => line.split("\t"));
}

/** Returns every (method, path) that gazu calls and Zou serves, once each. */
export function gazuRoutesServedByZou(): GazuRouteKey[] {
  const zou = new Set(readTable("zou-routes.tsv").map(([method, path]) => `${method} ${normalizeRoutePath(path)}`));
  const seen = new Map<string, GazuRouteKey>();
  for (const row of readTable("gazu-routes.tsv")) {
    const [, , method, path] = row;
    if (path === undefined || !path.startsWith("/")) continue;
    const key = { method, path: normalizeRoutePath(path) };
    const name = `${key.method} ${key.path}`;
    if (zou.has(name) && !seen.has(name)) seen.set(name, key);
  }
  return [...seen.values()];
}

/** Returns every (method, path) that Kitsu's web client calls and Zou serves, once each. */
export function kitsuRoutesServedByZou(): GazuRouteKey[] {
  const zou = new Set(readTable("zou-routes.tsv").map(([method, path]) => `${method} ${normalizeRoutePath(path)}`));
  const seen = new Map<string, GazuRouteKey>();
  for (const [, , method, path] of readTable("kitsu-routes.tsv")) {
    if (path === undefined || !path.startsWith("/")) continue;
    const key = { method, path: normalizeRoutePath(path) };
    const name = `${key.method} ${key.path}`;
    if (zou.has(name) && !seen.has(name)) seen.set(name, key);
  }
  return [...seen.values()];
}

export interface GazuRouteCases {
  /** What gazu's call gets: a sentence and a check of the status and the JSON keys gazu reads. */
  succeeds: [behaviour: string, check: () => Promise<void>];
  /**
   * A failure specific to the route: a malformed or unknown id, a forbidden
   * role, a missing or wrong field. A missing token alone does not count.
   */
  fails: [behaviour: string, check: () => Promise<void>];
}

/**
 * Declares the success and failure tests of one of gazu's routes. `path` is
 * Zou's path as in the reference tables (`/data/shots/{shot_id}`); the test
 * names read "GET /data/shots/{shot_id} returns the shot".
 */
export function gazuRoute(method: "GET" | "POST" | "PUT" | "DELETE", path: string, cases: GazuRouteCases): void {
  it(`${method} ${path} ${cases.succeeds[0]}`, cases.succeeds[1]);
  it(`${method} ${path} ${cases.fails[0]}`, cases.fails[1]);
}

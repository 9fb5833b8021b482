import { it } from "vitest";

// Declares the success and failure tests of one Zou route that Kitsu's web
// client calls, the way test/support/gazu-routes.ts does for gazu's routes.

export interface KitsuRouteCases {
  /** What Kitsu's call gets: a sentence and a check of the status and the JSON keys Kitsu reads. */
  succeeds: [behaviour: string, check: () => Promise<void>];
  /** A failure specific to the route: a malformed or unknown id, a forbidden role, a missing or wrong field. */
  fails: [behaviour: string, check: () => Promise<void>];
}

/** Declares the tests of one route; `path` is Zou's path, as in the reference route list. */
export function kitsuRoute(method: "GET" | "POST" | "PUT" | "DELETE", path: string, cases: KitsuRouteCases): void {
  it(`${method} ${path} ${cases.succeeds[0]}`, cases.succeeds[1]);
  it(`${method} ${path} ${cases.fails[0]}`, cases.fails[1]);
}

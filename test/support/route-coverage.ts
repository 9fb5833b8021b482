import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { FastifyInstance, HTTPMethods } from "fastify";
import { normalizeRoutePath } from "./gazu-routes.js";

// What the route coverage tests share: the declarations of route cases found
// in the test files, and Fastify patterns for the reference tables' paths.

const TEST_ROOT = fileURLToPath(new URL("..", import.meta.url));

function testFiles(folder: string): string[] {
  return readdirSync(folder, { withFileTypes: true }).flatMap((item) => {
    const path = join(folder, item.name);
    if (item.isDirectory()) return testFiles(path);
    return item.name.endsWith(".test.ts") ? [path] : [];
  });
}

/**
 * Returns every `METHOD /normalized/{}/path` declared under test/ by a call
 * of one of the given helpers, e.g. `gazuRoute("GET", "/data/shots/{shot_id}", …)`.
 */
export function declaredRouteCases(helpers: string[]): Set<string> {
  const declaration = new RegExp(`(?:${helpers.join("|")})\\(\\s*"(GET|POST|PUT|DELETE)",\\s*"([^"]+)"`, "g");
  const declared = new Set<string>();
  for (const file of testFiles(TEST_ROOT)) {
    for (const match of readFileSync(file, "utf8").matchAll(declaration)) declared.add(`${match[1]} ${normalizeRoutePath(match[2])}`);
  }
  return declared;
}

/** Turns `/data/shots/{}` into a Fastify pattern that matches whatever the parameter names are. */
function fastifyPattern(path: string): string {
  let index = 0;
  return path.replace(/\{\}/g, () => `:p${index++}`);
}

/**
 * Tells whether the server has a route of its own for a path such as
 * `/data/projects/{}/team`. Each parameter the router fills must hold one of
 * the path's own parameters: `/data/projects/all` reaching the generic
 * `/data/:model/:id` route fills `id` with the literal `all`, so it counts
 * as not served.
 */
export function servesPath(app: FastifyInstance, method: string, path: string): boolean {
  const found = app.findRoute({ method: method as HTTPMethods, url: fastifyPattern(path) });
  if (found === null) return false;
  return Object.values(found.params as Record<string, string>).every((value) => /:p\d+/.test(value));
}

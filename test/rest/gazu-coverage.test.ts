import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../support/app.js";
import { gazuRoutesServedByZou, normalizeRoutePath } from "../support/gazu-routes.js";

// Every call gazu makes to a route Zou serves must reach a Kumiki route and
// have its success and failure tests, declared with gazuRoute() somewhere
// under test/.

const TEST_ROOT = fileURLToPath(new URL("..", import.meta.url));
const DECLARATION = /gazuRoute\(\s*"(GET|POST|PUT|DELETE)",\s*"([^"]+)"/g;

function testFiles(folder: string): string[] {
  return readdirSync(folder, { withFileTypes: true }).flatMap((item) => {
    const path = join(folder, item.name);
    if (item.isDirectory()) return testFiles(path);
    return item.name.endsWith(".test.ts") ? [path] : [];
  });
}

function declaredCases(): Set<string> {
  const declared = new Set<string>();
  for (const file of testFiles(TEST_ROOT)) {
    for (const match of readFileSync(file, "utf8").matchAll(DECLARATION)) declared.add(`${match[1]} ${normalizeRoutePath(match[2])}`);
  }
  return declared;
}

/** Turns `/data/shots/{}` into a Fastify pattern that matches whatever the parameter names are. */
function fastifyPattern(path: string): string {
  let index = 0;
  return path.replace(/\{\}/g, () => `:p${index++}`);
}

describe("gazu's routes", () => {
  let t: TestApp;
  const routes = gazuRoutesServedByZou();

  beforeAll(async () => {
    t = await createTestApp();
  });

  afterAll(async () => {
    await t.close();
  });

  it("reads a non-empty table of gazu's calls to Zou", () => {
    expect(routes.length).toBeGreaterThan(300);
  });

  it("has a Kumiki route for every call gazu makes to a route Zou serves", () => {
    const missing = routes
      .filter((route) => t.app.findRoute({ method: route.method as "GET", url: fastifyPattern(route.path) }) === null)
      .map((route) => `${route.method} ${route.path}`);
    expect(missing).toEqual([]);
  });

  it("has success and failure tests for every call gazu makes to a route Zou serves", () => {
    const declared = declaredCases();
    const untested = routes.map((route) => `${route.method} ${route.path}`).filter((name) => !declared.has(name));
    expect(untested).toEqual([]);
  });
});

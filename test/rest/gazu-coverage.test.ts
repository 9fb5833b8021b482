import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../support/app.js";
import { gazuRoutesServedByZou } from "../support/gazu-routes.js";
import { declaredRouteCases, servesPath } from "../support/route-coverage.js";

// Every call gazu makes to a route Zou serves must reach a Kumiki route and
// have its success and failure tests, declared with gazuRoute() somewhere
// under test/.

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
      .filter((route) => !servesPath(t.app, route.method, route.path))
      .map((route) => `${route.method} ${route.path}`);
    expect(missing).toEqual([]);
  });

  it("has success and failure tests for every call gazu makes to a route Zou serves", () => {
    const declared = declaredRouteCases(["gazuRoute"]);
    const untested = routes.map((route) => `${route.method} ${route.path}`).filter((name) => !declared.has(name));
    expect(untested).toEqual([]);
  });
});

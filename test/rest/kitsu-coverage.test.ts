import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../support/app.js";
import { kitsuRoutesServedByZou } from "../support/gazu-routes.js";
import { declaredRouteCases, servesPath } from "../support/route-coverage.js";

// Every call Kitsu's web client makes to a route Zou serves must reach a
// Kumiki route and have its success and failure tests, declared with
// kitsuRoute() or gazuRoute() somewhere under test/.

describe("Kitsu's routes", () => {
  let t: TestApp;
  const routes = kitsuRoutesServedByZou();

  beforeAll(async () => {
    t = await createTestApp();
  });

  afterAll(async () => {
    await t.close();
  });

  it("reads a non-empty table of Kitsu's calls to Zou", () => {
    expect(routes.length).toBeGreaterThan(300);
  });

  it("serves every Kitsu call to Zou", () => {
    const missing = routes
      .filter((route) => !servesPath(t.app, route.method, route.path))
      .map((route) => `${route.method} ${route.path}`);
    expect(missing).toEqual([]);
  });

  it("tests every Kitsu call to Zou", () => {
    const declared = declaredRouteCases(["kitsuRoute", "gazuRoute"]);
    const untested = routes.filter((route) => !declared.has(`${route.method} ${route.path}`)).map((route) => `${route.method} ${route.path}`);
    expect(untested).toEqual([]);
  });
});

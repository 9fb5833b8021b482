import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { rewriteApiUrl } from "../../src/server.js";
import { createTestApp, type TestApp } from "../support/app.js";

let t: TestApp;

beforeAll(async () => {
  t = await createTestApp();
});

afterAll(async () => {
  await t.close();
});

describe("Zou's index routes", () => {
  it("names the API and version at / and under /api", async () => {
    for (const url of ["/", "/api", "/api/"]) {
      const response = await t.request({ method: "GET", url });
      expect(response.statusCode).toBe(200);
      expect(response.json()).toMatchObject({ api: "Zou", version: expect.any(String) });
    }
  });

  it("answers HEAD /api as gazu's host check does", async () => {
    const response = await t.request({ method: "HEAD", url: "/api" });
    expect(response.statusCode).toBe(200);
  });

  it("reports the database as up on /status", async () => {
    const response = await t.request({ method: "GET", url: "/api/status" });
    expect(response.json()["database-up"]).toBe(true);
  });

  it("serves Kitsu's /config without a token", async () => {
    const response = await t.request({ method: "GET", url: "/api/config" });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({ is_self_hosted: true, saml_enabled: false });
  });
});

describe("paths", () => {
  it("strips /api and tolerates a doubled leading slash", () => {
    expect(rewriteApiUrl("/api/auth/login")).toBe("/auth/login");
    expect(rewriteApiUrl("//api/data/projects?x=1")).toBe("/data/projects?x=1");
    expect(rewriteApiUrl("/api")).toBe("/");
    expect(rewriteApiUrl("/api?x=1")).toBe("/?x=1");
    expect(rewriteApiUrl("/apiary")).toBe("/apiary");
  });

  it("answers an unknown route with Zou's 404 body", async () => {
    const response = await t.request({ method: "GET", url: "/api/no/such/route" });
    expect(response.statusCode).toBe(404);
    expect(response.json()).toMatchObject({ error: true });
  });

  it("sends the security headers on every response", async () => {
    const response = await t.request({ method: "GET", url: "/api" });
    expect(response.headers["x-content-type-options"]).toBe("nosniff");
    expect(response.headers["x-frame-options"]).toBe("SAMEORIGIN");
    expect(response.headers["content-security-policy"]).toBe("frame-ancestors 'self'");
  });
});

describe("the GraphiQL playground", () => {
  it("serves a page whose scripts and styles all come from this server", async () => {
    const response = await t.request({ method: "GET", url: "/graphql", headers: { accept: "text/html" } });
    expect(response.statusCode).toBe(200);
    expect(response.headers["content-type"]).toContain("text/html");
    const sources = [...response.body.matchAll(/(?:src|href)="([^"]+)"/g)].map((match) => match[1]);
    expect(sources.length).toBeGreaterThanOrEqual(4);
    for (const source of sources) {
      expect(source.startsWith("/")).toBe(true);
      expect(source.startsWith("//")).toBe(false);
      const asset = await t.request({ method: "GET", url: source });
      expect(asset.statusCode).toBe(200);
      expect(asset.body.length).toBeGreaterThan(100);
    }
    expect(response.body).not.toMatch(/https?:\/\//);
  });

  it("answers an unknown playground file with 404", async () => {
    const response = await t.request({ method: "GET", url: "/graphql/playground/../../etc/passwd" });
    expect(response.statusCode).toBe(404);
  });
});

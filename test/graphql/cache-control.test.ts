import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../support/app.js";

// Every GraphQL response carries cache-control: no-store, with or without errors.

let t: TestApp;

beforeAll(async () => {
  t = await createTestApp();
});

afterAll(async () => {
  await t.close();
});

describe("cache-control of GraphQL responses", () => {
  it("sends no-store on success", async () => {
    const response = await t.request({ method: "POST", url: "/graphql", payload: { query: "{ __typename }" } });
    expect(response.statusCode).toBe(200);
    expect(response.headers["cache-control"]).toBe("no-store");
  });

  it("sends no-store on a validation error", async () => {
    const response = await t.request({ method: "POST", url: "/graphql", payload: { query: "{ noSuchField }" } });
    expect(response.statusCode).toBe(400);
    expect(response.headers["cache-control"]).toBe("no-store");
  });
});

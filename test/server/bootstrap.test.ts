import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bootstrapAdmin } from "../../src/people/people.service.js";
import { createTestApp, type TestApp } from "../support/app.js";

// Several instances may start together on a fresh PostgreSQL database: each
// one runs the first-admin step after migrating.

let t: TestApp;

beforeAll(async () => {
  t = await createTestApp();
});

afterAll(async () => {
  await t.close();
});

describe("first admin on parallel starts", () => {
  it("prints only a password that logs in", async () => {
    const starts = await Promise.allSettled([bootstrapAdmin(t.db, undefined, undefined), bootstrapAdmin(t.db, undefined, undefined)]);

    const rejected = starts.filter((start) => start.status === "rejected");
    expect(rejected).toEqual([]);
    const printed = starts.flatMap((start) => (start.status === "fulfilled" && start.value?.generatedPassword !== undefined ? [start.value] : []));
    expect(printed.length).toBeGreaterThan(0);
    for (const admin of printed) {
      const response = await t.request({ method: "POST", url: "/api/auth/login", payload: { email: admin.email, password: admin.generatedPassword } });
      expect(response.statusCode).toBe(200);
    }
  });
});

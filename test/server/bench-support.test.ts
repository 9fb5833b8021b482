import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BENCH_SCOPE_HEADER } from "../../src/bench-support.js";
import { createTestApp, type TestApp } from "../support/app.js";

// The statement figure `npm run bench` reads: only what requests that ask for
// a scope send, so background work (the job queue's polling) does not inflate
// a request's count, and the requests of throughput runs go without one.

describe("the benchmark's statement counter", () => {
  let t: TestApp;
  let token: string;

  beforeAll(async () => {
    process.env.KUMIKI_BENCH = "1";
    t = await createTestApp();
    const admin = await t.make.makePerson({ role: "admin" });
    token = await t.login(admin.email ?? "");
  });

  afterAll(async () => {
    delete process.env.KUMIKI_BENCH;
    await t.close();
  });

  async function requestStatements(): Promise<number> {
    const response = await t.request({ method: "GET", url: "/_bench/statements" });
    expect(response.statusCode).toBe(200);
    return (response.json() as { total: number }).total;
  }

  it("leaves out statements sent outside any request", async () => {
    const before = await requestStatements();
    for (let i = 0; i < 5; i += 1) await t.db.query("select 1");
    expect(await requestStatements()).toBe(before);
  });

  it("counts the statements a request sends when it asks for a scope", async () => {
    const before = await requestStatements();
    const response = await t.request({ method: "GET", url: "/api/data/projects", token, headers: { [BENCH_SCOPE_HEADER]: "1" } });
    expect(response.statusCode).toBe(200);
    expect(await requestStatements()).toBeGreaterThan(before);
  });

  it("leaves out the statements of requests that do not ask for a scope", async () => {
    const before = await requestStatements();
    const response = await t.request({ method: "GET", url: "/api/data/projects", token });
    expect(response.statusCode).toBe(200);
    expect(await requestStatements()).toBe(before);
  });
});

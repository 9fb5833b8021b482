import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase } from "../../src/db/index.js";
import { createTestApp, TEST_PASSWORD, type TestApp } from "../support/app.js";

// Two instances of one deployment share a database: a logout on one must be
// honoured by the other at once.

let first: TestApp;
let second: TestApp;

beforeAll(async () => {
  first = await createTestApp();
  // On PostgreSQL the second instance gets connections of its own, as a
  // second process would; PGlite has a single connection, so it is shared.
  const db = first.db.url === undefined ? first.db : Object.assign(await openDatabase({ url: first.db.url, poolSize: 2 }), { url: first.db.url });
  second = await createTestApp({ db });
});

afterAll(async () => {
  await second.close();
  if (second.db !== first.db) await second.db.close();
  await first.close();
});

describe("revoking tokens across instances", () => {
  it("rejects on the second instance a token logged out on the first", async () => {
    await first.make.makePerson({ email: "two@example.com" });
    const login = await first.request({ method: "POST", url: "/api/auth/login", payload: { email: "two@example.com", password: TEST_PASSWORD } });
    const token = (login.json() as { access_token: string }).access_token;
    expect((await second.request({ method: "GET", url: "/api/auth/authenticated", token })).statusCode).toBe(200);

    await first.request({ method: "GET", url: "/api/auth/logout", token });

    // NOTIFY reaches the other instance asynchronously; allow it a moment.
    let status = 0;
    for (let attempt = 0; attempt < 50 && status !== 401; attempt += 1) {
      status = (await second.request({ method: "GET", url: "/api/auth/authenticated", token })).statusCode;
      if (status !== 401) await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect(status).toBe(401);
  });
});

describe("cookies behind a proxy", () => {
  it("marks cookies Secure when a trusted proxy says the request came over HTTPS", async () => {
    const proxied = await createTestApp({ env: { TRUST_PROXY: "true" } });
    try {
      await proxied.make.makePerson({ email: "https@example.com" });
      const response = await proxied.request({
        method: "POST",
        url: "/api/auth/login",
        payload: { email: "https@example.com", password: TEST_PASSWORD },
        headers: { "user-agent": "Mozilla/5.0 Chrome/120.0", "x-forwarded-proto": "https" },
      });
      const cookie = (response.cookies as { name: string; secure?: boolean }[]).find((item) => item.name === "access_token_cookie");
      expect(cookie?.secure).toBe(true);
    } finally {
      await proxied.close();
    }
  });
});

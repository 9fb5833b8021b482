import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, TEST_PASSWORD, type TestApp } from "../support/app.js";

let t: TestApp;
const lines: Record<string, unknown>[] = [];

beforeAll(async () => {
  t = await createTestApp({
    logSink: (line) => lines.push(line),
    beforeReady: (app) => {
      app.get("/test/explode", { config: { auth: "public" } }, async () => {
        throw new Error("boom: an unexpected failure");
      });
      app.get("/test/failed-query", { config: { auth: "public" } }, async () => {
        // The shape of drizzle's query errors: the statement, its values, and the driver's error as the cause.
        const driverError = Object.assign(new Error("invalid input"), { parameters: ["$2b$12$driver-secret-hash"] });
        throw Object.assign(new Error("Failed query: update person set password = $1"), {
          query: "update person set password = $1",
          params: ["$2b$12$secret-hash"],
          cause: driverError,
        });
      });
    },
  });
});

afterAll(async () => {
  await t.close();
});

function requestLines() {
  return lines.filter((line) => line.msg === "request completed" || line.msg === "request failed");
}

describe("request logs", () => {
  it("writes one info line per request, 4xx included, with method, route, status and duration", async () => {
    lines.length = 0;
    await t.request({ method: "GET", url: "/api/status" });
    await t.request({ method: "GET", url: "/api/auth/authenticated" });

    const logged = requestLines().filter((line) => typeof line.statusCode === "number" && line.statusCode < 500);
    expect(logged).toHaveLength(2);
    expect(logged[0]).toMatchObject({ level: 30, method: "GET", url: "/status", statusCode: 200 });
    expect(logged[1]).toMatchObject({ level: 30, statusCode: 401 });
    expect(typeof logged[0].durationMs).toBe("number");
    expect(typeof logged[0].reqId).toBe("string");
  });

  it("drops the values of a failed statement from the error line", async () => {
    lines.length = 0;
    const response = await t.request({ method: "GET", url: "/test/failed-query" });
    expect(response.statusCode).toBe(500);

    const failed = lines.find((line) => line.msg === "request failed");
    expect(failed).toBeDefined();
    const text = JSON.stringify(failed);
    expect(text).toContain("update person set password = $1");
    expect(text).not.toContain("secret-hash");
  });

  it("never writes passwords or tokens", async () => {
    lines.length = 0;
    const person = await t.make.makePerson({ email: "quiet@example.com" });
    const login = await t.request({ method: "POST", url: "/api/auth/login", payload: { email: "quiet@example.com", password: TEST_PASSWORD } });
    const token = (login.json() as { access_token: string }).access_token;
    await t.request({ method: "GET", url: "/api/auth/authenticated", token, cookies: { access_token_cookie: token } });

    const text = JSON.stringify(lines);
    expect(text).not.toContain(TEST_PASSWORD);
    expect(text).not.toContain(token);
    expect(requestLines().at(-1)?.userId).toBe(person.id);
  });

  it("logs a 5xx at error with its cause and the error id the client gets", async () => {
    lines.length = 0;
    const response = await t.request({ method: "GET", url: "/test/explode" });
    expect(response.statusCode).toBe(500);
    const body = response.json() as { error: boolean; message: string; error_id: string };
    expect(body.message).toBe("Internal server error.");
    expect(body.message).not.toContain("boom");

    const failure = lines.find((line) => line.level === 50 && line.err !== undefined);
    expect(failure?.errorId).toBe(body.error_id);
    expect(JSON.stringify(failure?.err)).toContain("boom");
    expect(requestLines().at(-1)).toMatchObject({ level: 50, statusCode: 500, errorId: body.error_id });
  });
});

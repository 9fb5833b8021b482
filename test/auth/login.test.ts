import { afterAll, beforeAll, describe, expect, it } from "vitest";
import bcrypt from "bcryptjs";
import { createTestApp, TEST_PASSWORD, type TestApp } from "../support/app.js";

let t: TestApp;

beforeAll(async () => {
  t = await createTestApp();
});

afterAll(async () => {
  await t.close();
});

describe("logging in", () => {
  it("returns Zou's answer with tokens, user and organisation", async () => {
    const person = await t.make.makePerson({ email: "artist@example.com", role: "user" });
    const response = await t.request({ method: "POST", url: "/api/auth/login", payload: { email: "artist@example.com", password: TEST_PASSWORD } });

    expect(response.statusCode).toBe(200);
    const body = response.json();
    expect(body.login).toBe(true);
    expect(typeof body.access_token).toBe("string");
    expect(typeof body.refresh_token).toBe("string");
    expect(body.user.id).toBe(person.id);
    expect(body.user.type).toBe("Person");
    expect(body.user.full_name).toBe(`${person.firstName} ${person.lastName}`);
    expect(body.user).not.toHaveProperty("password");
    expect(body.user).not.toHaveProperty("totp_secret");
    expect(body.user.departments).toEqual([]);
    expect(body.organisation.type).toBe("Organisation");
    expect(body.organisation.name).toBe("Kitsu");
  });

  it("matches the email whatever its case", async () => {
    await t.make.makePerson({ email: "mixed@example.com" });
    const response = await t.request({ method: "POST", url: "/auth/login", payload: { email: "MIXED@Example.com", password: TEST_PASSWORD } });
    expect(response.statusCode).toBe(200);
  });

  it("rejects a wrong password with 400 and login false", async () => {
    await t.make.makePerson({ email: "wrong@example.com" });
    const response = await t.request({ method: "POST", url: "/api/auth/login", payload: { email: "wrong@example.com", password: "not-the-password" } });
    expect(response.statusCode).toBe(400);
    expect(response.json()).toEqual({ login: false });
  });

  it("rejects an unknown email, an empty email and a missing body with 400", async () => {
    for (const payload of [{ email: "nobody@example.com", password: "x" }, { email: "", password: "x" }, {}]) {
      const response = await t.request({ method: "POST", url: "/api/auth/login", payload });
      expect(response.statusCode).toBe(400);
      expect(response.json()).toEqual({ login: false });
    }
  });

  it("rejects a body that is not JSON with a 4xx", async () => {
    const response = await t.request({ method: "POST", url: "/api/auth/login", payload: "{not json", headers: { "content-type": "application/json" } });
    expect(response.statusCode).toBe(400);
  });

  it("rejects an inactive account with 401", async () => {
    await t.make.makePerson({ email: "gone@example.com", active: false });
    const response = await t.request({ method: "POST", url: "/api/auth/login", payload: { email: "gone@example.com", password: TEST_PASSWORD } });
    expect(response.statusCode).toBe(401);
    expect(response.json()).toMatchObject({ login: false, unactive: true });
  });

  it("accepts a hash made by Zou's Python bcrypt", async () => {
    // Python's bcrypt writes "$2b$" hashes; bcryptjs reads them.
    const zouHash = bcrypt.hashSync("zou-password", 4).replace(/^\$2[ay]\$/, "$2b$");
    await t.make.makePerson({ email: "legacy@example.com", password: undefined });
    await t.db.query("update person set password = $1 where email = $2", [Buffer.from(zouHash), "legacy@example.com"]);
    const response = await t.request({ method: "POST", url: "/api/auth/login", payload: { email: "legacy@example.com", password: "zou-password" } });
    expect(response.statusCode).toBe(200);
  });

  it("locks the account after five failed attempts in a row", async () => {
    await t.make.makePerson({ email: "locked@example.com" });
    for (let attempt = 0; attempt < 5; attempt += 1) {
      await t.request({ method: "POST", url: "/api/auth/login", payload: { email: "locked@example.com", password: "bad" } });
    }
    const response = await t.request({ method: "POST", url: "/api/auth/login", payload: { email: "locked@example.com", password: TEST_PASSWORD } });
    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({ login: false, too_many_failed_login_attemps: true });
  });

  it("sets HttpOnly SameSite=Lax cookies for browsers only", async () => {
    await t.make.makePerson({ email: "browser@example.com" });
    const payload = { email: "browser@example.com", password: TEST_PASSWORD };
    const browser = await t.request({ method: "POST", url: "/api/auth/login", payload, headers: { "user-agent": "Mozilla/5.0 (X11; Linux x86_64) Firefox/130.0" } });
    const cookies = browser.cookies as { name: string; httpOnly?: boolean; sameSite?: string }[];
    const access = cookies.find((cookie) => cookie.name === "access_token_cookie");
    expect(access?.httpOnly).toBe(true);
    expect(access?.sameSite).toBe("Lax");
    expect(cookies.some((cookie) => cookie.name === "refresh_token_cookie")).toBe(true);

    const script = await t.request({ method: "POST", url: "/api/auth/login", payload, headers: { "user-agent": "python-requests/2.31" } });
    expect(script.cookies).toHaveLength(0);
  });

  it("records a login log row with the origin", async () => {
    const person = await t.make.makePerson({ email: "logged@example.com" });
    await t.request({ method: "POST", url: "/api/auth/login", payload: { email: "logged@example.com", password: TEST_PASSWORD }, headers: { "user-agent": "gazu/0.10" } });
    const rows = await t.db.query<{ origin: string }>("select origin from login_log where person_id = $1", [person.id]);
    expect(rows.map((row) => row.origin)).toEqual(["script"]);
  });
});

describe("logging in with a second factor", () => {
  it("asks for the TOTP code, rejects a wrong one and accepts the right one", async () => {
    const { totpCode } = await import("../../src/auth/totp.js");
    const secret = "JBSWY3DPEHPK3PXP";
    await t.make.makePerson({ email: "totp@example.com", totpEnabled: true, totpSecret: secret });
    const url = "/api/auth/login";

    const missing = await t.request({ method: "POST", url, payload: { email: "totp@example.com", password: TEST_PASSWORD } });
    expect(missing.statusCode).toBe(400);
    expect(missing.json()).toMatchObject({ login: false, missing_OTP: true });

    const wrong = await t.request({ method: "POST", url, payload: { email: "totp@example.com", password: TEST_PASSWORD, totp: "000000" === totpCode(secret) ? "111111" : "000000" } });
    expect(wrong.json()).toMatchObject({ login: false, wrong_OTP: true });

    const right = await t.request({ method: "POST", url, payload: { email: "totp@example.com", password: TEST_PASSWORD, totp: totpCode(secret) } });
    expect(right.statusCode).toBe(200);
  });

  it("computes RFC 6238's published SHA-1 test value", async () => {
    const { totpCode } = await import("../../src/auth/totp.js");
    // RFC 6238 appendix B: secret "12345678901234567890" (ASCII), time 59 s gives 94287082 (8 digits).
    const secret = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ";
    expect(totpCode(secret, 59_000)).toBe("287082");
  });

  it("blocks an account whose only second factor is one Kumiki cannot check", async () => {
    await t.make.makePerson({ email: "fido@example.com", fidoEnabled: true });
    const response = await t.request({ method: "POST", url: "/api/auth/login", payload: { email: "fido@example.com", password: TEST_PASSWORD, totp: "123456" } });
    expect(response.statusCode).toBe(400);
    expect(response.json().login).toBe(false);
  });
});

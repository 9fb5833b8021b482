import { eq } from "drizzle-orm";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { person } from "../../schema/people.js";
import { hashRecoveryCodes, storeRecoveryCodeHashes } from "../../src/auth/recovery-codes.js";
import { totpCode } from "../../src/auth/totp.js";
import { createTestApp, TEST_PASSWORD, type TestApp } from "../support/app.js";
import { loginAs, type LoggedIn } from "../support/roles.js";
import { kitsuRoute } from "../rest/kitsu/kitsu-routes.js";

// Authenticator app (TOTP) enrolment and recovery codes on Kitsu's profile
// page, and logging in with a recovery code.

let t: TestApp;
let outbox: string;

beforeAll(async () => {
  outbox = mkdtempSync(path.join(tmpdir(), "kumiki-totp-outbox-"));
  t = await createTestApp({ env: { KUMIKI_MAIL_OUTBOX: outbox } });
});

afterAll(async () => {
  await t.close();
  rmSync(outbox, { recursive: true, force: true });
});

async function secondFactorsOf(id: string) {
  const [row] = await t.db.orm
    .select({ totpEnabled: person.totpEnabled, totpSecret: person.totpSecret, preferred: person.preferredTwoFactorAuthentication })
    .from(person)
    .where(eq(person.id, id));
  const [codes] = await t.db.query<{ count: number | null }>("select cardinality(otp_recovery_codes) as count from person where id = $1", [id]);
  return { ...row, recoveryCodeCount: codes.count };
}

/** Returns a six-digit code that differs from every code accepted now. */
function wrongCode(secret: string): string {
  const accepted = new Set([-30_000, 0, 30_000].map((drift) => totpCode(secret, Date.now() + drift)));
  for (const candidate of ["000000", "111111", "222222", "333333"]) if (!accepted.has(candidate)) return candidate;
  throw new Error("no wrong code found");
}

async function enrol(session: LoggedIn): Promise<{ secret: string; codes: string[] }> {
  const started = await t.request({ method: "PUT", url: "/api/auth/totp", token: session.token });
  const secret = started.json().otp_secret as string;
  const enabled = await t.request({ method: "POST", url: "/api/auth/totp", token: session.token, payload: { totp: totpCode(secret) } });
  if (enabled.statusCode !== 200) throw new Error(`enrolment failed: ${enabled.body}`);
  return { secret, codes: enabled.json().otp_recovery_codes as string[] };
}

function login(email: string, extra: Record<string, unknown> = {}) {
  return t.request({ method: "POST", url: "/api/auth/login", payload: { email, password: TEST_PASSWORD, ...extra } });
}

describe("TOTP enrolment", () => {
  kitsuRoute("PUT", "/auth/totp", {
    succeeds: ["stores a secret and returns its provisioning URI", async () => {
      const session = await loginAs(t, "user");
      const response = await t.request({ method: "PUT", url: "/api/auth/totp", token: session.token });
      expect(response.statusCode).toBe(200);
      const body = response.json();
      expect(body.otp_secret).toMatch(/^[A-Z2-7]{32}$/);
      expect(body.totp_provisionning_uri).toBe(
        `otpauth://totp/Kitsu%20Kitsu:${encodeURIComponent(session.person.email!)}?secret=${body.otp_secret}&issuer=Kitsu%20Kitsu`,
      );
      const row = await secondFactorsOf(session.person.id);
      expect(row.totpSecret).toBe(body.otp_secret);
      expect(row.totpEnabled).toBe(false);
    }],
    fails: ["rejects a person with TOTP already on", async () => {
      const session = await loginAs(t, "user");
      const { secret } = await enrol(session);
      const response = await t.request({ method: "PUT", url: "/api/auth/totp", token: session.token });
      expect(response.statusCode).toBe(400);
      expect(response.json()).toEqual({ error: true, message: "TOTP already enabled." });
      expect((await secondFactorsOf(session.person.id)).totpSecret).toBe(secret);
    }],
  });

  kitsuRoute("POST", "/auth/totp", {
    succeeds: ["turns TOTP on and returns recovery codes", async () => {
      const session = await loginAs(t, "user");
      const started = await t.request({ method: "PUT", url: "/api/auth/totp", token: session.token });
      const secret = started.json().otp_secret as string;
      const response = await t.request({ method: "POST", url: "/api/auth/totp", token: session.token, payload: { totp: totpCode(secret) } });
      expect(response.statusCode).toBe(200);
      const body = response.json();
      expect(body.otp_recovery_codes).toHaveLength(16);
      for (const code of body.otp_recovery_codes) expect(code).toMatch(/^[A-Z0-9]{10}$/);
      expect(typeof body.access_token).toBe("string");
      expect(typeof body.refresh_token).toBe("string");

      const row = await secondFactorsOf(session.person.id);
      expect(row.totpEnabled).toBe(true);
      expect(row.preferred).toBe("totp");
      expect(row.recoveryCodeCount).toBe(16);
      expect((await login(session.person.email!)).json()).toMatchObject({ missing_OTP: true });
      expect((await login(session.person.email!, { totp: totpCode(secret) })).statusCode).toBe(200);
    }],
    fails: ["rejects a wrong code", async () => {
      const session = await loginAs(t, "user");
      const started = await t.request({ method: "PUT", url: "/api/auth/totp", token: session.token });
      const secret = started.json().otp_secret as string;
      const response = await t.request({ method: "POST", url: "/api/auth/totp", token: session.token, payload: { totp: wrongCode(secret) } });
      expect(response.statusCode).toBe(400);
      expect(response.json()).toEqual({ error: true, message: "TOTP verification failed.", wrong_OTP: true });
      expect((await secondFactorsOf(session.person.id)).totpEnabled).toBe(false);
      expect((await login(session.person.email!)).statusCode).toBe(200);
    }],
  });

  it("rejects a code before any secret was issued", async () => {
    const session = await loginAs(t, "user");
    const response = await t.request({ method: "POST", url: "/api/auth/totp", token: session.token, payload: { totp: "123456" } });
    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({ wrong_OTP: true });
  });

  it("rejects a missing code", async () => {
    const session = await loginAs(t, "user");
    const response = await t.request({ method: "POST", url: "/api/auth/totp", token: session.token, payload: {} });
    expect(response.statusCode).toBe(400);
    expect(JSON.stringify(response.json().data)).toContain("totp");
  });

  it("stores recovery codes only as hashes", async () => {
    const session = await loginAs(t, "user");
    const { codes } = await enrol(session);
    const [row] = await t.db.query<{ stored: string }>("select array_to_string(array(select convert_from(code, 'UTF8') from unnest(otp_recovery_codes) code), ' ') as stored from person where id = $1", [session.person.id]);
    for (const code of codes) expect(row.stored).not.toContain(code);
    expect(row.stored).toMatch(/^\$2[aby]\$/);
  });

  it("rejects a bot", async () => {
    const bot = await t.make.makePerson({ isBot: true });
    const token = (await t.services.tokens.issuePair(bot.id)).accessToken;
    const response = await t.request({ method: "PUT", url: "/api/auth/totp", token });
    expect(response.statusCode).toBe(403);
  });
});

describe("turning TOTP off", () => {
  kitsuRoute("DELETE", "/auth/totp", {
    succeeds: ["turns TOTP off with a valid code", async () => {
      const session = await loginAs(t, "user");
      const { secret } = await enrol(session);
      const response = await t.request({ method: "DELETE", url: "/api/auth/totp", token: session.token, payload: { totp: totpCode(secret) } });
      expect(response.statusCode).toBe(200);
      expect(response.json()).toEqual({ success: true });
      const row = await secondFactorsOf(session.person.id);
      expect(row).toEqual({ totpEnabled: false, totpSecret: null, preferred: null, recoveryCodeCount: null });
      expect((await login(session.person.email!)).statusCode).toBe(200);
    }],
    fails: ["rejects a wrong code", async () => {
      const session = await loginAs(t, "user");
      const { secret } = await enrol(session);
      const response = await t.request({ method: "DELETE", url: "/api/auth/totp", token: session.token, payload: { totp: wrongCode(secret) } });
      expect(response.statusCode).toBe(400);
      expect(response.json()).toEqual({ error: true, message: "OTP verification failed.", wrong_OTP: true });
      expect((await secondFactorsOf(session.person.id)).totpEnabled).toBe(true);
    }],
  });

  it("rejects a request without any code", async () => {
    const session = await loginAs(t, "user");
    await enrol(session);
    const response = await t.request({ method: "DELETE", url: "/api/auth/totp", token: session.token });
    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({ wrong_OTP: true });
    expect((await secondFactorsOf(session.person.id)).totpEnabled).toBe(true);
  });

  it("accepts a recovery code", async () => {
    const session = await loginAs(t, "user");
    const { codes } = await enrol(session);
    const response = await t.request({ method: "DELETE", url: "/api/auth/totp", token: session.token, payload: { recovery_code: codes[3] } });
    expect(response.statusCode).toBe(200);
    expect((await secondFactorsOf(session.person.id)).totpEnabled).toBe(false);
  });

  it("keeps recovery codes without TOTP", async () => {
    const session = await loginAs(t, "user");
    await t.db.orm.update(person).set({ emailOtpEnabled: true }).where(eq(person.id, session.person.id));
    await storeRecoveryCodeHashes(t.db, session.person.id, await hashRecoveryCodes(["AAAAAAAAAA"]));
    const response = await t.request({ method: "DELETE", url: "/api/auth/totp", token: session.token, payload: { recovery_code: "AAAAAAAAAA" } });
    expect(response.statusCode).toBe(400);
    expect(response.json()).toEqual({ error: true, message: "TOTP not enabled." });
    expect((await secondFactorsOf(session.person.id)).recoveryCodeCount).toBe(1);
  });

  it("answers that TOTP is not enabled", async () => {
    const session = await loginAs(t, "user");
    const response = await t.request({ method: "DELETE", url: "/api/auth/totp", token: session.token, payload: { totp: "123456" } });
    expect(response.statusCode).toBe(400);
    expect(response.json()).toEqual({ error: true, message: "TOTP not enabled." });
  });
});

describe("recovery codes", () => {
  kitsuRoute("PUT", "/auth/recovery-codes", {
    succeeds: ["replaces the codes after a TOTP check", async () => {
      const session = await loginAs(t, "user");
      const { secret, codes: oldCodes } = await enrol(session);
      const response = await t.request({ method: "PUT", url: "/api/auth/recovery-codes", token: session.token, payload: { totp: totpCode(secret) } });
      expect(response.statusCode).toBe(200);
      const newCodes = response.json().otp_recovery_codes as string[];
      expect(newCodes).toHaveLength(16);
      expect(newCodes).not.toContain(oldCodes[0]);

      expect((await login(session.person.email!, { recovery_code: oldCodes[0] })).statusCode).toBe(400);
      expect((await login(session.person.email!, { recovery_code: newCodes[0] })).statusCode).toBe(200);
    }],
    fails: ["rejects a wrong code", async () => {
      const session = await loginAs(t, "user");
      const { secret, codes } = await enrol(session);
      const response = await t.request({ method: "PUT", url: "/api/auth/recovery-codes", token: session.token, payload: { totp: wrongCode(secret) } });
      expect(response.statusCode).toBe(400);
      expect(response.json()).toEqual({ error: true, message: "OTP verification failed.", wrong_OTP: true });
      expect((await login(session.person.email!, { recovery_code: codes[0] })).statusCode).toBe(200);
    }],
  });

  it("rejects a person without a second factor", async () => {
    const session = await loginAs(t, "user");
    const response = await t.request({ method: "PUT", url: "/api/auth/recovery-codes", token: session.token, payload: { totp: "123456" } });
    expect(response.statusCode).toBe(400);
    expect(response.json()).toEqual({ error: true, message: "No two factor authentication enabled." });
  });

  it("opens a login once only", async () => {
    const session = await loginAs(t, "user");
    const { codes } = await enrol(session);
    const first = await login(session.person.email!, { recovery_code: codes[5] });
    expect(first.statusCode).toBe(200);
    expect(first.json().login).toBe(true);

    const second = await login(session.person.email!, { recovery_code: codes[5] });
    expect(second.statusCode).toBe(400);
    expect(second.json()).toMatchObject({ login: false, wrong_OTP: true });
    expect((await secondFactorsOf(session.person.id)).recoveryCodeCount).toBe(15);
  });

  it("works once under parallel logins", async () => {
    const session = await loginAs(t, "user");
    const { codes } = await enrol(session);
    const responses = await Promise.all([0, 1, 2].map(() => login(session.person.email!, { recovery_code: codes[7] })));
    expect(responses.filter((response) => response.statusCode === 200)).toHaveLength(1);
  });

  it("lists methods when a code is missing", async () => {
    const session = await loginAs(t, "user");
    await enrol(session);
    const response = await login(session.person.email!);
    expect(response.statusCode).toBe(400);
    expect(response.json()).toEqual({
      error: true,
      login: false,
      missing_OTP: true,
      preferred_two_factor_authentication: "totp",
      two_factor_authentication_enabled: ["recovery_code", "totp"],
    });
  });

  it("opens an account with email codes", async () => {
    const owner = await t.make.makePerson({ emailOtpEnabled: true });
    await storeRecoveryCodeHashes(t.db, owner.id, await hashRecoveryCodes(["BBBBBBBBBB", "CCCCCCCCCC"]));
    expect((await login(owner.email!)).json()).toMatchObject({ missing_OTP: true });
    expect((await login(owner.email!, { recovery_code: "CCCCCCCCCC" })).statusCode).toBe(200);
  });

  it("rejects an unknown recovery code at login", async () => {
    const session = await loginAs(t, "user");
    await enrol(session);
    const response = await login(session.person.email!, { recovery_code: "ZZZZZZZZZZ" });
    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({ wrong_OTP: true });
  });
});

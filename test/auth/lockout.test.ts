import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { passwordCheckCount } from "../../src/auth/passwords.js";
import { createTestApp, TEST_PASSWORD, type TestApp } from "../support/app.js";

// Zou's lockout: five failed logins in a row lock the account for a minute,
// a wrong second factor counts as a failed login, and once the minute has
// passed the counter starts again from zero.

let t: TestApp;

beforeAll(async () => {
  t = await createTestApp();
});

afterAll(async () => {
  await t.close();
});

function login(email: string, password: string, totp?: string) {
  return t.request({ method: "POST", url: "/api/auth/login", payload: totp === undefined ? { email, password } : { email, password, totp } });
}

async function failedAttemptsOf(email: string): Promise<number> {
  const [row] = await t.db.query<{ count: number }>("select login_failed_attemps as count from person where email = $1", [email]);
  return row.count;
}

describe("login lockout", () => {
  it("counts every one of parallel failures", async () => {
    const person = await t.make.makePerson();
    const attempts = Array.from({ length: 20 }, (_, index) => login(person.email!, `wrong-${index}`));
    await Promise.all(attempts);

    expect(await failedAttemptsOf(person.email!)).toBeGreaterThanOrEqual(5);
    const afterStorm = await login(person.email!, TEST_PASSWORD);
    expect(afterStorm.json()).toMatchObject({ too_many_failed_login_attemps: true });
  });

  it("starts a fresh count after the lock expires", async () => {
    const person = await t.make.makePerson();
    const twoMinutesAgo = new Date(Date.now() - 2 * 60 * 1000);
    await t.db.query("update person set login_failed_attemps = 5, last_login_failed = $1 where id = $2", [twoMinutesAgo.toISOString().replace("T", " ").replace("Z", ""), person.id]);

    const wrong = await login(person.email!, "not-the-password");
    expect(wrong.json()).toEqual({ login: false });

    const right = await login(person.email!, TEST_PASSWORD);
    expect(right.statusCode).toBe(200);
  });

  it("counts a wrong TOTP code as a failure", async () => {
    const person = await t.make.makePerson({ totpEnabled: true, totpSecret: "JBSWY3DPEHPK3PXP" });
    for (let attempt = 0; attempt < 5; attempt += 1) {
      const response = await login(person.email!, TEST_PASSWORD, "000000");
      expect(response.json()).toMatchObject({ wrong_OTP: true });
    }

    expect(await failedAttemptsOf(person.email!)).toBe(5);
    const sixth = await login(person.email!, TEST_PASSWORD, "000000");
    expect(sixth.json()).toMatchObject({ too_many_failed_login_attemps: true });
  });
});

describe("login input", () => {
  it("rejects a NUL byte in the email with 400", async () => {
    const response = await login("admin\u0000@example.com", "x");
    expect(response.statusCode).toBe(400);
    expect(response.json()).toEqual({ login: false });
  });

  it("checks a password hash for an unknown email too", async () => {
    // Zou spends a password check when no account matches, so response
    // times do not tell which addresses exist.
    const before = passwordCheckCount();
    await login("nobody-at-all@example.com", "not-the-password");
    expect(passwordCheckCount()).toBe(before + 1);
  });
});

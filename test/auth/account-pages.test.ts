import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createTestApp, TEST_PASSWORD, type TestApp } from "../support/app.js";
import { loginAs, type LoggedIn } from "../support/roles.js";
import { makeSeedWorld, UNKNOWN_ID, type SeedWorld } from "../support/seed-b.world.js";
import { kitsuRoute } from "../rest/kitsu/kitsu-routes.js";

// Kitsu's password pages: changing one's own password, the forgotten
// password form and its emailed token, and the reset link an admin shares.
// Mail goes to an outbox folder of .eml files, which the tests read.

let t: TestApp;
let w: SeedWorld;
let outbox: string;

beforeAll(async () => {
  outbox = mkdtempSync(path.join(tmpdir(), "kumiki-account-outbox-"));
  t = await createTestApp({ env: { KUMIKI_MAIL_OUTBOX: outbox, DOMAIN_NAME: "kitsu.example.com", DOMAIN_PROTOCOL: "https" } });
  w = await makeSeedWorld(t);
});

afterAll(async () => {
  await t.close();
  rmSync(outbox, { recursive: true, force: true });
});

beforeEach(() => {
  for (const file of readdirSync(outbox)) rmSync(path.join(outbox, file));
});

function outboxMessages(): string[] {
  return readdirSync(outbox)
    .sort()
    .map((file) => readFileSync(path.join(outbox, file), "utf8"));
}

/** Reads the token of the newest reset link in the outbox. */
function tokenFromOutbox(): string {
  const messages = outboxMessages();
  const link = /reset-change-password\?(\S+)/.exec(messages[messages.length - 1] ?? "");
  if (link === null) throw new Error(`no reset link in the outbox: ${messages.length} messages`);
  return new URLSearchParams(link[1]).get("token") ?? "";
}

async function freshPerson(values: Record<string, unknown> = {}): Promise<LoggedIn> {
  return loginAs(t, "user", values);
}

async function loginStatus(email: string, password: string): Promise<number> {
  const response = await t.request({ method: "POST", url: "/api/auth/login", payload: { email, password } });
  return response.statusCode;
}

function changePassword(session: LoggedIn, payload: Record<string, unknown>) {
  return t.request({ method: "POST", url: "/api/auth/change-password", token: session.token, payload });
}

describe("own password change", () => {
  kitsuRoute("POST", "/auth/change-password", {
    succeeds: ["sets the new password once the old one matches", async () => {
      const session = await freshPerson();
      const response = await changePassword(session, { old_password: TEST_PASSWORD, password: "new-password-1", password_2: "new-password-1" });
      expect(response.statusCode).toBe(200);
      expect(response.json()).toEqual({ success: true });
      expect(await loginStatus(session.person.email!, "new-password-1")).toBe(200);
      expect(await loginStatus(session.person.email!, TEST_PASSWORD)).toBe(400);
    }],
    fails: ["rejects a wrong old password", async () => {
      const session = await freshPerson();
      const response = await changePassword(session, { old_password: "not-my-password", password: "new-password-1", password_2: "new-password-1" });
      expect(response.statusCode).toBe(400);
      expect(response.json()).toEqual({ error: true, message: "Old password is wrong." });
      expect(await loginStatus(session.person.email!, TEST_PASSWORD)).toBe(200);
    }],
  });

  it("rejects a mismatched confirmation", async () => {
    const session = await freshPerson();
    const response = await changePassword(session, { old_password: TEST_PASSWORD, password: "new-password-1", password_2: "new-password-2" });
    expect(response.statusCode).toBe(400);
    expect(response.json()).toEqual({ error: true, message: "Confirmation password doesn't match." });
    expect(await loginStatus(session.person.email!, TEST_PASSWORD)).toBe(200);
  });

  it("rejects a too short password", async () => {
    const session = await freshPerson();
    const response = await changePassword(session, { old_password: TEST_PASSWORD, password: "short", password_2: "short" });
    expect(response.statusCode).toBe(400);
    expect(response.json()).toEqual({ error: true, message: "Password is too short." });
    expect(await loginStatus(session.person.email!, TEST_PASSWORD)).toBe(200);
  });

  it("rejects a missing confirmation field", async () => {
    const session = await freshPerson();
    const response = await changePassword(session, { old_password: TEST_PASSWORD, password: "new-password-1" });
    expect(response.statusCode).toBe(400);
    expect(response.json().message).toBe("Validation error.");
    expect(JSON.stringify(response.json().data)).toContain("password_2");
  });

  it("locks after repeated wrong old passwords", async () => {
    const session = await freshPerson();
    const statuses: string[] = [];
    for (let attempt = 0; attempt < 6; attempt += 1) {
      const response = await changePassword(session, { old_password: "guess", password: "new-password-1", password_2: "new-password-1" });
      statuses.push(response.json().message as string);
    }
    expect(statuses.slice(0, 5).every((message) => message === "Old password is wrong.")).toBe(true);
    expect(statuses[5]).toBe("Too many failed login attempts.");
    const right = await changePassword(session, { old_password: TEST_PASSWORD, password: "new-password-1", password_2: "new-password-1" });
    expect(right.json()).toMatchObject({ error: true, too_many_failed_login_attemps: true });
  });

  it("emails the owner that the password changed", async () => {
    const session = await freshPerson();
    await changePassword(session, { old_password: TEST_PASSWORD, password: "new-password-1", password_2: "new-password-1" });
    const messages = outboxMessages();
    expect(messages).toHaveLength(1);
    expect(messages[0]).toContain(`To: ${session.person.email}`);
    expect(messages[0]).toContain("password was changed");
    expect(messages[0]).not.toContain("new-password-1");
  });

  it("rejects a bot", async () => {
    const response = await changePassword(w.bot, { old_password: TEST_PASSWORD, password: "new-password-1", password_2: "new-password-1" });
    expect(response.statusCode).toBe(403);
  });
});

describe("password reset by email", () => {
  kitsuRoute("POST", "/auth/reset-password", {
    succeeds: ["writes a reset link to the outbox", async () => {
      const session = await freshPerson();
      const response = await t.request({ method: "POST", url: "/api/auth/reset-password", payload: { email: session.person.email } });
      expect(response.statusCode).toBe(200);
      expect(response.json()).toEqual({ success: "Reset token sent" });
      const messages = outboxMessages();
      expect(messages).toHaveLength(1);
      expect(messages[0]).toContain(`To: ${session.person.email}`);
      expect(messages[0]).toContain("https://kitsu.example.com/reset-change-password?email=");
      expect(tokenFromOutbox()).toMatch(/^[A-Z0-9]{64}$/);
    }],
    fails: ["rejects a request without an email", async () => {
      const response = await t.request({ method: "POST", url: "/api/auth/reset-password", payload: {} });
      expect(response.statusCode).toBe(400);
      expect(JSON.stringify(response.json().data)).toContain("email");
      expect(outboxMessages()).toHaveLength(0);
    }],
  });

  it("answers the same for an unknown email", async () => {
    const response = await t.request({ method: "POST", url: "/api/auth/reset-password", payload: { email: "nobody@example.com" } });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ success: "Reset token sent" });
    expect(outboxMessages()).toHaveLength(0);
  });

  it("sends one email per minute", async () => {
    const session = await freshPerson();
    for (let request = 0; request < 3; request += 1) {
      const response = await t.request({ method: "POST", url: "/api/auth/reset-password", payload: { email: session.person.email } });
      expect(response.json()).toEqual({ success: "Reset token sent" });
    }
    expect(outboxMessages()).toHaveLength(1);
  });

  it("ignores an email with a NUL byte", async () => {
    const requested = await t.request({ method: "POST", url: "/api/auth/reset-password", payload: { email: "a\u0000b@example.com" } });
    expect(requested.statusCode).toBe(200);
    expect(outboxMessages()).toHaveLength(0);

    const reset = await t.request({ method: "PUT", url: "/api/auth/reset-password", payload: { email: "a\u0000b@example.com", token: "T", password: "reset-password-1", password2: "reset-password-1" } });
    expect(reset.statusCode).toBe(400);
    expect(reset.json()).toEqual({ error: true, message: "Wrong or expired token." });
  });

  it("sends nothing to an inactive person", async () => {
    const inactive = await t.make.makePerson({ active: false });
    const response = await t.request({ method: "POST", url: "/api/auth/reset-password", payload: { email: inactive.email } });
    expect(response.json()).toEqual({ success: "Reset token sent" });
    expect(outboxMessages()).toHaveLength(0);
  });

  it("writes outbox files readable by the owner only", async () => {
    const session = await freshPerson();
    await t.request({ method: "POST", url: "/api/auth/reset-password", payload: { email: session.person.email } });
    const [file] = readdirSync(outbox);
    expect(statSync(path.join(outbox, file)).mode & 0o077).toBe(0);
  });

  kitsuRoute("PUT", "/auth/reset-password", {
    succeeds: ["sets the new password with the emailed token", async () => {
      const session = await freshPerson();
      await t.request({ method: "POST", url: "/api/auth/reset-password", payload: { email: session.person.email } });
      const token = tokenFromOutbox();
      const response = await t.request({
        method: "PUT",
        url: "/api/auth/reset-password",
        payload: { email: session.person.email, token, password: "reset-password-1", password2: "reset-password-1" },
      });
      expect(response.statusCode).toBe(200);
      expect(response.json()).toEqual({ success: true });
      expect(await loginStatus(session.person.email!, "reset-password-1")).toBe(200);
    }],
    fails: ["rejects a wrong token", async () => {
      const session = await freshPerson();
      await t.request({ method: "POST", url: "/api/auth/reset-password", payload: { email: session.person.email } });
      const response = await t.request({
        method: "PUT",
        url: "/api/auth/reset-password",
        payload: { email: session.person.email, token: "A".repeat(64), password: "reset-password-1", password2: "reset-password-1" },
      });
      expect(response.statusCode).toBe(400);
      expect(response.json()).toEqual({ error: true, message: "Wrong or expired token." });
      expect(await loginStatus(session.person.email!, TEST_PASSWORD)).toBe(200);
    }],
  });

  it("refuses a reused token", async () => {
    const session = await freshPerson();
    await t.request({ method: "POST", url: "/api/auth/reset-password", payload: { email: session.person.email } });
    const token = tokenFromOutbox();
    const payload = { email: session.person.email, token, password: "reset-password-1", password2: "reset-password-1" };
    expect((await t.request({ method: "PUT", url: "/api/auth/reset-password", payload })).statusCode).toBe(200);

    const again = await t.request({ method: "PUT", url: "/api/auth/reset-password", payload: { ...payload, password: "reset-password-2", password2: "reset-password-2" } });
    expect(again.statusCode).toBe(400);
    expect(again.json()).toEqual({ error: true, message: "Wrong or expired token." });
    expect(await loginStatus(session.person.email!, "reset-password-1")).toBe(200);
  });

  it("refuses an expired token", async () => {
    const session = await freshPerson();
    await t.request({ method: "POST", url: "/api/auth/reset-password", payload: { email: session.person.email } });
    const token = tokenFromOutbox();
    // Moves the stored expiry into the past, as two hours passing would.
    await t.db.query(
      `update kumiki_setting
          set value = jsonb_build_object('tokens', (select jsonb_agg(entry || jsonb_build_object('expiresAt', '2000-01-01T00:00:00.000Z')) from jsonb_array_elements(value->'tokens') entry))
        where key = $1`,
      [`password-reset:${session.person.id}`],
    );
    const response = await t.request({
      method: "PUT",
      url: "/api/auth/reset-password",
      payload: { email: session.person.email, token, password: "reset-password-1", password2: "reset-password-1" },
    });
    expect(response.statusCode).toBe(400);
    expect(response.json()).toEqual({ error: true, message: "Wrong or expired token." });
    expect(await loginStatus(session.person.email!, TEST_PASSWORD)).toBe(200);
  });

  it("keeps the token when the new password is too short", async () => {
    const session = await freshPerson();
    await t.request({ method: "POST", url: "/api/auth/reset-password", payload: { email: session.person.email } });
    const token = tokenFromOutbox();
    const short = await t.request({ method: "PUT", url: "/api/auth/reset-password", payload: { email: session.person.email, token, password: "short", password2: "short" } });
    expect(short.statusCode).toBe(400);
    expect(short.json()).toEqual({ error: true, message: "Password is too short." });

    const mismatched = await t.request({ method: "PUT", url: "/api/auth/reset-password", payload: { email: session.person.email, token, password: "reset-password-1", password2: "reset-password-2" } });
    expect(mismatched.json()).toEqual({ error: true, message: "Confirmation password doesn't match." });

    const right = await t.request({ method: "PUT", url: "/api/auth/reset-password", payload: { email: session.person.email, token, password: "reset-password-1", password2: "reset-password-1" } });
    expect(right.statusCode).toBe(200);
  });

  it("refuses a token issued for another person", async () => {
    const owner = await freshPerson();
    const other = await freshPerson();
    await t.request({ method: "POST", url: "/api/auth/reset-password", payload: { email: owner.person.email } });
    const token = tokenFromOutbox();
    const response = await t.request({ method: "PUT", url: "/api/auth/reset-password", payload: { email: other.person.email, token, password: "reset-password-1", password2: "reset-password-1" } });
    expect(response.statusCode).toBe(400);
    expect(await loginStatus(other.person.email!, TEST_PASSWORD)).toBe(200);
  });
});

describe("reset link for an admin to share", () => {
  function resetLink(session: LoggedIn, personId: string) {
    return t.request({ method: "POST", url: `/api/actions/persons/${personId}/reset-password-link`, token: session.token });
  }

  kitsuRoute("POST", "/actions/persons/{person_id}/reset-password-link", {
    succeeds: ["returns a link whose token sets the password", async () => {
      const target = await freshPerson();
      const response = await resetLink(w.admin, target.person.id);
      expect(response.statusCode).toBe(200);
      const link = new URL(response.json().reset_password_link as string);
      expect(`${link.origin}${link.pathname}`).toBe("https://kitsu.example.com/reset-change-password");
      expect(link.searchParams.get("email")).toBe(target.person.email);

      const reset = await t.request({
        method: "PUT",
        url: "/api/auth/reset-password",
        payload: { email: target.person.email, token: link.searchParams.get("token"), password: "shared-link-1", password2: "shared-link-1" },
      });
      expect(reset.statusCode).toBe(200);
      expect(await loginStatus(target.person.email!, "shared-link-1")).toBe(200);
    }],
    fails: ["rejects a non-admin asking for someone else", async () => {
      const target = await freshPerson();
      for (const session of [w.manager, w.artist, w.client]) {
        const response = await resetLink(session, target.person.id);
        expect(response.statusCode, session.person.role).toBe(403);
      }
    }],
  });

  it("rejects a malformed id", async () => {
    const response = await resetLink(w.admin, "not-an-id");
    expect(response.statusCode).toBe(400);
    expect(response.json().message).toBe("Malformed ID.");
  });

  it("rejects an unknown id", async () => {
    const response = await resetLink(w.admin, UNKNOWN_ID);
    expect(response.statusCode).toBe(404);
  });

  it("rejects a bot", async () => {
    const response = await resetLink(w.admin, w.bot.person.id);
    expect(response.statusCode).toBe(403);
  });

  it("refuses another admin who has a password", async () => {
    const otherAdmin = await loginAs(t, "admin");
    const response = await resetLink(w.admin, otherAdmin.person.id);
    expect(response.statusCode).toBe(400);
    expect(response.json()).toEqual({ error: true, message: "An admin can't change another admin's password." });
  });

  it("keeps an emailed token valid", async () => {
    const target = await freshPerson();
    await t.request({ method: "POST", url: "/api/auth/reset-password", payload: { email: target.person.email } });
    const emailed = tokenFromOutbox();
    expect((await resetLink(w.admin, target.person.id)).statusCode).toBe(200);
    const reset = await t.request({ method: "PUT", url: "/api/auth/reset-password", payload: { email: target.person.email, token: emailed, password: "emailed-link-1", password2: "emailed-link-1" } });
    expect(reset.statusCode).toBe(200);
  });
});

describe("OIDC sign-on", () => {
  kitsuRoute("GET", "/auth/oidc/login", {
    succeeds: ["answers that OIDC is not enabled", async () => {
      const response = await t.request({ method: "GET", url: "/api/auth/oidc/login" });
      expect(response.statusCode).toBe(400);
      expect(response.json()).toEqual({ error: "OIDC is not enabled." });
    }],
    fails: ["never redirects to a provider", async () => {
      const response = await t.request({ method: "GET", url: "/api/auth/oidc/login", token: w.admin.token });
      expect(response.statusCode).not.toBe(302);
      expect(response.headers.location).toBeUndefined();
    }],
  });
});

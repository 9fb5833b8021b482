import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect } from "vitest";
import { person } from "../../../schema/people.js";
import { createTestApp, type TestApp } from "../../support/app.js";
import { makeSeedWorld, type SeedWorld } from "../../support/seed-b.world.js";
import { kitsuRoute } from "./kitsu-routes.js";

// Security keys (FIDO) and codes by email are not supported: every call gets
// Zou's refusal for a method that is not set up, and the person's row keeps
// its second factors off.

let t: TestApp;
let w: SeedWorld;

beforeAll(async () => {
  t = await createTestApp();
  w = await makeSeedWorld(t);
});

afterAll(async () => {
  await t.close();
});

async function secondFactorsOf(id: string) {
  const [row] = await t.db.orm.select({ fidoEnabled: person.fidoEnabled, emailOtpEnabled: person.emailOtpEnabled }).from(person).where(eq(person.id, id));
  return row;
}

describe("security keys", () => {
  kitsuRoute("GET", "/auth/fido", {
    succeeds: ["answers that FIDO is not enabled for the account", async () => {
      const response = await t.request({ method: "GET", url: `/api/auth/fido?email=${encodeURIComponent(w.artist.person.email!)}` });
      expect(response.statusCode).toBe(400);
      expect(response.json()).toEqual({ error: true, message: "FIDO not enabled." });
    }],
    fails: ["rejects a request without an email", async () => {
      const response = await t.request({ method: "GET", url: "/api/auth/fido" });
      expect(response.statusCode).toBe(400);
      expect(response.json().message).not.toBe("FIDO not enabled.");
    }],
  });

  kitsuRoute("PUT", "/auth/fido", {
    succeeds: ["refuses to start a registration", async () => {
      const response = await t.request({ method: "PUT", url: "/api/auth/fido", token: w.artist.token });
      expect(response.statusCode).toBe(400);
      expect(response.json()).toEqual({ error: true, message: "FIDO not enabled." });
      expect((await secondFactorsOf(w.artist.person.id)).fidoEnabled).toBe(false);
    }],
    fails: ["rejects a bot", async () => {
      const response = await t.request({ method: "PUT", url: "/api/auth/fido", token: w.bot.token });
      expect(response.statusCode).toBe(403);
    }],
  });

  kitsuRoute("POST", "/auth/fido", {
    succeeds: ["answers that no registration was started", async () => {
      const response = await t.request({ method: "POST", url: "/api/auth/fido", token: w.artist.token, payload: { registration_response: { id: "key" }, device_name: "YubiKey" } });
      expect(response.statusCode).toBe(400);
      expect(response.json()).toEqual({ error: true, message: "No preregistration before." });
      expect((await secondFactorsOf(w.artist.person.id)).fidoEnabled).toBe(false);
    }],
    fails: ["rejects a body without a device name", async () => {
      const response = await t.request({ method: "POST", url: "/api/auth/fido", token: w.artist.token, payload: { registration_response: {} } });
      expect(response.statusCode).toBe(400);
      expect(response.json().message).toBe("Validation error.");
    }],
  });

  kitsuRoute("DELETE", "/auth/fido", {
    succeeds: ["answers that FIDO is not enabled", async () => {
      const response = await t.request({ method: "DELETE", url: "/api/auth/fido", token: w.manager.token, payload: { device_name: "YubiKey", totp: "123456" } });
      expect(response.statusCode).toBe(400);
      expect(response.json()).toEqual({ error: true, message: "FIDO not enabled." });
    }],
    fails: ["rejects a body without a device name", async () => {
      const response = await t.request({ method: "DELETE", url: "/api/auth/fido", token: w.manager.token, payload: {} });
      expect(response.statusCode).toBe(400);
      expect(response.json().message).toBe("Validation error.");
    }],
  });
});

describe("codes by email", () => {
  kitsuRoute("PUT", "/auth/email-otp", {
    succeeds: ["refuses to start codes by email", async () => {
      const response = await t.request({ method: "PUT", url: "/api/auth/email-otp", token: w.artist.token });
      expect(response.statusCode).toBe(400);
      expect(response.json()).toEqual({ error: true, message: "OTP by email not enabled." });
      expect((await secondFactorsOf(w.artist.person.id)).emailOtpEnabled).toBe(false);
    }],
    fails: ["rejects a bot", async () => {
      const response = await t.request({ method: "PUT", url: "/api/auth/email-otp", token: w.bot.token });
      expect(response.statusCode).toBe(403);
    }],
  });

  kitsuRoute("POST", "/auth/email-otp", {
    succeeds: ["reports the code as wrong", async () => {
      const response = await t.request({ method: "POST", url: "/api/auth/email-otp", token: w.artist.token, payload: { email_otp: "123456" } });
      expect(response.statusCode).toBe(400);
      expect(response.json()).toEqual({ error: true, message: "OTP by email verification failed.", wrong_OTP: true });
      expect((await secondFactorsOf(w.artist.person.id)).emailOtpEnabled).toBe(false);
    }],
    fails: ["rejects a body without a code", async () => {
      const response = await t.request({ method: "POST", url: "/api/auth/email-otp", token: w.artist.token, payload: {} });
      expect(response.statusCode).toBe(400);
      expect(response.json().message).toBe("Validation error.");
    }],
  });

  kitsuRoute("DELETE", "/auth/email-otp", {
    succeeds: ["answers that codes by email are not enabled", async () => {
      const response = await t.request({ method: "DELETE", url: "/api/auth/email-otp", token: w.supervisor.token, payload: { totp: "123456" } });
      expect(response.statusCode).toBe(400);
      expect(response.json()).toEqual({ error: true, message: "OTP by email not enabled." });
    }],
    fails: ["rejects a bot", async () => {
      const response = await t.request({ method: "DELETE", url: "/api/auth/email-otp", token: w.bot.token });
      expect(response.statusCode).toBe(403);
    }],
  });
});

describe("second factors disabled by an admin", () => {
  kitsuRoute("DELETE", "/actions/persons/{person_id}/disable-two-factor-authentication", {
    succeeds: ["turns off the person's authenticator app", async () => {
      await t.db.orm.update(person).set({ totpEnabled: true, totpSecret: "JBSWY3DPEHPK3PXP", preferredTwoFactorAuthentication: "totp" }).where(eq(person.id, w.artist.person.id));
      const response = await t.request({ method: "DELETE", url: `/api/actions/persons/${w.artist.person.id}/disable-two-factor-authentication`, token: w.admin.token });
      expect(response.statusCode).toBe(200);
      expect(response.json()).toEqual({ success: true });
      const [row] = await t.db.orm.select({ totpEnabled: person.totpEnabled, totpSecret: person.totpSecret }).from(person).where(eq(person.id, w.artist.person.id));
      expect(row.totpEnabled).toBe(false);
      expect(row.totpSecret).toBeNull();
    }],
    fails: ["answers 400 when no second factor is on", async () => {
      const response = await t.request({ method: "DELETE", url: `/api/actions/persons/${w.supervisor.person.id}/disable-two-factor-authentication`, token: w.admin.token });
      expect(response.statusCode).toBe(400);
      expect(response.json()).toEqual({ error: true, message: "Two factor authentication not enabled for this user." });
    }],
  });

  kitsuRoute("DELETE", "/actions/persons/{person_id}/disable-two-factor-authentication", {
    succeeds: ["lets an admin turn off their own", async () => {
      await t.db.orm.update(person).set({ totpEnabled: true, totpSecret: "JBSWY3DPEHPK3PXP" }).where(eq(person.id, w.admin.person.id));
      const response = await t.request({ method: "DELETE", url: `/api/actions/persons/${w.admin.person.id}/disable-two-factor-authentication`, token: w.admin.token });
      expect(response.statusCode).toBe(200);
    }],
    fails: ["rejects a manager", async () => {
      await t.db.orm.update(person).set({ totpEnabled: true, totpSecret: "JBSWY3DPEHPK3PXP" }).where(eq(person.id, w.artist.person.id));
      const response = await t.request({ method: "DELETE", url: `/api/actions/persons/${w.artist.person.id}/disable-two-factor-authentication`, token: w.manager.token });
      expect(response.statusCode).toBe(403);
      const [row] = await t.db.orm.select({ totpEnabled: person.totpEnabled }).from(person).where(eq(person.id, w.artist.person.id));
      expect(row.totpEnabled).toBe(true);
    }],
  });
});

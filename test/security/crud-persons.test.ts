import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../support/app.js";
import { loginAs } from "../support/roles.js";

// PUT /data/persons/{id}: Zou's person resource validates the email,
// contract type and locale of an update (update_data) and returns 400
// rather than storing a value that breaks later reads and logins.

let t: TestApp;

beforeAll(async () => {
  t = await createTestApp();
});

afterAll(async () => {
  await t.close();
});

describe("person update values", () => {
  const cases: [string, Record<string, unknown>, string][] = [
    ["malformed email", { email: "not-an-email" }, "email"],
    ["unknown contract type", { contract_type: "pirate" }, "contract_type"],
    ["unknown locale", { locale: "zz_ZZ" }, "locale"],
  ];
  for (const [label, payload, column] of cases) {
    it(`rejects ${label}`, async () => {
      const admin = await loginAs(t, "admin");
      const person = await t.make.makePerson({ role: "user" });

      const response = await t.request({ method: "PUT", url: `/api/data/persons/${person.id}`, token: admin.token, payload });
      expect(response.statusCode, response.body).toBe(400);
      const [row] = await t.db.query<Record<string, unknown>>(`select ${column} as value from person where id = $1`, [person.id]);
      expect(row.value).not.toBe(payload[column]);
    });
  }
});

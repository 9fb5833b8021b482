import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../support/app.js";
import { loginAs } from "../support/roles.js";

// Contact details in the person graph. Zou sends non-managers the minimal
// person view (names, avatar, role, departments), without email or phone,
// and Kumiki's own /data/persons does the same.

let t: TestApp;

beforeAll(async () => {
  t = await createTestApp();
});

afterAll(async () => {
  await t.close();
});

describe("person contact details", () => {
  for (const role of ["vendor", "client", "user"]) {
    it(`hidden from a ${role}`, async () => {
      const viewer = await loginAs(t, role);
      const other = await t.make.makePerson({ role: "user", phone: "+33 6 00 00 00 00" });

      const rest = await t.request({ method: "GET", url: `/api/data/persons/${other.id}`, token: viewer.token });
      expect(rest.statusCode).toBe(200);
      expect(rest.json()).not.toHaveProperty("email");

      const { body } = await t.graphql(`query($id: ID!) { person(id: $id) { email phone } }`, { token: viewer.token, variables: { id: other.id } });
      const shown = body.data?.person as { email: string | null; phone: string | null } | undefined;
      expect(shown?.email ?? null).toBeNull();
      expect(shown?.phone ?? null).toBeNull();
    });
  }
});

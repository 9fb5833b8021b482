import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { department, departmentLink, person } from "../../../schema/people.js";
import { dayOff } from "../../../schema/schedules.js";
import { createTestApp, TEST_PASSWORD, type TestApp } from "../../support/app.js";
import { gazuRoute } from "../../support/gazu-routes.js";
import { loginAs } from "../../support/roles.js";
import { expectZouObject, makeSeedWorld, UNKNOWN_ID, type SeedWorld } from "../../support/seed-b.world.js";

// Authentication, persons, departments and days off as gazu's person and
// client modules call them.

let t: TestApp;
let w: SeedWorld;

beforeAll(async () => {
  t = await createTestApp();
  w = await makeSeedWorld(t);
});

afterAll(async () => {
  await t.close();
});

describe("authentication", () => {
  gazuRoute("POST", "/auth/login", {
    succeeds: ["returns the tokens gazu stores", async () => {
      const response = await t.request({ method: "POST", url: "/api/auth/login", payload: { email: w.artist.person.email, password: TEST_PASSWORD } });
      expect(response.statusCode).toBe(200);
      const body = response.json();
      expect(body.login).toBe(true);
      expect(typeof body.access_token).toBe("string");
      expect(typeof body.refresh_token).toBe("string");
      expect(body.user.id).toBe(w.artist.person.id);
    }],
    fails: ["rejects an empty email as gazu's host check expects", async () => {
      const response = await t.request({ method: "POST", url: "/api/auth/login", payload: { email: "" } });
      expect([400, 401]).toContain(response.statusCode);
    }],
  });

  gazuRoute("GET", "/auth/authenticated", {
    succeeds: ["returns the user and the organisation", async () => {
      const response = await t.request({ method: "GET", url: "/api/auth/authenticated", token: w.artist.token });
      expect(response.statusCode).toBe(200);
      const body = response.json();
      expect(body.authenticated).toBe(true);
      expect(body.user).toMatchObject({ id: w.artist.person.id, type: "Person" });
      expect(body.user.password).toBeUndefined();
      expect(body.organisation.type).toBe("Organisation");
    }],
    fails: ["answers 422 for a malformed token, as Zou does", async () => {
      const response = await t.request({ method: "GET", url: "/api/auth/authenticated", token: "not.a.token" });
      expect(response.statusCode).toBe(422);
    }],
  });

  gazuRoute("GET", "/auth/refresh-token", {
    succeeds: ["issues an access token from the refresh token", async () => {
      const login = (await t.request({ method: "POST", url: "/api/auth/login", payload: { email: w.supervisor.person.email, password: TEST_PASSWORD } })).json();
      const response = await t.request({ method: "GET", url: "/api/auth/refresh-token", token: login.refresh_token });
      expect(response.statusCode).toBe(200);
      const fresh = response.json().access_token;
      expect(typeof fresh).toBe("string");
      const check = await t.request({ method: "GET", url: "/api/auth/authenticated", token: fresh });
      expect(check.statusCode).toBe(200);
    }],
    fails: ["rejects an access token in place of the refresh token", async () => {
      const response = await t.request({ method: "GET", url: "/api/auth/refresh-token", token: w.supervisor.token });
      expect(response.statusCode).toBeGreaterThanOrEqual(400);
      expect(response.statusCode).toBeLessThan(500);
    }],
  });

  gazuRoute("GET", "/auth/logout", {
    succeeds: ["revokes the token it was called with", async () => {
      const session = await loginAs(t, "user");
      const response = await t.request({ method: "GET", url: "/api/auth/logout", token: session.token });
      expect(response.statusCode).toBe(200);
      const after = await t.request({ method: "GET", url: "/api/auth/authenticated", token: session.token });
      expect(after.statusCode).toBe(401);
    }],
    fails: ["answers 401 for a token already logged out", async () => {
      const session = await loginAs(t, "user");
      await t.request({ method: "GET", url: "/api/auth/logout", token: session.token });
      const again = await t.request({ method: "GET", url: "/api/auth/logout", token: session.token });
      expect(again.statusCode).toBe(401);
    }],
  });

  gazuRoute("GET", "/auth/email-otp", {
    succeeds: ["answers success without sending anything", async () => {
      const response = await t.request({ method: "GET", url: `/api/auth/email-otp?email=${encodeURIComponent(w.artist.person.email!)}` });
      expect(response.statusCode).toBe(200);
      expect(response.json()).toEqual({ success: true });
      const unknown = await t.request({ method: "GET", url: "/api/auth/email-otp?email=nobody%40example.com" });
      expect(unknown.json()).toEqual({ success: true });
    }],
    fails: ["rejects a request without an email", async () => {
      const response = await t.request({ method: "GET", url: "/api/auth/email-otp" });
      expect(response.statusCode).toBe(400);
    }],
  });
});

describe("persons", () => {
  gazuRoute("GET", "/data/persons", {
    succeeds: ["finds a person by email as gazu does", async () => {
      const response = await t.request({ method: "GET", url: `/api/data/persons?email=${encodeURIComponent(w.artist.person.email!)}&is_bot=False`, token: w.admin.token });
      expect(response.statusCode).toBe(200);
      expect(response.json()).toHaveLength(1);
      expectZouObject(response.json()[0], "Person");
      expect(response.json()[0]).toMatchObject({ id: w.artist.person.id, full_name: `${w.artist.person.firstName} ${w.artist.person.lastName}` });
      expect(response.json()[0].password).toBeUndefined();
    }],
    fails: ["rejects a filter on an unknown column", async () => {
      const response = await t.request({ method: "GET", url: "/api/data/persons?shoe_size=42", token: w.admin.token });
      expect(response.statusCode).toBe(400);
    }],
  });

  it("lists persons by desktop login and full name", async () => {
    const artist = await t.make.makePerson({ firstName: "Ada", lastName: "Lovelace", desktopLogin: "ada" });
    const byLogin = await t.request({ method: "GET", url: "/api/data/persons?desktop_login=ada&is_bot=False", token: w.manager.token });
    expect(byLogin.json().map((item: { id: string }) => item.id)).toEqual([artist.id]);
    const byName = await t.request({ method: "GET", url: "/api/data/persons?first_name=Ada&last_name=Lovelace&is_bot=False", token: w.manager.token });
    expect(byName.json().map((item: { id: string }) => item.id)).toEqual([artist.id]);
  });

  gazuRoute("POST", "/data/persons", {
    succeeds: ["creates a person as gazu's new_person", async () => {
      const response = await t.request({
        method: "POST",
        url: "/api/data/persons",
        token: w.admin.token,
        payload: { first_name: "Grace", last_name: "Hopper", email: "grace@example.com", phone: "", role: "user", desktop_login: "grace", departments: [], password: null, active: true },
      });
      expect(response.statusCode).toBe(201);
      expectZouObject(response.json(), "Person");
      expect(response.json()).toMatchObject({ first_name: "Grace", email: "grace@example.com", desktop_login: "grace" });
    }],
    fails: ["refuses a manager", async () => {
      const response = await t.request({ method: "POST", url: "/api/data/persons", token: w.manager.token, payload: { first_name: "Eve", email: "eve@example.com" } });
      expect(response.statusCode).toBe(403);
      expect(await t.db.orm.select().from(person).where(eq(person.email, "eve@example.com"))).toEqual([]);
    }],
  });

  gazuRoute("PUT", "/data/persons/{instance_id}", {
    succeeds: ["updates a person from gazu's whole dict", async () => {
      const current = (await t.request({ method: "GET", url: `/api/data/persons?id=${w.client.person.id}`, token: w.admin.token })).json()[0];
      const response = await t.request({ method: "PUT", url: `/api/data/persons/${w.client.person.id}`, token: w.admin.token, payload: { ...current, phone: "555-0100" } });
      expect(response.statusCode).toBe(200);
      expect(response.json()).toMatchObject({ id: w.client.person.id, phone: "555-0100", type: "Person" });
    }],
    fails: ["refuses an artist editing someone else", async () => {
      const response = await t.request({ method: "PUT", url: `/api/data/persons/${w.client.person.id}`, token: w.outsider.token, payload: { phone: "555-0199" } });
      expect(response.statusCode).toBe(403);
      const [stored] = await t.db.orm.select().from(person).where(eq(person.id, w.client.person.id));
      expect(stored.phone).not.toBe("555-0199");
    }],
  });

  it("keeps an artist's role when they send a new one", async () => {
    await t.request({ method: "PUT", url: `/api/data/persons/${w.outsider.person.id}`, token: w.outsider.token, payload: { role: "admin" } });
    const [stored] = await t.db.orm.select().from(person).where(eq(person.id, w.outsider.person.id));
    expect(stored.role).toBe("user");
  });

  gazuRoute("DELETE", "/data/persons/{instance_id}", {
    succeeds: ["deletes a person", async () => {
      const doomed = await t.make.makePerson({ firstName: "Temp" });
      const response = await t.request({ method: "DELETE", url: `/api/data/persons/${doomed.id}?force=True`, token: w.admin.token });
      expect(response.statusCode).toBe(204);
      expect(await t.db.orm.select().from(person).where(eq(person.id, doomed.id))).toEqual([]);
    }],
    fails: ["refuses an admin deleting themselves", async () => {
      const response = await t.request({ method: "DELETE", url: `/api/data/persons/${w.admin.person.id}`, token: w.admin.token });
      expect(response.statusCode).toBeGreaterThanOrEqual(400);
      expect(response.statusCode).toBeLessThan(500);
      expect(await t.db.orm.select().from(person).where(eq(person.id, w.admin.person.id))).toHaveLength(1);
    }],
  });

  gazuRoute("POST", "/actions/persons/{person_id}/change-password", {
    succeeds: ["sets the password the person then logs in with", async () => {
      const target = await t.make.makePerson({ role: "user" });
      const response = await t.request({
        method: "POST",
        url: `/api/actions/persons/${target.id}/change-password`,
        token: w.admin.token,
        payload: { password: "new-password-123", password_2: "new-password-123" },
      });
      expect(response.statusCode).toBe(200);
      expect(response.json()).toEqual({ success: true });
      const login = await t.request({ method: "POST", url: "/api/auth/login", payload: { email: target.email, password: "new-password-123" } });
      expect(login.statusCode).toBe(200);
    }],
    fails: ["rejects copies that differ", async () => {
      const response = await t.request({
        method: "POST",
        url: `/api/actions/persons/${w.artist.person.id}/change-password`,
        token: w.admin.token,
        payload: { password: "new-password-123", password_2: "other-password-123" },
      });
      expect(response.statusCode).toBe(400);
      expect(response.json().message).toBe("Confirmation password doesn't match.");
      expect(await t.login(w.artist.person.email!)).toEqual(expect.any(String));
    }],
  });

  it("refuses a password change by a manager or for a bot", async () => {
    const manager = await t.request({ method: "POST", url: `/api/actions/persons/${w.artist.person.id}/change-password`, token: w.manager.token, payload: { password: "abcdefgh1", password_2: "abcdefgh1" } });
    expect(manager.statusCode).toBe(403);
    const bot = await t.request({ method: "POST", url: `/api/actions/persons/${w.bot.person.id}/change-password`, token: w.admin.token, payload: { password: "abcdefgh1", password_2: "abcdefgh1" } });
    expect(bot.statusCode).toBe(403);
    const short = await t.request({ method: "POST", url: `/api/actions/persons/${w.artist.person.id}/change-password`, token: w.admin.token, payload: { password: "short", password_2: "short" } });
    expect(short.json().message).toBe("Password is too short.");
  });

  gazuRoute("GET", "/actions/persons/{person_id}/invite", {
    succeeds: ["emails a link to choose a password", async () => {
      const before = new Set(existsSync(t.config.mailOutboxDir) ? readdirSync(t.config.mailOutboxDir) : []);
      const response = await t.request({ method: "GET", url: `/api/actions/persons/${w.artist.person.id}/invite`, token: w.admin.token });
      expect(response.statusCode).toBe(200);
      expect(response.json()).toEqual({ success: true, message: "Email sent" });

      const sent = readdirSync(t.config.mailOutboxDir).filter((file) => !before.has(file));
      expect(sent).toHaveLength(1);
      const message = readFileSync(join(t.config.mailOutboxDir, sent[0]), "utf8");
      expect(message).toContain(`To: ${w.artist.person.email}`);
      expect(message).toMatch(/reset-change-password\?email=.+&token=/);
    }],
    fails: ["refuses a manager", async () => {
      const response = await t.request({ method: "GET", url: `/api/actions/persons/${w.artist.person.id}/invite`, token: w.manager.token });
      expect(response.statusCode).toBe(403);
    }],
  });
});

describe("departments", () => {
  let animation: typeof department.$inferSelect;

  beforeAll(async () => {
    animation = await t.make.makeDepartment({ name: "Animation" });
  });

  gazuRoute("GET", "/data/departments", {
    succeeds: ["finds a department by name", async () => {
      const response = await t.request({ method: "GET", url: "/api/data/departments?name=Animation", token: w.artist.token });
      expect(response.statusCode).toBe(200);
      expect(response.json()).toEqual([expect.objectContaining({ id: animation.id, name: "Animation", type: "Department" })]);
    }],
    fails: ["rejects a filter on an unknown column", async () => {
      const response = await t.request({ method: "GET", url: "/api/data/departments?floor=3", token: w.artist.token });
      expect(response.statusCode).toBe(400);
    }],
  });

  gazuRoute("GET", "/data/departments/{instance_id}", {
    succeeds: ["returns one department", async () => {
      const response = await t.request({ method: "GET", url: `/api/data/departments/${animation.id}`, token: w.artist.token });
      expect(response.statusCode).toBe(200);
      expectZouObject(response.json(), "Department");
      expect(response.json().name).toBe("Animation");
    }],
    fails: ["answers 404 for an unknown department", async () => {
      const response = await t.request({ method: "GET", url: `/api/data/departments/${UNKNOWN_ID}`, token: w.artist.token });
      expect(response.statusCode).toBe(404);
    }],
  });

  gazuRoute("POST", "/data/departments", {
    succeeds: ["creates a department", async () => {
      const response = await t.request({ method: "POST", url: "/api/data/departments", token: w.admin.token, payload: { name: "Lighting", color: "#ffcc00", archived: false } });
      expect(response.statusCode).toBe(201);
      expectZouObject(response.json(), "Department");
      expect(response.json()).toMatchObject({ name: "Lighting", color: "#ffcc00" });
    }],
    fails: ["refuses an artist", async () => {
      const response = await t.request({ method: "POST", url: "/api/data/departments", token: w.artist.token, payload: { name: "Rogue", color: "#000000" } });
      expect(response.statusCode).toBe(403);
    }],
  });

  gazuRoute("PUT", "/data/departments/{instance_id}", {
    succeeds: ["updates a department from gazu's dict", async () => {
      const current = (await t.request({ method: "GET", url: `/api/data/departments/${animation.id}`, token: w.admin.token })).json();
      const response = await t.request({ method: "PUT", url: `/api/data/departments/${animation.id}`, token: w.admin.token, payload: { ...current, color: "#123456" } });
      expect(response.statusCode).toBe(200);
      expect(response.json()).toMatchObject({ id: animation.id, color: "#123456" });
    }],
    fails: ["refuses a manager", async () => {
      const response = await t.request({ method: "PUT", url: `/api/data/departments/${animation.id}`, token: w.manager.token, payload: { name: "Renamed" } });
      expect(response.statusCode).toBe(403);
    }],
  });

  gazuRoute("DELETE", "/data/departments/{instance_id}", {
    succeeds: ["deletes a department", async () => {
      const doomed = await t.make.makeDepartment({ name: "Temporary" });
      const response = await t.request({ method: "DELETE", url: `/api/data/departments/${doomed.id}?force=True`, token: w.admin.token });
      expect(response.statusCode).toBe(204);
      expect(await t.db.orm.select().from(department).where(eq(department.id, doomed.id))).toEqual([]);
    }],
    fails: ["answers 404 for an unknown department", async () => {
      const response = await t.request({ method: "DELETE", url: `/api/data/departments/${UNKNOWN_ID}`, token: w.admin.token });
      expect(response.statusCode).toBe(404);
    }],
  });

  gazuRoute("POST", "/actions/persons/{person_id}/departments/add", {
    succeeds: ["adds the person and returns them", async () => {
      const response = await t.request({ method: "POST", url: `/api/actions/persons/${w.artist.person.id}/departments/add`, token: w.admin.token, payload: { department_id: animation.id } });
      expect(response.statusCode).toBe(201);
      expect(response.json()).toMatchObject({ id: w.artist.person.id, type: "Person", departments: [animation.id] });
      expect(response.json().password).toBeUndefined();
    }],
    fails: ["rejects an unknown department", async () => {
      const response = await t.request({ method: "POST", url: `/api/actions/persons/${w.artist.person.id}/departments/add`, token: w.admin.token, payload: { department_id: UNKNOWN_ID } });
      expect(response.statusCode).toBe(400);
      expect(response.json().message).toBe("Department ID matches no department");
    }],
  });

  gazuRoute("DELETE", "/actions/persons/{person_id}/departments/{department_id}", {
    succeeds: ["removes the person from the department", async () => {
      await t.db.orm.insert(departmentLink).values({ personId: w.supervisor.person.id, departmentId: animation.id }).onConflictDoNothing();
      const response = await t.request({ method: "DELETE", url: `/api/actions/persons/${w.supervisor.person.id}/departments/${animation.id}`, token: w.admin.token });
      expect(response.statusCode).toBe(204);
      const links = await t.db.orm.select().from(departmentLink).where(and(eq(departmentLink.personId, w.supervisor.person.id), eq(departmentLink.departmentId, animation.id)));
      expect(links).toEqual([]);
    }],
    fails: ["refuses a manager", async () => {
      await t.db.orm.insert(departmentLink).values({ personId: w.client.person.id, departmentId: animation.id }).onConflictDoNothing();
      const response = await t.request({ method: "DELETE", url: `/api/actions/persons/${w.client.person.id}/departments/${animation.id}`, token: w.manager.token });
      expect(response.statusCode).toBe(403);
      const links = await t.db.orm.select().from(departmentLink).where(eq(departmentLink.personId, w.client.person.id));
      expect(links).toHaveLength(1);
    }],
  });
});

describe("days off", () => {
  let holidayId: string;

  beforeAll(async () => {
    // 2026-W01 runs from Monday 2025-12-29 to Sunday 2026-01-04.
    holidayId = (await t.make.makeDayOff({ personId: w.artist.person.id, date: "2026-01-02", endDate: "2026-01-05" })).id;
    await t.make.makeDayOff({ personId: w.artist.person.id, date: "2026-03-10", endDate: "2026-03-10" });
    await t.make.makeDayOff({ personId: w.supervisor.person.id, date: "2026-01-02", endDate: "2026-01-02" });
  });

  gazuRoute("GET", "/data/persons/{person_id}/day-offs", {
    succeeds: ["lists all days off of the person", async () => {
      const response = await t.request({ method: "GET", url: `/api/data/persons/${w.artist.person.id}/day-offs`, token: w.artist.token });
      expect(response.statusCode).toBe(200);
      expect(response.json().map((item: { date: string }) => item.date)).toEqual(["2026-01-02", "2026-03-10"]);
      expect(response.json()[0]).toMatchObject({ type: "DayOff", end_date: "2026-01-05", person_id: w.artist.person.id });
    }],
    fails: ["refuses another artist", async () => {
      const response = await t.request({ method: "GET", url: `/api/data/persons/${w.artist.person.id}/day-offs`, token: w.outsider.token });
      expect(response.statusCode).toBe(403);
    }],
  });

  gazuRoute("GET", "/data/persons/{person_id}/day-offs/week/{year}/{week}", {
    succeeds: ["lists days off overlapping the ISO week", async () => {
      const response = await t.request({ method: "GET", url: `/api/data/persons/${w.artist.person.id}/day-offs/week/2026/1`, token: w.admin.token });
      expect(response.statusCode).toBe(200);
      expect(response.json().map((item: { id: string }) => item.id)).toEqual([holidayId]);
      const next = await t.request({ method: "GET", url: `/api/data/persons/${w.artist.person.id}/day-offs/week/2026/2`, token: w.admin.token });
      expect(next.json().map((item: { id: string }) => item.id)).toEqual([holidayId]);
      const later = await t.request({ method: "GET", url: `/api/data/persons/${w.artist.person.id}/day-offs/week/2026/3`, token: w.admin.token });
      expect(later.json()).toEqual([]);
    }],
    fails: ["rejects week 54", async () => {
      const response = await t.request({ method: "GET", url: `/api/data/persons/${w.artist.person.id}/day-offs/week/2026/54`, token: w.admin.token });
      expect(response.statusCode).toBe(400);
    }],
  });

  gazuRoute("GET", "/data/persons/{person_id}/day-offs/month/{year}/{month}", {
    succeeds: ["lists days off of the month", async () => {
      const response = await t.request({ method: "GET", url: `/api/data/persons/${w.artist.person.id}/day-offs/month/2026/03`, token: w.artist.token });
      expect(response.statusCode).toBe(200);
      expect(response.json().map((item: { date: string }) => item.date)).toEqual(["2026-03-10"]);
      const december = await t.request({ method: "GET", url: `/api/data/persons/${w.artist.person.id}/day-offs/month/2025/12`, token: w.artist.token });
      expect(december.json()).toEqual([]);
    }],
    fails: ["answers 404 for an unknown person", async () => {
      const response = await t.request({ method: "GET", url: `/api/data/persons/${UNKNOWN_ID}/day-offs/month/2026/03`, token: w.admin.token });
      expect(response.statusCode).toBe(404);
    }],
  });

  gazuRoute("GET", "/data/persons/{person_id}/day-offs/year/{year}", {
    succeeds: ["lists days off of the year", async () => {
      const response = await t.request({ method: "GET", url: `/api/data/persons/${w.artist.person.id}/day-offs/year/2026`, token: w.artist.token });
      expect(response.statusCode).toBe(200);
      expect(response.json()).toHaveLength(2);
      const before = await t.request({ method: "GET", url: `/api/data/persons/${w.artist.person.id}/day-offs/year/2025`, token: w.artist.token });
      expect(before.json()).toEqual([]);
    }],
    fails: ["refuses a bot's days off", async () => {
      const response = await t.request({ method: "GET", url: `/api/data/persons/${w.bot.person.id}/day-offs/year/2026`, token: w.admin.token });
      expect(response.statusCode).toBe(403);
    }],
  });

  gazuRoute("GET", "/data/day-offs/{instance_id}", {
    succeeds: ["returns the person's day off", async () => {
      const response = await t.request({ method: "GET", url: `/api/data/day-offs/${holidayId}`, token: w.artist.token });
      expect(response.statusCode).toBe(200);
      expectZouObject(response.json(), "DayOff");
      expect(response.json()).toMatchObject({ date: "2026-01-02", end_date: "2026-01-05" });
    }],
    fails: ["refuses another artist", async () => {
      const response = await t.request({ method: "GET", url: `/api/data/day-offs/${holidayId}`, token: w.outsider.token });
      expect(response.statusCode).toBe(403);
    }],
  });

  gazuRoute("POST", "/data/day-offs", {
    succeeds: ["creates a day off for the caller", async () => {
      const response = await t.request({ method: "POST", url: "/api/data/day-offs", token: w.outsider.token, payload: { person_id: w.outsider.person.id, date: "2026-05-01", end_date: "2026-05-02", description: "Bridge" } });
      expect(response.statusCode).toBe(201);
      expect(response.json()).toMatchObject({ type: "DayOff", person_id: w.outsider.person.id, date: "2026-05-01", description: "Bridge" });
    }],
    fails: ["rejects a day off overlapping another", async () => {
      const response = await t.request({ method: "POST", url: "/api/data/day-offs", token: w.artist.token, payload: { person_id: w.artist.person.id, date: "2026-01-04", end_date: "2026-01-04" } });
      expect(response.statusCode).toBe(400);
      expect(await t.db.orm.select().from(dayOff).where(and(eq(dayOff.personId, w.artist.person.id), eq(dayOff.date, "2026-01-04")))).toEqual([]);
    }],
  });

  gazuRoute("PUT", "/data/day-offs/{instance_id}", {
    succeeds: ["updates the day off from gazu's dict", async () => {
      const current = (await t.request({ method: "GET", url: `/api/data/day-offs/${holidayId}`, token: w.artist.token })).json();
      const response = await t.request({ method: "PUT", url: `/api/data/day-offs/${holidayId}`, token: w.artist.token, payload: { ...current, description: "New year" } });
      expect(response.statusCode).toBe(200);
      expect(response.json()).toMatchObject({ id: holidayId, description: "New year" });
    }],
    fails: ["refuses moving the day off to another person", async () => {
      const response = await t.request({ method: "PUT", url: `/api/data/day-offs/${holidayId}`, token: w.artist.token, payload: { person_id: w.outsider.person.id } });
      expect(response.statusCode).toBe(403);
    }],
  });

  gazuRoute("DELETE", "/data/day-offs/{instance_id}", {
    succeeds: ["deletes the caller's day off", async () => {
      const row = await t.make.makeDayOff({ personId: w.artist.person.id, date: "2026-07-01", endDate: "2026-07-01" });
      const response = await t.request({ method: "DELETE", url: `/api/data/day-offs/${row.id}`, token: w.artist.token });
      expect(response.statusCode).toBe(204);
      expect(await t.db.orm.select().from(dayOff).where(eq(dayOff.id, row.id))).toEqual([]);
    }],
    fails: ["refuses another artist", async () => {
      const response = await t.request({ method: "DELETE", url: `/api/data/day-offs/${holidayId}`, token: w.outsider.token });
      expect(response.statusCode).toBe(403);
      expect(await t.db.orm.select().from(dayOff).where(eq(dayOff.id, holidayId))).toHaveLength(1);
    }],
  });
});

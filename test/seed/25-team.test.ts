import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../support/app.js";
import { eventNamesSince } from "../support/roles.js";
import { expectZouObject, makeSeedWorld, UNKNOWN_ID, type SeedWorld } from "../support/seed-b.world.js";

let t: TestApp;
let w: SeedWorld;

beforeAll(async () => {
  t = await createTestApp();
  w = await makeSeedWorld(t);
});

afterAll(async () => {
  await t.close();
});

async function teamLink(personId: string) {
  const rows = await t.db.query<{ role: string | null }>("select role from project_person_link where project_id = $1 and person_id = $2", [w.project.id, personId]);
  return rows[0];
}

function addMember(token: string, payload: unknown, projectId = w.project.id) {
  return t.request({ method: "POST", url: `/api/data/projects/${projectId}/team`, token, payload: payload as Record<string, unknown> });
}

describe("POST /data/projects/{project_id}/team", () => {
  it("adds the person and answers 201 with the project without its team", async () => {
    const newcomer = await t.make.makePerson();
    const since = new Date();

    const response = await addMember(w.manager.token, { person_id: newcomer.id });

    expect(response.statusCode).toBe(201);
    const body = response.json();
    expectZouObject(body, "Project");
    expect(body.id).toBe(w.project.id);
    expect(body.name).toBe("Big Bunny");
    expect(body).toHaveProperty("project_status_id");
    expect(body).not.toHaveProperty("team");
    expect(await teamLink(newcomer.id)).toEqual({ role: null });
    expect(await eventNamesSince(t, since)).toEqual(["project:update"]);
  });

  it("stores the given role and records a second event", async () => {
    const newcomer = await t.make.makePerson();
    const since = new Date();

    const response = await addMember(w.admin.token, { person_id: newcomer.id, role: "supervisor" });

    expect(response.statusCode).toBe(201);
    expect(await teamLink(newcomer.id)).toEqual({ role: "supervisor" });
    expect(await eventNamesSince(t, since)).toEqual(["project:update", "project:update"]);
  });

  it("answers 201 again for an existing member and applies the role", async () => {
    const response = await addMember(w.manager.token, { person_id: w.artist.person.id, role: "vendor" });
    expect(response.statusCode).toBe(201);
    expect(await teamLink(w.artist.person.id)).toEqual({ role: "vendor" });
    await t.db.query("update project_person_link set role = null where person_id = $1", [w.artist.person.id]);
  });

  it("lets the new member pass project access checks", async () => {
    const newcomer = await t.make.makePerson();
    const token = await t.login(newcomer.email!);
    const before = await t.request({ method: "GET", url: `/api/data/projects/${w.project.id}/task-types`, token });
    await addMember(w.manager.token, { person_id: newcomer.id });
    const after = await t.request({ method: "GET", url: `/api/data/projects/${w.project.id}/task-types`, token });
    expect(before.statusCode).toBe(403);
    expect(after.statusCode).toBe(200);
  });

  it("answers 400 with a validation error for a missing person_id or a role outside the list", async () => {
    const missing = await addMember(w.manager.token, {});
    expect(missing.statusCode).toBe(400);
    expect(missing.json()).toMatchObject({ error: true, message: "Validation error.", data: { errors: [{ field: "person_id" }] } });

    for (const role of ["admin", "boss"]) {
      const response = await addMember(w.manager.token, { person_id: w.outsider.person.id, role });
      expect(response.statusCode, role).toBe(400);
      expect(response.json().data.errors[0].field).toBe("role");
    }
    expect(await teamLink(w.outsider.person.id)).toBeUndefined();
  });

  it("answers 400 'not found' for an unknown or malformed person id", async () => {
    for (const personId of [UNKNOWN_ID, "not-an-id"]) {
      const response = await addMember(w.manager.token, { person_id: personId });
      expect(response.statusCode, personId).toBe(400);
      expect(response.json()).toEqual({ error: true, message: `Person with id ${personId} not found`, data: null });
    }
  });

  it("forbids members who do not manage the project and outsiders", async () => {
    for (const session of [w.supervisor, w.artist, w.outsider]) {
      const response = await addMember(session.token, { person_id: w.outsider.person.id });
      expect(response.statusCode).toBe(403);
    }
    expect(await teamLink(w.outsider.person.id)).toBeUndefined();
  });

  it("answers 404 for an unknown or malformed project", async () => {
    for (const projectId of [UNKNOWN_ID, "not-a-project"]) {
      const response = await addMember(w.manager.token, { person_id: w.outsider.person.id }, projectId);
      expect(response.statusCode, projectId).toBe(404);
    }
  });
});

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FORBIDDEN_MESSAGE } from "../../src/errors.js";
import { createTestApp, type TestApp } from "../support/app.js";
import { makeImportBuilders, type ImportBuilders } from "../support/imports.builders.js";

let t: TestApp;
let rows: ImportBuilders;
let adminToken: string;
let managerToken: string;
let artistToken: string;
let supervisorToken: string;

beforeAll(async () => {
  t = await createTestApp();
  rows = makeImportBuilders(t.db);
  const admin = await t.make.makePerson({ role: "admin" });
  const manager = await t.make.makePerson({ role: "manager" });
  const artist = await t.make.makePerson({ role: "user" });
  const supervisor = await t.make.makePerson({ role: "supervisor" });
  adminToken = await t.login(admin.email!);
  managerToken = await t.login(manager.email!);
  artistToken = await t.login(artist.email!);
  supervisorToken = await t.login(supervisor.email!);
});

afterAll(async () => {
  await t.close();
});

async function countRows(table: string, where: string, values: unknown[]): Promise<number> {
  const [row] = await t.db.query<{ count: number }>(`select count(*)::int as count from ${table} where ${where}`, values);
  return row.count;
}

describe("DELETE /import/shotgun/errors/{error_id}", () => {
  it("deletes the error with 204 and no body", async () => {
    const error = await rows.makeImportError();
    const response = await t.request({ method: "DELETE", url: `/api/import/shotgun/errors/${error.id}`, token: managerToken });

    expect(response.statusCode).toBe(204);
    expect(response.body).toBe("");
    expect(await countRows("data_import_error", "id = $1", [error.id])).toBe(0);
  });

  it("is served at the root path for admins", async () => {
    const error = await rows.makeImportError();
    const response = await t.request({ method: "DELETE", url: `/import/shotgun/errors/${error.id}`, token: adminToken });
    expect(response.statusCode).toBe(204);
  });

  it("answers 404 for an unknown or malformed id", async () => {
    const unknown = await t.request({ method: "DELETE", url: "/api/import/shotgun/errors/8f1c2a9e-4b7d-4c1e-9a55-0e2b7f3d6a10", token: adminToken });
    const malformed = await t.request({ method: "DELETE", url: "/api/import/shotgun/errors/not-an-id", token: adminToken });

    expect(unknown.statusCode).toBe(404);
    expect(unknown.json().error).toBe(true);
    expect(malformed.statusCode).toBe(404);
  });

  it("forbids artists and supervisors", async () => {
    const error = await rows.makeImportError();
    for (const token of [artistToken, supervisorToken]) {
      const response = await t.request({ method: "DELETE", url: `/api/import/shotgun/errors/${error.id}`, token });
      expect(response.statusCode).toBe(403);
      expect(response.json()).toEqual({ error: true, message: FORBIDDEN_MESSAGE });
    }
    expect(await countRows("data_import_error", "id = $1", [error.id])).toBe(1);
  });

  it("requires a token", async () => {
    const error = await rows.makeImportError();
    const response = await t.request({ method: "DELETE", url: `/api/import/shotgun/errors/${error.id}` });
    expect(response.statusCode).toBe(401);
  });

  it("is the deleteShotgunImportError mutation in GraphQL", async () => {
    const error = await rows.makeImportError();
    const result = await t.graphql(`mutation ($id: String!) { deleteShotgunImportError(id: $id) }`, { token: managerToken, variables: { id: error.id } });
    expect(result.body.data).toEqual({ deleteShotgunImportError: true });

    const again = await t.graphql(`mutation ($id: String!) { deleteShotgunImportError(id: $id) }`, { token: managerToken, variables: { id: error.id } });
    expect(again.body.errors?.[0].extensions?.code).toBe("NOT_FOUND");
  });
});

describe("POST /import/shotgun/remove/shot", () => {
  it("deletes the shot with that ShotGrid id", async () => {
    const project = await t.make.makeProject();
    const shot = await rows.makeEntityRow({ projectId: project.id, type: "Shot", shotgunId: 9001 });
    const response = await t.request({ method: "POST", url: "/api/import/shotgun/remove/shot", token: managerToken, payload: { id: 9001 } });

    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ removed_instance_id: shot.id, success: true });
    expect(await countRows("entity", "id = $1", [shot.id])).toBe(0);
    expect(await countRows("api_event", "data->>'shot_id' = $1", [shot.id])).toBe(0);
  });

  it("keeps a shot that tasks still reference", async () => {
    const project = await t.make.makeProject();
    const shot = await rows.makeEntityRow({ projectId: project.id, type: "Shot", shotgunId: 9002 });
    await rows.makeTaskRow({ projectId: project.id, entityId: shot.id });
    const response = await t.request({ method: "POST", url: "/import/shotgun/remove/shot", token: adminToken, payload: { id: 9002 } });

    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ removed_instance_id: shot.id, success: false });
    expect(await countRows("entity", "id = $1", [shot.id])).toBe(1);
  });

  it("reports success when no shot has that ShotGrid id", async () => {
    const project = await t.make.makeProject();
    // A sequence with the id is not a shot, so it stays.
    const sequence = await rows.makeEntityRow({ projectId: project.id, type: "Sequence", shotgunId: 9003 });
    const response = await t.request({ method: "POST", url: "/api/import/shotgun/remove/shot", token: managerToken, payload: { id: 9003 } });

    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ success: true });
    expect(await countRows("entity", "id = $1", [sequence.id])).toBe(1);
  });

  it("rejects a missing or non-integer id with a validation error", async () => {
    const missing = await t.request({ method: "POST", url: "/api/import/shotgun/remove/shot", token: managerToken, payload: {} });
    const text = await t.request({ method: "POST", url: "/api/import/shotgun/remove/shot", token: managerToken, payload: { id: "abc" } });
    const fraction = await t.request({ method: "POST", url: "/api/import/shotgun/remove/shot", token: managerToken, payload: { id: 1.5 } });

    expect(missing.statusCode).toBe(400);
    expect(missing.json()).toEqual({ error: true, message: "Validation error.", data: { errors: [{ field: "id", message: "Field required" }] } });
    expect(text.statusCode).toBe(400);
    expect(fraction.statusCode).toBe(400);
  });

  it("rejects a body that is not JSON", async () => {
    const malformed = await t.request({ method: "POST", url: "/api/import/shotgun/remove/shot", token: managerToken, payload: "{not json", headers: { "content-type": "application/json" } });
    const plain = await t.request({ method: "POST", url: "/api/import/shotgun/remove/shot", token: managerToken, payload: "id=1", headers: { "content-type": "text/plain" } });
    const array = await t.request({ method: "POST", url: "/api/import/shotgun/remove/shot", token: managerToken, payload: [1] });

    expect(malformed.statusCode).toBe(400);
    expect([400, 415]).toContain(plain.statusCode);
    expect(array.statusCode).toBe(400);
  });

  it("forbids artists and supervisors", async () => {
    const project = await t.make.makeProject();
    const shot = await rows.makeEntityRow({ projectId: project.id, type: "Shot", shotgunId: 9004 });
    for (const token of [artistToken, supervisorToken]) {
      const response = await t.request({ method: "POST", url: "/api/import/shotgun/remove/shot", token, payload: { id: 9004 } });
      expect(response.statusCode).toBe(403);
    }
    expect(await countRows("entity", "id = $1", [shot.id])).toBe(1);
  });

  it("requires a token", async () => {
    const response = await t.request({ method: "POST", url: "/api/import/shotgun/remove/shot", payload: { id: 1 } });
    expect(response.statusCode).toBe(401);
  });
});

describe("POST /import/shotgun/remove/projectconnection", () => {
  async function makeImportedTeamLink(shotgunId: number) {
    const member = await t.make.makePerson();
    const project = await t.make.makeProject();
    await t.db.query("insert into project_person_link (project_id, person_id, shotgun_id) values ($1, $2, $3)", [project.id, member.id, shotgunId]);
    return { member, project };
  }

  it("removes the person from the project's team and records project:update", async () => {
    const { member, project } = await makeImportedTeamLink(7001);
    const response = await t.request({ method: "POST", url: "/api/import/shotgun/remove/projectconnection", token: managerToken, payload: { id: 7001 } });

    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ success: true, removed_instance_id: member.id });
    expect(await countRows("project_person_link", "project_id = $1 and person_id = $2", [project.id, member.id])).toBe(0);
    const events = await t.db.query<{ data: Record<string, unknown> }>("select data from api_event where name = 'project:update' and project_id = $1", [project.id]);
    expect(events.map((event) => event.data)).toEqual([{ project_id: project.id }]);
  });

  it("is also served as remove/project-connection", async () => {
    const { member } = await makeImportedTeamLink(7002);
    const response = await t.request({ method: "POST", url: "/import/shotgun/remove/project-connection", token: adminToken, payload: { id: 7002 } });
    expect(response.json()).toEqual({ success: true, removed_instance_id: member.id });
  });

  it("reports success when no team link has that ShotGrid id", async () => {
    const response = await t.request({ method: "POST", url: "/api/import/shotgun/remove/projectconnection", token: managerToken, payload: { id: 7999 } });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ success: true });
  });

  it("rejects a missing id with a validation error", async () => {
    const response = await t.request({ method: "POST", url: "/api/import/shotgun/remove/projectconnection", token: managerToken, payload: { name: "x" } });
    expect(response.statusCode).toBe(400);
    expect(response.json().data).toEqual({ errors: [{ field: "id", message: "Field required" }] });
  });

  it("rejects a body that is not JSON", async () => {
    const response = await t.request({ method: "POST", url: "/api/import/shotgun/remove/projectconnection", token: managerToken, payload: "{oops", headers: { "content-type": "application/json" } });
    expect(response.statusCode).toBe(400);
  });

  it("forbids artists and supervisors", async () => {
    const { member, project } = await makeImportedTeamLink(7003);
    for (const token of [artistToken, supervisorToken]) {
      const response = await t.request({ method: "POST", url: "/api/import/shotgun/remove/projectconnection", token, payload: { id: 7003 } });
      expect(response.statusCode).toBe(403);
    }
    expect(await countRows("project_person_link", "project_id = $1 and person_id = $2", [project.id, member.id])).toBe(1);
  });

  it("is the removeShotgunProjectConnection mutation in GraphQL", async () => {
    const { member } = await makeImportedTeamLink(7004);
    const result = await t.graphql(`mutation { removeShotgunProjectConnection(shotgunId: 7004) { success removedInstanceId } }`, { token: adminToken });
    expect(result.body.data).toEqual({ removeShotgunProjectConnection: { success: true, removedInstanceId: member.id } });
  });
});

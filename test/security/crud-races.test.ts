import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../support/app.js";
import { loginAs } from "../support/roles.js";

// Parallel generic CRUD writes. PGlite runs one statement at a time, so
// these races show on PostgreSQL (DATABASE_URL set).

let t: TestApp;

beforeAll(async () => {
  t = await createTestApp();
});

afterAll(async () => {
  await t.close();
});

describe("parallel assignee updates", () => {
  it("both succeed with the same list", async () => {
    const manager = await loginAs(t, "admin");
    const artist = await t.make.makePerson({ role: "user" });
    const project = await t.make.makeProject({ team: [{ id: artist.id }] });
    const shot = await t.make.makeShot({ projectId: project.id });
    const task = await t.make.makeTask({ entity: shot });

    const responses = await Promise.all(
      [1, 2, 3].map(() => t.request({ method: "PUT", url: `/api/data/tasks/${task.id}`, token: manager.token, payload: { assignees: [artist.id] } })),
    );
    for (const response of responses) expect(response.statusCode, response.body).toBe(200);
    const links = await t.db.query("select person_id from task_person_link where task_id = $1", [task.id]);
    expect(links).toHaveLength(1);
  });
});

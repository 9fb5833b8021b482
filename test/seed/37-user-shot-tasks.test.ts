import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../support/app.js";
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

function myTasks(token: string, shotId: string) {
  return t.request({ method: "GET", url: `/api/data/user/shots/${shotId}/tasks`, token });
}

describe("GET /data/user/shots/{shot_id}/tasks", () => {
  it("lists the caller's tasks on the shot", async () => {
    const shot = await t.make.makeShot({ projectId: w.project.id });
    const mine = await t.make.makeTask({ entity: shot, assignees: [w.artist.person.id] });
    await t.make.makeTask({ entity: shot, assignees: [w.supervisor.person.id] });
    await t.make.makeTask({ entity: await t.make.makeShot({ projectId: w.project.id }), assignees: [w.artist.person.id] });

    const response = await myTasks(w.artist.token, shot.id);

    expect(response.statusCode).toBe(200);
    const body = response.json() as Record<string, unknown>[];
    expect(body.map((item) => item.id)).toEqual([mine.id]);
    expectZouObject(body[0], "Task");
  });

  it("answers an empty list for tasks of a closed project and for an admin without assignment", async () => {
    const closedStatus = await t.make.makeProjectStatus("Closed");
    const closed = await t.make.makeProject({ projectStatusId: closedStatus, team: [{ id: w.artist.person.id }] });
    const closedShot = await t.make.makeShot({ projectId: closed.id });
    await t.make.makeTask({ entity: closedShot, assignees: [w.artist.person.id] });
    const shot = await t.make.makeShot({ projectId: w.project.id });
    await t.make.makeTask({ entity: shot, assignees: [w.artist.person.id] });

    expect((await myTasks(w.artist.token, closedShot.id)).json()).toEqual([]);
    const admin = await myTasks(w.admin.token, shot.id);
    expect(admin.statusCode).toBe(200);
    expect(admin.json()).toEqual([]);
  });

  it("filters instead of checking membership: an outsider gets their own assignment only", async () => {
    const shot = await t.make.makeShot({ projectId: w.project.id });
    const task = await t.make.makeTask({ entity: shot, assignees: [w.outsider.person.id] });
    expect((await myTasks(w.outsider.token, shot.id)).json().map((item: { id: string }) => item.id)).toEqual([task.id]);
  });

  it("refuses bot tokens", async () => {
    const shot = await t.make.makeShot({ projectId: w.project.id });
    expect((await myTasks(w.bot.token, shot.id)).statusCode).toBe(403);
  });

  it("answers 404 for an unknown id, a malformed id and an id that is not a shot", async () => {
    const sequence = await t.make.makeSequence({ projectId: w.project.id });
    for (const id of [UNKNOWN_ID, "not-an-id", sequence.id]) expect((await myTasks(w.artist.token, id)).statusCode, id).toBe(404);
  });
});

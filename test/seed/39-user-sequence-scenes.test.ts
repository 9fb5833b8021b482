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

function myScenes(token: string, sequenceId: string) {
  return t.request({ method: "GET", url: `/api/data/user/sequences/${sequenceId}/scenes`, token });
}

describe("GET /data/user/sequences/{sequence_id}/scenes", () => {
  it("lists once each scene of the sequence with a task assigned to the caller", async () => {
    const sequence = await t.make.makeSequence({ projectId: w.project.id });
    const storyboard = await t.make.makeTaskType({ name: "Storyboard", forEntity: "Scene" });
    const mine = await t.make.makeScene({ projectId: w.project.id, sequenceId: sequence.id, name: "SC01" });
    const theirs = await t.make.makeScene({ projectId: w.project.id, sequenceId: sequence.id, name: "SC02" });
    await t.make.makeTask({ entity: mine, taskTypeId: storyboard.id, assignees: [w.artist.person.id] });
    await t.make.makeTask({ entity: mine, taskTypeId: storyboard.id, name: "second", assignees: [w.artist.person.id] });
    await t.make.makeTask({ entity: theirs, taskTypeId: storyboard.id, assignees: [w.supervisor.person.id] });
    const elsewhere = await t.make.makeScene({ projectId: w.project.id, sequenceId: (await t.make.makeSequence({ projectId: w.project.id })).id });
    await t.make.makeTask({ entity: elsewhere, taskTypeId: storyboard.id, assignees: [w.artist.person.id] });

    const response = await myScenes(w.artist.token, sequence.id);

    expect(response.statusCode).toBe(200);
    const body = response.json() as Record<string, unknown>[];
    expect(body.map((item) => item.id)).toEqual([mine.id]);
    expectZouObject(body[0], "Scene");
  });

  it("answers an empty list for a closed project", async () => {
    const closed = await t.make.makeProject({ projectStatusId: await t.make.makeProjectStatus("Closed") });
    const sequence = await t.make.makeSequence({ projectId: closed.id });
    await t.make.makeTask({ entity: await t.make.makeScene({ projectId: closed.id, sequenceId: sequence.id }), assignees: [w.artist.person.id] });
    expect((await myScenes(w.artist.token, sequence.id)).json()).toEqual([]);
  });

  it("refuses bot tokens", async () => {
    const sequence = await t.make.makeSequence({ projectId: w.project.id });
    expect((await myScenes(w.bot.token, sequence.id)).statusCode).toBe(403);
  });

  it("answers 404 for an unknown id, a malformed id and an id that is not a sequence", async () => {
    const scene = await t.make.makeScene({ projectId: w.project.id });
    for (const id of [UNKNOWN_ID, "not-an-id", scene.id]) expect((await myScenes(w.artist.token, id)).statusCode, id).toBe(404);
  });
});

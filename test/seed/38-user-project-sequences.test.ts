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

function mySequences(token: string, projectId: string) {
  return t.request({ method: "GET", url: `/api/data/user/projects/${projectId}/sequences`, token });
}

describe("GET /data/user/projects/{project_id}/sequences", () => {
  it("lists once each sequence with a shot whose task is assigned to the caller", async () => {
    const mine = await t.make.makeSequence({ projectId: w.project.id, name: "SQ01" });
    const theirs = await t.make.makeSequence({ projectId: w.project.id, name: "SQ02" });
    for (const name of ["SH010", "SH020"]) {
      await t.make.makeTask({ entity: await t.make.makeShot({ projectId: w.project.id, sequenceId: mine.id, name }), assignees: [w.artist.person.id] });
    }
    await t.make.makeTask({ entity: await t.make.makeShot({ projectId: w.project.id, sequenceId: theirs.id }), assignees: [w.supervisor.person.id] });
    await t.make.makeTask({ entity: theirs, assignees: [w.artist.person.id] });

    const response = await mySequences(w.artist.token, w.project.id);

    expect(response.statusCode).toBe(200);
    const body = response.json() as Record<string, unknown>[];
    expect(body.map((item) => item.id)).toEqual([mine.id]);
    expectZouObject(body[0], "Sequence");
  });

  it("answers an empty list for a closed project", async () => {
    const closed = await t.make.makeProject({ projectStatusId: await t.make.makeProjectStatus("Closed"), team: [{ id: w.artist.person.id }] });
    const sequence = await t.make.makeSequence({ projectId: closed.id });
    await t.make.makeTask({ entity: await t.make.makeShot({ projectId: closed.id, sequenceId: sequence.id }), assignees: [w.artist.person.id] });
    const response = await mySequences(w.artist.token, closed.id);
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual([]);
  });

  it("refuses bot tokens", async () => {
    expect((await mySequences(w.bot.token, w.project.id)).statusCode).toBe(403);
  });

  it("answers 404 for an unknown or malformed project", async () => {
    for (const id of [UNKNOWN_ID, "not-a-project"]) expect((await mySequences(w.artist.token, id)).statusCode, id).toBe(404);
  });
});

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

describe("GET /data/episodes/{episode_id}/task-types", () => {
  it("lists the distinct task types of the tasks on the shots and scenes of the episode's sequences", async () => {
    const episode = await t.make.makeEpisode({ projectId: w.project.id });
    const sequence = await t.make.makeSequence({ projectId: w.project.id, episodeId: episode.id });
    const shotA = await t.make.makeShot({ projectId: w.project.id, sequenceId: sequence.id });
    const shotB = await t.make.makeShot({ projectId: w.project.id, sequenceId: sequence.id });
    const scene = await t.make.makeScene({ projectId: w.project.id, sequenceId: sequence.id });
    const animation = await t.make.makeTaskType({ name: "Animation" });
    const storyboard = await t.make.makeTaskType({ name: "Storyboard", forEntity: "Scene" });
    const onEpisode = await t.make.makeTaskType({ name: "Episode edit", forEntity: "Episode" });
    const onSequence = await t.make.makeTaskType({ name: "Sequence layout", forEntity: "Sequence" });
    await t.make.makeTask({ entity: shotA, taskTypeId: animation.id });
    await t.make.makeTask({ entity: shotB, taskTypeId: animation.id });
    await t.make.makeTask({ entity: scene, taskTypeId: storyboard.id });
    await t.make.makeTask({ entity: episode, taskTypeId: onEpisode.id });
    await t.make.makeTask({ entity: sequence, taskTypeId: onSequence.id });
    const elsewhere = await t.make.makeShot({ projectId: w.project.id, sequenceId: (await t.make.makeSequence({ projectId: w.project.id })).id });
    await t.make.makeTask({ entity: elsewhere, taskTypeId: (await t.make.makeTaskType({ name: "Other" })).id });

    const response = await t.request({ method: "GET", url: `/api/data/episodes/${episode.id}/task-types`, token: w.artist.token });

    expect(response.statusCode).toBe(200);
    const body = response.json() as Record<string, unknown>[];
    expect(body.map((item) => item.name).sort()).toEqual(["Animation", "Storyboard"]);
    expectZouObject(body[0], "TaskType");
  });

  it("forbids people outside the team and unassigned vendors", async () => {
    const episode = await t.make.makeEpisode({ projectId: w.project.id });
    for (const session of [w.outsider, w.vendor]) {
      expect((await t.request({ method: "GET", url: `/api/data/episodes/${episode.id}/task-types`, token: session.token })).statusCode).toBe(403);
    }
  });

  it("answers 404 for an unknown id, a malformed id and an id that is not an episode", async () => {
    const sequence = await t.make.makeSequence({ projectId: w.project.id });
    for (const id of [UNKNOWN_ID, "not-an-id", sequence.id]) {
      expect((await t.request({ method: "GET", url: `/api/data/episodes/${id}/task-types`, token: w.admin.token })).statusCode, id).toBe(404);
    }
  });
});

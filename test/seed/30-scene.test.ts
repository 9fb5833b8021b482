import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { NOT_FOUND_MESSAGE } from "../../src/rest/errors.js";
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

describe("GET /data/scenes/{scene_id}", () => {
  it("answers the scene with its project, sequence and episode names", async () => {
    const episode = await t.make.makeEpisode({ projectId: w.project.id, name: "E01" });
    const sequence = await t.make.makeSequence({ projectId: w.project.id, episodeId: episode.id, name: "SQ01" });
    const scene = await t.make.makeScene({ projectId: w.project.id, sequenceId: sequence.id, name: "SC01" });

    const response = await t.request({ method: "GET", url: `/api/data/scenes/${scene.id}`, token: w.artist.token });

    expect(response.statusCode).toBe(200);
    const body = response.json();
    expectZouObject(body, "Scene");
    expect(body).toMatchObject({
      id: scene.id,
      name: "SC01",
      parent_id: sequence.id,
      project_id: w.project.id,
      project_name: "Big Bunny",
      sequence_id: sequence.id,
      sequence_name: "SQ01",
      episode_id: episode.id,
      episode_name: "E01",
    });
  });

  it("leaves out the episode keys when the sequence is in no episode", async () => {
    const sequence = await t.make.makeSequence({ projectId: w.project.id, name: "SQ02" });
    const scene = await t.make.makeScene({ projectId: w.project.id, sequenceId: sequence.id });

    const body = (await t.request({ method: "GET", url: `/data/scenes/${scene.id}`, token: w.admin.token })).json();

    expect(body.sequence_name).toBe("SQ02");
    expect(body).not.toHaveProperty("episode_id");
  });

  it("forbids people outside the team and unassigned vendors", async () => {
    const scene = await t.make.makeScene({ projectId: w.project.id, sequenceId: (await t.make.makeSequence({ projectId: w.project.id })).id });

    const outsider = await t.request({ method: "GET", url: `/api/data/scenes/${scene.id}`, token: w.outsider.token });
    const vendor = await t.request({ method: "GET", url: `/api/data/scenes/${scene.id}`, token: w.vendor.token });

    expect(outsider.statusCode).toBe(403);
    expect(vendor.statusCode).toBe(403);
  });

  it("answers 404 for an unknown id, a malformed id and an id that is not a scene", async () => {
    const shot = await t.make.makeShot({ projectId: w.project.id });
    for (const id of [UNKNOWN_ID, "not-an-id", shot.id]) {
      const response = await t.request({ method: "GET", url: `/api/data/scenes/${id}`, token: w.admin.token });
      expect(response.statusCode, id).toBe(404);
      expect(response.json()).toEqual({ error: true, message: NOT_FOUND_MESSAGE });
    }
  });

  it("answers 401 without a token", async () => {
    const response = await t.request({ method: "GET", url: `/api/data/scenes/${UNKNOWN_ID}` });
    expect(response.statusCode).toBe(401);
  });
});

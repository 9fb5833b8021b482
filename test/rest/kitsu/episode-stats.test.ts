import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect } from "vitest";
import { entity } from "../../../schema/entities.js";
import { task } from "../../../schema/tasks.js";
import { createTestApp, type TestApp } from "../../support/app.js";
import type { EntityRow } from "../../support/entities.builders.js";
import { makeSeedWorld, UNKNOWN_ID, type SeedWorld } from "../../support/seed-b.world.js";
import { kitsuRoute } from "./kitsu-routes.js";

// The statistics of Kitsu's episode page.

let t: TestApp;
let w: SeedWorld;
let episode: EntityRow;
let animationId: string;
let doneStatusId: string;
let retakeStatusId: string;

beforeAll(async () => {
  t = await createTestApp();
  w = await makeSeedWorld(t);
  episode = await t.make.makeEpisode({ projectId: w.project.id, name: "E01" });
  const sequence = await t.make.makeSequence({ projectId: w.project.id, episodeId: episode.id, name: "SQ01" });
  const shotA = await t.make.makeShot({ projectId: w.project.id, sequenceId: sequence.id, name: "SH010" });
  const shotB = await t.make.makeShot({ projectId: w.project.id, sequenceId: sequence.id, name: "SH020" });
  await t.db.orm.update(entity).set({ nbFrames: 24 }).where(eq(entity.id, shotA.id));
  await t.db.orm.update(entity).set({ nbFrames: 48 }).where(eq(entity.id, shotB.id));
  animationId = (await t.make.makeTaskType({ name: "Animation" })).id;
  const done = await t.make.makeTaskStatus({ name: "Done", shortName: "done", color: "#22d160", isDone: true });
  const retake = await t.make.makeTaskStatus({ name: "Retake", shortName: "rtk", color: "#ff3860", isRetake: true });
  doneStatusId = done.id;
  retakeStatusId = retake.id;
  const first = await t.make.makeTask({ entity: shotA, taskTypeId: animationId, status: done });
  const second = await t.make.makeTask({ entity: shotB, taskTypeId: animationId, status: retake, assignees: [w.vendor.person.id] });
  await t.db.orm.update(task).set({ retakeCount: 1 }).where(eq(task.id, first.id));
  await t.db.orm.update(task).set({ retakeCount: 2, nbDrawings: 5 }).where(eq(task.id, second.id));
});

afterAll(async () => {
  await t.close();
});

describe("episode statistics", () => {
  kitsuRoute("GET", "/data/projects/{project_id}/episodes/stats", {
    succeeds: ["counts tasks by episode, task type and status", async () => {
      const response = await t.request({ method: "GET", url: `/api/data/projects/${w.project.id}/episodes/stats`, token: w.manager.token });
      expect(response.statusCode).toBe(200);
      const body = response.json();
      expect(body[episode.id][animationId][doneStatusId]).toEqual({ name: "done", color: "#22d160", count: 1, frames: 24, drawings: 0 });
      expect(body[episode.id].all[retakeStatusId]).toEqual({ name: "rtk", color: "#ff3860", count: 1, frames: 48, drawings: 5 });
      expect(body.all.all[doneStatusId].count).toBe(1);
      expect(body.all[animationId][retakeStatusId].count).toBe(1);
    }],
    fails: ["answers 404 for an unknown project", async () => {
      const response = await t.request({ method: "GET", url: `/api/data/projects/${UNKNOWN_ID}/episodes/stats`, token: w.admin.token });
      expect(response.statusCode).toBe(404);
    }],
  });

  kitsuRoute("GET", "/data/projects/{project_id}/episodes/stats", {
    succeeds: ["counts only a vendor's assigned tasks", async () => {
      const response = await t.request({ method: "GET", url: `/api/data/projects/${w.project.id}/episodes/stats`, token: w.vendor.token });
      expect(response.statusCode).toBe(200);
      const body = response.json();
      expect(Object.keys(body[episode.id][animationId])).toEqual([retakeStatusId]);
    }],
    fails: ["rejects a person outside the project", async () => {
      const response = await t.request({ method: "GET", url: `/api/data/projects/${w.project.id}/episodes/stats`, token: w.outsider.token });
      expect(response.statusCode).toBe(403);
    }],
  });

  kitsuRoute("GET", "/data/projects/{project_id}/episodes/retake-stats", {
    succeeds: ["counts retakes with their evolution", async () => {
      const response = await t.request({ method: "GET", url: `/api/data/projects/${w.project.id}/episodes/retake-stats`, token: w.supervisor.token });
      expect(response.statusCode).toBe(200);
      const entry = response.json()[episode.id][animationId];
      expect(entry.max_retake_count).toBe(2);
      expect(entry.done).toEqual({ count: 1, frames: 24, drawings: 0 });
      expect(entry.retake).toEqual({ count: 1, frames: 48, drawings: 5 });
      expect(entry.other.count).toBe(0);
      expect(entry.evolution["1"].retake.count).toBe(2);
      expect(entry.evolution["2"]).toMatchObject({ retake: { count: 1 }, done: { count: 1 } });
      expect(response.json().all.all.max_retake_count).toBe(2);
    }],
    fails: ["rejects a person outside the project", async () => {
      const response = await t.request({ method: "GET", url: `/api/data/projects/${w.project.id}/episodes/retake-stats`, token: w.outsider.token });
      expect(response.statusCode).toBe(403);
    }],
  });
});

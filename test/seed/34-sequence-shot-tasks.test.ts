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

describe("GET /data/sequences/{sequence_id}/shot-tasks", () => {
  it("lists the tasks of the shots and scenes under the sequence with display names, ordered", async () => {
    const sequence = await t.make.makeSequence({ projectId: w.project.id });
    const shot = await t.make.makeShot({ projectId: w.project.id, sequenceId: sequence.id, name: "SH010" });
    const scene = await t.make.makeScene({ projectId: w.project.id, sequenceId: sequence.id, name: "SC01" });
    const animation = await t.make.makeTaskType({ name: "Animation" });
    const storyboard = await t.make.makeTaskType({ name: "Storyboard", forEntity: "Scene" });
    const wip = await t.make.makeTaskStatus({ name: "WIP" });
    const shotTask = await t.make.makeTask({ entity: shot, taskTypeId: animation.id, status: wip, name: "main", assignees: [w.artist.person.id] });
    const sceneTask = await t.make.makeTask({ entity: scene, taskTypeId: storyboard.id, status: wip, name: "board" });
    await t.make.makeTask({ entity: sequence, taskTypeId: animation.id, status: wip, name: "on the sequence" });

    const response = await t.request({ method: "GET", url: `/api/data/sequences/${sequence.id}/shot-tasks`, token: w.artist.token });

    expect(response.statusCode).toBe(200);
    const body = response.json() as Record<string, unknown>[];
    expect(body.map((item) => item.id)).toEqual([sceneTask.id, shotTask.id]);
    expectZouObject(body[1], "Task");
    expect(body[1]).toMatchObject({
      entity_id: shot.id,
      task_type_id: animation.id,
      project_name: "Big Bunny",
      task_type_name: "Animation",
      task_status_name: "WIP",
      entity_type_name: "Shot",
      entity_name: "SH010",
    });
    expect(body[0]).toMatchObject({ entity_type_name: "Scene", entity_name: "SC01" });
    expect(body[1]).not.toHaveProperty("assignees");
  });

  it("adds the assignee ids with relations=true", async () => {
    const sequence = await t.make.makeSequence({ projectId: w.project.id });
    const shot = await t.make.makeShot({ projectId: w.project.id, sequenceId: sequence.id });
    await t.make.makeTask({ entity: shot, assignees: [w.artist.person.id, w.supervisor.person.id] });

    const response = await t.request({ method: "GET", url: `/api/data/sequences/${sequence.id}/shot-tasks?relations=true`, token: w.manager.token });

    expect((response.json()[0].assignees as string[]).sort()).toEqual([w.artist.person.id, w.supervisor.person.id].sort());
  });

  it("forbids people outside the team and vendors, even assigned ones", async () => {
    const sequence = await t.make.makeSequence({ projectId: w.project.id });
    const shot = await t.make.makeShot({ projectId: w.project.id, sequenceId: sequence.id });
    await t.make.makeTask({ entity: sequence, assignees: [w.vendor.person.id] });
    await t.make.makeTask({ entity: shot, assignees: [w.vendor.person.id] });
    for (const session of [w.outsider, w.vendor]) {
      expect((await t.request({ method: "GET", url: `/api/data/sequences/${sequence.id}/shot-tasks`, token: session.token })).statusCode).toBe(403);
    }
  });

  it("answers 404 for an unknown id, a malformed id and an id that is not a sequence", async () => {
    const shot = await t.make.makeShot({ projectId: w.project.id });
    for (const id of [UNKNOWN_ID, "not-an-id", shot.id]) {
      expect((await t.request({ method: "GET", url: `/api/data/sequences/${id}/shot-tasks`, token: w.admin.token })).statusCode, id).toBe(404);
    }
  });
});

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../support/app.js";
import { eventNamesSince } from "../support/roles.js";
import { makeSeedWorld, UNKNOWN_ID, type SeedWorld } from "../support/seed-b.world.js";

let t: TestApp;
let w: SeedWorld;

beforeAll(async () => {
  t = await createTestApp();
  w = await makeSeedWorld(t);
});

afterAll(async () => {
  await t.close();
});

function isoDate(date: Date): string {
  return date.toISOString().slice(0, 10);
}

function scheduleItems(token: string, projectId = w.project.id) {
  return t.request({ method: "GET", url: `/api/data/projects/${projectId}/schedule-items/task-types`, token });
}

describe("GET /data/projects/{project_id}/schedule-items/task-types", () => {
  it("creates one item per task type used by the project's tasks, today to tomorrow, and returns the same ones next time", async () => {
    const shot = await t.make.makeShot({ projectId: w.project.id });
    const asset = await t.make.makeAsset({ projectId: w.project.id });
    const concept = await t.make.makeConcept({ projectId: w.project.id });
    const animation = await t.make.makeTaskType({ name: "Animation", forEntity: "Shot" });
    const modeling = await t.make.makeTaskType({ name: "Modeling", forEntity: "Asset" });
    const conceptArt = await t.make.makeTaskType({ name: "Concept art", forEntity: "Concept" });
    await t.make.makeTaskType({ name: "Unused", forEntity: "Shot" });
    await t.make.makeTask({ entity: shot, taskTypeId: animation.id });
    await t.make.makeTask({ entity: asset, taskTypeId: modeling.id });
    await t.make.makeTask({ entity: concept, taskTypeId: conceptArt.id });
    const since = new Date();

    const first = await scheduleItems(w.manager.token);

    expect(first.statusCode).toBe(200);
    const items = first.json() as Record<string, unknown>[];
    expect(items.map((item) => item.task_type_id).sort()).toEqual([animation.id, modeling.id].sort());
    const today = new Date();
    expect(items[0]).toEqual({
      id: expect.any(String),
      start_date: isoDate(today),
      end_date: isoDate(new Date(today.getTime() + 86_400_000)),
      man_days: null,
      project_id: w.project.id,
      task_type_id: expect.any(String),
      object_id: null,
    });
    expect(await eventNamesSince(t, since)).toEqual(["schedule-item:new", "schedule-item:new"]);

    const second = await scheduleItems(w.artist.token);
    expect((second.json() as { id: string }[]).map((item) => item.id).sort()).toEqual(items.map((item) => item.id).sort());
    const [{ count }] = await t.db.query<{ count: number }>("select count(*)::int as count from schedule_item where project_id = $1", [w.project.id]);
    expect(count).toBe(2);
  });

  it("keeps an existing item and returns it sorted by start date, leaving out task types no longer used", async () => {
    const project = await t.make.makeProject({ team: [{ id: w.manager.person.id }] });
    const shot = await t.make.makeShot({ projectId: project.id });
    const layout = await t.make.makeTaskType({ name: "Layout" });
    const lighting = await t.make.makeTaskType({ name: "Lighting" });
    const dropped = await t.make.makeTaskType({ name: "Dropped" });
    await t.make.makeTask({ entity: shot, taskTypeId: layout.id });
    await t.make.makeTask({ entity: shot, taskTypeId: lighting.id });
    const existing = await t.make.makeScheduleItem({ projectId: project.id, taskTypeId: layout.id, startDate: "2020-01-01", endDate: "2020-02-01" });
    await t.make.makeScheduleItem({ projectId: project.id, taskTypeId: dropped.id });

    const items = (await scheduleItems(w.manager.token, project.id)).json() as { id: string; task_type_id: string; start_date: string }[];

    expect(items).toHaveLength(2);
    expect(items[0]).toMatchObject({ id: existing.id, start_date: "2020-01-01", end_date: "2020-02-01" });
    expect(items[1].task_type_id).toBe(lighting.id);
  });

  it("forbids vendors and people outside the team", async () => {
    for (const session of [w.vendor, w.outsider]) {
      const response = await scheduleItems(session.token);
      expect(response.statusCode).toBe(403);
    }
  });

  it("answers 404 to a non-admin for an unknown or malformed project, and to an admin for a malformed one", async () => {
    for (const id of [UNKNOWN_ID, "not-a-project"]) {
      const response = await scheduleItems(w.outsider.token, id);
      expect(response.statusCode, id).toBe(404);
    }
    expect((await scheduleItems(w.admin.token, "not-a-project")).statusCode).toBe(404);
  });

  it("answers an empty list to an admin for an unknown project", async () => {
    const response = await scheduleItems(w.admin.token, UNKNOWN_ID);
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual([]);
  });
});

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { projectTaskTypeLink } from "../../schema/projects.js";
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

describe("GET /data/projects/{project_id}/task-types", () => {
  it("lists the task types enabled in the project's settings", async () => {
    const animation = await t.make.makeTaskType({ name: "Animation", shortName: "anim", color: "#22D160", priority: 1 });
    const modeling = await t.make.makeTaskType({ name: "Modeling", forEntity: "Asset" });
    await t.make.makeTaskType({ name: "Unused" });
    await t.db.orm.insert(projectTaskTypeLink).values([
      { projectId: w.project.id, taskTypeId: animation.id, priority: 1 },
      { projectId: w.project.id, taskTypeId: modeling.id, priority: 2 },
    ]);

    const response = await t.request({ method: "GET", url: `/api/data/projects/${w.project.id}/task-types`, token: w.vendor.token });

    expect(response.statusCode).toBe(200);
    const body = response.json() as Record<string, unknown>[];
    expect(body.map((item) => item.name).sort()).toEqual(["Animation", "Modeling"]);
    const first = body.find((item) => item.id === animation.id)!;
    expectZouObject(first, "TaskType");
    expect(first).toMatchObject({ short_name: "anim", color: "#22D160", priority: 1, for_entity: "Shot", department_id: null });
  });

  it("answers an empty list for a project without task types", async () => {
    const other = await t.make.makeProject();
    const response = await t.request({ method: "GET", url: `/api/data/projects/${other.id}/task-types`, token: w.admin.token });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual([]);
  });

  it("forbids people outside the team", async () => {
    const response = await t.request({ method: "GET", url: `/api/data/projects/${w.project.id}/task-types`, token: w.outsider.token });
    expect(response.statusCode).toBe(403);
  });

  it("answers 404 for an unknown or malformed project", async () => {
    for (const id of [UNKNOWN_ID, "not-a-project"]) {
      const response = await t.request({ method: "GET", url: `/api/data/projects/${id}/task-types`, token: w.outsider.token });
      expect(response.statusCode, id).toBe(404);
    }
  });
});

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../../support/app.js";
import type { TaskRow } from "../../support/entities.builders.js";
import { expectZouObject, makeSeedWorld, UNKNOWN_ID, type SeedWorld } from "../../support/seed-b.world.js";
import { kitsuRoute } from "./kitsu-routes.js";

// Kitsu's schedule pages: schedule items of a production, production
// schedule versions and their task links, day offs, the task dates of each
// person and the monthly time spent of a production's budget.

let t: TestApp;
let w: SeedWorld;
let task: TaskRow;
let assetTypeId: string;

beforeAll(async () => {
  t = await createTestApp();
  w = await makeSeedWorld(t);
  const asset = await t.make.makeAsset({ projectId: w.project.id, name: "Hero" });
  assetTypeId = asset.entityTypeId;
  task = await t.make.makeTask({ entity: asset, assignees: [w.artist.person.id] });
  await t.request({ method: "PUT", url: `/api/data/tasks/${task.id}`, token: w.admin.token, payload: { start_date: "2030-01-07", due_date: "2030-01-18" } });
});

afterAll(async () => {
  await t.close();
});

// Zou (1.0.67) lets only admins create and delete schedule items and delete
// schedule versions, because those crud resources keep the admin-only default.
describe("schedule items", () => {
  let itemId: string;

  beforeAll(async () => {
    itemId = (await t.make.makeScheduleItem({ projectId: w.project.id, taskTypeId: task.taskTypeId })).id;
    const link = await t.request({ method: "POST", url: "/api/data/task-type-links", token: w.admin.token, payload: { project_id: w.project.id, task_type_id: task.taskTypeId } });
    expect(link.statusCode).toBe(201);
  });

  kitsuRoute("GET", "/data/projects/{project_id}/schedule-items/task-types", {
    succeeds: ["lists the task type items of the project", async () => {
      const response = await t.request({ method: "GET", url: `/api/data/projects/${w.project.id}/schedule-items/task-types`, token: w.manager.token });
      expect(response.statusCode).toBe(200);
      const item = response.json().find((row: { task_type_id: string }) => row.task_type_id === task.taskTypeId);
      expect(item).toMatchObject({ project_id: w.project.id, object_id: null });
      expect(item).toHaveProperty("start_date");
      expect(item).toHaveProperty("end_date");
    }],
    fails: ["rejects an outsider", async () => {
      const response = await t.request({ method: "GET", url: `/api/data/projects/${w.project.id}/schedule-items/task-types`, token: w.outsider.token });
      expect(response.statusCode).toBe(403);
    }],
  });

  kitsuRoute("POST", "/data/schedule-items", {
    succeeds: ["creates a schedule item with 201", async () => {
      const response = await t.request({ method: "POST", url: "/api/data/schedule-items", token: w.admin.token, payload: { project_id: w.project.id, task_type_id: task.taskTypeId, object_id: assetTypeId, start_date: "2030-02-01", end_date: "2030-03-01" } });
      expect(response.statusCode).toBe(201);
      expectZouObject(response.json(), "ScheduleItem");
      expect(response.json()).toMatchObject({ object_id: assetTypeId, start_date: "2030-02-01", end_date: "2030-03-01" });
    }],
    fails: ["rejects an artist", async () => {
      const response = await t.request({ method: "POST", url: "/api/data/schedule-items", token: w.artist.token, payload: { project_id: w.project.id, task_type_id: task.taskTypeId, object_id: assetTypeId } });
      expect(response.statusCode).toBe(403);
    }],
  });

  kitsuRoute("PUT", "/data/schedule-items/{instance_id}", {
    succeeds: ["moves the schedule item", async () => {
      const response = await t.request({ method: "PUT", url: `/api/data/schedule-items/${itemId}`, token: w.manager.token, payload: { start_date: "2030-01-01", end_date: "2030-04-01" } });
      expect(response.statusCode).toBe(200);
      const read = await t.request({ method: "GET", url: `/api/data/schedule-items/${itemId}`, token: w.admin.token });
      expect(read.json()).toMatchObject({ start_date: "2030-01-01", end_date: "2030-04-01" });
    }],
    fails: ["returns 404 for an unknown id", async () => {
      const response = await t.request({ method: "PUT", url: `/api/data/schedule-items/${UNKNOWN_ID}`, token: w.manager.token, payload: { start_date: "2030-01-01" } });
      expect(response.statusCode).toBe(404);
    }],
  });

  kitsuRoute("DELETE", "/data/schedule-items/{instance_id}", {
    succeeds: ["deletes the schedule item", async () => {
      // A task type of its own, because the creation test above already created the item of this task type and asset type.
      const taskTypeId = (await t.make.makeTaskType()).id;
      const id = (await t.make.makeScheduleItem({ projectId: w.project.id, taskTypeId, objectId: assetTypeId })).id;
      const response = await t.request({ method: "DELETE", url: `/api/data/schedule-items/${id}`, token: w.admin.token });
      expect(response.statusCode).toBe(204);
      const read = await t.request({ method: "GET", url: `/api/data/schedule-items/${id}`, token: w.admin.token });
      expect(read.statusCode).toBe(404);
    }],
    fails: ["rejects a malformed id", async () => {
      const response = await t.request({ method: "DELETE", url: "/api/data/schedule-items/nope", token: w.manager.token });
      expect(response.statusCode).toBe(400);
    }],
  });

  it("rejects a manager creating or deleting items", async () => {
    const created = await t.request({ method: "POST", url: "/api/data/schedule-items", token: w.manager.token, payload: { project_id: w.project.id, task_type_id: task.taskTypeId, object_id: assetTypeId } });
    expect(created.statusCode).toBe(403);
    const deleted = await t.request({ method: "DELETE", url: `/api/data/schedule-items/${itemId}`, token: w.manager.token });
    expect(deleted.statusCode).toBe(403);
    const read = await t.request({ method: "GET", url: `/api/data/schedule-items/${itemId}`, token: w.admin.token });
    expect(read.statusCode).toBe(200);
  });
});

describe("production schedule versions", () => {
  let versionId: string;

  beforeAll(async () => {
    const response = await t.request({ method: "POST", url: "/api/data/production-schedule-versions", token: w.manager.token, payload: { name: "Plan A", project_id: w.project.id } });
    expect(response.statusCode).toBe(201);
    versionId = response.json().id;
  });

  kitsuRoute("GET", "/data/production-schedule-versions", {
    succeeds: ["lists the versions", async () => {
      const response = await t.request({ method: "GET", url: `/api/data/production-schedule-versions?project_id=${w.project.id}`, token: w.manager.token });
      expect(response.statusCode).toBe(200);
      const version = response.json().find((row: { id: string }) => row.id === versionId);
      expectZouObject(version, "ProductionScheduleVersion");
      expect(version).toMatchObject({ name: "Plan A", project_id: w.project.id, locked: false, canceled: false });
    }],
    fails: ["rejects a manager without a project filter", async () => {
      const response = await t.request({ method: "GET", url: "/api/data/production-schedule-versions", token: w.manager.token });
      expect(response.statusCode).toBe(403);
    }],
  });

  kitsuRoute("GET", "/data/production-schedule-versions/{instance_id}", {
    succeeds: ["returns one version", async () => {
      const response = await t.request({ method: "GET", url: `/api/data/production-schedule-versions/${versionId}`, token: w.manager.token });
      expect(response.statusCode).toBe(200);
      expect(response.json()).toMatchObject({ id: versionId, name: "Plan A", type: "ProductionScheduleVersion" });
    }],
    fails: ["returns 404 for an unknown id", async () => {
      const response = await t.request({ method: "GET", url: `/api/data/production-schedule-versions/${UNKNOWN_ID}`, token: w.manager.token });
      expect(response.statusCode).toBe(404);
    }],
  });

  kitsuRoute("POST", "/data/production-schedule-versions", {
    succeeds: ["creates a version with 201", async () => {
      const response = await t.request({ method: "POST", url: "/api/data/production-schedule-versions", token: w.manager.token, payload: { name: "Plan B", project_id: w.project.id } });
      expect(response.statusCode).toBe(201);
      expectZouObject(response.json(), "ProductionScheduleVersion");
      expect(response.json()).toMatchObject({ name: "Plan B", project_id: w.project.id });
    }],
    fails: ["rejects an artist", async () => {
      const response = await t.request({ method: "POST", url: "/api/data/production-schedule-versions", token: w.artist.token, payload: { name: "Plan C", project_id: w.project.id } });
      expect(response.statusCode).toBe(403);
    }],
  });

  kitsuRoute("PUT", "/data/production-schedule-versions/{instance_id}", {
    succeeds: ["locks the version", async () => {
      const response = await t.request({ method: "PUT", url: `/api/data/production-schedule-versions/${versionId}`, token: w.manager.token, payload: { locked: true } });
      expect(response.statusCode).toBe(200);
      const read = await t.request({ method: "GET", url: `/api/data/production-schedule-versions/${versionId}`, token: w.manager.token });
      expect(read.json().locked).toBe(true);
    }],
    fails: ["rejects a malformed id", async () => {
      const response = await t.request({ method: "PUT", url: "/api/data/production-schedule-versions/nope", token: w.manager.token, payload: { locked: true } });
      expect(response.statusCode).toBe(400);
    }],
  });

  kitsuRoute("DELETE", "/data/production-schedule-versions/{instance_id}", {
    succeeds: ["deletes the version", async () => {
      const created = await t.request({ method: "POST", url: "/api/data/production-schedule-versions", token: w.manager.token, payload: { name: "Plan D", project_id: w.project.id } });
      const id = created.json().id;
      const response = await t.request({ method: "DELETE", url: `/api/data/production-schedule-versions/${id}`, token: w.admin.token });
      expect(response.statusCode).toBe(204);
      const read = await t.request({ method: "GET", url: `/api/data/production-schedule-versions/${id}`, token: w.manager.token });
      expect(read.statusCode).toBe(404);
    }],
    fails: ["rejects an artist", async () => {
      const response = await t.request({ method: "DELETE", url: `/api/data/production-schedule-versions/${versionId}`, token: w.artist.token });
      expect(response.statusCode).toBe(403);
    }],
  });

  it("rejects a manager deleting a version", async () => {
    const response = await t.request({ method: "DELETE", url: `/api/data/production-schedule-versions/${versionId}`, token: w.manager.token });
    expect(response.statusCode).toBe(403);
    const read = await t.request({ method: "GET", url: `/api/data/production-schedule-versions/${versionId}`, token: w.manager.token });
    expect(read.statusCode).toBe(200);
  });
});

describe("production schedule version task links", () => {
  let versionId: string;
  let linkId: string;

  beforeAll(async () => {
    const version = await t.request({ method: "POST", url: "/api/data/production-schedule-versions", token: w.manager.token, payload: { name: "Links", project_id: w.project.id } });
    versionId = version.json().id;
    const link = await t.request({ method: "POST", url: "/api/data/production-schedule-version-task-links", token: w.manager.token, payload: { production_schedule_version_id: versionId, task_id: task.id, start_date: "2030-01-07", due_date: "2030-01-18" } });
    expect(link.statusCode).toBe(201);
    linkId = link.json().id;
  });

  kitsuRoute("GET", "/data/production-schedule-version-task-links/{instance_id}", {
    succeeds: ["returns one task link", async () => {
      const response = await t.request({ method: "GET", url: `/api/data/production-schedule-version-task-links/${linkId}`, token: w.manager.token });
      expect(response.statusCode).toBe(200);
      expectZouObject(response.json(), "ProductionScheduleVersionTaskLink");
      expect(response.json()).toMatchObject({ production_schedule_version_id: versionId, task_id: task.id });
    }],
    fails: ["returns 404 for an unknown id", async () => {
      const response = await t.request({ method: "GET", url: `/api/data/production-schedule-version-task-links/${UNKNOWN_ID}`, token: w.manager.token });
      expect(response.statusCode).toBe(404);
    }],
  });

  kitsuRoute("POST", "/data/production-schedule-version-task-links", {
    succeeds: ["links a task with 201", async () => {
      const other = await t.make.makeTask({ entity: await t.make.makeAsset({ projectId: w.project.id }) });
      const response = await t.request({ method: "POST", url: "/api/data/production-schedule-version-task-links", token: w.manager.token, payload: { production_schedule_version_id: versionId, task_id: other.id, estimation: 2 } });
      expect(response.statusCode).toBe(201);
      expect(response.json()).toMatchObject({ task_id: other.id, estimation: 2, type: "ProductionScheduleVersionTaskLink" });
    }],
    fails: ["rejects an artist", async () => {
      const response = await t.request({ method: "POST", url: "/api/data/production-schedule-version-task-links", token: w.artist.token, payload: { production_schedule_version_id: versionId, task_id: task.id } });
      expect(response.statusCode).toBe(403);
    }],
  });

  kitsuRoute("PUT", "/data/production-schedule-version-task-links/{instance_id}", {
    succeeds: ["sets the estimation", async () => {
      const response = await t.request({ method: "PUT", url: `/api/data/production-schedule-version-task-links/${linkId}`, token: w.manager.token, payload: { estimation: 5 } });
      expect(response.statusCode).toBe(200);
      const read = await t.request({ method: "GET", url: `/api/data/production-schedule-version-task-links/${linkId}`, token: w.manager.token });
      expect(read.json().estimation).toBe(5);
    }],
    fails: ["rejects a malformed id", async () => {
      const response = await t.request({ method: "PUT", url: "/api/data/production-schedule-version-task-links/nope", token: w.manager.token, payload: { estimation: 5 } });
      expect(response.statusCode).toBe(400);
    }],
  });

  kitsuRoute("DELETE", "/data/production-schedule-version-task-links/{instance_id}", {
    succeeds: ["deletes the task link", async () => {
      const response = await t.request({ method: "DELETE", url: `/api/data/production-schedule-version-task-links/${linkId}`, token: w.manager.token });
      expect(response.statusCode).toBe(204);
      const read = await t.request({ method: "GET", url: `/api/data/production-schedule-version-task-links/${linkId}`, token: w.manager.token });
      expect(read.statusCode).toBe(404);
    }],
    fails: ["returns 404 for an unknown id", async () => {
      const response = await t.request({ method: "DELETE", url: `/api/data/production-schedule-version-task-links/${UNKNOWN_ID}`, token: w.manager.token });
      expect(response.statusCode).toBe(404);
    }],
  });
});

describe("people schedules", () => {
  let dayOffId: string;

  beforeAll(async () => {
    dayOffId = (await t.make.makeDayOff({ personId: w.artist.person.id, date: "2030-01-10", endDate: "2030-01-11" })).id;
    await t.make.makeTimeSpent({ taskId: task.id, personId: w.artist.person.id, date: "2030-01-08", duration: 120 });
  });

  kitsuRoute("GET", "/data/day-offs", {
    succeeds: ["lists the day offs", async () => {
      const response = await t.request({ method: "GET", url: "/api/data/day-offs", token: w.admin.token });
      expect(response.statusCode).toBe(200);
      const dayOff = response.json().find((row: { id: string }) => row.id === dayOffId);
      expectZouObject(dayOff, "DayOff");
      expect(dayOff).toMatchObject({ person_id: w.artist.person.id, date: "2030-01-10", end_date: "2030-01-11" });
    }],
    fails: ["rejects an artist", async () => {
      const response = await t.request({ method: "GET", url: "/api/data/day-offs", token: w.artist.token });
      expect(response.statusCode).toBe(403);
    }],
  });

  kitsuRoute("GET", "/data/persons/task-dates", {
    succeeds: ["returns each person's first and last task dates", async () => {
      const response = await t.request({ method: "GET", url: "/api/data/persons/task-dates", token: w.admin.token });
      expect(response.statusCode).toBe(200);
      const dates = response.json().find((row: { person_id: string }) => row.person_id === w.artist.person.id);
      // Zou formats these dates as Python's str(datetime) does.
      expect(dates).toEqual({ person_id: w.artist.person.id, min_date: "2030-01-07 00:00:00", max_date: "2030-01-18 00:00:00", busy_periods: [] });
    }],
    fails: ["rejects an artist", async () => {
      const response = await t.request({ method: "GET", url: "/api/data/persons/task-dates", token: w.artist.token });
      expect(response.statusCode).toBe(403);
    }],
  });

  kitsuRoute("GET", "/data/projects/{project_id}/budgets/time-spents", {
    succeeds: ["returns the monthly time spent", async () => {
      const departmentId = (await t.make.makeDepartment({ name: "Budget animation" })).id;
      const taskTypeId = (await t.make.makeTaskType({ name: "Budget animation", departmentId })).id;
      const prop = await t.make.makeAsset({ projectId: w.project.id, name: "Budget prop" });
      const counted = await t.make.makeTask({ entity: prop, taskTypeId, assignees: [w.artist.person.id] });
      await t.make.makeTimeSpent({ taskId: counted.id, personId: w.artist.person.id, date: "2030-01-09", duration: 120 });
      await t.make.makeTimeSpent({ taskId: counted.id, personId: w.artist.person.id, date: "2030-02-03", duration: 60 });
      const response = await t.request({ method: "GET", url: `/api/data/projects/${w.project.id}/budgets/time-spents`, token: w.admin.token });
      expect(response.statusCode).toBe(200);
      // The earlier 120 minutes sit on a task type without a department, so they are left out.
      expect(response.json()).toEqual({ [departmentId]: { total: 180, [w.artist.person.id]: { total: 180, "2030-01": 120, "2030-02": 60 } } });
    }],
    fails: ["rejects a manager", async () => {
      const response = await t.request({ method: "GET", url: `/api/data/projects/${w.project.id}/budgets/time-spents`, token: w.manager.token });
      expect(response.statusCode).toBe(403);
    }],
  });
});

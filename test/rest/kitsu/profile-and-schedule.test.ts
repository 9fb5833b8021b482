import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect } from "vitest";
import { previewFile } from "../../../schema/comments.js";
import { person } from "../../../schema/people.js";
import { productionScheduleVersion, productionScheduleVersionTaskLink } from "../../../schema/schedules.js";
import { createTestApp, type TestApp } from "../../support/app.js";
import { makeSeedWorld, UNKNOWN_ID, type SeedWorld } from "../../support/seed-b.world.js";
import { kitsuRoute } from "./kitsu-routes.js";

// The profile page's avatar removal, a task type's time logs in a
// production, and the task links of a production schedule version.

let t: TestApp;
let w: SeedWorld;
let animationId: string;
let layoutId: string;
let animTaskId: string;
let versionId: string;

beforeAll(async () => {
  t = await createTestApp();
  w = await makeSeedWorld(t);
  const shot = await t.make.makeShot({ projectId: w.project.id, name: "SH010" });
  animationId = (await t.make.makeTaskType({ name: "Animation" })).id;
  layoutId = (await t.make.makeTaskType({ name: "Layout" })).id;
  animTaskId = (await t.make.makeTask({ entity: shot, taskTypeId: animationId, assignees: [w.artist.person.id] })).id;
  const layoutTask = await t.make.makeTask({ entity: shot, taskTypeId: layoutId });
  await t.make.makeTimeSpent({ taskId: animTaskId, personId: w.artist.person.id, date: "2024-03-04", duration: 60 });
  await t.make.makeTimeSpent({ taskId: animTaskId, personId: w.artist.person.id, date: "2024-04-04", duration: 90 });
  const [version] = await t.db.orm.insert(productionScheduleVersion).values({ name: "Plan A", projectId: w.project.id }).returning();
  versionId = version.id;
  await t.db.orm.insert(productionScheduleVersionTaskLink).values([
    { productionScheduleVersionId: versionId, taskId: animTaskId, startDate: new Date("2024-05-01T00:00:00Z"), dueDate: new Date("2024-05-10T00:00:00Z") },
    { productionScheduleVersionId: versionId, taskId: layoutTask.id, startDate: new Date("2024-04-01T00:00:00Z") },
  ]);
});

afterAll(async () => {
  await t.close();
});

describe("own avatar", () => {
  kitsuRoute("DELETE", "/actions/user/clear-avatar", {
    succeeds: ["clears the caller's avatar flag", async () => {
      await t.db.orm.update(person).set({ hasAvatar: true }).where(eq(person.id, w.artist.person.id));
      const response = await t.request({ method: "DELETE", url: "/api/actions/user/clear-avatar", token: w.artist.token });
      expect(response.statusCode).toBe(204);
      const [row] = await t.db.orm.select({ hasAvatar: person.hasAvatar }).from(person).where(eq(person.id, w.artist.person.id));
      expect(row.hasAvatar).toBe(false);
    }],
    fails: ["rejects a bot", async () => {
      await t.db.orm.update(person).set({ hasAvatar: true }).where(eq(person.id, w.bot.person.id));
      const response = await t.request({ method: "DELETE", url: "/api/actions/user/clear-avatar", token: w.bot.token });
      expect(response.statusCode).toBe(403);
      const [row] = await t.db.orm.select({ hasAvatar: person.hasAvatar }).from(person).where(eq(person.id, w.bot.person.id));
      expect(row.hasAvatar).toBe(true);
    }],
  });
});

describe("task type time logs", () => {
  kitsuRoute("GET", "/data/projects/{project_id}/task-types/{task_type_id}/time-spents", {
    succeeds: ["lists the time by person between the dates", async () => {
      const response = await t.request({ method: "GET", url: `/api/data/projects/${w.project.id}/task-types/${animationId}/time-spents?start_date=2024-04-01`, token: w.manager.token });
      expect(response.statusCode).toBe(200);
      const body = response.json();
      expect(Object.keys(body)).toEqual([w.artist.person.id]);
      expect(body[w.artist.person.id]).toHaveLength(1);
      expect(body[w.artist.person.id][0]).toMatchObject({ type: "TimeSpent", date: "2024-04-04", duration: 90, task_id: animTaskId });
    }],
    fails: ["rejects a supervisor", async () => {
      const response = await t.request({ method: "GET", url: `/api/data/projects/${w.project.id}/task-types/${animationId}/time-spents`, token: w.supervisor.token });
      expect(response.statusCode).toBe(403);
    }],
  });
});

describe("schedule version task links", () => {
  kitsuRoute("GET", "/data/production-schedule-versions/{production_schedule_version_id}/task-links", {
    succeeds: ["lists the version's task links, optionally by task type", async () => {
      const all = await t.request({ method: "GET", url: `/api/data/production-schedule-versions/${versionId}/task-links`, token: w.artist.token });
      expect(all.statusCode).toBe(200);
      expect(all.json()).toHaveLength(2);
      const filtered = await t.request({ method: "GET", url: `/api/data/production-schedule-versions/${versionId}/task-links?task_type_id=${animationId}`, token: w.artist.token });
      expect(filtered.json()).toHaveLength(1);
      expect(filtered.json()[0]).toMatchObject({ type: "ProductionScheduleVersionTaskLink", task_id: animTaskId, production_schedule_version_id: versionId, start_date: "2024-05-01T00:00:00" });
    }],
    fails: ["rejects a client", async () => {
      const response = await t.request({ method: "GET", url: `/api/data/production-schedule-versions/${versionId}/task-links`, token: w.client.token });
      expect(response.statusCode).toBe(403);
    }],
  });

  kitsuRoute("GET", "/data/production-schedule-versions/{production_schedule_version_id}/task-links", {
    succeeds: ["lets a manager read them", async () => {
      const response = await t.request({ method: "GET", url: `/api/data/production-schedule-versions/${versionId}/task-links`, token: w.manager.token });
      expect(response.statusCode).toBe(200);
    }],
    fails: ["answers 404 for an unknown version", async () => {
      const response = await t.request({ method: "GET", url: `/api/data/production-schedule-versions/${UNKNOWN_ID}/task-links`, token: w.manager.token });
      expect(response.statusCode).toBe(404);
    }],
  });
});

describe("running previews", () => {
  kitsuRoute("GET", "/data/playlists/preview-files/running", {
    succeeds: ["lists unfinished previews newest first", async () => {
      await t.db.orm.insert(previewFile).values([
        { name: "old", taskId: animTaskId, revision: 1, status: "broken", createdAt: new Date("2024-01-01T00:00:00Z") },
        { name: "new", taskId: animTaskId, revision: 2, status: "processing", createdAt: new Date("2024-02-01T00:00:00Z") },
        { name: "done", taskId: animTaskId, revision: 3, status: "ready", createdAt: new Date("2024-03-01T00:00:00Z") },
      ]);
      const response = await t.request({ method: "GET", url: "/api/data/playlists/preview-files/running", token: w.admin.token });
      expect(response.statusCode).toBe(200);
      const body = response.json() as { name: string; project_id: string; task_type_id: string; full_entity_name: string; type: string }[];
      expect(body.map((item) => item.name)).toEqual(["new", "old"]);
      expect(body[0]).toMatchObject({ type: "PreviewFile", project_id: w.project.id, task_type_id: animationId, full_entity_name: "SH010" });
      const next = await t.request({ method: "GET", url: `/api/data/playlists/preview-files/running?cursor_preview_file_id=${(response.json()[0] as { id: string }).id}&limit=5`, token: w.admin.token });
      expect(next.json().map((item: { name: string }) => item.name)).toEqual(["old"]);
    }],
    fails: ["rejects a manager", async () => {
      const response = await t.request({ method: "GET", url: "/api/data/playlists/preview-files/running", token: w.manager.token });
      expect(response.statusCode).toBe(403);
    }],
  });
});

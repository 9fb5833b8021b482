import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect } from "vitest";
import { entity as entityTable, entityLink, entityVersion } from "../../../schema/entities.js";
import { task as taskTable } from "../../../schema/tasks.js";
import { projectAssetTypeLink, projectTaskStatusLink, projectTaskTypeLink } from "../../../schema/projects.js";
import { createTestApp, type TestApp } from "../../support/app.js";
import type { EntityRow } from "../../support/entities.builders.js";
import { makeSeedWorld, UNKNOWN_ID, type SeedWorld } from "../../support/seed-b.world.js";
import { kitsuRoute } from "./kitsu-routes.js";

// Production settings, schedule items and the history of shots and edits.

let t: TestApp;
let w: SeedWorld;
let shot: EntityRow;
let edit: EntityRow;

beforeAll(async () => {
  t = await createTestApp();
  w = await makeSeedWorld(t);
  const sequence = await t.make.makeSequence({ projectId: w.project.id, name: "SQ01" });
  shot = await t.make.makeShot({ projectId: w.project.id, sequenceId: sequence.id, name: "SH010" });
  edit = await t.make.makeEdit({ projectId: w.project.id, name: "Trailer" });
  await t.db.orm.insert(entityVersion).values([
    { name: "SH010", entityId: shot.id, personId: w.manager.person.id, data: { frame_in: 1, frame_out: 10 }, createdAt: new Date("2024-01-01T00:00:00Z") },
    { name: "SH010", entityId: shot.id, personId: w.manager.person.id, data: { frame_in: 1, frame_out: 24 }, createdAt: new Date("2024-02-01T00:00:00Z") },
    { name: "Trailer", entityId: edit.id, personId: w.manager.person.id, data: {} },
  ]);
});

afterAll(async () => {
  await t.close();
});

describe("production settings", () => {
  kitsuRoute("POST", "/data/projects/{project_id}/settings/batch", {
    succeeds: ["enables task types, statuses and asset types at once", async () => {
      const animation = await t.make.makeTaskType({ name: "Animation" });
      const status = await t.make.makeTaskStatus({ name: "Waiting", shortName: "wait" });
      const propTypeId = await t.make.makeEntityType("Prop");
      const response = await t.request({
        method: "POST",
        url: `/api/data/projects/${w.project.id}/settings/batch`,
        token: w.manager.token,
        payload: { task_types: [{ task_type_id: animation.id, priority: 2 }, { task_type_id: UNKNOWN_ID }], task_status_ids: [status.id], asset_type_ids: [propTypeId] },
      });
      expect(response.statusCode).toBe(200);
      expect(response.json()).toMatchObject({ id: w.project.id, type: "Project" });
      const links = await t.db.orm.select().from(projectTaskTypeLink).where(eq(projectTaskTypeLink.projectId, w.project.id));
      expect(links.map((link) => [link.taskTypeId, link.priority])).toEqual([[animation.id, 2]]);
      expect(await t.db.orm.select().from(projectTaskStatusLink).where(and(eq(projectTaskStatusLink.projectId, w.project.id), eq(projectTaskStatusLink.taskStatusId, status.id)))).toHaveLength(1);
      expect(await t.db.orm.select().from(projectAssetTypeLink).where(and(eq(projectAssetTypeLink.projectId, w.project.id), eq(projectAssetTypeLink.assetTypeId, propTypeId)))).toHaveLength(1);
    }],
    fails: ["rejects a supervisor", async () => {
      const layout = await t.make.makeTaskType({ name: "Layout" });
      const response = await t.request({ method: "POST", url: `/api/data/projects/${w.project.id}/settings/batch`, token: w.supervisor.token, payload: { task_types: [{ task_type_id: layout.id }] } });
      expect(response.statusCode).toBe(403);
      expect(await t.db.orm.select().from(projectTaskTypeLink).where(eq(projectTaskTypeLink.taskTypeId, layout.id))).toHaveLength(0);
    }],
  });

  kitsuRoute("POST", "/data/projects/{project_id}/settings/batch", {
    succeeds: ["replaces the task types when asked", async () => {
      const compositing = await t.make.makeTaskType({ name: "Compositing" });
      const response = await t.request({
        method: "POST",
        url: `/api/data/projects/${w.project.id}/settings/batch`,
        token: w.admin.token,
        payload: { task_types: [{ task_type_id: compositing.id }], replace_task_types: true },
      });
      expect(response.statusCode).toBe(200);
      const links = await t.db.orm.select().from(projectTaskTypeLink).where(eq(projectTaskTypeLink.projectId, w.project.id));
      expect(links.map((link) => link.taskTypeId)).toEqual([compositing.id]);
    }],
    fails: ["rejects a task type entry without its id", async () => {
      const response = await t.request({ method: "POST", url: `/api/data/projects/${w.project.id}/settings/batch`, token: w.admin.token, payload: { task_types: [{ priority: 1 }] } });
      expect(response.statusCode).toBe(400);
      expect(response.json().message).toBe("Validation error.");
    }],
  });

  kitsuRoute("DELETE", "/data/projects/{project_id}/settings/asset-types/{asset_type_id}", {
    succeeds: ["disables the asset type in the project", async () => {
      const setTypeId = await t.make.makeEntityType("Set");
      await t.db.orm.insert(projectAssetTypeLink).values({ projectId: w.project.id, assetTypeId: setTypeId });
      const response = await t.request({ method: "DELETE", url: `/api/data/projects/${w.project.id}/settings/asset-types/${setTypeId}`, token: w.manager.token });
      expect(response.statusCode).toBe(204);
      expect(await t.db.orm.select().from(projectAssetTypeLink).where(eq(projectAssetTypeLink.assetTypeId, setTypeId))).toHaveLength(0);
    }],
    fails: ["rejects an artist", async () => {
      const fxTypeId = await t.make.makeEntityType("FX");
      await t.db.orm.insert(projectAssetTypeLink).values({ projectId: w.project.id, assetTypeId: fxTypeId });
      const response = await t.request({ method: "DELETE", url: `/api/data/projects/${w.project.id}/settings/asset-types/${fxTypeId}`, token: w.artist.token });
      expect(response.statusCode).toBe(403);
      expect(await t.db.orm.select().from(projectAssetTypeLink).where(eq(projectAssetTypeLink.assetTypeId, fxTypeId))).toHaveLength(1);
    }],
  });
});

describe("schedule items", () => {
  kitsuRoute("GET", "/data/projects/{project_id}/schedule-items", {
    succeeds: ["lists every schedule item of the project", async () => {
      const taskType = await t.make.makeTaskType({ name: "Lighting" });
      const item = await t.make.makeScheduleItem({ projectId: w.project.id, taskTypeId: taskType.id, startDate: "2024-03-01", endDate: "2024-04-01" });
      const response = await t.request({ method: "GET", url: `/api/data/projects/${w.project.id}/schedule-items`, token: w.artist.token });
      expect(response.statusCode).toBe(200);
      const body = response.json() as Record<string, unknown>[];
      expect(body).toHaveLength(1);
      expect(body[0]).toMatchObject({ id: item.id, type: "ScheduleItem", task_type_id: taskType.id, start_date: "2024-03-01", end_date: "2024-04-01", project_id: w.project.id });
    }],
    fails: ["rejects a vendor", async () => {
      const response = await t.request({ method: "GET", url: `/api/data/projects/${w.project.id}/schedule-items`, token: w.vendor.token });
      expect(response.statusCode).toBe(403);
    }],
  });
});

describe("shot and edit history", () => {
  kitsuRoute("GET", "/data/shots/{shot_id}/versions", {
    succeeds: ["lists the shot's versions, newest first", async () => {
      const response = await t.request({ method: "GET", url: `/api/data/shots/${shot.id}/versions`, token: w.artist.token });
      expect(response.statusCode).toBe(200);
      const body = response.json() as { type: string; data: { frame_out: number }; entity_id: string; person_id: string }[];
      expect(body.map((item) => item.data.frame_out)).toEqual([24, 10]);
      expect(body[0]).toMatchObject({ type: "ShotVersion", entity_id: shot.id, person_id: w.manager.person.id });
    }],
    fails: ["answers 404 for an edit id", async () => {
      const response = await t.request({ method: "GET", url: `/api/data/shots/${edit.id}/versions`, token: w.artist.token });
      expect(response.statusCode).toBe(404);
    }],
  });

  kitsuRoute("GET", "/data/edits/{edit_id}/versions", {
    succeeds: ["lists the edit's versions", async () => {
      const response = await t.request({ method: "GET", url: `/api/data/edits/${edit.id}/versions`, token: w.manager.token });
      expect(response.statusCode).toBe(200);
      expect(response.json()).toHaveLength(1);
      expect(response.json()[0]).toMatchObject({ type: "EditVersion", name: "Trailer" });
    }],
    fails: ["rejects a vendor with no task on the edit", async () => {
      const response = await t.request({ method: "GET", url: `/api/data/edits/${edit.id}/versions`, token: w.vendor.token });
      expect(response.statusCode).toBe(403);
    }],
  });
});

describe("shared assets used", () => {
  let episode: EntityRow;
  let sharedHero: EntityRow;

  beforeAll(async () => {
    const library = await t.make.makeProject({ name: "Library" });
    sharedHero = await t.make.makeAsset({ projectId: library.id, assetType: "Character", name: "Library Hero" });
    await t.db.orm.update(entityTable).set({ isShared: true }).where(eq(entityTable.id, sharedHero.id));
    const unusedShared = await t.make.makeAsset({ projectId: library.id, assetType: "Character", name: "Unused" });
    await t.db.orm.update(entityTable).set({ isShared: true }).where(eq(entityTable.id, unusedShared.id));
    episode = await t.make.makeEpisode({ projectId: w.project.id, name: "E01" });
    const sequence = await t.make.makeSequence({ projectId: w.project.id, episodeId: episode.id, name: "SQ02" });
    const episodeShot = await t.make.makeShot({ projectId: w.project.id, sequenceId: sequence.id, name: "SH100" });
    await t.db.orm.insert(entityLink).values({ entityInId: episodeShot.id, entityOutId: sharedHero.id, nbOccurences: 1 });
  });

  kitsuRoute("GET", "/data/projects/{project_id}/assets/shared-used", {
    succeeds: ["lists shared assets of other projects cast here", async () => {
      const response = await t.request({ method: "GET", url: `/api/data/projects/${w.project.id}/assets/shared-used`, token: w.artist.token });
      expect(response.statusCode, response.body).toBe(200);
      const body = response.json() as Record<string, unknown>[];
      expect(body.map((item) => item.id)).toEqual([sharedHero.id]);
      expect(body[0]).toMatchObject({ type: "Asset", name: "Library Hero", is_shared: true });
    }],
    fails: ["rejects a person outside the project", async () => {
      const response = await t.request({ method: "GET", url: `/api/data/projects/${w.project.id}/assets/shared-used`, token: w.outsider.token });
      expect(response.statusCode).toBe(403);
    }],
  });

  kitsuRoute("GET", "/data/projects/{project_id}/episodes/{episode_id}/assets/shared-used", {
    succeeds: ["keeps the assets cast in the episode's shots", async () => {
      const inEpisode = await t.request({ method: "GET", url: `/api/data/projects/${w.project.id}/episodes/${episode.id}/assets/shared-used`, token: w.artist.token });
      expect(inEpisode.statusCode).toBe(200);
      expect(inEpisode.json().map((item: { id: string }) => item.id)).toEqual([sharedHero.id]);
      const otherEpisode = await t.make.makeEpisode({ projectId: w.project.id, name: "E02" });
      const elsewhere = await t.request({ method: "GET", url: `/api/data/projects/${w.project.id}/episodes/${otherEpisode.id}/assets/shared-used`, token: w.artist.token });
      expect(elsewhere.json()).toEqual([]);
    }],
    fails: ["answers 404 for a malformed episode id", async () => {
      const response = await t.request({ method: "GET", url: `/api/data/projects/${w.project.id}/episodes/E01/assets/shared-used`, token: w.artist.token });
      expect(response.statusCode).toBe(404);
    }],
  });
});

describe("open tasks statistics", () => {
  kitsuRoute("GET", "/data/tasks/open-tasks/stats", {
    succeeds: ["counts tasks by project, task type and status", async () => {
      const modeling = await t.make.makeTaskType({ name: "Modeling", forEntity: "Shot" });
      const done = await t.make.makeTaskStatus({ name: "Done", shortName: "done", isDone: true });
      const first = await t.make.makeTask({ entity: shot, taskTypeId: modeling.id, status: done });
      await t.db.orm.update(taskTable).set({ duration: 90, estimation: 120 }).where(eq(taskTable.id, first.id));
      const response = await t.request({ method: "GET", url: "/api/data/tasks/open-tasks/stats", token: w.artist.token });
      expect(response.statusCode).toBe(200);
      const stats = response.json()[w.project.id];
      expect(stats).toMatchObject({ amount: 1, amount_done: 1, total_duration: 90, total_estimation: 120 });
      expect(stats.task_types[0]).toMatchObject({ project_id: w.project.id, task_type_id: modeling.id, task_status_id: done.id, amount: 1, amount_done: 1 });
    }],
    fails: ["leaves out projects the caller is not on", async () => {
      const response = await t.request({ method: "GET", url: "/api/data/tasks/open-tasks/stats", token: w.outsider.token });
      expect(response.statusCode).toBe(200);
      expect(response.json()).toEqual({});
    }],
  });
});

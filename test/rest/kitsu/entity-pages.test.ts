import { afterAll, beforeAll, describe, expect } from "vitest";
import { previewFile } from "../../../schema/comments.js";
import { news } from "../../../schema/notifications.js";
import { createTestApp, type TestApp } from "../../support/app.js";
import type { EntityRow } from "../../support/entities.builders.js";
import { makeSeedWorld, UNKNOWN_ID, type SeedWorld } from "../../support/seed-b.world.js";
import { kitsuRoute } from "./kitsu-routes.js";

// The tabs of Kitsu's entity pages (previews, time logs, news) and the
// production news feed.

let t: TestApp;
let w: SeedWorld;
let episode: EntityRow;
let shot: EntityRow;
let otherShot: EntityRow;
let taskId: string;
let otherTaskId: string;
let retakeStatusId: string;
let firstNewsId: string;

beforeAll(async () => {
  t = await createTestApp();
  w = await makeSeedWorld(t);
  episode = await t.make.makeEpisode({ projectId: w.project.id, name: "E01" });
  const sequence = await t.make.makeSequence({ projectId: w.project.id, episodeId: episode.id, name: "SQ01" });
  shot = await t.make.makeShot({ projectId: w.project.id, sequenceId: sequence.id, name: "SH010" });
  otherShot = await t.make.makeShot({ projectId: w.project.id, sequenceId: sequence.id, name: "SH020" });
  const animation = await t.make.makeTaskType({ name: "Animation" });
  const layout = await t.make.makeTaskType({ name: "Layout" });
  const animTask = await t.make.makeTask({ entity: shot, taskTypeId: animation.id, assignees: [w.artist.person.id] });
  const layoutTask = await t.make.makeTask({ entity: shot, taskTypeId: layout.id });
  const otherTask = await t.make.makeTask({ entity: otherShot, taskTypeId: animation.id, assignees: [w.vendor.person.id] });
  taskId = animTask.id;
  otherTaskId = otherTask.id;
  retakeStatusId = (await t.make.makeTaskStatus({ name: "Retake", shortName: "rtk", isRetake: true })).id;

  await t.db.orm.insert(previewFile).values([
    { name: "v1", taskId: animTask.id, revision: 1, extension: "mp4", status: "ready" },
    { name: "v2", taskId: animTask.id, revision: 2, extension: "mp4", status: "ready" },
    { name: "l1", taskId: layoutTask.id, revision: 1, extension: "png", status: "ready" },
    { name: "o1", taskId: otherTask.id, revision: 1, extension: "png", status: "ready" },
  ]);
  await t.make.makeTimeSpent({ taskId: animTask.id, personId: w.artist.person.id, date: "2024-03-04", duration: 60 });
  await t.make.makeTimeSpent({ taskId: animTask.id, personId: w.manager.person.id, date: "2024-03-05", duration: 30 });

  const retake = await t.make.makeComment({ task: { ...animTask, taskStatusId: retakeStatusId }, personId: w.supervisor.person.id, text: "Fix the arm" });
  const note = await t.make.makeComment({ task: otherTask, personId: w.manager.person.id, text: "Nice" });
  const [first] = await t.db.orm
    .insert(news)
    .values({ change: true, authorId: w.supervisor.person.id, commentId: retake.id, taskId: animTask.id, createdAt: new Date("2024-03-01T10:00:00Z") })
    .returning();
  firstNewsId = first.id;
  await t.db.orm.insert(news).values({ change: false, authorId: w.manager.person.id, commentId: note.id, taskId: otherTask.id, createdAt: new Date("2024-03-02T10:00:00Z") });
});

afterAll(async () => {
  await t.close();
});

describe("entity page tabs", () => {
  kitsuRoute("GET", "/data/entities/{entity_id}/preview-files", {
    succeeds: ["lists the previews of every task of the entity", async () => {
      const response = await t.request({ method: "GET", url: `/api/data/entities/${shot.id}/preview-files`, token: w.artist.token });
      expect(response.statusCode).toBe(200);
      const body = response.json() as { name: string; revision: number; task_id: string; extension: string; status: string }[];
      expect(body.map((item) => item.name)).toEqual(["v2", "v1", "l1"]);
      expect(body[0]).toMatchObject({ revision: 2, task_id: taskId, extension: "mp4", status: "ready" });
      expect(body[0]).toHaveProperty("created_at");
    }],
    fails: ["rejects a vendor not assigned to the entity", async () => {
      const response = await t.request({ method: "GET", url: `/api/data/entities/${shot.id}/preview-files`, token: w.vendor.token });
      expect(response.statusCode).toBe(403);
    }],
  });

  kitsuRoute("GET", "/data/entities/{entity_id}/time-spents", {
    succeeds: ["lists the time logged on the entity, latest first", async () => {
      const response = await t.request({ method: "GET", url: `/api/data/entities/${shot.id}/time-spents`, token: w.supervisor.token });
      expect(response.statusCode).toBe(200);
      const body = response.json() as { date: string; duration: number; person_id: string; task_id: string; type: string }[];
      expect(body.map((item) => item.date)).toEqual(["2024-03-05", "2024-03-04"]);
      expect(body[1]).toMatchObject({ duration: 60, person_id: w.artist.person.id, task_id: taskId, type: "TimeSpent" });
    }],
    fails: ["answers 404 for an unknown entity", async () => {
      const response = await t.request({ method: "GET", url: `/api/data/entities/${UNKNOWN_ID}/time-spents`, token: w.supervisor.token });
      expect(response.statusCode).toBe(404);
    }],
  });

  kitsuRoute("GET", "/data/entities/{entity_id}/time-spents", {
    succeeds: ["shows an artist only their own time", async () => {
      const response = await t.request({ method: "GET", url: `/api/data/entities/${shot.id}/time-spents`, token: w.artist.token });
      expect(response.statusCode).toBe(200);
      expect(response.json().map((item: { person_id: string }) => item.person_id)).toEqual([w.artist.person.id]);
    }],
    fails: ["rejects a person outside the project", async () => {
      const response = await t.request({ method: "GET", url: `/api/data/entities/${shot.id}/time-spents`, token: w.outsider.token });
      expect(response.statusCode).toBe(403);
    }],
  });

  kitsuRoute("GET", "/data/entities/{entity_id}/news", {
    succeeds: ["lists the news of the entity's tasks", async () => {
      const response = await t.request({ method: "GET", url: `/api/data/entities/${shot.id}/news`, token: w.artist.token });
      expect(response.statusCode).toBe(200);
      const body = response.json();
      expect(body.total).toBe(1);
      expect(body.data).toHaveLength(1);
      expect(body.data[0]).toMatchObject({
        id: firstNewsId,
        type: "News",
        task_id: taskId,
        task_status_id: retakeStatusId,
        full_entity_name: "E01 / SQ01 / SH010",
        episode_id: episode.id,
        project_name: "Big Bunny",
        change: true,
        created_at: "2024-03-01T10:00:00",
      });
      expect(body.data[0].person).toMatchObject({ id: w.supervisor.person.id });
    }],
    fails: ["answers 404 for a malformed entity id", async () => {
      const response = await t.request({ method: "GET", url: "/api/data/entities/not-an-id/news", token: w.artist.token });
      expect(response.statusCode).toBe(404);
    }],
  });
});

describe("project news feed", () => {
  kitsuRoute("GET", "/data/projects/{project_id}/news", {
    succeeds: ["pages the feed with status counts", async () => {
      const response = await t.request({ method: "GET", url: `/api/data/projects/${w.project.id}/news?page=1&limit=1`, token: w.artist.token });
      expect(response.statusCode).toBe(200);
      const body = response.json();
      expect(body).toMatchObject({ total: 2, nb_pages: 2, limit: 1, offset: 0, page: 1 });
      expect(body.data).toHaveLength(1);
      expect(body.data[0].task_id).toBe(otherTaskId);
      expect(body.stats).toEqual({ [retakeStatusId]: 1 });
    }],
    fails: ["rejects a vendor", async () => {
      const response = await t.request({ method: "GET", url: `/api/data/projects/${w.project.id}/news`, token: w.vendor.token });
      expect(response.statusCode).toBe(403);
    }],
  });

  kitsuRoute("GET", "/data/projects/{project_id}/news", {
    succeeds: ["filters by status and date", async () => {
      const response = await t.request({ method: "GET", url: `/api/data/projects/${w.project.id}/news?task_status_id=${retakeStatusId}&before=2024-03-02`, token: w.manager.token });
      expect(response.statusCode).toBe(200);
      expect(response.json().data.map((item: { id: string }) => item.id)).toEqual([firstNewsId]);
    }],
    fails: ["rejects a malformed filter id", async () => {
      const response = await t.request({ method: "GET", url: `/api/data/projects/${w.project.id}/news?task_type_id=nope`, token: w.manager.token });
      expect(response.statusCode).toBe(400);
    }],
  });

  kitsuRoute("GET", "/data/projects/{project_id}/news/{news_id}", {
    succeeds: ["returns one item of the feed", async () => {
      const response = await t.request({ method: "GET", url: `/api/data/projects/${w.project.id}/news/${firstNewsId}`, token: w.client.token });
      expect(response.statusCode).toBe(200);
      expect(response.json()).toMatchObject({ id: firstNewsId, type: "News", task_id: taskId, project_id: w.project.id });
    }],
    fails: ["answers 404 for an unknown item", async () => {
      const response = await t.request({ method: "GET", url: `/api/data/projects/${w.project.id}/news/${UNKNOWN_ID}`, token: w.manager.token });
      expect(response.statusCode).toBe(404);
    }],
  });
});

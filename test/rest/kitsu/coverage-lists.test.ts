import { afterAll, beforeAll, describe, expect } from "vitest";
import { createTestApp, type TestApp } from "../../support/app.js";
import type { EntityRow, TaskRow } from "../../support/entities.builders.js";
import { makeSeedWorld, type SeedWorld } from "../../support/seed-b.world.js";
import { kitsuRoute } from "./kitsu-routes.js";

// The lists behind Kitsu's production pages: entities with their tasks, the
// open tasks of the Todo and Tasks pages, the project list and the news feed.

let t: TestApp;
let w: SeedWorld;
let asset: EntityRow;
let episode: EntityRow;
let sequence: EntityRow;
let shot: EntityRow;
let concept: EntityRow;
let edit: EntityRow;
let shotTask: TaskRow;
let otherProjectId: string;

beforeAll(async () => {
  t = await createTestApp();
  w = await makeSeedWorld(t);
  const projectId = w.project.id;
  asset = await t.make.makeAsset({ projectId, name: "Hero" });
  episode = await t.make.makeEpisode({ projectId, name: "E01" });
  sequence = await t.make.makeSequence({ projectId, name: "SQ01", episodeId: episode.id });
  shot = await t.make.makeShot({ projectId, name: "SH010", sequenceId: sequence.id });
  concept = await t.make.makeConcept({ projectId, name: "Hero sketch" });
  edit = await t.make.makeEdit({ projectId, name: "Cut 1", parentId: episode.id });
  shotTask = await t.make.makeTask({ entity: shot, assignees: [w.artist.person.id] });
  await t.make.makeTask({ entity: asset, assignees: [w.artist.person.id] });
  await t.make.makeTask({ entity: sequence });
  await t.make.makeTask({ entity: episode });
  await t.make.makeTask({ entity: concept });
  await t.make.makeTask({ entity: edit });
  otherProjectId = (await t.make.makeProject({ name: "Other show" })).id;
});

afterAll(async () => {
  await t.close();
});

/** Fetches a with-tasks list of the test project and returns the row of one entity. */
async function rowOf(kind: string, entityId: string, token: string): Promise<{ id: string; tasks: { id: string }[] } & Record<string, unknown>> {
  const response = await t.request({ method: "GET", url: `/api/data/${kind}/with-tasks?project_id=${w.project.id}`, token });
  expect(response.statusCode).toBe(200);
  const row = response.json().find((item: { id: string }) => item.id === entityId);
  expect(row).toBeDefined();
  return row;
}

describe("entities with tasks", () => {
  kitsuRoute("GET", "/data/assets/with-tasks", {
    succeeds: ["lists assets with their tasks", async () => {
      const row = await rowOf("assets", asset.id, w.manager.token);
      expect(row.name).toBe("Hero");
      expect(row).toHaveProperty("asset_type_name");
      expect(row.tasks).toHaveLength(1);
    }],
    fails: ["rejects a malformed project id", async () => {
      const response = await t.request({ method: "GET", url: "/api/data/assets/with-tasks?project_id=nope", token: w.manager.token });
      expect(response.statusCode).toBe(400);
    }],
  });

  kitsuRoute("GET", "/data/shots/with-tasks", {
    succeeds: ["lists shots with their tasks", async () => {
      const row = await rowOf("shots", shot.id, w.artist.token);
      expect(row).toMatchObject({ name: "SH010", sequence_id: sequence.id, sequence_name: "SQ01" });
      expect(row.tasks.map((task) => task.id)).toEqual([shotTask.id]);
    }],
    fails: ["rejects an outsider on the project", async () => {
      const response = await t.request({ method: "GET", url: `/api/data/shots/with-tasks?project_id=${w.project.id}`, token: w.outsider.token });
      expect(response.statusCode).toBe(403);
    }],
  });

  kitsuRoute("GET", "/data/sequences/with-tasks", {
    succeeds: ["lists sequences with their tasks", async () => {
      const row = await rowOf("sequences", sequence.id, w.manager.token);
      expect(row.name).toBe("SQ01");
      expect(row.tasks).toHaveLength(1);
    }],
    fails: ["rejects an outsider on the project", async () => {
      const response = await t.request({ method: "GET", url: `/api/data/sequences/with-tasks?project_id=${w.project.id}`, token: w.outsider.token });
      expect(response.statusCode).toBe(403);
    }],
  });

  kitsuRoute("GET", "/data/episodes/with-tasks", {
    succeeds: ["lists episodes with their tasks", async () => {
      const row = await rowOf("episodes", episode.id, w.manager.token);
      expect(row.name).toBe("E01");
      expect(row.tasks).toHaveLength(1);
    }],
    fails: ["rejects a malformed project id", async () => {
      const response = await t.request({ method: "GET", url: "/api/data/episodes/with-tasks?project_id=nope", token: w.manager.token });
      expect(response.statusCode).toBe(400);
    }],
  });

  kitsuRoute("GET", "/data/concepts/with-tasks", {
    succeeds: ["lists concepts with their tasks", async () => {
      const row = await rowOf("concepts", concept.id, w.manager.token);
      expect(row).toMatchObject({ name: "Hero sketch", project_id: w.project.id });
      expect(row.tasks).toHaveLength(1);
    }],
    fails: ["rejects a vendor", async () => {
      const response = await t.request({ method: "GET", url: `/api/data/concepts/with-tasks?project_id=${w.project.id}`, token: w.vendor.token });
      expect(response.statusCode).toBe(403);
    }],
  });

  kitsuRoute("GET", "/data/edits/with-tasks", {
    succeeds: ["lists edits with their tasks", async () => {
      const row = await rowOf("edits", edit.id, w.manager.token);
      expect(row).toMatchObject({ name: "Cut 1", project_id: w.project.id });
      expect(row.tasks).toHaveLength(1);
    }],
    fails: ["rejects an outsider on the project", async () => {
      const response = await t.request({ method: "GET", url: `/api/data/edits/with-tasks?project_id=${w.project.id}`, token: w.outsider.token });
      expect(response.statusCode).toBe(403);
    }],
  });
});

// These static paths sit beside the instance routes of projects, tasks and
// events, which would reject the last segment as a malformed id.
describe("project-wide lists", () => {
  kitsuRoute("GET", "/data/tasks/open-tasks", {
    succeeds: ["returns a page of open tasks with stats", async () => {
      const response = await t.request({ method: "GET", url: "/api/data/tasks/open-tasks", token: w.manager.token });
      expect(response.statusCode).toBe(200);
      const json = response.json();
      expect(json.data.map((task: { id: string }) => task.id)).toContain(shotTask.id);
      expect(json.is_more).toBe(false);
      expect(json.limit).toBe(100);
      expect(json.page).toBe(1);
      expect(json.stats.total).toBe(6);
      // The builder gives each task its own status.
      expect(json.stats.status).toHaveLength(6);
      expect(json.stats.status).toContainEqual({ task_status_id: shotTask.taskStatusId, amount: 1 });
      expect(json.stats).toHaveProperty("total_duration");
      expect(json.stats).toHaveProperty("total_estimation");
      const row = json.data.find((task: { id: string }) => task.id === shotTask.id);
      expect(row).toMatchObject({
        type: "Task",
        project_id: w.project.id,
        project_name: "Big Bunny",
        entity_id: shot.id,
        entity_name: "SH010",
        entity_type_name: "Shot",
        sequence_name: "SQ01",
        episode_id: episode.id,
        episode_name: "E01",
        assignees: [w.artist.person.id],
      });
      for (const key of ["type_name", "status_name", "type_color", "status_color", "status_short_name", "task_type_for_entity", "start_date", "due_date", "done_date", "estimation", "duration"]) {
        expect(row).toHaveProperty(key);
      }
    }],
    fails: ["rejects a malformed project id", async () => {
      const response = await t.request({ method: "GET", url: "/api/data/tasks/open-tasks?project_id=nope", token: w.manager.token });
      expect(response.statusCode).toBe(400);
    }],
  });

  kitsuRoute("GET", "/data/projects/all", {
    succeeds: ["lists the caller's projects", async () => {
      const response = await t.request({ method: "GET", url: "/api/data/projects/all", token: w.artist.token });
      expect(response.statusCode).toBe(200);
      const ids = response.json().map((project: { id: string }) => project.id);
      expect(ids).toContain(w.project.id);
      expect(ids).not.toContain(otherProjectId);
      expect(response.json()[0].type).toBe("Project");
    }],
    fails: ["hides every project from an outsider", async () => {
      const response = await t.request({ method: "GET", url: "/api/data/projects/all", token: w.outsider.token });
      expect(response.statusCode).toBe(200);
      expect(response.json()).toEqual([]);
    }],
  });

  kitsuRoute("GET", "/data/projects/news", {
    succeeds: ["returns a page of news with stats", async () => {
      const response = await t.request({ method: "GET", url: "/api/data/projects/news", token: w.manager.token });
      expect(response.statusCode).toBe(200);
      const json = response.json();
      expect(Array.isArray(json.data)).toBe(true);
      expect(json).toMatchObject({ total: 0, nb_pages: 0, limit: 50, offset: 0, page: 1, stats: {} });
    }],
    fails: ["rejects a malformed project id", async () => {
      const response = await t.request({ method: "GET", url: "/api/data/projects/news?project_id=nope", token: w.manager.token });
      expect(response.statusCode).toBe(400);
    }],
  });

  kitsuRoute("GET", "/data/events/names", {
    succeeds: ["lists the event names", async () => {
      await t.request({ method: "PUT", url: `/api/data/tasks/${shotTask.id}`, token: w.admin.token, payload: { duration: 120 } });
      const response = await t.request({ method: "GET", url: "/api/data/events/names", token: w.manager.token });
      expect(response.statusCode).toBe(200);
      const names: string[] = response.json();
      expect(names).toContain("task:update");
      expect(names).toEqual([...new Set(names)].sort());
    }],
    fails: ["rejects an artist", async () => {
      const response = await t.request({ method: "GET", url: "/api/data/events/names", token: w.artist.token });
      expect(response.statusCode).toBe(403);
    }],
  });
});

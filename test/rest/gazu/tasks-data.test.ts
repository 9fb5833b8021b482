import { afterAll, beforeAll, describe, expect } from "vitest";
import { createTestApp, type TestApp } from "../../support/app.js";
import { gazuRoute } from "../../support/gazu-routes.js";
import { expectZouObject, makeSeedWorld, UNKNOWN_ID, type SeedWorld } from "../../support/seed-b.world.js";

// gazu's calls to the generic task and task type routes, as gazu sends them.

let t: TestApp;
let w: SeedWorld;

beforeAll(async () => {
  t = await createTestApp();
  w = await makeSeedWorld(t);
});

afterAll(async () => {
  await t.close();
});

type Json = Record<string, unknown>;

describe("task types", () => {
  gazuRoute("GET", "/data/task-types", {
    succeeds: [
      "finds a task type by name and for_entity, as gazu's lookups do",
      async () => {
        const createdTask = await t.make.makeTaskType({ name: "Grooming", shortName: "grm", forEntity: "Asset" });
        await t.make.makeTaskType({ name: "Grooming", forEntity: "Shot" });

        const response = await t.request({ method: "GET", url: "/api/data/task-types?name=Grooming&for_entity=Asset", token: w.artist.token });

        expect(response.statusCode).toBe(200);
        const body = response.json() as Json[];
        expect(body.map((item) => item.id)).toEqual([createdTask.id]);
        expectZouObject(body[0], "TaskType");
        expect(body[0]).toMatchObject({ name: "Grooming", short_name: "grm", for_entity: "Asset" });
        const byShortName = await t.request({ method: "GET", url: "/api/data/task-types?short_name=grm", token: w.artist.token });
        expect((byShortName.json() as Json[]).map((item) => item.id)).toEqual([createdTask.id]);
      },
    ],
    fails: [
      "answers an empty list for an unknown name, so gazu's lookup returns None",
      async () => {
        const response = await t.request({ method: "GET", url: "/api/data/task-types?name=NoSuchType&for_entity=Asset", token: w.artist.token });
        expect(response.statusCode).toBe(200);
        expect(response.json()).toEqual([]);
      },
    ],
  });

  gazuRoute("POST", "/data/task-types", {
    succeeds: [
      "creates a task type for an admin",
      async () => {
        const response = await t.request({ method: "POST", url: "/api/data/task-types", token: w.admin.token, payload: { name: "Crowd", color: "#123456", for_entity: "Shot" } });
        expect(response.statusCode).toBe(201);
        const body = response.json() as Json;
        expectZouObject(body, "TaskType");
        expect(body).toMatchObject({ name: "Crowd", color: "#123456", for_entity: "Shot" });
      },
    ],
    fails: [
      "forbids a manager",
      async () => {
        const response = await t.request({ method: "POST", url: "/api/data/task-types", token: w.manager.token, payload: { name: "Crowd 2", color: "#123456", for_entity: "Shot" } });
        expect(response.statusCode).toBe(403);
      },
    ],
  });

  gazuRoute("GET", "/data/projects/{project_id}/task-types", {
    succeeds: [
      "lists the task types enabled in the project",
      async () => {
        const createdTask = await t.make.makeTaskType({ name: "Enabled here" });
        await t.db.query("insert into project_task_type_link (id, project_id, task_type_id, priority) values (gen_random_uuid(), $1, $2, 1)", [w.project.id, createdTask.id]);
        const response = await t.request({ method: "GET", url: `/api/data/projects/${w.project.id}/task-types`, token: w.artist.token });
        expect(response.statusCode).toBe(200);
        expect((response.json() as Json[]).map((item) => item.id)).toContain(createdTask.id);
      },
    ],
    fails: [
      "forbids a person outside the team",
      async () => {
        const response = await t.request({ method: "GET", url: `/api/data/projects/${w.project.id}/task-types`, token: w.outsider.token });
        expect(response.statusCode).toBe(403);
      },
    ],
  });
});

describe("tasks", () => {
  gazuRoute("GET", "/data/tasks", {
    succeeds: [
      "finds the task of an entity by name and task type, as gazu's get_task_by_entity does",
      async () => {
        const shot = await t.make.makeShot({ projectId: w.project.id });
        const type = await t.make.makeTaskType({ name: "Compositing" });
        const createdTask = await t.make.makeTask({ entity: shot, taskTypeId: type.id, name: "main" });
        await t.make.makeTask({ entity: shot, taskTypeId: type.id, name: "extra" });

        const response = await t.request({ method: "GET", url: `/api/data/tasks?name=main&task_type_id=${type.id}&entity_id=${shot.id}`, token: w.artist.token });

        expect(response.statusCode).toBe(200);
        const body = response.json() as Json[];
        expect(body.map((item) => item.id)).toEqual([createdTask.id]);
        expectZouObject(body[0], "Task");
        const byProject = await t.request({ method: "GET", url: `/api/data/tasks?project_id=${w.project.id}&task_type_id=${type.id}&task_status_id=${createdTask.taskStatusId}`, token: w.artist.token });
        expect((byProject.json() as Json[]).map((item) => item.id)).toEqual([createdTask.id]);
      },
    ],
    fails: [
      "lists nothing of the project to a person outside the team",
      async () => {
        const shot = await t.make.makeShot({ projectId: w.project.id });
        await t.make.makeTask({ entity: shot });
        const response = await t.request({ method: "GET", url: `/api/data/tasks?entity_id=${shot.id}`, token: w.outsider.token });
        expect(response.statusCode).toBe(200);
        expect(response.json()).toEqual([]);
      },
    ],
  });

  gazuRoute("POST", "/data/tasks", {
    succeeds: [
      "creates a task with gazu's body",
      async () => {
        const shot = await t.make.makeShot({ projectId: w.project.id });
        const type = await t.make.makeTaskType({ name: "FX" });
        const status = await t.make.makeTaskStatus({ name: "Ready" });
        const payload = { project_id: w.project.id, entity_id: shot.id, task_type_id: type.id, task_status_id: status.id, assignees: [w.artist.person.id], name: "main" };

        const response = await t.request({ method: "POST", url: "/api/data/tasks", token: w.manager.token, payload });

        expect(response.statusCode).toBe(201);
        const body = response.json() as Json;
        expectZouObject(body, "Task");
        expect(body).toMatchObject({ entity_id: shot.id, task_type_id: type.id, task_status_id: status.id, name: "main" });
      },
    ],
    fails: [
      "forbids an artist",
      async () => {
        const shot = await t.make.makeShot({ projectId: w.project.id });
        const type = await t.make.makeTaskType({ name: "FX 2" });
        const payload = { project_id: w.project.id, entity_id: shot.id, task_type_id: type.id, name: "main" };
        expect((await t.request({ method: "POST", url: "/api/data/tasks", token: w.artist.token, payload })).statusCode).toBe(403);
      },
    ],
  });

  gazuRoute("PUT", "/data/tasks/{instance_id}", {
    succeeds: [
      "updates the task data as gazu's update_task_data sends it",
      async () => {
        const shot = await t.make.makeShot({ projectId: w.project.id });
        const createdTask = await t.make.makeTask({ entity: shot });
        const response = await t.request({ method: "PUT", url: `/api/data/tasks/${createdTask.id}`, token: w.manager.token, payload: { id: createdTask.id, data: { frames: 24 } } });
        expect(response.statusCode).toBe(200);
        expect((response.json() as Json).data).toEqual({ frames: 24 });
      },
    ],
    fails: [
      "forbids an artist and answers 404 for an unknown task",
      async () => {
        const shot = await t.make.makeShot({ projectId: w.project.id });
        const createdTask = await t.make.makeTask({ entity: shot });
        expect((await t.request({ method: "PUT", url: `/api/data/tasks/${createdTask.id}`, token: w.artist.token, payload: { data: {} } })).statusCode).toBe(403);
        expect((await t.request({ method: "PUT", url: `/api/data/tasks/${UNKNOWN_ID}`, token: w.manager.token, payload: { data: {} } })).statusCode).toBe(404);
      },
    ],
  });

  gazuRoute("DELETE", "/data/tasks/{instance_id}", {
    succeeds: [
      "deletes a task with its comments when forced",
      async () => {
        const shot = await t.make.makeShot({ projectId: w.project.id });
        const createdTask = await t.make.makeTask({ entity: shot });
        await t.make.makeComment({ task: createdTask, personId: w.manager.person.id });
        const response = await t.request({ method: "DELETE", url: `/api/data/tasks/${createdTask.id}?force=True`, token: w.manager.token });
        expect(response.statusCode).toBe(204);
        expect(await t.db.query("select id from task where id = $1", [createdTask.id])).toEqual([]);
      },
    ],
    fails: [
      "forbids a supervisor",
      async () => {
        const shot = await t.make.makeShot({ projectId: w.project.id });
        const createdTask = await t.make.makeTask({ entity: shot });
        expect((await t.request({ method: "DELETE", url: `/api/data/tasks/${createdTask.id}?force=True`, token: w.supervisor.token })).statusCode).toBe(403);
      },
    ],
  });
});

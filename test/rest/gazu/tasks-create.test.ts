import { afterAll, beforeAll, describe, expect } from "vitest";
import { createTestApp, type TestApp } from "../../support/app.js";
import { gazuRoute } from "../../support/gazu-routes.js";
import { expectZouObject, makeSeedWorld, UNKNOWN_ID, type SeedWorld } from "../../support/seed-b.world.js";

// gazu's task creation for an entity, and the task types of a project's
// settings and of a project template.

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

/** Names of the events recorded about the given tasks, sorted. */
async function taskEventNames(taskIds: string[]): Promise<string[]> {
  const rows = await t.db.query<{ name: string }>("select name from api_event where data->>'task_id' = any($1::text[]) order by name", [taskIds]);
  return rows.map((row) => row.name);
}

async function enableTaskType(projectId: string, taskTypeId: string): Promise<void> {
  await t.db.query("insert into project_task_type_link (id, project_id, task_type_id, priority) values (gen_random_uuid(), $1, $2, 1)", [projectId, taskTypeId]);
}

describe("creating an entity's tasks", () => {
  gazuRoute("POST", "/data/entities/{entity_id}/tasks", {
    succeeds: [
      "creates one main task per task type and skips existing ones",
      async () => {
        const shot = await t.make.makeShot({ projectId: w.project.id });
        const layout = await t.make.makeTaskType({ name: "Layout create", forEntity: "Shot" });
        const anim = await t.make.makeTaskType({ name: "Anim create", forEntity: "Shot" });
        await enableTaskType(w.project.id, layout.id);
        await enableTaskType(w.project.id, anim.id);

        const response = await t.request({ method: "POST", url: `/api/data/entities/${shot.id}/tasks`, token: w.artist.token, payload: { task_type_ids: [layout.id, anim.id] } });

        expect(response.statusCode).toBe(201);
        const body = response.json() as Json[];
        expect(body.map((item) => item.task_type_id)).toEqual([layout.id, anim.id]);
        expectZouObject(body[0], "Task");
        expect(body[0]).toMatchObject({ name: "main", entity_id: shot.id, project_id: w.project.id, assigner_id: w.artist.person.id, assignees: [], task_type_name: "Layout create" });
        expect(body[0]).toHaveProperty("task_status_name");
        expect(await taskEventNames(body.map((item) => item.id as string))).toEqual(["task:new", "task:new"]);

        const again = await t.request({ method: "POST", url: `/api/data/entities/${shot.id}/tasks`, token: w.artist.token, payload: { task_type_ids: [layout.id] } });
        expect(again.statusCode).toBe(201);
        expect(again.json()).toEqual([]);
      },
    ],
    fails: [
      "rejects a task type of another kind or not enabled, and forbids clients",
      async () => {
        const shot = await t.make.makeShot({ projectId: w.project.id });
        const forAssets = await t.make.makeTaskType({ name: "Modeling create", forEntity: "Asset" });
        await enableTaskType(w.project.id, forAssets.id);
        const notEnabled = await t.make.makeTaskType({ name: "Disabled create", forEntity: "Shot" });

        const wrongKind = await t.request({ method: "POST", url: `/api/data/entities/${shot.id}/tasks`, token: w.manager.token, payload: { task_type_ids: [forAssets.id] } });
        expect(wrongKind.statusCode).toBe(400);
        expect((wrongKind.json() as Json).message).toContain("applies to Asset entities");
        const disabled = await t.request({ method: "POST", url: `/api/data/entities/${shot.id}/tasks`, token: w.manager.token, payload: { task_type_ids: [notEnabled.id] } });
        expect(disabled.statusCode).toBe(400);
        const unknown = await t.request({ method: "POST", url: `/api/data/entities/${shot.id}/tasks`, token: w.manager.token, payload: { task_type_ids: [UNKNOWN_ID] } });
        expect(unknown.statusCode).toBe(404);
        const byClient = await t.request({ method: "POST", url: `/api/data/entities/${shot.id}/tasks`, token: w.client.token, payload: { task_type_ids: [] } });
        expect(byClient.statusCode).toBe(403);
        expect(await t.db.query("select id from task where entity_id = $1", [shot.id])).toEqual([]);
      },
    ],
  });

  describe("without task types", () => {
    gazuRoute("POST", "/data/entities/{entity_id}/tasks", {
      succeeds: [
        "creates tasks of every enabled task type of the entity's kind",
        async () => {
          const project = await t.make.makeProject({ team: [{ id: w.manager.person.id }] });
          const asset = await t.make.makeAsset({ projectId: project.id });
          const modeling = await t.make.makeTaskType({ name: "Modeling default", forEntity: "Asset" });
          const lighting = await t.make.makeTaskType({ name: "Lighting default", forEntity: "Shot" });
          await enableTaskType(project.id, modeling.id);
          await enableTaskType(project.id, lighting.id);

          const response = await t.request({ method: "POST", url: `/api/data/entities/${asset.id}/tasks`, token: w.manager.token, payload: {} });

          expect(response.statusCode).toBe(201);
          expect((response.json() as Json[]).map((item) => item.task_type_id)).toEqual([modeling.id]);
        },
      ],
      fails: [
        "answers 404 for an unknown entity",
        async () => {
          const response = await t.request({ method: "POST", url: `/api/data/entities/${UNKNOWN_ID}/tasks`, token: w.manager.token, payload: { task_type_ids: [] } });
          expect(response.statusCode).toBe(404);
        },
      ],
    });
  });
});

describe("task types of a project's settings", () => {
  gazuRoute("POST", "/data/projects/{project_id}/settings/task-types", {
    succeeds: [
      "enables the task type with its priority and returns the project",
      async () => {
        const type = await t.make.makeTaskType({ name: "Enabled by gazu" });
        const response = await t.request({ method: "POST", url: `/api/data/projects/${w.project.id}/settings/task-types`, token: w.manager.token, payload: { task_type_id: type.id, priority: 3 } });
        expect(response.statusCode).toBe(201);
        const body = response.json() as Json;
        expectZouObject(body, "Project");
        expect(body.id).toBe(w.project.id);
        const links = await t.db.query<{ priority: number }>("select priority from project_task_type_link where project_id = $1 and task_type_id = $2", [w.project.id, type.id]);
        expect(links).toEqual([{ priority: 3 }]);
      },
    ],
    fails: [
      "forbids an artist and rejects a missing task type id",
      async () => {
        const type = await t.make.makeTaskType({ name: "Not by artists" });
        const byArtist = await t.request({ method: "POST", url: `/api/data/projects/${w.project.id}/settings/task-types`, token: w.artist.token, payload: { task_type_id: type.id } });
        expect(byArtist.statusCode).toBe(403);
        const missing = await t.request({ method: "POST", url: `/api/data/projects/${w.project.id}/settings/task-types`, token: w.manager.token, payload: { priority: 1 } });
        expect(missing.statusCode).toBe(400);
        expect((missing.json() as Json).message).toBe("Validation error.");
      },
    ],
  });
});

describe("task types of a project template", () => {
  async function makeTemplate(): Promise<string> {
    const response = await t.request({ method: "POST", url: "/api/data/project-templates", token: w.admin.token, payload: { name: `Template ${Math.random().toString(36).slice(2, 8)}` } });
    if (response.statusCode !== 201) throw new Error(`template creation failed: ${response.statusCode} ${response.body}`);
    return (response.json() as Json).id as string;
  }

  gazuRoute("POST", "/data/project-templates/{project_template_id}/task-types", {
    succeeds: [
      "adds the task type with its priority and returns the link",
      async () => {
        const templateId = await makeTemplate();
        const type = await t.make.makeTaskType({ name: "Template type" });
        const response = await t.request({ method: "POST", url: `/api/data/project-templates/${templateId}/task-types`, token: w.admin.token, payload: { task_type_id: type.id, priority: 2 } });
        expect(response.statusCode).toBe(201);
        expect(response.json()).toMatchObject({ project_template_id: templateId, task_type_id: type.id, priority: 2 });
      },
    ],
    fails: [
      "forbids a manager and answers 404 for an unknown template",
      async () => {
        const templateId = await makeTemplate();
        const type = await t.make.makeTaskType({ name: "Template type 2" });
        expect((await t.request({ method: "POST", url: `/api/data/project-templates/${templateId}/task-types`, token: w.manager.token, payload: { task_type_id: type.id } })).statusCode).toBe(403);
        const unknown = await t.request({ method: "POST", url: `/api/data/project-templates/${UNKNOWN_ID}/task-types`, token: w.admin.token, payload: { task_type_id: type.id } });
        expect(unknown.statusCode).toBe(404);
        expect(unknown.json()).toEqual({ message: "Project template not found" });
      },
    ],
  });

  gazuRoute("GET", "/data/project-templates/{project_template_id}/task-types", {
    succeeds: [
      "lists the template's task types by priority with their priority",
      async () => {
        const templateId = await makeTemplate();
        const second = await t.make.makeTaskType({ name: "Second in template" });
        const first = await t.make.makeTaskType({ name: "First in template" });
        for (const [type, priority] of [[second, 5], [first, 1]] as const) {
          await t.request({ method: "POST", url: `/api/data/project-templates/${templateId}/task-types`, token: w.admin.token, payload: { task_type_id: type.id, priority } });
        }

        const response = await t.request({ method: "GET", url: `/api/data/project-templates/${templateId}/task-types`, token: w.manager.token });

        expect(response.statusCode).toBe(200);
        const body = response.json() as Json[];
        expect(body.map((item) => item.id)).toEqual([first.id, second.id]);
        expectZouObject(body[0], "TaskType");
        expect(body.map((item) => item.priority)).toEqual([1, 5]);
      },
    ],
    fails: [
      "forbids an artist",
      async () => {
        const templateId = await makeTemplate();
        expect((await t.request({ method: "GET", url: `/api/data/project-templates/${templateId}/task-types`, token: w.artist.token })).statusCode).toBe(403);
      },
    ],
  });
});

describe("importing tasks from another Kitsu", () => {
  gazuRoute("POST", "/import/kitsu/tasks", {
    succeeds: [
      "inserts new rows, updates known ones and replaces their assignees",
      async () => {
        const shot = await t.make.makeShot({ projectId: w.project.id });
        const existing = await t.make.makeTask({ entity: shot, name: "existing", assignees: [w.supervisor.person.id] });
        const newId = "3c1f0a52-7d1e-4a8b-9f3e-2b6c5d4e7a01";
        const payload = [
          { id: newId, type: "Task", name: "imported", project_id: w.project.id, entity_id: shot.id, task_type_id: existing.taskTypeId, task_status_id: existing.taskStatusId, due_date: "2030-02-01T12:00:00", assignees: [w.artist.person.id] },
          { id: existing.id, name: "renamed", assignees: [w.artist.person.id] },
        ];

        const response = await t.request({ method: "POST", url: "/api/import/kitsu/tasks", token: w.admin.token, payload });

        expect(response.statusCode).toBe(200);
        const body = response.json() as Json[];
        expect(body.map((item) => item.id)).toEqual([newId, existing.id]);
        expectZouObject(body[0], "Task");
        expect(body[0]).toMatchObject({ name: "imported", due_date: "2030-02-01T12:00:00", entity_id: shot.id });
        expect(body[1]).toMatchObject({ name: "renamed", entity_id: shot.id });
        const links = await t.db.query<{ person_id: string }>("select person_id from task_person_link where task_id = $1", [existing.id]);
        expect(links.map((link) => link.person_id)).toEqual([w.artist.person.id]);
        expect(await taskEventNames([newId, existing.id])).toEqual(["task:new", "task:update"]);
      },
    ],
    fails: [
      "skips every row for a manager, and rejects a body that is not a list",
      async () => {
        const shot = await t.make.makeShot({ projectId: w.project.id });
        const type = await t.make.makeTaskType({ name: "Import skipped" });
        const status = await t.make.makeTaskStatus();
        const id = "4d2e1b63-8e2f-4b9c-8a4f-3c7d6e5f8b12";
        const payload = [{ id, name: "skipped", project_id: w.project.id, entity_id: shot.id, task_type_id: type.id, task_status_id: status.id }];
        const byManager = await t.request({ method: "POST", url: "/api/import/kitsu/tasks", token: w.manager.token, payload });
        expect(byManager.statusCode).toBe(200);
        expect(byManager.json()).toEqual([]);
        expect(await t.db.query("select id from task where id = $1", [id])).toEqual([]);

        const notAList = await t.request({ method: "POST", url: "/api/import/kitsu/tasks", token: w.admin.token, payload: { id } });
        expect(notAList.statusCode).toBe(400);
        expect((notAList.json() as Json).message).toBe("Invalid body: expected a JSON list of task objects.");
      },
    ],
  });

  describe("with a row that breaks a constraint", () => {
    gazuRoute("POST", "/import/kitsu/tasks", {
      succeeds: [
        "saves the rows without events when silent",
        async () => {
          const shot = await t.make.makeShot({ projectId: w.project.id });
          const type = await t.make.makeTaskType({ name: "Import silent" });
          const status = await t.make.makeTaskStatus();
          const id = "5e3f2c74-9f3a-4cad-9b5a-4d8e7f6a9c23";
          const payload = [{ id, name: "quiet", project_id: w.project.id, entity_id: shot.id, task_type_id: type.id, task_status_id: status.id }];
          const response = await t.request({ method: "POST", url: "/api/import/kitsu/tasks?silent=true", token: w.admin.token, payload });
          expect(response.statusCode).toBe(200);
          expect(await t.db.query("select id from task where id = $1", [id])).toHaveLength(1);
          expect(await t.db.query("select name from api_event where data->>'task_id' = $1", [id])).toEqual([]);
        },
      ],
      fails: [
        "answers 400 and keeps none of the rows when one row is invalid",
        async () => {
          const shot = await t.make.makeShot({ projectId: w.project.id });
          const type = await t.make.makeTaskType({ name: "Import atomic" });
          const status = await t.make.makeTaskStatus();
          const good = "6f4a3d85-0a4b-4dbe-8c6b-5e9f8a7b0d34";
          const payload = [
            { id: good, name: "good", project_id: w.project.id, entity_id: shot.id, task_type_id: type.id, task_status_id: status.id },
            { id: "7a5b4e96-1b5c-4ecf-9d7c-6fa09b8c1e45", name: "bad", project_id: w.project.id, entity_id: UNKNOWN_ID, task_type_id: type.id, task_status_id: status.id },
          ];
          const response = await t.request({ method: "POST", url: "/api/import/kitsu/tasks", token: w.admin.token, payload });
          expect(response.statusCode).toBe(400);
          expect(await t.db.query("select id from task where id = $1", [good])).toEqual([]);
        },
      ],
    });
  });
});

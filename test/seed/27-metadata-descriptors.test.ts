import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../support/app.js";
import { eventNamesSince } from "../support/roles.js";
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

function createDescriptor(token: string, payload: Record<string, unknown>, projectId = w.project.id) {
  return t.request({ method: "POST", url: `/api/data/projects/${projectId}/metadata-descriptors`, token, payload });
}

async function departmentLinks(descriptorId: string): Promise<string[]> {
  const rows = await t.db.query<{ department_id: string }>("select department_id from department_metadata_descriptor_link where metadata_descriptor_id = $1", [descriptorId]);
  return rows.map((row) => row.department_id);
}

describe("POST /data/projects/{project_id}/metadata-descriptors", () => {
  it("creates the descriptor with Zou's defaults and answers 201", async () => {
    const since = new Date();

    const response = await createDescriptor(w.manager.token, { name: "Studio Notes" });

    expect(response.statusCode).toBe(201);
    const body = response.json();
    expectZouObject(body, "MetadataDescriptor");
    expect(body).toMatchObject({
      project_id: w.project.id,
      entity_type: "Asset",
      name: "Studio Notes",
      field_name: "studio_notes",
      data_type: "string",
      choices: [],
      for_client: false,
      task_type_id: null,
      position: null,
    });
    expect(body).not.toHaveProperty("departments");
    expect(await eventNamesSince(t, since)).toEqual(["metadata-descriptor:new"]);
  });

  it("stores the given fields and department links", async () => {
    const department = await t.make.makeDepartment({ name: "Layout dept" });
    const response = await createDescriptor(w.admin.token, {
      name: "Difficulty",
      entity_type: "Shot",
      data_type: "list",
      choices: ["easy", "hard"],
      for_client: true,
      departments: [department.id],
    });

    expect(response.statusCode).toBe(201);
    expect(response.json()).toMatchObject({ entity_type: "Shot", data_type: "list", choices: ["easy", "hard"], for_client: true });
    expect(await departmentLinks(response.json().id)).toEqual([department.id]);
  });

  it("creates a Task descriptor for a task type", async () => {
    const taskType = await t.make.makeTaskType();
    const response = await createDescriptor(w.manager.token, { name: "Take count", entity_type: "Task", task_type_id: taskType.id, data_type: "number" });
    expect(response.statusCode).toBe(201);
    expect(response.json().task_type_id).toBe(taskType.id);
  });

  it("lets a supervisor in when every department of theirs is listed", async () => {
    const department = await t.make.makeDepartment({ members: [w.supervisor.person.id] });
    const refused = await createDescriptor(w.supervisor.token, { name: "Supervisor field" });
    const allowed = await createDescriptor(w.supervisor.token, { name: "Supervisor field", departments: [department.id] });
    expect(refused.statusCode).toBe(403);
    expect(allowed.statusCode).toBe(201);
  });

  it("answers 400 for each invalid body", async () => {
    const taskType = await t.make.makeTaskType();
    await createDescriptor(w.manager.token, { name: "Existing" });
    const cases: [Record<string, unknown>, string][] = [
      [{ entity_type: "Shot" }, "Validation error."],
      [{ name: "A", entity_type: "Person" }, "Wrong entity type. Please select Asset, Shot, Sequence, Episode, Edit, Project, or Task."],
      [{ name: "B", entity_type: "Task" }, "Task metadata descriptors require a task_type_id."],
      [{ name: "C", entity_type: "Task", task_type_id: UNKNOWN_ID }, "Task type not found."],
      [{ name: "D", task_type_id: taskType.id }, "task_type_id only applies to Task metadata descriptors."],
      [{ name: "E", data_type: "blob" }, "Invalid data_type"],
      [{ name: "Existing" }, "Metadata descriptor already exists."],
      [{ name: "existing" }, "Metadata descriptor already exists."],
    ];
    for (const [payload, message] of cases) {
      const response = await createDescriptor(w.manager.token, payload);
      expect(response.statusCode, JSON.stringify(payload)).toBe(400);
      expect(response.json().message, JSON.stringify(payload)).toBe(message);
    }
    const missing = await createDescriptor(w.manager.token, {});
    expect(missing.json().data.errors[0].field).toBe("name");
  });

  it("forbids artists, vendors and outsiders", async () => {
    for (const session of [w.artist, w.vendor, w.outsider]) {
      const response = await createDescriptor(session.token, { name: "Refused" });
      expect(response.statusCode).toBe(403);
    }
  });

  it("answers 404 for an unknown or malformed project, even for an admin", async () => {
    for (const id of [UNKNOWN_ID, "not-a-project"]) {
      const response = await createDescriptor(w.admin.token, { name: "Nowhere" }, id);
      expect(response.statusCode, id).toBe(404);
    }
  });

  it("looks the project up before it validates the body, so an unknown project with a bad body is 404", async () => {
    for (const id of [UNKNOWN_ID, "not-a-project"]) {
      const response = await createDescriptor(w.admin.token, { name: "", data_type: 12 }, id);
      expect(response.statusCode, id).toBe(404);
      expect(response.json()).toEqual({ error: true, message: expect.any(String) });
    }
  });
});

import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { entityType } from "../../../schema/entities.js";
import { software } from "../../../schema/files.js";
import { subscription } from "../../../schema/notifications.js";
import { studio } from "../../../schema/people.js";
import { taskStatus, taskType } from "../../../schema/tasks.js";
import { createTestApp, type TestApp } from "../../support/app.js";
import { gazuRoute } from "../../support/gazu-routes.js";
import { expectZouObject, makeSeedWorld, UNKNOWN_ID, type SeedWorld } from "../../support/seed-b.world.js";

// Reference models gazu reads and writes through the generic routes (entity
// types, task types and statuses, software, studios, organisations, project
// statuses, metadata descriptors), the API version, and the notifications and
// subscriptions of a project.

let t: TestApp;
let w: SeedWorld;

beforeAll(async () => {
  t = await createTestApp();
  w = await makeSeedWorld(t);
});

afterAll(async () => {
  await t.close();
});

describe("API root", () => {
  gazuRoute("GET", "/", {
    succeeds: ["returns the API name and version", async () => {
      const response = await t.request({ method: "GET", url: "/api/" });
      expect(response.statusCode).toBe(200);
      expect(typeof response.json().version).toBe("string");
      expect(typeof response.json().api).toBe("string");
    }],
    fails: ["answers 404 for an unknown path below it", async () => {
      const response = await t.request({ method: "GET", url: "/api/no-such-route", token: w.admin.token });
      expect(response.statusCode).toBe(404);
    }],
  });
});

describe("entity types", () => {
  let propTypeId: string;

  gazuRoute("POST", "/data/entity-types", {
    succeeds: ["creates an asset type", async () => {
      const response = await t.request({ method: "POST", url: "/api/data/entity-types", token: w.admin.token, payload: { name: "Prop" } });
      expect(response.statusCode).toBe(201);
      expectZouObject(response.json(), "EntityType");
      expect(response.json().name).toBe("Prop");
      propTypeId = response.json().id;
    }],
    fails: ["rejects a name already used, whatever its case", async () => {
      const response = await t.request({ method: "POST", url: "/api/data/entity-types", token: w.admin.token, payload: { name: "prop" } });
      expect(response.statusCode).toBe(400);
      expect(await t.db.orm.select().from(entityType).where(eq(entityType.name, "prop"))).toEqual([]);
    }],
  });

  gazuRoute("GET", "/data/entity-types", {
    succeeds: ["finds an entity type by name", async () => {
      const response = await t.request({ method: "GET", url: "/api/data/entity-types?name=Prop", token: w.artist.token });
      expect(response.statusCode).toBe(200);
      expect(response.json()).toEqual([expect.objectContaining({ id: propTypeId, name: "Prop", type: "EntityType" })]);
    }],
    fails: ["rejects a filter on an unknown column", async () => {
      const response = await t.request({ method: "GET", url: "/api/data/entity-types?colour=red", token: w.artist.token });
      expect(response.statusCode).toBe(400);
    }],
  });

  gazuRoute("GET", "/data/entity-types/{instance_id}", {
    succeeds: ["returns one entity type", async () => {
      const response = await t.request({ method: "GET", url: `/api/data/entity-types/${propTypeId}`, token: w.artist.token });
      expect(response.statusCode).toBe(200);
      expect(response.json()).toMatchObject({ id: propTypeId, name: "Prop", type: "EntityType" });
    }],
    fails: ["answers 404 for an unknown entity type", async () => {
      const response = await t.request({ method: "GET", url: `/api/data/entity-types/${UNKNOWN_ID}`, token: w.artist.token });
      expect(response.statusCode).toBe(404);
    }],
  });

  gazuRoute("PUT", "/data/entity-types/{instance_id}", {
    succeeds: ["renames an entity type", async () => {
      const response = await t.request({ method: "PUT", url: `/api/data/entity-types/${propTypeId}`, token: w.admin.token, payload: { name: "Props" } });
      expect(response.statusCode).toBe(200);
      expect(response.json()).toMatchObject({ id: propTypeId, name: "Props" });
    }],
    fails: ["refuses a manager", async () => {
      const response = await t.request({ method: "PUT", url: `/api/data/entity-types/${propTypeId}`, token: w.manager.token, payload: { name: "Stuff" } });
      expect(response.statusCode).toBe(403);
    }],
  });

  gazuRoute("DELETE", "/data/entity-types/{instance_id}", {
    succeeds: ["deletes an entity type", async () => {
      const response = await t.request({ method: "DELETE", url: `/api/data/entity-types/${propTypeId}`, token: w.admin.token });
      expect(response.statusCode).toBe(204);
      expect(await t.db.orm.select().from(entityType).where(eq(entityType.id, propTypeId))).toEqual([]);
    }],
    fails: ["refuses an artist", async () => {
      const id = await t.make.makeEntityType("Vehicle");
      const response = await t.request({ method: "DELETE", url: `/api/data/entity-types/${id}`, token: w.artist.token });
      expect(response.statusCode).toBe(403);
    }],
  });
});

describe("task statuses", () => {
  let statusId: string;

  gazuRoute("POST", "/data/task-status", {
    succeeds: ["creates a task status", async () => {
      const response = await t.request({ method: "POST", url: "/api/data/task-status", token: w.admin.token, payload: { name: "Work in progress", short_name: "wip", color: "#3273dc" } });
      expect(response.statusCode).toBe(201);
      expectZouObject(response.json(), "TaskStatus");
      expect(response.json()).toMatchObject({ short_name: "wip", color: "#3273dc" });
      statusId = response.json().id;
    }],
    fails: ["refuses a supervisor", async () => {
      const response = await t.request({ method: "POST", url: "/api/data/task-status", token: w.supervisor.token, payload: { name: "Nope", short_name: "nope", color: "#000000" } });
      expect(response.statusCode).toBe(403);
      expect(await t.db.orm.select().from(taskStatus).where(eq(taskStatus.shortName, "nope"))).toEqual([]);
    }],
  });

  gazuRoute("GET", "/data/task-status", {
    succeeds: ["finds a status by short name", async () => {
      const response = await t.request({ method: "GET", url: "/api/data/task-status?short_name=wip", token: w.artist.token });
      expect(response.statusCode).toBe(200);
      expect(response.json()).toEqual([expect.objectContaining({ id: statusId, type: "TaskStatus" })]);
    }],
    fails: ["rejects a filter on an unknown column", async () => {
      const response = await t.request({ method: "GET", url: "/api/data/task-status?mood=happy", token: w.artist.token });
      expect(response.statusCode).toBe(400);
    }],
  });

  it("finds the default status with Python's True", async () => {
    const created = await t.request({ method: "POST", url: "/api/data/task-status", token: w.admin.token, payload: { name: "Todo", short_name: "todo", color: "#f5f5f5", is_default: true } });
    expect(created.statusCode).toBe(201);
    const response = await t.request({ method: "GET", url: "/api/data/task-status?is_default=True", token: w.artist.token });
    expect(response.json().map((item: { short_name: string }) => item.short_name)).toEqual(["todo"]);
  });

  gazuRoute("GET", "/data/task-status/{instance_id}", {
    succeeds: ["returns one task status", async () => {
      const response = await t.request({ method: "GET", url: `/api/data/task-status/${statusId}`, token: w.artist.token });
      expect(response.statusCode).toBe(200);
      expect(response.json()).toMatchObject({ id: statusId, name: "Work in progress" });
    }],
    fails: ["answers 404 for an unknown status", async () => {
      const response = await t.request({ method: "GET", url: `/api/data/task-status/${UNKNOWN_ID}`, token: w.artist.token });
      expect(response.statusCode).toBe(404);
    }],
  });

  gazuRoute("PUT", "/data/task-status/{instance_id}", {
    succeeds: ["updates a status from gazu's dict", async () => {
      const current = (await t.request({ method: "GET", url: `/api/data/task-status/${statusId}`, token: w.admin.token })).json();
      const response = await t.request({ method: "PUT", url: `/api/data/task-status/${statusId}`, token: w.admin.token, payload: { ...current, color: "#ff00ff" } });
      expect(response.statusCode).toBe(200);
      expect(response.json()).toMatchObject({ id: statusId, color: "#ff00ff" });
    }],
    fails: ["refuses a manager", async () => {
      const response = await t.request({ method: "PUT", url: `/api/data/task-status/${statusId}`, token: w.manager.token, payload: { color: "#000000" } });
      expect(response.statusCode).toBe(403);
    }],
  });

  gazuRoute("DELETE", "/data/task-status/{instance_id}", {
    succeeds: ["deletes a task status", async () => {
      const response = await t.request({ method: "DELETE", url: `/api/data/task-status/${statusId}?force=True`, token: w.admin.token });
      expect(response.statusCode).toBe(204);
      expect(await t.db.orm.select().from(taskStatus).where(eq(taskStatus.id, statusId))).toEqual([]);
    }],
    fails: ["answers 404 for an unknown status", async () => {
      const response = await t.request({ method: "DELETE", url: `/api/data/task-status/${UNKNOWN_ID}?force=True`, token: w.admin.token });
      expect(response.statusCode).toBe(404);
    }],
  });
});

describe("task types", () => {
  let typeId: string;

  beforeAll(async () => {
    typeId = (await t.make.makeTaskType({ name: "Layout" })).id;
  });

  gazuRoute("GET", "/data/task-types/{instance_id}", {
    succeeds: ["returns one task type", async () => {
      const response = await t.request({ method: "GET", url: `/api/data/task-types/${typeId}`, token: w.artist.token });
      expect(response.statusCode).toBe(200);
      expectZouObject(response.json(), "TaskType");
      expect(response.json().name).toBe("Layout");
    }],
    fails: ["answers 404 for an unknown task type", async () => {
      const response = await t.request({ method: "GET", url: `/api/data/task-types/${UNKNOWN_ID}`, token: w.artist.token });
      expect(response.statusCode).toBe(404);
    }],
  });

  gazuRoute("PUT", "/data/task-types/{instance_id}", {
    succeeds: ["updates a task type from gazu's dict", async () => {
      const current = (await t.request({ method: "GET", url: `/api/data/task-types/${typeId}`, token: w.admin.token })).json();
      const response = await t.request({ method: "PUT", url: `/api/data/task-types/${typeId}`, token: w.admin.token, payload: { ...current, color: "#abcdef" } });
      expect(response.statusCode).toBe(200);
      expect(response.json()).toMatchObject({ id: typeId, color: "#abcdef" });
    }],
    fails: ["rejects a name another task type has", async () => {
      await t.make.makeTaskType({ name: "Animation" });
      const response = await t.request({ method: "PUT", url: `/api/data/task-types/${typeId}`, token: w.admin.token, payload: { name: "Animation" } });
      expect(response.statusCode).toBe(400);
      const [stored] = await t.db.orm.select().from(taskType).where(eq(taskType.id, typeId));
      expect(stored.name).toBe("Layout");
    }],
  });

  gazuRoute("DELETE", "/data/task-types/{instance_id}", {
    succeeds: ["deletes a task type", async () => {
      const response = await t.request({ method: "DELETE", url: `/api/data/task-types/${typeId}?force=True`, token: w.admin.token });
      expect(response.statusCode).toBe(204);
      expect(await t.db.orm.select().from(taskType).where(eq(taskType.id, typeId))).toEqual([]);
    }],
    fails: ["refuses a manager", async () => {
      const other = await t.make.makeTaskType({ name: "Compositing" });
      const response = await t.request({ method: "DELETE", url: `/api/data/task-types/${other.id}`, token: w.manager.token });
      expect(response.statusCode).toBe(403);
    }],
  });
});

describe("software", () => {
  let softwareId: string;

  gazuRoute("POST", "/data/softwares", {
    succeeds: ["creates a software entry", async () => {
      const response = await t.request({ method: "POST", url: "/api/data/softwares", token: w.admin.token, payload: { name: "Blender", short_name: "bl", file_extension: ".blend" } });
      expect(response.statusCode).toBe(201);
      expectZouObject(response.json(), "Software");
      expect(response.json()).toMatchObject({ name: "Blender", file_extension: ".blend" });
      softwareId = response.json().id;
    }],
    fails: ["refuses an artist", async () => {
      const response = await t.request({ method: "POST", url: "/api/data/softwares", token: w.artist.token, payload: { name: "Maya", short_name: "ma", file_extension: ".ma" } });
      expect(response.statusCode).toBe(403);
      expect(await t.db.orm.select().from(software).where(eq(software.name, "Maya"))).toEqual([]);
    }],
  });

  gazuRoute("GET", "/data/softwares", {
    succeeds: ["finds software by name", async () => {
      const response = await t.request({ method: "GET", url: "/api/data/softwares?name=Blender", token: w.artist.token });
      expect(response.statusCode).toBe(200);
      expect(response.json()).toEqual([expect.objectContaining({ id: softwareId, type: "Software" })]);
    }],
    fails: ["rejects a filter on an unknown column", async () => {
      const response = await t.request({ method: "GET", url: "/api/data/softwares?vendor=x", token: w.artist.token });
      expect(response.statusCode).toBe(400);
    }],
  });

  gazuRoute("GET", "/data/softwares/{instance_id}", {
    succeeds: ["returns one software entry", async () => {
      const response = await t.request({ method: "GET", url: `/api/data/softwares/${softwareId}`, token: w.artist.token });
      expect(response.statusCode).toBe(200);
      expect(response.json()).toMatchObject({ id: softwareId, short_name: "bl" });
    }],
    fails: ["answers 404 for an unknown software", async () => {
      const response = await t.request({ method: "GET", url: `/api/data/softwares/${UNKNOWN_ID}`, token: w.artist.token });
      expect(response.statusCode).toBe(404);
    }],
  });

  gazuRoute("PUT", "/data/softwares/{instance_id}", {
    succeeds: ["updates a software entry", async () => {
      const response = await t.request({ method: "PUT", url: `/api/data/softwares/${softwareId}`, token: w.admin.token, payload: { file_extension: ".blend1" } });
      expect(response.statusCode).toBe(200);
      expect(response.json()).toMatchObject({ id: softwareId, file_extension: ".blend1" });
    }],
    fails: ["refuses a manager", async () => {
      const response = await t.request({ method: "PUT", url: `/api/data/softwares/${softwareId}`, token: w.manager.token, payload: { name: "Renamed" } });
      expect(response.statusCode).toBe(403);
    }],
  });
});

describe("studios", () => {
  let studioId: string;

  beforeAll(async () => {
    studioId = (await t.make.makeStudio({ name: "North" })).id;
  });

  gazuRoute("GET", "/data/studios", {
    succeeds: ["finds a studio by name", async () => {
      const response = await t.request({ method: "GET", url: "/api/data/studios?name=North", token: w.artist.token });
      expect(response.statusCode).toBe(200);
      expect(response.json()).toEqual([expect.objectContaining({ id: studioId, type: "Studio" })]);
    }],
    fails: ["rejects a filter on an unknown column", async () => {
      const response = await t.request({ method: "GET", url: "/api/data/studios?city=Paris", token: w.artist.token });
      expect(response.statusCode).toBe(400);
    }],
  });

  gazuRoute("GET", "/data/studios/{instance_id}", {
    succeeds: ["returns one studio", async () => {
      const response = await t.request({ method: "GET", url: `/api/data/studios/${studioId}`, token: w.artist.token });
      expect(response.statusCode).toBe(200);
      expectZouObject(response.json(), "Studio");
    }],
    fails: ["answers 404 for an unknown studio", async () => {
      const response = await t.request({ method: "GET", url: `/api/data/studios/${UNKNOWN_ID}`, token: w.artist.token });
      expect(response.statusCode).toBe(404);
    }],
  });

  gazuRoute("PUT", "/data/studios/{instance_id}", {
    succeeds: ["updates a studio", async () => {
      const response = await t.request({ method: "PUT", url: `/api/data/studios/${studioId}`, token: w.admin.token, payload: { color: "#010203" } });
      expect(response.statusCode).toBe(200);
      expect(response.json()).toMatchObject({ id: studioId, color: "#010203" });
    }],
    fails: ["refuses a manager", async () => {
      const response = await t.request({ method: "PUT", url: `/api/data/studios/${studioId}`, token: w.manager.token, payload: { name: "South" } });
      expect(response.statusCode).toBe(403);
    }],
  });

  gazuRoute("DELETE", "/data/studios/{instance_id}", {
    succeeds: ["deletes a studio", async () => {
      const response = await t.request({ method: "DELETE", url: `/api/data/studios/${studioId}?force=True`, token: w.admin.token });
      expect(response.statusCode).toBe(204);
      expect(await t.db.orm.select().from(studio).where(eq(studio.id, studioId))).toEqual([]);
    }],
    fails: ["answers 404 for an unknown studio", async () => {
      const response = await t.request({ method: "DELETE", url: `/api/data/studios/${UNKNOWN_ID}`, token: w.admin.token });
      expect(response.statusCode).toBe(404);
    }],
  });
});

describe("studio-wide lists", () => {
  gazuRoute("GET", "/data/organisations", {
    succeeds: ["lists the organisation", async () => {
      await t.request({ method: "GET", url: "/api/auth/authenticated", token: w.admin.token });
      const response = await t.request({ method: "GET", url: "/api/data/organisations", token: w.artist.token });
      expect(response.statusCode).toBe(200);
      expect(response.json().length).toBeGreaterThanOrEqual(1);
      expect(response.json()[0].type).toBe("Organisation");
    }],
    fails: ["rejects a filter on an unknown column", async () => {
      const response = await t.request({ method: "GET", url: "/api/data/organisations?secret=1", token: w.artist.token });
      expect(response.statusCode).toBe(400);
    }],
  });

  gazuRoute("GET", "/data/project-status", {
    succeeds: ["finds the Open status by name", async () => {
      const response = await t.request({ method: "GET", url: "/api/data/project-status?name=Open", token: w.artist.token });
      expect(response.statusCode).toBe(200);
      expect(response.json()).toEqual([expect.objectContaining({ id: w.project.projectStatusId, name: "Open", type: "ProjectStatus" })]);
    }],
    fails: ["rejects a filter on an unknown column", async () => {
      const response = await t.request({ method: "GET", url: "/api/data/project-status?weight=3", token: w.artist.token });
      expect(response.statusCode).toBe(400);
    }],
  });

  gazuRoute("GET", "/data/metadata-descriptors", {
    succeeds: ["finds a descriptor by project and field name", async () => {
      const created = await t.request({ method: "POST", url: `/api/data/projects/${w.project.id}/metadata-descriptors`, token: w.admin.token, payload: { name: "Difficulty", entity_type: "Shot" } });
      expect(created.statusCode).toBe(201);
      const response = await t.request({ method: "GET", url: `/api/data/metadata-descriptors?project_id=${w.project.id}&field_name=difficulty`, token: w.manager.token });
      expect(response.statusCode).toBe(200);
      expect(response.json()).toEqual([expect.objectContaining({ id: created.json().id, field_name: "difficulty", type: "MetadataDescriptor" })]);
    }],
    fails: ["refuses a vendor", async () => {
      const response = await t.request({ method: "GET", url: `/api/data/metadata-descriptors?project_id=${w.project.id}`, token: w.vendor.token });
      expect(response.statusCode).toBe(403);
    }],
  });
});

describe("project notifications and subscriptions", () => {
  beforeAll(async () => {
    const shot = await t.make.makeShot({ projectId: w.project.id, name: "SH100" });
    const task = await t.make.makeTask({ entity: shot, assignees: [w.artist.person.id] });
    await t.make.makeNotification({ personId: w.artist.person.id, authorId: w.supervisor.person.id, taskId: task.id, type: "assignation" });
    await t.db.orm.insert(subscription).values({ personId: w.artist.person.id, taskId: task.id });
    const otherProject = await t.make.makeProject({ name: "Other" });
    const otherShot = await t.make.makeShot({ projectId: otherProject.id, name: "X" });
    const otherTask = await t.make.makeTask({ entity: otherShot });
    await t.make.makeNotification({ personId: w.supervisor.person.id, authorId: w.artist.person.id, taskId: otherTask.id, type: "comment" });
  });

  gazuRoute("GET", "/data/projects/{project_id}/notifications", {
    succeeds: ["lists the notifications of the project's tasks", async () => {
      const response = await t.request({ method: "GET", url: `/api/data/projects/${w.project.id}/notifications`, token: w.admin.token });
      expect(response.statusCode).toBe(200);
      expect(response.json()).toEqual([expect.objectContaining({ type: "Notification", person_id: w.artist.person.id })]);
      const page = await t.request({ method: "GET", url: `/api/data/projects/${w.project.id}/notifications?page=1`, token: w.admin.token });
      expect(page.json()).toMatchObject({ total: 1, nb_pages: 1, limit: 100, offset: 0, page: 1 });
      expect(page.json().data).toHaveLength(1);
    }],
    fails: ["refuses a manager", async () => {
      const response = await t.request({ method: "GET", url: `/api/data/projects/${w.project.id}/notifications`, token: w.manager.token });
      expect(response.statusCode).toBe(403);
    }],
  });

  gazuRoute("GET", "/data/projects/{project_id}/subscriptions", {
    succeeds: ["lists the subscriptions of the project's tasks", async () => {
      const response = await t.request({ method: "GET", url: `/api/data/projects/${w.project.id}/subscriptions`, token: w.admin.token });
      expect(response.statusCode).toBe(200);
      expect(response.json()).toEqual([expect.objectContaining({ type: "Subscription", person_id: w.artist.person.id })]);
    }],
    fails: ["answers 404 for an unknown project", async () => {
      const response = await t.request({ method: "GET", url: `/api/data/projects/${UNKNOWN_ID}/subscriptions`, token: w.admin.token });
      expect(response.statusCode).toBe(404);
    }],
  });
});

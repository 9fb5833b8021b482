import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { news } from "../../../schema/notifications.js";
import { person } from "../../../schema/people.js";
import { metadataDescriptor } from "../../../schema/projects.js";
import { task } from "../../../schema/tasks.js";
import { countStatements } from "../../../src/db/statements.js";
import { createTestApp, type TestApp } from "../../support/app.js";
import type { EntityRow, TaskRow } from "../../support/entities.builders.js";
import { makeSeedWorld, UNKNOWN_ID, type SeedWorld } from "../../support/seed-b.world.js";

// Kitsu's studio-wide lists: open tasks (paging, filters, scope by role and
// statement count), team schedule dates, the project list and the news feed
// across projects. The test project "Big Bunny" gets three shot tasks (one
// assigned to the artist, one to the vendor, one unassigned) and a concept
// task. A closed project has the manager on its team, and the open project
// "Other show" has only the outsider.

let t: TestApp;
let w: SeedWorld;
let shot: EntityRow;
let artistTask: TaskRow;
let vendorTask: TaskRow;
let unassignedTask: TaskRow;
let conceptTask: TaskRow;
let closedProjectId: string;
let otherProjectId: string;
let otherTask: TaskRow;

async function get(url: string, token: string) {
  return t.request({ method: "GET", url: `/api${url}`, token });
}

async function openTaskIds(url: string, token: string): Promise<string[]> {
  const response = await get(url, token);
  expect(response.statusCode).toBe(200);
  return response.json().data.map((row: { id: string }) => row.id);
}

beforeAll(async () => {
  t = await createTestApp();
  w = await makeSeedWorld(t);
  const projectId = w.project.id;
  shot = await t.make.makeShot({ projectId, name: "SH010" });
  artistTask = await t.make.makeTask({ entity: shot, assignees: [w.artist.person.id] });
  vendorTask = await t.make.makeTask({ entity: shot, assignees: [w.vendor.person.id] });
  unassignedTask = await t.make.makeTask({ entity: shot });
  await t.db.orm.update(task).set({ startDate: new Date("2030-01-07T00:00:00Z"), dueDate: new Date("2030-01-18T00:00:00Z") }).where(eq(task.id, artistTask.id));

  const conceptType = await t.make.makeTaskType({ name: "Concept art", forEntity: "Concept" });
  const concept = await t.make.makeConcept({ projectId, name: "Hero sketch" });
  conceptTask = await t.make.makeTask({ entity: concept, taskTypeId: conceptType.id });

  const closedStatusId = await t.make.makeProjectStatus("Closed");
  const closed = await t.make.makeProject({ name: "Archived show", projectStatusId: closedStatusId, team: [{ id: w.manager.person.id }] });
  closedProjectId = closed.id;
  const closedShot = await t.make.makeShot({ projectId: closed.id, name: "SH900" });
  await t.make.makeTask({ entity: closedShot, assignees: [w.artist.person.id] });

  const other = await t.make.makeProject({ name: "Other show", team: [{ id: w.outsider.person.id }] });
  otherProjectId = other.id;
  const otherShot = await t.make.makeShot({ projectId: other.id, name: "SH500" });
  otherTask = await t.make.makeTask({ entity: otherShot, assignees: [w.supervisor.person.id] });
  await t.db.orm.update(task).set({ startDate: new Date("2030-03-02T00:00:00Z"), dueDate: new Date("2030-03-09T00:00:00Z") }).where(eq(task.id, otherTask.id));
});

afterAll(async () => {
  await t.close();
});

describe("open tasks", () => {
  it("lists the tasks of open team projects", async () => {
    const ids = await openTaskIds("/data/tasks/open-tasks", w.manager.token);
    expect(ids.sort()).toEqual([artistTask.id, vendorTask.id, unassignedTask.id].sort());
  });

  it("leaves out concept tasks unless their type is asked", async () => {
    const withoutType = await openTaskIds("/data/tasks/open-tasks", w.admin.token);
    expect(withoutType).not.toContain(conceptTask.id);
    const withType = await openTaskIds(`/data/tasks/open-tasks?task_type_id=${conceptTask.taskTypeId}`, w.admin.token);
    expect(withType).toEqual([conceptTask.id]);
  });

  it("lists every open project to an admin", async () => {
    const ids = await openTaskIds("/data/tasks/open-tasks", w.admin.token);
    expect(ids).toContain(otherTask.id);
    expect(ids).toHaveLength(4);
  });

  it("lists a closed project when asked by id", async () => {
    const response = await get(`/data/tasks/open-tasks?project_id=${closedProjectId}`, w.manager.token);
    expect(response.statusCode).toBe(200);
    expect(response.json().data).toHaveLength(1);
    expect(response.json().data[0].project_name).toBe("Archived show");
  });

  it("keeps a vendor to their assigned tasks", async () => {
    const ids = await openTaskIds("/data/tasks/open-tasks", w.vendor.token);
    expect(ids).toEqual([vendorTask.id]);
  });

  it("keeps an outsider to their own team project", async () => {
    const ids = await openTaskIds("/data/tasks/open-tasks", w.outsider.token);
    expect(ids).toEqual([otherTask.id]);
  });

  it("filters on assignees", async () => {
    expect(await openTaskIds(`/data/tasks/open-tasks?person_id=${w.artist.person.id}`, w.manager.token)).toEqual([artistTask.id]);
    const both = await openTaskIds(`/data/tasks/open-tasks?person_id=${w.artist.person.id},${w.vendor.person.id}`, w.manager.token);
    expect(both.sort()).toEqual([artistTask.id, vendorTask.id].sort());
    expect(await openTaskIds("/data/tasks/open-tasks?person_id=unassigned", w.manager.token)).toEqual([unassignedTask.id]);
  });

  it("filters on the assignees' department and studio", async () => {
    const department = await t.make.makeDepartment({ name: "Lighting", members: [w.vendor.person.id] });
    expect(await openTaskIds(`/data/tasks/open-tasks?department_id=${department.id}`, w.manager.token)).toEqual([vendorTask.id]);
    const studio = await t.make.makeStudio({ name: "North" });
    await t.db.orm.update(person).set({ studioId: studio.id }).where(eq(person.id, w.artist.person.id));
    expect(await openTaskIds(`/data/tasks/open-tasks?studio_id=${studio.id}`, w.manager.token)).toEqual([artistTask.id]);
  });

  it("filters on status and dates", async () => {
    expect(await openTaskIds(`/data/tasks/open-tasks?task_status_id=${vendorTask.taskStatusId}`, w.manager.token)).toEqual([vendorTask.id]);
    expect(await openTaskIds("/data/tasks/open-tasks?start_date=2030-01-01&due_date=2030-01-31", w.manager.token)).toEqual([artistTask.id]);
    expect(await openTaskIds("/data/tasks/open-tasks?start_date=2030-02-01", w.manager.token)).toEqual([]);
  });

  it("pages the tasks", async () => {
    const first = (await get("/data/tasks/open-tasks?limit=2", w.manager.token)).json();
    expect(first.data).toHaveLength(2);
    expect(first.is_more).toBe(true);
    expect(first.stats.total).toBe(3);
    const second = (await get("/data/tasks/open-tasks?limit=2&page=2", w.manager.token)).json();
    expect(second.data).toHaveLength(1);
    expect(second.is_more).toBe(false);
    expect(second.page).toBe(2);
    const seen = [...first.data, ...second.data].map((row: { id: string }) => row.id);
    expect(new Set(seen).size).toBe(3);
  });

  it("returns no stats past the last page", async () => {
    const json = (await get("/data/tasks/open-tasks?page=5", w.manager.token)).json();
    expect(json).toEqual({ data: [], stats: { total_duration: 0, total_estimation: 0, total: 0, status: [] }, limit: 100, is_more: false, page: 5 });
  });

  it("rejects a project outside the viewer's teams", async () => {
    const response = await get(`/data/tasks/open-tasks?project_id=${otherProjectId}`, w.manager.token);
    expect(response.statusCode).toBe(403);
  });

  it("returns 404 for an unknown project", async () => {
    const response = await get(`/data/tasks/open-tasks?project_id=${UNKNOWN_ID}`, w.admin.token);
    expect(response.statusCode).toBe(404);
  });

  it("rejects malformed filters", async () => {
    for (const query of ["person_id=nope", "task_type_id=nope", "start_date=soon", "priority=high", "limit=0"]) {
      const response = await get(`/data/tasks/open-tasks?${query}`, w.manager.token);
      expect(response.statusCode, query).toBe(400);
    }
  });

  it("runs the same statements for 3 and 30 tasks", async () => {
    const extraShot = await t.make.makeShot({ projectId: otherProjectId, name: "SH600" });
    const url = `/data/tasks/open-tasks?project_id=${otherProjectId}`;
    await t.make.makeTask({ entity: extraShot, assignees: [w.outsider.person.id] });
    await t.make.makeTask({ entity: extraShot });
    // The first request of a session fills caches, so it is left out of the count.
    await get(url, w.outsider.token);
    const before = await countStatements(() => get(url, w.outsider.token));
    expect(before.result.json().data).toHaveLength(3);
    for (let index = 0; index < 27; index += 1) {
      await t.make.makeTask({ entity: extraShot, assignees: [w.outsider.person.id] });
    }
    const after = await countStatements(() => get(url, w.outsider.token));
    expect(after.result.json().data).toHaveLength(30);
    expect(after.count).toBe(before.count);
    expect(after.count).toBeLessThanOrEqual(6);
  });
});

describe("persons task dates", () => {
  it("shows an admin the dates in every open project", async () => {
    const response = await get("/data/persons/task-dates", w.admin.token);
    expect(response.statusCode).toBe(200);
    const supervisorRow = response.json().find((row: { person_id: string }) => row.person_id === w.supervisor.person.id);
    expect(supervisorRow).toEqual({ person_id: w.supervisor.person.id, min_date: "2030-03-02 00:00:00", max_date: "2030-03-09 00:00:00", busy_periods: [] });
  });

  it("returns anonymous busy periods outside the viewer's teams", async () => {
    const response = await get("/data/persons/task-dates", w.manager.token);
    expect(response.statusCode).toBe(200);
    const supervisorRow = response.json().find((row: { person_id: string }) => row.person_id === w.supervisor.person.id);
    expect(supervisorRow).toEqual({
      person_id: w.supervisor.person.id,
      min_date: null,
      max_date: null,
      busy_periods: [{ start_date: "2030-03-02 00:00:00", end_date: "2030-03-09 00:00:00" }],
    });
  });

  it("rejects a project outside the viewer's teams", async () => {
    const response = await get(`/data/persons/task-dates?project_id=${otherProjectId}`, w.manager.token);
    expect(response.statusCode).toBe(403);
  });

  it("rejects a malformed project id", async () => {
    const response = await get("/data/persons/task-dates?project_id=nope", w.admin.token);
    expect(response.statusCode).toBe(400);
  });
});

describe("all projects", () => {
  it("lists closed projects with status and descriptors to an admin", async () => {
    await t.db.orm.insert(metadataDescriptor).values({ projectId: closedProjectId, entityType: "Project", name: "Budget", fieldName: "budget", dataType: "string", choices: [] });
    const response = await get("/data/projects/all", w.admin.token);
    expect(response.statusCode).toBe(200);
    const closed = response.json().find((row: { id: string }) => row.id === closedProjectId);
    expect(closed.project_status_name).toBe("Closed");
    expect(closed.descriptors).toHaveLength(1);
    expect(closed.descriptors[0]).toMatchObject({ name: "Budget", field_name: "budget", departments: [] });
  });

  it("lists a manager's closed team project", async () => {
    const ids = (await get("/data/projects/all", w.manager.token)).json().map((row: { id: string }) => row.id);
    expect(ids.sort()).toEqual([w.project.id, closedProjectId].sort());
  });

  it("finds a project by name", async () => {
    const response = await get("/data/projects/all?name=archived%20SHOW", w.manager.token);
    expect(response.statusCode).toBe(200);
    expect(response.json().map((row: { id: string }) => row.id)).toEqual([closedProjectId]);
  });

  it("returns 404 for a name outside the viewer's teams", async () => {
    const response = await get("/data/projects/all?name=Other%20show", w.manager.token);
    expect(response.statusCode).toBe(404);
  });
});

describe("news across projects", () => {
  beforeAll(async () => {
    const comment = await t.make.makeComment({ task: artistTask, personId: w.artist.person.id });
    await t.db.orm.insert(news).values({ change: true, authorId: w.artist.person.id, commentId: comment.id, taskId: artistTask.id });
    const otherComment = await t.make.makeComment({ task: otherTask, personId: w.supervisor.person.id });
    await t.db.orm.insert(news).values({ change: true, authorId: w.supervisor.person.id, commentId: otherComment.id, taskId: otherTask.id });
  });

  it("lists the news of the viewer's open projects", async () => {
    const json = (await get("/data/projects/news", w.manager.token)).json();
    expect(json.data.map((item: { task_id: string }) => item.task_id)).toEqual([artistTask.id]);
    expect(json).toMatchObject({ total: 1, nb_pages: 1, page: 1, limit: 50 });
    expect(json.stats).toEqual({ [String(artistTask.taskStatusId)]: 1 });
    expect(json.data[0]).toMatchObject({ type: "News", project_name: "Big Bunny", full_entity_name: expect.stringContaining("SH010") });
  });

  it("lists every open project's news to an admin", async () => {
    const json = (await get("/data/projects/news", w.admin.token)).json();
    expect(json.total).toBe(2);
  });

  it("narrows the feed to one of the viewer's projects", async () => {
    const json = (await get(`/data/projects/news?project_id=${otherProjectId}`, w.admin.token)).json();
    expect(json.data.map((item: { task_id: string }) => item.task_id)).toEqual([otherTask.id]);
  });

  it("ignores a project outside the viewer's teams", async () => {
    const json = (await get(`/data/projects/news?project_id=${otherProjectId}`, w.manager.token)).json();
    expect(json.data.map((item: { task_id: string }) => item.task_id)).toEqual([artistTask.id]);
  });

  it("shows a vendor no news", async () => {
    const json = (await get("/data/projects/news", w.vendor.token)).json();
    expect(json.total).toBe(0);
  });
});

describe("event names", () => {
  it("rejects a supervisor", async () => {
    const response = await get("/data/events/names", w.supervisor.token);
    expect(response.statusCode).toBe(403);
  });
});

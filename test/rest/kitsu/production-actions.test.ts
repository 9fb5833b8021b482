import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { comment } from "../../../schema/comments.js";
import { productionScheduleVersion, productionScheduleVersionTaskLink, productionScheduleVersionTaskLinkPersonLink } from "../../../schema/schedules.js";
import { project as projectTable } from "../../../schema/projects.js";
import { department, departmentLink, studio } from "../../../schema/people.js";
import { task, taskPersonLink } from "../../../schema/tasks.js";
import { outputFile, workingFile } from "../../../schema/files.js";
import { createTestApp, type TestApp } from "../../support/app.js";
import type { EntityRow, TaskRow, TaskStatusRow, TaskTypeRow } from "../../support/entities.builders.js";
import { makeSeedWorld, UNKNOWN_ID, type SeedWorld } from "../../support/seed-b.world.js";
import { eventNamesSince } from "../../support/roles.js";
import { kitsuRoute } from "./kitsu-routes.js";

// Kitsu's production schedule versions, the task type columns of entity
// lists (creating or deleting a whole column of tasks) and the People
// page's CSV export.

let t: TestApp;
let w: SeedWorld;
let status: TaskStatusRow;
let layout: TaskTypeRow;
let shot: EntityRow;
let otherShot: EntityRow;

beforeAll(async () => {
  t = await createTestApp();
  w = await makeSeedWorld(t);
  status = await t.make.makeTaskStatus({ name: "Todo", shortName: "todo", isDefault: true });
  layout = await t.make.makeTaskType({ name: "Layout", forEntity: "Shot" });
  const sequence = await t.make.makeSequence({ projectId: w.project.id, name: "SQ01" });
  shot = await t.make.makeShot({ projectId: w.project.id, sequenceId: sequence.id, name: "SH010" });
  otherShot = await t.make.makeShot({ projectId: w.project.id, sequenceId: sequence.id, name: "SH020" });
});

afterAll(async () => {
  await t.close();
});

async function makeVersion(name: string, projectId = w.project.id) {
  const [row] = await t.db.orm.insert(productionScheduleVersion).values({ name, projectId }).returning();
  return row;
}

async function makeDatedTask(entity: EntityRow, values: Partial<typeof task.$inferInsert>): Promise<TaskRow> {
  const created = await t.make.makeTask({ entity, taskTypeId: layout.id, status, name: `task-${Math.random().toString(36).slice(2, 8)}` });
  const [row] = await t.db.orm.update(task).set(values).where(eq(task.id, created.id)).returning();
  return row;
}

describe("schedule version task links", () => {
  kitsuRoute("POST", "/actions/production-schedule-versions/{production_schedule_version_id}/set-task-links-from-production", {
    succeeds: ["copies the dates and assignees of the project's tasks", async () => {
      const version = await makeVersion("From production");
      const planned = await makeDatedTask(shot, { startDate: new Date("2025-03-03T00:00:00Z"), dueDate: new Date("2025-03-07T00:00:00Z"), estimation: 960 });
      await t.db.orm.insert(taskPersonLink).values({ taskId: planned.id, personId: w.artist.person.id });

      const response = await t.request({ method: "POST", url: `/api/actions/production-schedule-versions/${version.id}/set-task-links-from-production`, token: w.manager.token });
      expect(response.statusCode).toBe(200);
      const projectTasks = await t.db.orm.select({ id: task.id }).from(task).where(eq(task.projectId, w.project.id));
      expect(response.json()).toEqual({ success: true, task_link_count: projectTasks.length });

      const links = await t.request({ method: "GET", url: `/api/data/production-schedule-versions/${version.id}/task-links`, token: w.manager.token });
      const link = (links.json() as Record<string, unknown>[]).find((row) => row.task_id === planned.id);
      expect(link).toMatchObject({ start_date: "2025-03-03T00:00:00", due_date: "2025-03-07T00:00:00", estimation: 960 });
      const assignees = await t.db.orm
        .select()
        .from(productionScheduleVersionTaskLinkPersonLink)
        .where(eq(productionScheduleVersionTaskLinkPersonLink.productionScheduleVersionTaskLinkId, link!.id as string));
      expect(assignees.map((row) => row.personId)).toEqual([w.artist.person.id]);
    }],
    fails: ["rejects an artist of the team", async () => {
      const version = await makeVersion("Artist attempt");
      const response = await t.request({ method: "POST", url: `/api/actions/production-schedule-versions/${version.id}/set-task-links-from-production`, token: w.artist.token });
      expect(response.statusCode).toBe(403);
      const links = await t.db.orm.select().from(productionScheduleVersionTaskLink).where(eq(productionScheduleVersionTaskLink.productionScheduleVersionId, version.id));
      expect(links).toEqual([]);
    }],
  });

  kitsuRoute("POST", "/actions/production-schedule-versions/{production_schedule_version_id}/set-task-links-from-production-schedule-version", {
    succeeds: ["copies another version's links and records it as the source", async () => {
      const source = await makeVersion("Source");
      const target = await makeVersion("Target");
      const planned = await makeDatedTask(shot, { estimation: 30 });
      const [sourceLink] = await t.db.orm
        .insert(productionScheduleVersionTaskLink)
        .values({ productionScheduleVersionId: source.id, taskId: planned.id, startDate: new Date("2025-04-01T00:00:00Z"), dueDate: new Date("2025-04-04T00:00:00Z"), estimation: 120 })
        .returning();
      await t.db.orm.insert(productionScheduleVersionTaskLinkPersonLink).values({ productionScheduleVersionTaskLinkId: sourceLink.id, personId: w.supervisor.person.id });

      const response = await t.request({
        method: "POST",
        url: `/api/actions/production-schedule-versions/${target.id}/set-task-links-from-production-schedule-version`,
        token: w.manager.token,
        payload: { production_schedule_version_id: source.id },
      });
      expect(response.statusCode).toBe(200);
      expect(response.json()).toEqual({ success: true, task_link_count: 1 });

      const links = await t.request({ method: "GET", url: `/api/data/production-schedule-versions/${target.id}/task-links`, token: w.manager.token });
      expect(links.json()).toHaveLength(1);
      expect(links.json()[0]).toMatchObject({ task_id: planned.id, start_date: "2025-04-01T00:00:00", due_date: "2025-04-04T00:00:00", estimation: 120 });
      const assignees = await t.db.orm.select().from(productionScheduleVersionTaskLinkPersonLink).where(eq(productionScheduleVersionTaskLinkPersonLink.productionScheduleVersionTaskLinkId, links.json()[0].id));
      expect(assignees.map((row) => row.personId)).toEqual([w.supervisor.person.id]);
      const [stored] = await t.db.orm.select().from(productionScheduleVersion).where(eq(productionScheduleVersion.id, target.id));
      expect(stored.productionScheduleFrom).toBe(source.id);
    }],
    fails: ["rejects a body without the source version id", async () => {
      const target = await makeVersion("Target without source");
      const response = await t.request({
        method: "POST",
        url: `/api/actions/production-schedule-versions/${target.id}/set-task-links-from-production-schedule-version`,
        token: w.manager.token,
        payload: {},
      });
      expect(response.statusCode).toBe(400);
      expect(response.json().message).toBe("Validation error.");
    }],
  });

  it("rejects a source version of another project", async () => {
    const elsewhere = await t.make.makeProject({ name: "Elsewhere" });
    const source = await makeVersion("Foreign", elsewhere.id);
    const target = await makeVersion("Local target");
    const response = await t.request({
      method: "POST",
      url: `/api/actions/production-schedule-versions/${target.id}/set-task-links-from-production-schedule-version`,
      token: w.admin.token,
      payload: { production_schedule_version_id: source.id },
    });
    expect(response.statusCode).toBe(400);
    expect(response.json().message).toBe("Production schedule versions must belong to the same project.");
  });

  it("rejects copying a version onto itself", async () => {
    const version = await makeVersion("Self copy");
    const response = await t.request({
      method: "POST",
      url: `/api/actions/production-schedule-versions/${version.id}/set-task-links-from-production-schedule-version`,
      token: w.manager.token,
      payload: { production_schedule_version_id: version.id },
    });
    expect(response.statusCode).toBe(400);
  });

  kitsuRoute("POST", "/actions/production-schedule-versions/{production_schedule_version_id}/apply-to-production", {
    succeeds: ["writes the version's dates onto the tasks and locks it", async () => {
      const version = await makeVersion("Applied");
      const planned = await makeDatedTask(otherShot, { startDate: new Date("2025-01-06T00:00:00Z"), estimation: 60 });
      await t.db.orm
        .insert(productionScheduleVersionTaskLink)
        .values({ productionScheduleVersionId: version.id, taskId: planned.id, startDate: new Date("2025-05-05T00:00:00Z"), dueDate: new Date("2025-05-09T00:00:00Z"), estimation: 1440 });
      const since = new Date(Date.now() - 1000);

      const response = await t.request({ method: "POST", url: `/api/actions/production-schedule-versions/${version.id}/apply-to-production`, token: w.manager.token });
      expect(response.statusCode).toBe(200);
      expect(response.json()).toEqual({ success: true, task_count: 1 });

      const readBack = await t.request({ method: "GET", url: `/api/data/tasks/${planned.id}`, token: w.manager.token });
      expect(readBack.json()).toMatchObject({ start_date: "2025-05-05T00:00:00", due_date: "2025-05-09T00:00:00", estimation: 1440 });
      const [stored] = await t.db.orm.select().from(productionScheduleVersion).where(eq(productionScheduleVersion.id, version.id));
      expect(stored.locked).toBe(true);
      const [projectRow] = await t.db.orm.select().from(projectTable).where(eq(projectTable.id, w.project.id));
      expect(projectRow.fromScheduleVersionId).toBe(version.id);
      expect(await eventNamesSince(t, since)).toContain("task:update");
    }],
    fails: ["answers 400 for a malformed version id", async () => {
      const response = await t.request({ method: "POST", url: "/api/actions/production-schedule-versions/not-an-id/apply-to-production", token: w.manager.token });
      expect(response.statusCode).toBe(400);
      expect(response.json().message).toBe("Malformed ID.");
    }],
  });

  it("answers 404 for an unknown version", async () => {
    const response = await t.request({ method: "POST", url: `/api/actions/production-schedule-versions/${UNKNOWN_ID}/apply-to-production`, token: w.manager.token });
    expect(response.statusCode).toBe(404);
  });
});

describe("task type columns", () => {
  let storyboard: TaskTypeRow;
  let episodes: EntityRow[];

  beforeAll(async () => {
    storyboard = await t.make.makeTaskType({ name: "Storyboard", forEntity: "Episode" });
    episodes = [];
    for (const name of ["E02", "E01", "E03"]) episodes.push(await t.make.makeEpisode({ projectId: w.project.id, name }));
  });

  kitsuRoute("POST", "/actions/projects/{project_id}/task-types/{task_type_id}/create-tasks/{entity_type}", {
    succeeds: ["creates a task on every episode of the project", async () => {
      const response = await t.request({
        method: "POST",
        url: `/api/actions/projects/${w.project.id}/task-types/${storyboard.id}/create-tasks/episode`,
        token: w.manager.token,
        payload: [],
      });
      expect(response.statusCode).toBe(201);
      const created = response.json() as Record<string, unknown>[];
      expect(created.map((row) => row.entity_id)).toEqual([episodes[1].id, episodes[0].id, episodes[2].id]);
      expect(created[0]).toMatchObject({
        type: "Task",
        name: "main",
        project_id: w.project.id,
        task_type_id: storyboard.id,
        task_type_name: "Storyboard",
        task_status_id: status.id,
        task_status_short_name: "todo",
        assigner_id: w.manager.person.id,
        assignees: [],
      });

      const again = await t.request({
        method: "POST",
        url: `/api/actions/projects/${w.project.id}/task-types/${storyboard.id}/create-tasks/episode`,
        token: w.manager.token,
        payload: [],
      });
      expect(again.statusCode).toBe(201);
      expect(again.json()).toEqual([]);
      const stored = await t.db.orm.select().from(task).where(eq(task.taskTypeId, storyboard.id));
      expect(stored).toHaveLength(3);
    }],
    fails: ["rejects an artist of the team", async () => {
      const response = await t.request({
        method: "POST",
        url: `/api/actions/projects/${w.project.id}/task-types/${layout.id}/create-tasks/episode`,
        token: w.artist.token,
        payload: [],
      });
      expect(response.statusCode).toBe(403);
    }],
  });

  it("creates tasks only for the listed entities", async () => {
    const animation = await t.make.makeTaskType({ name: "Animation", forEntity: "Shot" });
    const response = await t.request({
      method: "POST",
      url: `/api/actions/projects/${w.project.id}/task-types/${animation.id}/create-tasks/shot`,
      token: w.manager.token,
      payload: [otherShot.id],
    });
    expect(response.statusCode).toBe(201);
    expect((response.json() as Record<string, unknown>[]).map((row) => row.entity_id)).toEqual([otherShot.id]);
    const stored = await t.db.orm.select().from(task).where(eq(task.taskTypeId, animation.id));
    expect(stored.map((row) => row.entityId)).toEqual([otherShot.id]);
  });

  it("rejects a listed entity of another type", async () => {
    const compositing = await t.make.makeTaskType({ name: "Compositing", forEntity: "Shot" });
    const response = await t.request({
      method: "POST",
      url: `/api/actions/projects/${w.project.id}/task-types/${compositing.id}/create-tasks/episode`,
      token: w.manager.token,
      payload: [shot.id],
    });
    expect(response.statusCode).toBe(400);
    expect(await t.db.orm.select().from(task).where(eq(task.taskTypeId, compositing.id))).toEqual([]);
  });

  it("rejects a body that is not a list of ids", async () => {
    const response = await t.request({
      method: "POST",
      url: `/api/actions/projects/${w.project.id}/task-types/${layout.id}/create-tasks/episode`,
      token: w.manager.token,
      payload: ["not-an-id"],
    });
    expect(response.statusCode).toBe(400);
    expect(response.json().message).toBe("Request body must only contain valid UUIDs.");
  });

  it("answers 404 for an unknown entity type", async () => {
    const response = await t.request({
      method: "POST",
      url: `/api/actions/projects/${w.project.id}/task-types/${layout.id}/create-tasks/spaceship`,
      token: w.manager.token,
      payload: [],
    });
    expect(response.statusCode).toBe(404);
  });

  kitsuRoute("DELETE", "/actions/projects/{project_id}/task-types/{task_type_id}/delete-tasks", {
    succeeds: ["deletes every task of the type with its comments", async () => {
      const lighting = await t.make.makeTaskType({ name: "Lighting", forEntity: "Shot" });
      const first = await t.make.makeTask({ entity: shot, taskTypeId: lighting.id, status });
      const second = await t.make.makeTask({ entity: otherShot, taskTypeId: lighting.id, status });
      const keptTask = await t.make.makeTask({ entity: shot, taskTypeId: layout.id, status, name: "kept" });
      await t.make.makeComment({ task: first, personId: w.manager.person.id, withPreview: true });

      const response = await t.request({ method: "DELETE", url: `/api/actions/projects/${w.project.id}/task-types/${lighting.id}/delete-tasks`, token: w.admin.token });
      expect(response.statusCode).toBe(204);
      expect(await t.db.orm.select().from(task).where(eq(task.taskTypeId, lighting.id))).toEqual([]);
      expect(await t.db.orm.select().from(comment).where(eq(comment.objectId, first.id))).toEqual([]);
      const missing = await t.request({ method: "GET", url: `/api/data/tasks/${second.id}`, token: w.admin.token });
      expect(missing.statusCode).toBe(404);
      expect(await t.db.orm.select().from(task).where(eq(task.id, keptTask.id))).toHaveLength(1);
    }],
    fails: ["rejects a project manager, as Zou allows admins only", async () => {
      const lighting = await t.make.makeTaskType({ name: "Lighting 2", forEntity: "Shot" });
      await t.make.makeTask({ entity: shot, taskTypeId: lighting.id, status });
      const response = await t.request({ method: "DELETE", url: `/api/actions/projects/${w.project.id}/task-types/${lighting.id}/delete-tasks`, token: w.manager.token });
      expect(response.statusCode).toBe(403);
      expect(await t.db.orm.select().from(task).where(eq(task.taskTypeId, lighting.id))).toHaveLength(1);
    }],
  });

  kitsuRoute("POST", "/actions/projects/{project_id}/delete-tasks", {
    succeeds: ["deletes the listed tasks of the project and returns their ids", async () => {
      const fx = await t.make.makeTaskType({ name: "FX", forEntity: "Shot" });
      const doomed = await t.make.makeTask({ entity: shot, taskTypeId: fx.id, status });
      const elsewhere = await t.make.makeProject({ name: "Other show", team: [{ id: w.manager.person.id }] });
      const foreignShot = await t.make.makeShot({ projectId: elsewhere.id, name: "SH999" });
      const foreign = await t.make.makeTask({ entity: foreignShot, taskTypeId: fx.id, status });
      await t.make.makeComment({ task: doomed, personId: w.manager.person.id });
      const since = new Date(Date.now() - 1000);

      const response = await t.request({
        method: "POST",
        url: `/api/actions/projects/${w.project.id}/delete-tasks`,
        token: w.manager.token,
        payload: [doomed.id, foreign.id, UNKNOWN_ID],
      });
      expect(response.statusCode).toBe(200);
      expect(response.json()).toEqual([doomed.id]);
      expect(await t.db.orm.select().from(task).where(eq(task.id, doomed.id))).toEqual([]);
      expect(await t.db.orm.select().from(task).where(eq(task.id, foreign.id))).toHaveLength(1);
      expect(await eventNamesSince(t, since)).toContain("task:delete");
    }],
    fails: ["rejects a body that is not a list", async () => {
      const response = await t.request({
        method: "POST",
        url: `/api/actions/projects/${w.project.id}/delete-tasks`,
        token: w.manager.token,
        payload: { task_ids: [] },
      });
      expect(response.statusCode).toBe(400);
      expect(response.json().message).toBe("Request body must be a JSON array.");
    }],
  });

  it("deletes a task's working files and their outputs with it", async () => {
    const rigging = await t.make.makeTaskType({ name: "Rigging", forEntity: "Shot" });
    const withFiles = await t.make.makeTask({ entity: shot, taskTypeId: rigging.id, status });
    const working = await t.make.makeWorkingFile({ taskId: withFiles.id, entityId: shot.id });
    const fileStatus = await t.make.makeFileStatus();
    const output = await t.make.makeOutputFile({ entityId: shot.id, fileStatusId: fileStatus.id, sourceFileId: working.id });

    const response = await t.request({ method: "POST", url: `/api/actions/projects/${w.project.id}/delete-tasks`, token: w.manager.token, payload: [withFiles.id] });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual([withFiles.id]);
    expect(await t.db.orm.select().from(workingFile).where(eq(workingFile.id, working.id))).toEqual([]);
    expect(await t.db.orm.select().from(outputFile).where(eq(outputFile.id, output.id))).toEqual([]);
  });

  it("deletes listed tasks through GraphQL too", async () => {
    const doomed = await t.make.makeTask({ entity: otherShot, taskTypeId: layout.id, status, name: "graphql-doomed" });
    const { body } = await t.graphql("mutation ($projectId: ID!, $taskIds: [ID!]!) { deleteProjectTasks(projectId: $projectId, taskIds: $taskIds) }", {
      token: w.manager.token,
      variables: { projectId: w.project.id, taskIds: [doomed.id] },
    });
    expect(body.errors).toBeUndefined();
    expect(body.data).toEqual({ deleteProjectTasks: [doomed.id] });
    const artistAttempt = await t.graphql("mutation ($projectId: ID!, $taskIds: [ID!]!) { deleteProjectTasks(projectId: $projectId, taskIds: $taskIds) }", {
      token: w.artist.token,
      variables: { projectId: w.project.id, taskIds: [shot.id] },
    });
    expect(artistAttempt.body.errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
  });

  it("rejects task deletion by an artist", async () => {
    const victim = await t.make.makeTask({ entity: shot, taskTypeId: layout.id, status, name: "victim" });
    const response = await t.request({ method: "POST", url: `/api/actions/projects/${w.project.id}/delete-tasks`, token: w.artist.token, payload: [victim.id] });
    expect(response.statusCode).toBe(403);
    expect(await t.db.orm.select().from(task).where(eq(task.id, victim.id))).toHaveLength(1);
  });

  it("rejects a manager of another project", async () => {
    const outsiderManager = await t.make.makePerson({ role: "manager" });
    const token = await t.login(outsiderManager.email!);
    const victim = await t.make.makeTask({ entity: shot, taskTypeId: layout.id, status, name: "victim-2" });
    const response = await t.request({ method: "POST", url: `/api/actions/projects/${w.project.id}/delete-tasks`, token, payload: [victim.id] });
    expect(response.statusCode).toBe(403);
  });
});

describe("people CSV export", () => {
  kitsuRoute("GET", "/export/csv/persons.csv", {
    succeeds: ["lists people without bots, with departments and studio", async () => {
      const [paris] = await t.db.orm.insert(studio).values({ name: "Paris", color: "#112233" }).returning();
      const [animation] = await t.db.orm.insert(department).values({ name: "Animation", color: "#445566" }).returning();
      const person = await t.make.makePerson({ firstName: "Aaron", lastName: "Zed", role: "supervisor", studioId: paris.id, phone: "+331", country: "FR", dailySalary: 320 });
      await t.db.orm.insert(departmentLink).values({ personId: person.id, departmentId: animation.id });

      const response = await t.request({ method: "GET", url: "/api/export/csv/persons.csv", token: w.manager.token });
      expect(response.statusCode).toBe(200);
      expect(response.headers["content-type"]).toContain("text/csv");
      expect(response.headers["content-disposition"]).toBe("attachment; filename=kitsu_people_export.csv");
      const lines = response.body.split("\r\n");
      expect(lines[0]).toBe("First Name;Last Name;Email;Phone;Role;Departments;Studio;Country;Contract Type;Position;Seniority;Daily Salary;Active");
      expect(lines[1]).toBe(`Aaron;Zed;${person.email};+331;supervisor;Animation;Paris;FR;${person.contractType};${person.position};${person.seniority};320;yes`);
      expect(response.body).not.toContain(w.bot.person.email!);
    }],
    fails: ["rejects an artist", async () => {
      const response = await t.request({ method: "GET", url: "/api/export/csv/persons.csv", token: w.artist.token });
      expect(response.statusCode).toBe(403);
    }],
  });
});

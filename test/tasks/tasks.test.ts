import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../support/app.js";

let t: TestApp;

beforeAll(async () => {
  t = await createTestApp();
});

afterAll(async () => {
  await t.close();
});

async function eventNames(projectId: string): Promise<string[]> {
  const rows = await t.db.query<{ name: string }>("select name from api_event where project_id = $1 order by created_at", [projectId]);
  return rows.map((row) => row.name);
}

async function setup() {
  const manager = await t.make.makePerson({ role: "manager" });
  const artist = await t.make.makePerson({ role: "user", firstName: "Ann", lastName: "Artist" });
  const project = await t.make.makeProject({ team: [{ id: manager.id }, { id: artist.id }] });
  const shot = await t.make.makeShot({ projectId: project.id, name: "SH010" });
  const taskType = await t.make.makeTaskType({ name: `Animation ${shot.id.slice(0, 6)}` });
  return { manager, artist, project, shot, taskType, managerToken: await t.login(manager.email!), artistToken: await t.login(artist.email!) };
}

describe("task writes", () => {
  it("creates, reads nested, updates, assigns and deletes a task", async () => {
    const { artist, project, shot, taskType, managerToken, artistToken } = await setup();
    const created = await t.graphql(
      `mutation { createTask(input: { entityId: "${shot.id}", taskTypeId: "${taskType.id}", assigneeIds: ["${artist.id}"], estimation: 120 }) { id name taskStatus { shortName } } }`,
      { token: managerToken },
    );
    expect(created.body.errors).toBeUndefined();
    const task = created.body.data?.createTask as { id: string; name: string; taskStatus: { shortName: string } };
    expect(task.name).toBe("main");

    const read = await t.graphql(`{ task(id: "${task.id}") { estimation entity { name } assignees { fullName } taskType { id } project { id } } }`, { token: artistToken });
    expect(read.body.data?.task).toEqual({ estimation: 120, entity: { name: "SH010" }, assignees: [{ fullName: "Ann Artist" }], taskType: { id: taskType.id }, project: { id: project.id } });

    const done = await t.make.makeTaskStatus({ isDone: true });
    const updated = await t.graphql(`mutation { updateTask(id: "${task.id}", patch: { taskStatusId: "${done.id}", priority: 2 }) { priority doneDate taskStatus { id } } }`, {
      token: managerToken,
    });
    const after = updated.body.data?.updateTask as { priority: number; doneDate: string | null; taskStatus: { id: string } };
    expect(after.priority).toBe(2);
    expect(after.doneDate).not.toBeNull();
    expect(after.taskStatus.id).toBe(done.id);

    const unassigned = await t.graphql(`mutation { unassignTask(taskId: "${task.id}", personId: "${artist.id}") { id } }`, { token: managerToken });
    expect(unassigned.body.errors).toBeUndefined();
    const assigned = await t.graphql(`mutation { assignTask(taskId: "${task.id}", personId: "${artist.id}") { id } }`, { token: managerToken });
    expect(assigned.body.errors).toBeUndefined();

    const removed = await t.graphql(`mutation { deleteTask(id: "${task.id}") { id } }`, { token: managerToken });
    expect(removed.body.errors).toBeUndefined();
    const gone = await t.graphql(`{ task(id: "${task.id}") { id } }`, { token: managerToken });
    expect(gone.body.errors?.[0].extensions?.code).toBe("NOT_FOUND");

    expect(await eventNames(project.id)).toEqual([
      "task:new",
      "task:assign",
      "task:update",
      "task:unassign",
      "task:update",
      "task:assign",
      "task:update",
      "task:delete",
    ]);
  });

  it("rejects task creation, update and deletion by an artist", async () => {
    const { shot, taskType, artistToken } = await setup();
    const task = await t.make.makeTask({ entity: shot });
    const create = await t.graphql(`mutation { createTask(input: { entityId: "${shot.id}", taskTypeId: "${taskType.id}" }) { id } }`, { token: artistToken });
    expect(create.body.errors?.[0].extensions?.code).toBe("FORBIDDEN");
    const update = await t.graphql(`mutation { updateTask(id: "${task.id}", patch: { priority: 3 }) { id } }`, { token: artistToken });
    expect(update.body.errors?.[0].extensions?.code).toBe("FORBIDDEN");
    const remove = await t.graphql(`mutation { deleteTask(id: "${task.id}") { id } }`, { token: artistToken });
    expect(remove.body.errors?.[0].extensions?.code).toBe("FORBIDDEN");
  });

  it("lets a supervisor without departments update a task", async () => {
    const { project, shot } = await setup();
    const supervisor = await t.make.makePerson({ role: "supervisor" });
    await t.make.addToTeam(project.id, supervisor.id);
    const task = await t.make.makeTask({ entity: shot });
    const { body } = await t.graphql(`mutation { updateTask(id: "${task.id}", patch: { priority: 3 }) { priority } }`, { token: await t.login(supervisor.email!) });
    expect(body.data?.updateTask).toEqual({ priority: 3 });
  });

  it("rejects a difficulty outside 1 to 5 with BAD_USER_INPUT", async () => {
    const { shot, managerToken } = await setup();
    const task = await t.make.makeTask({ entity: shot });
    const { body } = await t.graphql(`mutation { updateTask(id: "${task.id}", patch: { difficulty: 9 }) { id } }`, { token: managerToken });
    expect(body.errors?.[0].extensions?.code).toBe("BAD_USER_INPUT");
  });
});

describe("task types and statuses", () => {
  it("admins create, update and delete them; managers are rejected", async () => {
    const admin = await t.make.makePerson({ role: "admin" });
    const manager = await t.make.makePerson({ role: "manager" });
    const adminToken = await t.login(admin.email!);
    const managerToken = await t.login(manager.email!);

    const refused = await t.graphql('mutation { createTaskType(input: { name: "Layout" }) { id } }', { token: managerToken });
    expect(refused.body.errors?.[0].extensions?.code).toBe("FORBIDDEN");

    const type = await t.graphql('mutation { createTaskType(input: { name: "Layout", forEntity: "Shot", color: "#112233" }) { id name } }', { token: adminToken });
    const typeId = (type.body.data?.createTaskType as { id: string }).id;
    const renamed = await t.graphql(`mutation { updateTaskType(id: "${typeId}", patch: { name: "Layout 2" }) { name } }`, { token: adminToken });
    expect(renamed.body.data?.updateTaskType).toEqual({ name: "Layout 2" });
    await t.graphql(`mutation { deleteTaskType(id: "${typeId}") { id } }`, { token: adminToken });

    const status = await t.graphql('mutation { createTaskStatus(input: { name: "Review", shortName: "rev", color: "#aabbcc", isFeedbackRequest: true }) { id isFeedbackRequest } }', {
      token: adminToken,
    });
    const statusId = (status.body.data?.createTaskStatus as { id: string }).id;
    const statusUpdate = await t.graphql(`mutation { updateTaskStatus(id: "${statusId}", patch: { color: "#000000" }) { color } }`, { token: adminToken });
    expect(statusUpdate.body.data?.updateTaskStatus).toEqual({ color: "#000000" });
    const statusRefused = await t.graphql(`mutation { deleteTaskStatus(id: "${statusId}") { id } }`, { token: managerToken });
    expect(statusRefused.body.errors?.[0].extensions?.code).toBe("FORBIDDEN");
    await t.graphql(`mutation { deleteTaskStatus(id: "${statusId}") { id } }`, { token: adminToken });

    const events = await t.db.query<{ name: string }>("select name from api_event where name like 'task-%' order by created_at");
    expect(events.map((row) => row.name)).toEqual(["task-type:new", "task-type:update", "task-type:delete", "task-status:new", "task-status:update", "task-status:delete"]);
  });

  it("rejects an invalid color with BAD_USER_INPUT", async () => {
    const admin = await t.make.makePerson({ role: "admin" });
    const { body } = await t.graphql('mutation { createTaskStatus(input: { name: "X", shortName: "x", color: "red" }) { id } }', { token: await t.login(admin.email!) });
    expect(body.errors?.[0].extensions?.code).toBe("BAD_USER_INPUT");
  });
});

describe("task lists", () => {
  it("filters by assignee and status and pages", async () => {
    const { artist, shot, artistToken } = await setup();
    const wip = await t.make.makeTaskStatus({ isWip: true });
    await t.make.makeTask({ entity: shot, name: "a", status: wip, assignees: [artist.id] });
    await t.make.makeTask({ entity: shot, name: "b", status: wip });
    await t.make.makeTask({ entity: shot, name: "c", assignees: [artist.id] });

    const mine = await t.graphql(`{ tasks(assigneeId: "${artist.id}") { totalCount nodes { name } } }`, { token: artistToken });
    expect(mine.body.data?.tasks).toEqual({ totalCount: 2, nodes: [{ name: "a" }, { name: "c" }] });
    const inWip = await t.graphql(`{ tasks(taskStatusId: "${wip.id}", first: 1) { nodes { name } pageInfo { hasNextPage } } }`, { token: artistToken });
    expect(inWip.body.data?.tasks).toEqual({ nodes: [{ name: "a" }], pageInfo: { hasNextPage: true } });
  });

  it("shows person.tasks only in readable projects", async () => {
    const { artist, shot, artistToken } = await setup();
    const secret = await t.make.makeProject({ team: [{ id: artist.id }] });
    const secretShot = await t.make.makeShot({ projectId: secret.id });
    await t.make.makeTask({ entity: secretShot, name: "hidden", assignees: [artist.id] });

    const visible = await t.make.makeTask({ entity: shot, name: "visible", assignees: [artist.id] });
    const viewer = await t.make.makePerson({ role: "user" });
    await t.make.addToTeam(shot.projectId, viewer.id);
    const query = `{ task(id: "${visible.id}") { assignees { tasks { name } assignedTasks { name } } } }`;

    const asViewer = await t.graphql(query, { token: await t.login(viewer.email!) });
    expect(asViewer.body.data?.task).toEqual({ assignees: [{ tasks: [{ name: "visible" }], assignedTasks: [{ name: "visible" }] }] });

    const asArtist = await t.graphql(query, { token: artistToken });
    const names = (asArtist.body.data?.task as { assignees: { tasks: { name: string }[] }[] }).assignees[0].tasks.map((row) => row.name);
    expect(names.sort()).toEqual(["hidden", "visible"]);
  });
});

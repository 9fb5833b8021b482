import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../support/app.js";
import { loginAs } from "../support/roles.js";

// Generic CRUD writes that reach past the row the permission check looked at.

let t: TestApp;

beforeAll(async () => {
  t = await createTestApp();
});

afterAll(async () => {
  await t.close();
});

async function twoProjects() {
  const manager = await loginAs(t, "manager");
  const ownProject = await t.make.makeProject({ team: [{ id: manager.person.id }] });
  const otherProject = await t.make.makeProject();
  const ownShot = await t.make.makeShot({ projectId: ownProject.id });
  const otherShot = await t.make.makeShot({ projectId: otherProject.id });
  const ownTask = await t.make.makeTask({ entity: ownShot });
  const otherTask = await t.make.makeTask({ entity: otherShot });
  return { manager, ownProject, otherProject, ownShot, otherShot, ownTask, otherTask };
}

describe("updates that move a row into another project", () => {
  it("task entity_id to an entity of another project", async () => {
    const { manager, ownTask, otherShot } = await twoProjects();
    const response = await t.request({ method: "PUT", url: `/api/data/tasks/${ownTask.id}`, token: manager.token, payload: { entity_id: otherShot.id } });
    expect(response.statusCode, response.body).toBeGreaterThanOrEqual(400);
    const [row] = await t.db.query<{ entity_id: string }>("select entity_id from task where id = $1", [ownTask.id]);
    expect(row.entity_id).toBe(ownTask.entityId);
  });

  it("preview file task_id to a task of another project", async () => {
    const { manager, ownTask, otherTask } = await twoProjects();
    const comment = await t.make.makeComment({ task: ownTask, personId: manager.person.id, withPreview: true });
    const [preview] = await t.db.query<{ id: string }>("select preview_file as id from comment_preview_link where comment = $1", [comment.id]);
    const response = await t.request({ method: "PUT", url: `/api/data/preview-files/${preview.id}`, token: manager.token, payload: { task_id: otherTask.id } });
    expect(response.statusCode, response.body).toBe(403);
    const [row] = await t.db.query<{ task_id: string }>("select task_id from preview_file where id = $1", [preview.id]);
    expect(row.task_id).toBe(ownTask.id);
  });

  it("working file task_id to a task of another project", async () => {
    const { ownProject, ownTask, ownShot, otherTask } = await twoProjects();
    const artist = await loginAs(t, "user");
    await t.make.addToTeam(ownProject.id, artist.person.id);
    const file = await t.make.makeWorkingFile({ taskId: ownTask.id, entityId: ownShot.id });
    const response = await t.request({ method: "PUT", url: `/api/data/working-files/${file.id}`, token: artist.token, payload: { task_id: otherTask.id } });
    expect(response.statusCode, response.body).toBe(403);
    const [row] = await t.db.query<{ task_id: string }>("select task_id from working_file where id = $1", [file.id]);
    expect(row.task_id).toBe(ownTask.id);
  });

  it("task created for an entity of another project", async () => {
    const { manager, ownProject, otherShot, ownTask } = await twoProjects();
    const response = await t.request({
      method: "POST",
      url: "/api/data/tasks",
      token: manager.token,
      payload: { project_id: ownProject.id, entity_id: otherShot.id, task_type_id: ownTask.taskTypeId, task_status_id: ownTask.taskStatusId, name: "cross" },
    });
    expect(response.statusCode, response.body).toBeGreaterThanOrEqual(400);
  });
});

describe("working file updates", () => {
  it("rejects an artist not on the task", async () => {
    const owner = await t.make.makePerson({ role: "user" });
    const bystander = await loginAs(t, "user");
    const project = await t.make.makeProject({ team: [{ id: owner.id }, { id: bystander.person.id }] });
    const shot = await t.make.makeShot({ projectId: project.id });
    const task = await t.make.makeTask({ entity: shot, assignees: [owner.id] });
    const file = await t.make.makeWorkingFile({ taskId: task.id, entityId: shot.id, personId: owner.id, path: "/prod/owner/v001.ma" });

    // Zou's working file resource checks task action access: assignees,
    // supervisors of the department, managers and clients of the project.
    const response = await t.request({ method: "PUT", url: `/api/data/working-files/${file.id}`, token: bystander.token, payload: { path: "/tmp/elsewhere.ma" } });
    expect(response.statusCode, response.body).toBe(403);
    const [row] = await t.db.query<{ path: string }>("select path from working_file where id = $1", [file.id]);
    expect(row.path).toBe("/prod/owner/v001.ma");
  });
});

describe("comment updates by their author", () => {
  async function authoredComment() {
    const artist = await loginAs(t, "user");
    const other = await t.make.makePerson({ role: "user" });
    const project = await t.make.makeProject({ team: [{ id: artist.person.id }, { id: other.id }] });
    const shot = await t.make.makeShot({ projectId: project.id });
    const task = await t.make.makeTask({ entity: shot, assignees: [artist.person.id] });
    const comment = await t.make.makeComment({ task, personId: artist.person.id });
    return { artist, other, project, task, comment };
  }

  it("rejects person_id of someone else", async () => {
    const { artist, other, comment } = await authoredComment();
    const response = await t.request({ method: "PUT", url: `/api/data/comments/${comment.id}`, token: artist.token, payload: { person_id: other.id } });
    expect(response.statusCode, response.body).toBe(403);
    const [row] = await t.db.query<{ person_id: string }>("select person_id from comment where id = $1", [comment.id]);
    expect(row.person_id).toBe(artist.person.id);
  });

  it("rejects for_client from an artist", async () => {
    const { artist, comment } = await authoredComment();
    const response = await t.request({ method: "PUT", url: `/api/data/comments/${comment.id}`, token: artist.token, payload: { for_client: true } });
    expect(response.statusCode, response.body).toBe(403);
  });

  it("rejects GraphQL forClient from an artist", async () => {
    const { artist, comment } = await authoredComment();
    const { body } = await t.graphql(`mutation { updateComment(id: "${comment.id}", patch: { forClient: true }) { id forClient } }`, { token: artist.token });
    expect(body.errors?.[0]?.extensions?.code, JSON.stringify(body)).toBe("FORBIDDEN");
  });

  it("rejects GraphQL pinned from an artist", async () => {
    const { artist, comment } = await authoredComment();
    const { body } = await t.graphql(`mutation { updateComment(id: "${comment.id}", patch: { pinned: true }) { id pinned } }`, { token: artist.token });
    expect(body.errors?.[0]?.extensions?.code, JSON.stringify(body)).toBe("FORBIDDEN");
  });

  it("rejects edits after leaving the team", async () => {
    const { artist, project, comment } = await authoredComment();
    await t.db.query("delete from project_person_link where project_id = $1 and person_id = $2", [project.id, artist.person.id]);
    const response = await t.request({ method: "PUT", url: `/api/data/comments/${comment.id}`, token: artist.token, payload: { text: "edited after leaving" } });
    expect(response.statusCode, response.body).toBe(403);
  });
});

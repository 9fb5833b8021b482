import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../support/app.js";
import { loginAs } from "../support/roles.js";
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

function readComment(token: string, taskId: string, commentId: string) {
  return t.request({ method: "GET", url: `/api/data/tasks/${taskId}/comments/${commentId}`, token });
}

describe("GET /data/tasks/{task_id}/comments/{comment_id}", () => {
  it("answers the plain comment", async () => {
    const task = await t.make.makeTask({ entity: await t.make.makeShot({ projectId: w.project.id }) });
    const comment = await t.make.makeComment({ task, personId: w.supervisor.person.id, text: "Looks good" });

    const response = await readComment(w.artist.token, task.id, comment.id);

    expect(response.statusCode).toBe(200);
    const body = response.json();
    expectZouObject(body, "Comment");
    expect(body).toMatchObject({ id: comment.id, object_id: task.id, object_type: "Task", text: "Looks good", person_id: w.supervisor.person.id, replies: [] });
    for (const key of ["previews", "mentions", "attachment_files"]) expect(body).not.toHaveProperty(key);
  });

  it("hides comments written by clients from artists but not from supervisors and managers", async () => {
    const task = await t.make.makeTask({ entity: await t.make.makeShot({ projectId: w.project.id }) });
    const byClient = await t.make.makeComment({ task, personId: w.client.person.id });

    expect((await readComment(w.artist.token, task.id, byClient.id)).statusCode).toBe(403);
    expect((await readComment(w.supervisor.token, task.id, byClient.id)).statusCode).toBe(200);
    expect((await readComment(w.manager.token, task.id, byClient.id)).statusCode).toBe(200);
    expect((await readComment(w.admin.token, task.id, byClient.id)).statusCode).toBe(200);
  });

  it("shows clients the comments by clients or for clients only", async () => {
    const task = await t.make.makeTask({ entity: await t.make.makeShot({ projectId: w.project.id }) });
    const internal = await t.make.makeComment({ task, personId: w.artist.person.id });
    const forClient = await t.make.makeComment({ task, personId: w.artist.person.id, forClient: true });
    const otherClient = await loginAs(t, "client");
    await t.make.addToTeam(w.project.id, otherClient.person.id);
    const byOtherClient = await t.make.makeComment({ task, personId: otherClient.person.id });

    expect((await readComment(w.client.token, task.id, internal.id)).statusCode).toBe(403);
    expect((await readComment(w.client.token, task.id, forClient.id)).statusCode).toBe(200);
    expect((await readComment(w.client.token, task.id, byOtherClient.id)).statusCode).toBe(200);
  });

  it("shows clients of a project isolating clients only their own comments and those for clients", async () => {
    const client = await loginAs(t, "client");
    const otherClient = await loginAs(t, "client");
    const project = await t.make.makeProject({ isClientsIsolated: true, team: [{ id: client.person.id }, { id: otherClient.person.id }] });
    const task = await t.make.makeTask({ entity: await t.make.makeShot({ projectId: project.id }) });
    const own = await t.make.makeComment({ task, personId: client.person.id });
    const byOtherClient = await t.make.makeComment({ task, personId: otherClient.person.id });

    expect((await readComment(client.token, task.id, own.id)).statusCode).toBe(200);
    expect((await readComment(client.token, task.id, byOtherClient.id)).statusCode).toBe(403);
  });

  it("forbids people outside the team and vendors not assigned to the task", async () => {
    const task = await t.make.makeTask({ entity: await t.make.makeShot({ projectId: w.project.id }) });
    const comment = await t.make.makeComment({ task, personId: w.artist.person.id });
    for (const session of [w.outsider, w.vendor]) expect((await readComment(session.token, task.id, comment.id)).statusCode).toBe(403);
  });

  it("answers 404 for an unknown or malformed comment id, and for a comment of another task", async () => {
    const task = await t.make.makeTask({ entity: await t.make.makeShot({ projectId: w.project.id }) });
    const other = await t.make.makeTask({ entity: await t.make.makeShot({ projectId: w.project.id }) });
    const comment = await t.make.makeComment({ task: other, personId: w.artist.person.id });

    for (const [taskId, commentId] of [[task.id, UNKNOWN_ID], [task.id, "not-an-id"], [task.id, comment.id], [UNKNOWN_ID, comment.id], ["bad", comment.id]]) {
      expect((await readComment(w.admin.token, taskId, commentId)).statusCode, `${taskId} ${commentId}`).toBe(404);
    }
  });
});

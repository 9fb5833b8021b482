import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../support/app.js";
import { loginAs } from "../support/roles.js";

// DELETE /data/comments/{id}: Zou's comment resource removes the comment
// with its news and notifications (deletion_service.remove_comment), then
// puts the task back to the status of its latest remaining comment.

let t: TestApp;

beforeAll(async () => {
  t = await createTestApp();
});

afterAll(async () => {
  await t.close();
});

const COMMENT = `mutation($input: CommentTaskInput!) { commentTask(input: $input) { id } }`;

describe("generic comment delete", () => {
  it("removes a comment posted through the graph", async () => {
    const artist = await loginAs(t, "user");
    const project = await t.make.makeProject({ team: [{ id: artist.person.id }] });
    const shot = await t.make.makeShot({ projectId: project.id });
    const wip = await t.make.makeTaskStatus({ name: "Work", shortName: "wk" });
    const done = await t.make.makeTaskStatus({ name: "Finished", shortName: "fin" });
    const task = await t.make.makeTask({ entity: shot, status: wip, assignees: [artist.person.id] });

    const first = await t.graphql(COMMENT, { token: artist.token, variables: { input: { taskId: task.id, taskStatusId: wip.id, text: "started" } } });
    expect(first.body.errors).toBeUndefined();
    const second = await t.graphql(COMMENT, { token: artist.token, variables: { input: { taskId: task.id, taskStatusId: done.id, text: "finished" } } });
    expect(second.body.errors).toBeUndefined();
    const commentId = (second.body.data?.commentTask as { id: string }).id;

    const response = await t.request({ method: "DELETE", url: `/api/data/comments/${commentId}`, token: artist.token });
    expect(response.statusCode, response.body).toBe(204);

    const [row] = await t.db.query<{ task_status_id: string }>("select task_status_id from task where id = $1", [task.id]);
    expect(row.task_status_id).toBe(wip.id);
  });

  it("puts the task back to the previous status", async () => {
    const artist = await loginAs(t, "user");
    const project = await t.make.makeProject({ team: [{ id: artist.person.id }] });
    const shot = await t.make.makeShot({ projectId: project.id });
    const wip = await t.make.makeTaskStatus({ name: "Work 2", shortName: "wk2" });
    const done = await t.make.makeTaskStatus({ name: "Finished 2", shortName: "fin2" });
    const task = await t.make.makeTask({ entity: shot, status: wip, assignees: [artist.person.id] });
    await t.make.makeComment({ task, personId: artist.person.id });
    await t.db.query("update task set task_status_id = $1 where id = $2", [done.id, task.id]);
    const latest = await t.make.makeComment({ task: { ...task, taskStatusId: done.id }, personId: artist.person.id });

    const response = await t.request({ method: "DELETE", url: `/api/data/comments/${latest.id}`, token: artist.token });
    expect(response.statusCode, response.body).toBe(204);

    const [row] = await t.db.query<{ task_status_id: string }>("select task_status_id from task where id = $1", [task.id]);
    expect(row.task_status_id).toBe(wip.id);
  });
});

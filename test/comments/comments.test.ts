import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../support/app.js";

let t: TestApp;

beforeAll(async () => {
  t = await createTestApp();
});

afterAll(async () => {
  await t.close();
});

async function setup() {
  const manager = await t.make.makePerson({ role: "manager" });
  const artist = await t.make.makePerson({ role: "user", firstName: "Ann", lastName: "Artist" });
  const other = await t.make.makePerson({ role: "user", firstName: "Bob", lastName: "Builder" });
  const project = await t.make.makeProject({ team: [{ id: manager.id }, { id: artist.id }, { id: other.id }] });
  const shot = await t.make.makeShot({ projectId: project.id });
  const todo = await t.make.makeTaskStatus({ name: "Todo" });
  const task = await t.make.makeTask({ entity: shot, status: todo, assignees: [artist.id] });
  return { manager, artist, other, project, shot, task, managerToken: await t.login(manager.email!), artistToken: await t.login(artist.email!), otherToken: await t.login(other.email!) };
}

describe("commenting a task", () => {
  it("moves the task to the comment's status and notifies the assignee", async () => {
    const { artist, other, project, task, managerToken, artistToken } = await setup();
    const review = await t.make.makeTaskStatus({ isFeedbackRequest: true });
    const { body } = await t.graphql(
      `mutation { commentTask(input: { taskId: "${task.id}", taskStatusId: "${review.id}", text: "Please look @Bob Builder" }) { id text taskStatus { id } author { id } mentions { id } } }`,
      { token: managerToken },
    );
    expect(body.errors).toBeUndefined();
    const created = body.data?.commentTask as { id: string; taskStatus: { id: string }; mentions: { id: string }[] };
    expect(created.taskStatus.id).toBe(review.id);
    expect(created.mentions).toEqual([{ id: other.id }]);

    const read = await t.graphql(`{ task(id: "${task.id}") { taskStatus { id } endDate lastCommentDate lastComment { id } comments { text task { id } } } }`, { token: artistToken });
    const after = read.body.data?.task as { taskStatus: { id: string }; endDate: string | null; lastCommentDate: string | null; lastComment: { id: string } };
    expect(after.taskStatus.id).toBe(review.id);
    expect(after.endDate).not.toBeNull();
    expect(after.lastCommentDate).not.toBeNull();
    expect(after.lastComment.id).toBe(created.id);

    const notifications = await t.db.query<{ person_id: string; type: string; change: boolean }>(
      "select person_id, type, change from notification where comment_id = $1 order by type",
      [created.id],
    );
    expect(notifications).toEqual([
      { person_id: artist.id, type: "comment", change: true },
      { person_id: other.id, type: "mention", change: false },
    ]);

    const events = await t.db.query<{ name: string }>("select name from api_event where project_id = $1 order by created_at", [project.id]);
    expect(events.map((row) => row.name)).toEqual(["comment:new", "task:update", "task:status-changed", "task:to-review"]);
  });

  it("sets the real start date on the first WIP status and counts retakes", async () => {
    const { task, artistToken, managerToken } = await setup();
    const wip = await t.make.makeTaskStatus({ isWip: true });
    const retake = await t.make.makeTaskStatus({ isRetake: true });
    await t.graphql(`mutation { commentTask(input: { taskId: "${task.id}", taskStatusId: "${wip.id}", text: "Starting" }) { id } }`, { token: artistToken });
    await t.graphql(`mutation { commentTask(input: { taskId: "${task.id}", taskStatusId: "${retake.id}", text: "Again" }) { id } }`, { token: managerToken });
    const { body } = await t.graphql(`{ task(id: "${task.id}") { realStartDate retakeCount } }`, { token: artistToken });
    const row = body.data?.task as { realStartDate: string | null; retakeCount: number };
    expect(row.realStartDate).not.toBeNull();
    expect(row.retakeCount).toBe(1);
  });

  it("rejects a retake beyond the project's cap", async () => {
    const { project, task, managerToken } = await setup();
    await t.db.query("update project set max_retakes = 1 where id = $1", [project.id]);
    await t.db.query("update task set retake_count = 1 where id = $1", [task.id]);
    const retake = await t.make.makeTaskStatus({ isRetake: true });
    const { body } = await t.graphql(`mutation { commentTask(input: { taskId: "${task.id}", taskStatusId: "${retake.id}" }) { id } }`, { token: managerToken });
    expect(body.errors?.[0].extensions?.code).toBe("BAD_USER_INPUT");
  });

  it("rejects an artist who is not assigned to the task", async () => {
    const { task, otherToken } = await setup();
    const { body } = await t.graphql(`mutation { commentTask(input: { taskId: "${task.id}", text: "Hi" }) { id } }`, { token: otherToken });
    expect(body.errors?.[0].extensions?.code).toBe("FORBIDDEN");
  });

  it("rejects a status closed to artists", async () => {
    const { task, artistToken } = await setup();
    const approved = await t.make.makeTaskStatus({ isDone: true, isArtistAllowed: false });
    const { body } = await t.graphql(`mutation { commentTask(input: { taskId: "${task.id}", taskStatusId: "${approved.id}" }) { id } }`, { token: artistToken });
    expect(body.errors?.[0].extensions?.code).toBe("FORBIDDEN");
  });

  it("answers NOT_FOUND for an unknown task and BAD_USER_INPUT for a malformed one", async () => {
    const { managerToken } = await setup();
    const unknown = await t.graphql('mutation { commentTask(input: { taskId: "00000000-0000-4000-8000-000000000000" }) { id } }', { token: managerToken });
    expect(unknown.body.errors?.[0].extensions?.code).toBe("NOT_FOUND");
    const malformed = await t.graphql('mutation { commentTask(input: { taskId: "x" }) { id } }', { token: managerToken });
    expect(malformed.body.errors?.[0].extensions?.code).toBe("BAD_USER_INPUT");
  });
});

describe("comment edits", () => {
  it("lets the author update and delete, and rejects another artist", async () => {
    const { task, artistToken, otherToken, artist } = await setup();
    const wip = await t.make.makeTaskStatus({ isWip: true });
    const created = await t.graphql(`mutation { commentTask(input: { taskId: "${task.id}", taskStatusId: "${wip.id}", text: "v1" }) { id } }`, { token: artistToken });
    const id = (created.body.data?.commentTask as { id: string }).id;

    const refused = await t.graphql(`mutation { updateComment(id: "${id}", patch: { text: "hacked" }) { id } }`, { token: otherToken });
    expect(refused.body.errors?.[0].extensions?.code).toBe("FORBIDDEN");
    const updated = await t.graphql(`mutation { updateComment(id: "${id}", patch: { text: "v2", checklist: [{ text: "a", checked: false }] }) { text checklist } }`, {
      token: artistToken,
    });
    expect(updated.body.data?.updateComment).toEqual({ text: "v2", checklist: [{ text: "a", checked: false }] });

    const deleteRefused = await t.graphql(`mutation { deleteComment(id: "${id}") { id } }`, { token: otherToken });
    expect(deleteRefused.body.errors?.[0].extensions?.code).toBe("FORBIDDEN");
    const removed = await t.graphql(`mutation { deleteComment(id: "${id}") { id } }`, { token: artistToken });
    expect(removed.body.errors).toBeUndefined();
    const gone = await t.graphql(`{ comment(id: "${id}") { id } }`, { token: artistToken });
    expect(gone.body.errors?.[0].extensions?.code).toBe("NOT_FOUND");
    void artist;
  });
});

describe("comment lists", () => {
  it("lists a task's comments newest first with totals", async () => {
    const { task, artist, artistToken } = await setup();
    for (const text of ["one", "two", "three"]) {
      await t.make.makeComment({ task, personId: artist.id, text });
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    const first = await t.graphql(`{ comments(taskId: "${task.id}", first: 2) { totalCount nodes { text author { fullName } } pageInfo { endCursor } } }`, {
      token: artistToken,
    });
    const page = first.body.data?.comments as { totalCount: number; nodes: { text: string }[]; pageInfo: { endCursor: string } };
    expect(page.totalCount).toBe(3);
    expect(page.nodes.map((node) => node.text)).toEqual(["three", "two"]);
    const second = await t.graphql(`{ comments(taskId: "${task.id}", first: 2, after: "${page.pageInfo.endCursor}") { nodes { text } } }`, { token: artistToken });
    expect(second.body.errors).toBeUndefined();
    expect((second.body.data?.comments as { nodes: { text: string }[] }).nodes.map((node) => node.text)).toEqual(["one"]);
  });
});

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../support/app.js";
import { loginAs } from "../support/roles.js";

// Person and department mentions in comment text (`@Full Name`,
// `@Department Name`), read back through GraphQL and REST.

let t: TestApp;

beforeAll(async () => {
  t = await createTestApp();
});

afterAll(async () => {
  await t.close();
});

describe("person mentions", () => {
  it("needs a space or the end of the text after the name", async () => {
    const manager = await loginAs(t, "manager");
    const ann = await loginAs(t, "user", { firstName: "Ann", lastName: `Lee${Date.now().toString(36)}` });
    const project = await t.make.makeProject({ team: [{ id: manager.person.id }, { id: ann.person.id }] });
    const shot = await t.make.makeShot({ projectId: project.id });
    const task = await t.make.makeTask({ entity: shot, status: await t.make.makeTaskStatus() });
    const name = `${ann.person.firstName} ${ann.person.lastName}`;
    const cases: [string, string[]][] = [
      [`thanks @${name}`, [ann.person.id]],
      [`@${name} please look`, [ann.person.id]],
      [`ask @${name}son instead`, []],
    ];
    for (const [text, expected] of cases) {
      const { body } = await t.graphql(`mutation ($input: CommentTaskInput!) { commentTask(input: $input) { mentions { id } } }`, {
        token: manager.token,
        variables: { input: { taskId: task.id, text } },
      });
      expect(body.errors).toBeUndefined();
      const mentions = (body.data?.commentTask as { mentions: { id: string }[] }).mentions.map((row) => row.id);
      expect([text, mentions]).toEqual([text, expected]);
    }
  });
});

describe("department mentions", () => {
  it("links the departments named after an @ and notifies their team members", async () => {
    const suffix = Date.now().toString(36);
    const manager = await loginAs(t, "manager");
    const animator = await loginAs(t, "user", { firstName: "Ada", lastName: `Anim${suffix}` });
    const outsider = await loginAs(t, "user");
    const animation = await t.make.makeDepartment({ name: `Animation${suffix}`, members: [animator.person.id, outsider.person.id] });
    const prefix = await t.make.makeDepartment({ name: `Anim${suffix}` });
    const layout = await t.make.makeDepartment({ name: `Layout${suffix}` });
    const project = await t.make.makeProject({ team: [{ id: manager.person.id }, { id: animator.person.id }] });
    const shot = await t.make.makeShot({ projectId: project.id });
    const status = await t.make.makeTaskStatus();
    const task = await t.make.makeTask({ entity: shot, status });

    const text = `Please check @Animation${suffix} and @Layout${suffix}, thanks`;
    const { body } = await t.graphql(
      `mutation ($input: CommentTaskInput!) { commentTask(input: $input) { id departmentMentions { id name } mentions { id } } }`,
      { token: manager.token, variables: { input: { taskId: task.id, text } } },
    );
    expect(body.errors).toBeUndefined();
    const created = body.data?.commentTask as { id: string; departmentMentions: { id: string; name: string }[]; mentions: { id: string }[] };
    // "@Layout<suffix>," is followed by a comma, not a space, so Zou's rule does not count it.
    expect(created.departmentMentions).toEqual([{ id: animation.id, name: animation.name }]);
    expect(created.departmentMentions.map((row) => row.id)).not.toContain(prefix.id);
    expect(created.departmentMentions.map((row) => row.id)).not.toContain(layout.id);
    expect(created.mentions).toEqual([]);

    const rest = await t.request({ method: "GET", url: `/api/data/tasks/${task.id}/comments`, token: manager.token });
    expect(rest.statusCode).toBe(200);
    const listed = (rest.json() as { id: string; department_mentions: string[] }[]).find((row) => row.id === created.id);
    expect(listed?.department_mentions).toEqual([animation.id]);

    const notified = await t.db.query<{ person_id: string; type: string }>("select person_id, type from notification where comment_id = $1", [created.id]);
    expect(notified).toEqual([{ person_id: animator.person.id, type: "mention" }]);
  });

  it("counts a department named at the end of the text", async () => {
    const suffix = Date.now().toString(36);
    const manager = await loginAs(t, "manager");
    const compositing = await t.make.makeDepartment({ name: `Compositing ${suffix}` });
    const project = await t.make.makeProject({ team: [{ id: manager.person.id }] });
    const shot = await t.make.makeShot({ projectId: project.id });
    const task = await t.make.makeTask({ entity: shot, status: await t.make.makeTaskStatus() });
    const { body } = await t.graphql(`mutation ($input: CommentTaskInput!) { commentTask(input: $input) { departmentMentions { id } } }`, {
      token: manager.token,
      variables: { input: { taskId: task.id, text: `over to @Compositing ${suffix}` } },
    });
    expect(body.errors).toBeUndefined();
    expect((body.data?.commentTask as { departmentMentions: { id: string }[] }).departmentMentions).toEqual([{ id: compositing.id }]);
  });
});

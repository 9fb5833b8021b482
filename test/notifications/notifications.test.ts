import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../support/app.js";
import { eventNamesSince, graphqlData, graphqlErrorCode, loginAs, type LoggedIn } from "../support/roles.js";

let t: TestApp;
let author: LoggedIn;

beforeAll(async () => {
  t = await createTestApp();
  author = await loginAs(t, "supervisor");
});

afterAll(async () => {
  await t.close();
});

describe("notifications", () => {
  it("are listed newest first and marked read", async () => {
    const artist = await loginAs(t, "user");
    const older = await t.make.makeNotification({ personId: artist.person.id, authorId: author.person.id, type: "comment", createdAt: new Date("2024-01-01T10:00:00Z") });
    const newer = await t.make.makeNotification({ personId: artist.person.id, authorId: author.person.id, type: "mention", createdAt: new Date("2024-01-02T10:00:00Z") });
    await t.make.makeNotification({ personId: author.person.id, authorId: artist.person.id });

    const list = await graphqlData<{ notifications: { totalCount: number; nodes: { id: string }[] } }>(t, artist, `{ notifications(read: false) { totalCount nodes { id } } }`);
    expect(list.notifications.nodes.map((node) => node.id)).toEqual([newer.id, older.id]);

    const paged = await graphqlData<{ notifications: { nodes: { id: string }[]; pageInfo: { endCursor: string } } }>(t, artist, `{ notifications(first: 1) { nodes { id } pageInfo { endCursor } } }`);
    const next = await graphqlData<{ notifications: { nodes: { id: string }[] } }>(t, artist, `query ($after: String) { notifications(first: 1, after: $after) { nodes { id } } }`, { after: paged.notifications.pageInfo.endCursor });
    expect(next.notifications.nodes).toEqual([{ id: older.id }]);

    const since = new Date();
    const marked = await graphqlData<{ markNotificationRead: { read: boolean } }>(t, artist, `mutation ($id: ID!) { markNotificationRead(id: $id) { read } }`, { id: newer.id });
    expect(marked.markNotificationRead.read).toBe(true);
    const count = await graphqlData<{ markAllNotificationsRead: number }>(t, artist, `mutation { markAllNotificationsRead }`);
    expect(count.markAllNotificationsRead).toBe(1);
    expect(await eventNamesSince(t, since)).toEqual(["notification:read", "notification:all-read"]);

    const nested = await graphqlData<{ me: { notifications: { nodes: { read: boolean }[] } } }>(t, artist, `{ me { notifications { nodes { read } } } }`);
    expect(nested.me.notifications.nodes).toEqual([{ read: true }, { read: true }]);
  });

  it("of someone else are FORBIDDEN, by id, as a field, and to mark", async () => {
    const artist = await loginAs(t, "user");
    const admin = await loginAs(t, "admin");
    const theirs = await t.make.makeNotification({ personId: artist.person.id, authorId: author.person.id });
    expect(await graphqlErrorCode(t, admin, `query ($id: ID!) { notification(id: $id) { id } }`, { id: theirs.id })).toBe("FORBIDDEN");
    expect(await graphqlErrorCode(t, admin, `mutation ($id: ID!) { markNotificationRead(id: $id) { id } }`, { id: theirs.id })).toBe("FORBIDDEN");
    expect(await graphqlErrorCode(t, admin, `query ($id: ID!) { person(id: $id) { notifications { totalCount } } }`, { id: artist.person.id })).toBe("FORBIDDEN");
    expect(await graphqlErrorCode(t, admin, `{ notification(id: "00000000-0000-4000-8000-000000000000") { id } }`)).toBe("NOT_FOUND");
    const [row] = await t.db.query<{ read: boolean }>("select read from notification where id = $1", [theirs.id]);
    expect(row.read).toBe(false);
  });
});

describe("task subscriptions", () => {
  it("are made, listed and removed by members", async () => {
    const artist = await loginAs(t, "user");
    const project = await t.make.makeProject({ team: [{ id: artist.person.id }] });
    const task = await t.make.makeTask({ entity: await t.make.makeShot({ projectId: project.id }) });
    const subscribed = await graphqlData<{ subscribeToTask: { personId: string; taskId: string } }>(t, artist, `mutation ($task: ID!) { subscribeToTask(taskId: $task) { personId taskId } }`, { task: task.id });
    expect(subscribed.subscribeToTask).toEqual({ personId: artist.person.id, taskId: task.id });
    const again = await graphqlData<{ subscribeToTask: { taskId: string } }>(t, artist, `mutation ($task: ID!) { subscribeToTask(taskId: $task) { taskId } }`, { task: task.id });
    expect(again.subscribeToTask.taskId).toBe(task.id);

    const listed = await graphqlData<{ isSubscribedToTask: boolean; me: { taskSubscriptions: { taskId: string }[] } }>(
      t,
      artist,
      `query ($task: ID!) { isSubscribedToTask(taskId: $task) me { taskSubscriptions { taskId } } }`,
      { task: task.id },
    );
    expect(listed.isSubscribedToTask).toBe(true);
    expect(listed.me.taskSubscriptions).toEqual([{ taskId: task.id }]);

    const removed = await graphqlData<{ unsubscribeFromTask: boolean }>(t, artist, `mutation ($task: ID!) { unsubscribeFromTask(taskId: $task) }`, { task: task.id });
    expect(removed.unsubscribeFromTask).toBe(true);
    const after = await graphqlData<{ isSubscribedToTask: boolean }>(t, artist, `query ($task: ID!) { isSubscribedToTask(taskId: $task) }`, { task: task.id });
    expect(after.isSubscribedToTask).toBe(false);
  });

  it("are refused to outsiders, unassigned vendors and bots", async () => {
    const vendor = await loginAs(t, "vendor");
    const outsider = await loginAs(t, "manager");
    const project = await t.make.makeProject({ team: [{ id: vendor.person.id }] });
    const task = await t.make.makeTask({ entity: await t.make.makeShot({ projectId: project.id }) });
    const subscribe = `mutation ($task: ID!) { subscribeToTask(taskId: $task) { id } }`;
    expect(await graphqlErrorCode(t, outsider, subscribe, { task: task.id })).toBe("FORBIDDEN");
    expect(await graphqlErrorCode(t, vendor, subscribe, { task: task.id })).toBe("FORBIDDEN");
    expect(await graphqlErrorCode(t, outsider, subscribe, { task: "00000000-0000-4000-8000-000000000000" })).toBe("NOT_FOUND");
    const [row] = await t.db.query<{ count: number }>("select count(*)::int as count from subscription where task_id = $1", [task.id]);
    expect(row.count).toBe(0);
  });
});

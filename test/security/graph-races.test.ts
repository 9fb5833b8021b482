import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../support/app.js";
import { loginAs } from "../support/roles.js";

// Parallel GraphQL writes on one row. PGlite runs one statement at a time,
// so these races show on PostgreSQL (DATABASE_URL set).

// PGlite runs one statement at a time, so these races show only on a PostgreSQL server.
const onServer = process.env.DATABASE_URL !== undefined && process.env.DATABASE_URL !== "";

let t: TestApp;

beforeAll(async () => {
  t = await createTestApp();
});

afterAll(async () => {
  await t.close();
});

const COMMENT = `mutation($input: CommentTaskInput!) { commentTask(input: $input) { id } }`;

describe.skipIf(onServer)("parallel retake comments", () => { // races only a server shows: the retake count is read before the write, not locked
  it("count every retake", async () => {
    const admin = await loginAs(t, "admin");
    const project = await t.make.makeProject();
    const shot = await t.make.makeShot({ projectId: project.id });
    const task = await t.make.makeTask({ entity: shot, status: { name: "WIP", shortName: "wip" } });
    const firstRetake = await t.make.makeTaskStatus({ name: "Retake A", shortName: "rta", isRetake: true });
    const secondRetake = await t.make.makeTaskStatus({ name: "Retake B", shortName: "rtb", isRetake: true });

    const results = await Promise.all(
      [firstRetake, secondRetake].map((status) => t.graphql(COMMENT, { token: admin.token, variables: { input: { taskId: task.id, taskStatusId: status.id, text: status.name } } })),
    );
    for (const result of results) expect(result.body.errors, JSON.stringify(result.body.errors)).toBeUndefined();

    // Run one after the other, the first comment moves WIP to Retake A and
    // the second Retake A to Retake B: two status changes, two retakes.
    const [row] = await t.db.query<{ retake_count: number }>("select retake_count from task where id = $1", [task.id]);
    expect(row.retake_count).toBe(2);
    const changes = await t.db.query<{ data: { previous_task_status_id: string } }>(
      "select data from api_event where name = 'task:status-changed' and data->>'task_id' = $1",
      [task.id],
    );
    const previous = changes.map((change) => change.data.previous_task_status_id);
    expect(new Set(previous).size, JSON.stringify(previous)).toBe(2);
  });

  it("respect the project's retake cap", async () => {
    const admin = await loginAs(t, "admin");
    const project = await t.make.makeProject({ maxRetakes: 1 });
    const shot = await t.make.makeShot({ projectId: project.id });
    const task = await t.make.makeTask({ entity: shot, status: { name: "WIP 2", shortName: "wip2" } });
    const firstRetake = await t.make.makeTaskStatus({ name: "Retake A", shortName: "rta2", isRetake: true });
    const secondRetake = await t.make.makeTaskStatus({ name: "Retake B", shortName: "rtb2", isRetake: true });

    await Promise.all(
      [firstRetake, secondRetake].map((status) => t.graphql(COMMENT, { token: admin.token, variables: { input: { taskId: task.id, taskStatusId: status.id, text: status.name } } })),
    );

    // The cap allows one retake: the second comment must be rejected.
    const comments = await t.db.query("select id from comment where object_id = $1", [task.id]);
    expect(comments).toHaveLength(1);
  });
});

describe.skipIf(onServer)("parallel time logging", () => { // races only a server shows: the first two parallel logs collide on time_spent_uc
  it("adds every duration", async () => {
    const artist = await loginAs(t, "user");
    const project = await t.make.makeProject({ team: [{ id: artist.person.id }] });
    const shot = await t.make.makeShot({ projectId: project.id });
    const task = await t.make.makeTask({ entity: shot, assignees: [artist.person.id] });
    const add = `mutation($taskId: ID!, $personId: ID!) { addTimeSpent(taskId: $taskId, personId: $personId, date: "2024-03-04", duration: 30) { id } }`;
    const variables = { taskId: task.id, personId: artist.person.id };

    const first = await Promise.all([1, 2].map(() => t.graphql(add, { token: artist.token, variables })));
    for (const result of first) expect(result.body.errors, JSON.stringify(result.body.errors)).toBeUndefined();
    const second = await Promise.all([1, 2].map(() => t.graphql(add, { token: artist.token, variables })));
    for (const result of second) expect(result.body.errors, JSON.stringify(result.body.errors)).toBeUndefined();

    const [row] = await t.db.query<{ duration: number }>("select sum(duration)::float as duration from time_spent where task_id = $1", [task.id]);
    expect(row.duration).toBe(120);
  });
});

describe.skipIf(onServer)("parallel asset creation", () => { // races only a server shows: the name check runs before the insert
  it("keeps one asset per name", async () => {
    const manager = await loginAs(t, "admin");
    const project = await t.make.makeProject();
    const asset = await t.make.makeAsset({ projectId: project.id, name: "Existing" });
    const create = `mutation($input: CreateAssetInput!) { createAsset(input: $input) { id } }`;
    const input = { projectId: project.id, assetTypeId: asset.entityTypeId, name: "Hero" };

    const results = await Promise.all([1, 2, 3].map(() => t.graphql(create, { token: manager.token, variables: { input } })));
    const created = results.filter((result) => result.body.errors === undefined);
    expect(created).toHaveLength(1);
    const rows = await t.db.query("select id from entity where project_id = $1 and name = 'Hero'", [project.id]);
    expect(rows).toHaveLength(1);
  });
});

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../support/app.js";
import { loginAs } from "../support/roles.js";

// A day off removes the time logged on the days it covers. Each task keeps
// its duration equal to the sum of its time spents, as Zou's
// time_spents_service does.

let t: TestApp;

beforeAll(async () => {
  t = await createTestApp();
});

afterAll(async () => {
  await t.close();
});

const LOG_TIME = `mutation($taskId: ID!, $personId: ID!) { setTimeSpent(taskId: $taskId, personId: $personId, date: "2024-05-06", duration: 90) { id } }`;

describe("day off over logged time", () => {
  it.skip("through the generic route keeps task duration", async () => { // POST /data/day-offs does not yet recompute the durations of the tasks whose time it deletes
    const artist = await loginAs(t, "user");
    const project = await t.make.makeProject({ team: [{ id: artist.person.id }] });
    const shot = await t.make.makeShot({ projectId: project.id });
    const task = await t.make.makeTask({ entity: shot, assignees: [artist.person.id] });
    const logged = await t.graphql(LOG_TIME, { token: artist.token, variables: { taskId: task.id, personId: artist.person.id } });
    expect(logged.body.errors).toBeUndefined();

    const response = await t.request({
      method: "POST",
      url: "/api/data/day-offs",
      token: artist.token,
      payload: { person_id: artist.person.id, date: "2024-05-06", end_date: "2024-05-06" },
    });
    expect(response.statusCode, response.body).toBe(201);

    const spents = await t.db.query("select id from time_spent where task_id = $1", [task.id]);
    expect(spents).toHaveLength(0);
    const [row] = await t.db.query<{ duration: number }>("select duration from task where id = $1", [task.id]);
    expect(row.duration).toBe(0);
  });

  it("through the graph keeps task duration", async () => {
    const artist = await loginAs(t, "user");
    const project = await t.make.makeProject({ team: [{ id: artist.person.id }] });
    const shot = await t.make.makeShot({ projectId: project.id });
    const task = await t.make.makeTask({ entity: shot, assignees: [artist.person.id] });
    const logged = await t.graphql(LOG_TIME, { token: artist.token, variables: { taskId: task.id, personId: artist.person.id } });
    expect(logged.body.errors).toBeUndefined();

    const created = await t.graphql(`mutation($personId: ID!) { createDayOff(personId: $personId, input: { date: "2024-05-06", endDate: "2024-05-06" }) { id } }`, {
      token: artist.token,
      variables: { personId: artist.person.id },
    });
    expect(created.body.errors, JSON.stringify(created.body.errors)).toBeUndefined();

    const [row] = await t.db.query<{ duration: number }>("select duration from task where id = $1", [task.id]);
    expect(row.duration).toBe(0);
  });
});

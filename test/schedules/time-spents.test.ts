import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../support/app.js";
import { eventNamesSince, graphqlData, graphqlErrorCode, loginAs, type LoggedIn } from "../support/roles.js";

let t: TestApp;
let admin: LoggedIn;

beforeAll(async () => {
  t = await createTestApp();
  admin = await loginAs(t, "admin");
});

afterAll(async () => {
  await t.close();
});

const SET = `mutation ($task: ID!, $person: ID!, $date: LocalDate!, $duration: Float!) { setTimeSpent(taskId: $task, personId: $person, date: $date, duration: $duration) { id duration date } }`;
const ADD = `mutation ($task: ID!, $person: ID!, $date: LocalDate!, $duration: Float!) { addTimeSpent(taskId: $task, personId: $person, date: $date, duration: $duration) { id duration } }`;

async function makeAssignedTask(assignee: LoggedIn, team: { id: string; role?: string | null }[] = []) {
  const project = await t.make.makeProject({ team: [{ id: assignee.person.id }, ...team] });
  const shot = await t.make.makeShot({ projectId: project.id });
  const task = await t.make.makeTask({ entity: shot, assignees: [assignee.person.id] });
  return { project, task };
}

describe("time spent", () => {
  it("is logged by the assignee with task duration", async () => {
    const artist = await loginAs(t, "user");
    const { task } = await makeAssignedTask(artist);
    const since = new Date();
    const variables = { task: task.id, person: artist.person.id, date: "2024-03-04", duration: 90 };
    const set = await graphqlData<{ setTimeSpent: { id: string; duration: number } }>(t, artist, SET, variables);
    expect(set.setTimeSpent.duration).toBe(90);
    const added = await graphqlData<{ addTimeSpent: { id: string; duration: number } }>(t, artist, ADD, { ...variables, duration: 30 });
    expect(added.addTimeSpent).toEqual({ id: set.setTimeSpent.id, duration: 120 });
    const [taskRow] = await t.db.query<{ duration: number }>("select duration from task where id = $1", [task.id]);
    expect(taskRow.duration).toBe(120);

    const nested = await graphqlData<{ me: { timeSpents: { duration: number; taskId: string; task: { id: string } }[] } }>(t, artist, `{ me { timeSpents { duration taskId task { id } } } }`);
    expect(nested.me.timeSpents).toEqual([{ duration: 120, taskId: task.id, task: { id: task.id } }]);
    expect(await eventNamesSince(t, since)).toEqual(expect.arrayContaining(["time-spent:new", "time-spent:update", "task:update"]));

    await graphqlData(t, artist, `mutation ($id: ID!) { deleteTimeSpent(id: $id) }`, { id: set.setTimeSpent.id });
    const [afterDelete] = await t.db.query<{ duration: number }>("select duration from task where id = $1", [task.id]);
    expect(afterDelete.duration).toBe(0);
  });

  it("is logged by managers, not colleagues", async () => {
    const artist = await loginAs(t, "user");
    const manager = await loginAs(t, "user");
    const colleague = await loginAs(t, "user");
    const { task } = await makeAssignedTask(artist, [{ id: manager.person.id, role: "manager" }, { id: colleague.person.id }]);
    const variables = { task: task.id, person: artist.person.id, date: "2024-03-05", duration: 60 };
    expect(await graphqlErrorCode(t, colleague, SET, variables)).toBe("FORBIDDEN");
    await graphqlData(t, manager, SET, variables);
    await graphqlData(t, admin, SET, { ...variables, date: "2024-03-06" });
    expect(await graphqlErrorCode(t, admin, SET, { ...variables, person: colleague.person.id })).toBe("FORBIDDEN");
  });

  it("rejects a zero duration, an invalid date, and an unknown task without writing", async () => {
    const artist = await loginAs(t, "user");
    const { task } = await makeAssignedTask(artist);
    const variables = { task: task.id, person: artist.person.id, date: "2024-03-04", duration: 0 };
    expect(await graphqlErrorCode(t, artist, SET, variables)).toBe("BAD_USER_INPUT");
    expect(await graphqlErrorCode(t, artist, SET, { ...variables, duration: 10, date: "yesterday" })).toBe("BAD_USER_INPUT");
    expect(await graphqlErrorCode(t, artist, SET, { ...variables, duration: "ten" })).toBe("BAD_USER_INPUT");
    expect(await graphqlErrorCode(t, artist, SET, { ...variables, duration: 10, task: "00000000-0000-4000-8000-000000000000" })).toBe("NOT_FOUND");
    const [row] = await t.db.query<{ count: number }>("select count(*)::int as count from time_spent where person_id = $1", [artist.person.id]);
    expect(row.count).toBe(0);
  });

  it("is listed for supervisors only", async () => {
    const artist = await loginAs(t, "user");
    const colleague = await loginAs(t, "user");
    const supervisor = await loginAs(t, "supervisor");
    const { project, task } = await makeAssignedTask(artist, [{ id: colleague.person.id }, { id: supervisor.person.id }]);
    const march = await t.make.makeTimeSpent({ taskId: task.id, personId: artist.person.id, date: "2024-03-04" });
    await t.make.makeTimeSpent({ taskId: task.id, personId: artist.person.id, date: "2024-04-04" });
    const list = `query ($person: ID!, $project: ID!) { timeSpents(personId: $person, projectId: $project, from: "2024-03-01", to: "2024-03-31") { totalCount nodes { id } } }`;
    const variables = { person: artist.person.id, project: project.id };

    const asSupervisor = await graphqlData<{ timeSpents: { totalCount: number; nodes: { id: string }[] } }>(t, supervisor, list, variables);
    expect(asSupervisor.timeSpents.nodes).toEqual([{ id: march.id }]);
    expect(asSupervisor.timeSpents.totalCount).toBe(1);

    const asColleague = await graphqlData<{ timeSpents: { totalCount: number } }>(t, colleague, list, variables);
    expect(asColleague.timeSpents.totalCount).toBe(0);
    expect(await graphqlErrorCode(t, colleague, `query ($id: ID!) { timeSpent(id: $id) { id } }`, { id: march.id })).toBe("FORBIDDEN");

    const outsider = await loginAs(t, "manager");
    const asOutsider = await graphqlData<{ timeSpents: { totalCount: number } }>(t, outsider, list, variables);
    expect(asOutsider.timeSpents.totalCount).toBe(0);
    const nested = await graphqlData<{ person: { timeSpents: unknown[] } }>(t, outsider, `query ($id: ID!) { person(id: $id) { timeSpents { id } } }`, { id: artist.person.id });
    expect(nested.person.timeSpents).toEqual([]);
  });
});

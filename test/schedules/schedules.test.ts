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

describe("schedule items", () => {
  it("are created by managers, moved by supervisors, read nested and deleted", async () => {
    const manager = await loginAs(t, "user");
    const supervisor = await loginAs(t, "user");
    const project = await t.make.makeProject({ team: [{ id: manager.person.id, role: "manager" }, { id: supervisor.person.id, role: "supervisor" }] });
    const taskType = await t.make.makeTaskType();
    const since = new Date();

    const created = await graphqlData<{ createScheduleItem: { id: string; startDate: string } }>(
      t,
      manager,
      `mutation ($p: ID!, $tt: ID!) { createScheduleItem(projectId: $p, taskTypeId: $tt, input: { startDate: "2024-01-08", endDate: "2024-02-09", manDays: 20 }) { id startDate } }`,
      { p: project.id, tt: taskType.id },
    );
    const id = created.createScheduleItem.id;
    expect(created.createScheduleItem.startDate).toBe("2024-01-08");

    const moved = await graphqlData<{ updateScheduleItem: { endDate: string } }>(t, supervisor, `mutation ($id: ID!) { updateScheduleItem(id: $id, input: { endDate: "2024-03-01" }) { endDate } }`, { id });
    expect(moved.updateScheduleItem.endDate).toBe("2024-03-01");

    const nested = await graphqlData<{ project: { scheduleItems: { id: string; manDays: number }[] } }>(t, supervisor, `query ($id: ID!) { project(id: $id) { scheduleItems { id manDays } } }`, { id: project.id });
    expect(nested.project.scheduleItems).toEqual([{ id, manDays: 20 }]);

    expect(await graphqlErrorCode(t, supervisor, `mutation ($id: ID!) { deleteScheduleItem(id: $id) }`, { id })).toBe("FORBIDDEN");
    await graphqlData(t, manager, `mutation ($id: ID!) { deleteScheduleItem(id: $id) }`, { id });
    expect(await eventNamesSince(t, since)).toEqual(["schedule-item:new", "schedule-item:update", "schedule-item:delete"]);
  });

  it("refuse artists' changes, inverted dates, and vendors' reads", async () => {
    const artist = await loginAs(t, "user");
    const vendor = await loginAs(t, "vendor");
    const project = await t.make.makeProject({ team: [{ id: artist.person.id }, { id: vendor.person.id }] });
    const taskType = await t.make.makeTaskType();
    const item = await t.make.makeScheduleItem({ projectId: project.id, taskTypeId: taskType.id });
    expect(await graphqlErrorCode(t, artist, `mutation ($id: ID!) { updateScheduleItem(id: $id, input: { manDays: 3 }) { id } }`, { id: item.id })).toBe("FORBIDDEN");
    expect(await graphqlErrorCode(t, admin, `mutation ($id: ID!) { updateScheduleItem(id: $id, input: { startDate: "2024-12-01", endDate: "2024-01-01" }) { id } }`, { id: item.id })).toBe("BAD_USER_INPUT");
    expect(await graphqlErrorCode(t, admin, `mutation ($id: ID!, $input: ScheduleItemInput!) { updateScheduleItem(id: $id, input: $input) { id } }`, { id: item.id, input: { startDate: "2024-02-30" } })).toBe("BAD_USER_INPUT");
    expect(await graphqlErrorCode(t, vendor, `query ($id: ID!) { scheduleItem(id: $id) { id } }`, { id: item.id })).toBe("FORBIDDEN");
    const list = await graphqlData<{ scheduleItems: { nodes: { id: string }[] } }>(t, artist, `query ($p: ID!) { scheduleItems(projectId: $p) { nodes { id } } }`, { p: project.id });
    expect(list.scheduleItems.nodes).toEqual([{ id: item.id }]);
  });

  it("stay hidden from outsiders in lists and by id", async () => {
    const outsider = await loginAs(t, "supervisor");
    const project = await t.make.makeProject();
    const item = await t.make.makeScheduleItem({ projectId: project.id, taskTypeId: (await t.make.makeTaskType()).id });
    const milestone = await t.make.makeMilestone({ projectId: project.id });
    const list = await graphqlData<{ scheduleItems: { totalCount: number } }>(t, outsider, `{ scheduleItems { totalCount } }`);
    expect(list.scheduleItems.totalCount).toBe(0);
    expect(await graphqlErrorCode(t, outsider, `query ($id: ID!) { scheduleItem(id: $id) { id } }`, { id: item.id })).toBe("FORBIDDEN");
    expect(await graphqlErrorCode(t, outsider, `query ($id: ID!) { milestone(id: $id) { id } }`, { id: milestone.id })).toBe("FORBIDDEN");
  });
});

describe("milestones", () => {
  it("are created, read, updated and deleted by managers of the project only", async () => {
    const supervisor = await loginAs(t, "supervisor");
    const project = await t.make.makeProject({ team: [{ id: supervisor.person.id }] });
    const create = `mutation ($p: ID!) { createMilestone(projectId: $p, input: { name: "Trailer", date: "2024-09-01" }) { id name date } }`;
    expect(await graphqlErrorCode(t, supervisor, create, { p: project.id })).toBe("FORBIDDEN");
    expect(await graphqlErrorCode(t, admin, `mutation ($p: ID!) { createMilestone(projectId: $p, input: { name: "No date" }) { id } }`, { p: project.id })).toBe("BAD_USER_INPUT");
    const created = await graphqlData<{ createMilestone: { id: string } }>(t, admin, create, { p: project.id });
    const id = created.createMilestone.id;
    const nested = await graphqlData<{ project: { milestones: { name: string; date: string }[] } }>(t, supervisor, `query ($id: ID!) { project(id: $id) { milestones { name date } } }`, { id: project.id });
    expect(nested.project.milestones).toEqual([{ name: "Trailer", date: "2024-09-01" }]);
    const updated = await graphqlData<{ updateMilestone: { date: string } }>(t, admin, `mutation ($id: ID!) { updateMilestone(id: $id, input: { date: "2024-10-01" }) { date } }`, { id });
    expect(updated.updateMilestone.date).toBe("2024-10-01");
    expect(await graphqlErrorCode(t, supervisor, `mutation ($id: ID!) { deleteMilestone(id: $id) }`, { id })).toBe("FORBIDDEN");
    await graphqlData(t, admin, `mutation ($id: ID!) { deleteMilestone(id: $id) }`, { id });
  });
});

describe("days off", () => {
  it("are set by the person and clear time", async () => {
    const artist = await loginAs(t, "user");
    const project = await t.make.makeProject({ team: [{ id: artist.person.id }] });
    const shot = await t.make.makeShot({ projectId: project.id });
    const task = await t.make.makeTask({ entity: shot, assignees: [artist.person.id] });
    await t.make.makeTimeSpent({ taskId: task.id, personId: artist.person.id, date: "2024-05-02", duration: 120 });
    await t.make.makeTimeSpent({ taskId: task.id, personId: artist.person.id, date: "2024-05-10", duration: 60 });
    await t.db.query("update task set duration = 180 where id = $1", [task.id]);

    const created = await graphqlData<{ createDayOff: { id: string; endDate: string } }>(
      t,
      artist,
      `mutation ($person: ID!) { createDayOff(personId: $person, input: { date: "2024-05-01", endDate: "2024-05-03", description: "Holiday" }) { id endDate } }`,
      { person: artist.person.id },
    );
    const remaining = await t.db.query<{ date: string }>("select date::text as date from time_spent where person_id = $1", [artist.person.id]);
    expect(remaining.map((row) => row.date)).toEqual(["2024-05-10"]);
    const [taskRow] = await t.db.query<{ duration: number }>("select duration from task where id = $1", [task.id]);
    expect(taskRow.duration).toBe(60);

    const nested = await graphqlData<{ me: { dayOffs: { id: string }[] } }>(t, artist, `{ me { dayOffs { id } } }`);
    expect(nested.me.dayOffs).toEqual([{ id: created.createDayOff.id }]);
    expect(await graphqlErrorCode(t, artist, `mutation ($person: ID!) { createDayOff(personId: $person, input: { date: "2024-05-03" }) { id } }`, { person: artist.person.id })).toBe("BAD_USER_INPUT");
    await graphqlData(t, artist, `mutation ($id: ID!) { deleteDayOff(id: $id) }`, { id: created.createDayOff.id });
  });

  it("are refused for someone else unless admin, and hidden from other artists", async () => {
    const artist = await loginAs(t, "user");
    const other = await loginAs(t, "user");
    const dayOff = await t.make.makeDayOff({ personId: other.person.id });
    const create = `mutation ($person: ID!) { createDayOff(personId: $person, input: { date: "2024-07-01" }) { id } }`;
    expect(await graphqlErrorCode(t, artist, create, { person: other.person.id })).toBe("FORBIDDEN");
    expect(await graphqlErrorCode(t, artist, `query ($id: ID!) { dayOff(id: $id) { id } }`, { id: dayOff.id })).toBe("FORBIDDEN");
    const list = await graphqlData<{ dayOffs: { nodes: unknown[] } }>(t, artist, `query ($person: ID!) { dayOffs(personId: $person) { nodes { id } } }`, { person: other.person.id });
    expect(list.dayOffs.nodes).toEqual([]);
    await graphqlData(t, admin, create, { person: other.person.id });
  });
});

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

describe("projects", () => {
  it("are created Open by admins, updated by their managers, closed and then deleted", async () => {
    const since = new Date();
    const created = await graphqlData<{ createProject: { id: string; status: { name: string } } }>(
      t,
      admin,
      `mutation { createProject(input: { name: "Big Bunny", productionType: "tvshow", fps: "24" }) { id status { name } } }`,
    );
    const id = created.createProject.id;
    expect(created.createProject.status.name).toBe("Open");

    const manager = await loginAs(t, "user");
    await t.make.addToTeam(id, manager.person.id, "manager");
    const updated = await graphqlData<{ updateProject: { description: string } }>(t, manager, `mutation ($id: ID!) { updateProject(id: $id, input: { description: "Pilot" }) { description } }`, { id });
    expect(updated.updateProject.description).toBe("Pilot");

    expect(await graphqlErrorCode(t, admin, `mutation ($id: ID!) { deleteProject(id: $id) }`, { id })).toBe("BAD_USER_INPUT");
    const closed = await graphqlData<{ closeProject: { status: { name: string } } }>(t, manager, `mutation ($id: ID!) { closeProject(id: $id) { status { name } } }`, { id });
    expect(closed.closeProject.status.name).toBe("Closed");
    expect(await graphqlErrorCode(t, manager, `mutation ($id: ID!) { deleteProject(id: $id) }`, { id })).toBe("FORBIDDEN");
    await graphqlData(t, admin, `mutation ($id: ID!) { deleteProject(id: $id) }`, { id });
    expect(await graphqlErrorCode(t, admin, `query ($id: ID!) { project(id: $id) { id } }`, { id })).toBe("NOT_FOUND");
    expect(await eventNamesSince(t, since)).toContain("project:delete");
  });

  it("refuse creation by non-admins and updates by members who do not manage them", async () => {
    const globalManager = await loginAs(t, "manager");
    expect(await graphqlErrorCode(t, globalManager, `mutation { createProject(input: { name: "Nope" }) { id } }`)).toBe("FORBIDDEN");
    const project = await t.make.makeProject();
    for (const role of ["supervisor", "user", "client", "vendor"]) {
      const member = await loginAs(t, role);
      await t.make.addToTeam(project.id, member.person.id);
      expect(await graphqlErrorCode(t, member, `mutation ($id: ID!) { updateProject(id: $id, input: { description: "x" }) { id } }`, { id: project.id }), role).toBe("FORBIDDEN");
    }
    const outsider = await loginAs(t, "manager");
    expect(await graphqlErrorCode(t, outsider, `mutation ($id: ID!) { updateProject(id: $id, input: { description: "x" }) { id } }`, { id: project.id })).toBe("FORBIDDEN");
  });

  it("reject an invalid resolution or date order without writing", async () => {
    const project = await t.make.makeProject({ description: "kept" });
    const mutation = `mutation ($id: ID!, $input: UpdateProjectInput!) { updateProject(id: $id, input: $input) { id } }`;
    expect(await graphqlErrorCode(t, admin, mutation, { id: project.id, input: { resolution: "big", description: "changed" } })).toBe("BAD_USER_INPUT");
    expect(await graphqlErrorCode(t, admin, mutation, { id: project.id, input: { startDate: "2024-05-02", endDate: "2024-01-01" } })).toBe("BAD_USER_INPUT");
    expect(await graphqlErrorCode(t, admin, mutation, { id: project.id, input: { maxRetakes: "many" } })).toBe("BAD_USER_INPUT");
    const [row] = await t.db.query<{ description: string }>("select description from project where id = $1", [project.id]);
    expect(row.description).toBe("kept");
  });
});

describe("project team", () => {
  it("gains and loses members with project roles, which then pass project checks", async () => {
    const manager = await loginAs(t, "user");
    const project = await t.make.makeProject({ team: [{ id: manager.person.id, role: "manager" }] });
    const newcomer = await loginAs(t, "user");
    expect(await graphqlErrorCode(t, newcomer, `query ($id: ID!) { project(id: $id) { id } }`, { id: project.id })).toBe("FORBIDDEN");

    const since = new Date();
    await graphqlData(t, manager, `mutation ($p: ID!, $person: ID!) { addTeamMember(projectId: $p, personId: $person, role: "supervisor") { id } }`, { p: project.id, person: newcomer.person.id });
    const events = await eventNamesSince(t, since);
    expect(events.filter((name) => name === "project:update")).toHaveLength(2);

    const read = await graphqlData<{ project: { teamMembers: { personId: string; role: string | null; person: { id: string } }[]; team: { id: string }[] } }>(
      t,
      newcomer,
      `query ($id: ID!) { project(id: $id) { team { id } teamMembers { personId role person { id } } } }`,
      { id: project.id },
    );
    expect(read.project.team.map((person) => person.id).sort()).toEqual([manager.person.id, newcomer.person.id].sort());
    expect(read.project.teamMembers.find((member) => member.personId === newcomer.person.id)?.role).toBe("supervisor");

    await graphqlData(t, manager, `mutation ($p: ID!, $person: ID!) { removeTeamMember(projectId: $p, personId: $person) { id } }`, { p: project.id, person: newcomer.person.id });
    expect(await graphqlErrorCode(t, newcomer, `query ($id: ID!) { project(id: $id) { id } }`, { id: project.id })).toBe("FORBIDDEN");
  });

  it("refuses the admin project role, unknown persons and non-managers", async () => {
    const artist = await loginAs(t, "user");
    const project = await t.make.makeProject({ team: [{ id: artist.person.id }] });
    const add = `mutation ($p: ID!, $person: ID!, $role: String) { addTeamMember(projectId: $p, personId: $person, role: $role) { id } }`;
    expect(await graphqlErrorCode(t, admin, add, { p: project.id, person: artist.person.id, role: "admin" })).toBe("BAD_USER_INPUT");
    expect(await graphqlErrorCode(t, admin, add, { p: project.id, person: "00000000-0000-4000-8000-000000000000" })).toBe("BAD_USER_INPUT");
    expect(await graphqlErrorCode(t, artist, add, { p: project.id, person: admin.person.id })).toBe("FORBIDDEN");
    expect(await graphqlErrorCode(t, admin, add, { p: "00000000-0000-4000-8000-000000000000", person: artist.person.id })).toBe("NOT_FOUND");
  });
});

describe("project settings", () => {
  it("enable task types with priorities, task statuses and asset types, and disable them", async () => {
    const project = await t.make.makeProject();
    const layout = await t.make.makeTaskType({ name: "Layout" });
    const animation = await t.make.makeTaskType({ name: "Animation" });
    const status = await t.make.makeTaskStatus();
    const assetTypeId = await t.make.makeEntityType("Prop");

    await graphqlData(t, admin, `mutation ($p: ID!, $tt: ID!) { addProjectTaskType(projectId: $p, taskTypeId: $tt, priority: 2) { id } }`, { p: project.id, tt: layout.id });
    await graphqlData(t, admin, `mutation ($p: ID!, $tt: ID!) { addProjectTaskType(projectId: $p, taskTypeId: $tt, priority: 1) { id } }`, { p: project.id, tt: animation.id });
    await graphqlData(t, admin, `mutation ($p: ID!, $ts: ID!) { addProjectTaskStatus(projectId: $p, taskStatusId: $ts) { id } }`, { p: project.id, ts: status.id });
    await graphqlData(t, admin, `mutation ($p: ID!, $at: ID!) { addProjectAssetType(projectId: $p, assetTypeId: $at) { id } }`, { p: project.id, at: assetTypeId });

    const query = `query ($id: ID!) { project(id: $id) { taskTypeSettings { taskTypeId priority } taskStatusSettings { taskStatusId } assetTypeSettings { assetTypeId } } }`;
    const read = await graphqlData<{ project: { taskTypeSettings: { taskTypeId: string; priority: number }[]; taskStatusSettings: unknown[]; assetTypeSettings: unknown[] } }>(t, admin, query, { id: project.id });
    expect(read.project.taskTypeSettings).toEqual([
      { taskTypeId: animation.id, priority: 1 },
      { taskTypeId: layout.id, priority: 2 },
    ]);
    expect(read.project.taskStatusSettings).toEqual([{ taskStatusId: status.id }]);
    expect(read.project.assetTypeSettings).toEqual([{ assetTypeId }]);

    await graphqlData(t, admin, `mutation ($p: ID!, $id: ID!) { removeProjectSetting(projectId: $p, setting: "taskType", targetId: $id) { id } }`, { p: project.id, id: layout.id });
    const after = await graphqlData<{ project: { taskTypeSettings: { taskTypeId: string }[] } }>(t, admin, query, { id: project.id });
    expect(after.project.taskTypeSettings.map((item) => item.taskTypeId)).toEqual([animation.id]);
  });

  it("reject unknown task types and non-managers", async () => {
    const supervisor = await loginAs(t, "supervisor");
    const project = await t.make.makeProject({ team: [{ id: supervisor.person.id }] });
    const taskType = await t.make.makeTaskType();
    const add = `mutation ($p: ID!, $tt: ID!) { addProjectTaskType(projectId: $p, taskTypeId: $tt) { id } }`;
    expect(await graphqlErrorCode(t, admin, add, { p: project.id, tt: "00000000-0000-4000-8000-000000000000" })).toBe("NOT_FOUND");
    expect(await graphqlErrorCode(t, supervisor, add, { p: project.id, tt: taskType.id })).toBe("FORBIDDEN");
  });
});

describe("metadata descriptors", () => {
  const CREATE = `mutation ($p: ID!, $input: CreateMetadataDescriptorInput!) { createMetadataDescriptor(projectId: $p, input: $input) { id fieldName entityType dataType departmentIds } }`;

  it("are created with a slugified field name, read, updated and deleted", async () => {
    const project = await t.make.makeProject();
    const since = new Date();
    const created = await graphqlData<{ createMetadataDescriptor: { id: string; fieldName: string; entityType: string; dataType: string } }>(t, admin, CREATE, {
      p: project.id,
      input: { name: "Studio Notés 2" },
    });
    expect(created.createMetadataDescriptor).toMatchObject({ fieldName: "studio_notes_2", entityType: "Asset", dataType: "string" });
    const id = created.createMetadataDescriptor.id;

    const read = await graphqlData<{ project: { metadataDescriptors: { id: string }[] } }>(t, admin, `query ($id: ID!) { project(id: $id) { metadataDescriptors { id } } }`, { id: project.id });
    expect(read.project.metadataDescriptors).toEqual([{ id }]);

    const updated = await graphqlData<{ updateMetadataDescriptor: { name: string; fieldName: string } }>(t, admin, `mutation ($id: ID!) { updateMetadataDescriptor(id: $id, input: { name: "Renamed" }) { name fieldName } }`, { id });
    expect(updated.updateMetadataDescriptor).toEqual({ name: "Renamed", fieldName: "studio_notes_2" });
    await graphqlData(t, admin, `mutation ($id: ID!) { deleteMetadataDescriptor(id: $id) }`, { id });
    expect(await eventNamesSince(t, since)).toEqual(["metadata-descriptor:new", "metadata-descriptor:update", "metadata-descriptor:delete"]);
  });

  it("reject duplicates, wrong entity types and task type misuse", async () => {
    const project = await t.make.makeProject();
    await graphqlData(t, admin, CREATE, { p: project.id, input: { name: "Notes" } });
    expect(await graphqlErrorCode(t, admin, CREATE, { p: project.id, input: { name: "notes" } })).toBe("BAD_USER_INPUT");
    expect(await graphqlErrorCode(t, admin, CREATE, { p: project.id, input: { name: "X", entityType: "Planet" } })).toBe("BAD_USER_INPUT");
    expect(await graphqlErrorCode(t, admin, CREATE, { p: project.id, input: { name: "Y", entityType: "Task" } })).toBe("BAD_USER_INPUT");
    expect(await graphqlErrorCode(t, admin, CREATE, { p: project.id, input: { name: "Z", dataType: "blob" } })).toBe("BAD_USER_INPUT");
  });

  it("let a supervisor create one for their departments only", async () => {
    const supervisor = await loginAs(t, "supervisor");
    const department = await t.make.makeDepartment({ members: [supervisor.person.id] });
    const other = await t.make.makeDepartment();
    const project = await t.make.makeProject({ team: [{ id: supervisor.person.id }] });
    expect(await graphqlErrorCode(t, supervisor, CREATE, { p: project.id, input: { name: "None" } })).toBe("FORBIDDEN");
    expect(await graphqlErrorCode(t, supervisor, CREATE, { p: project.id, input: { name: "Other", departmentIds: [other.id] } })).toBe("FORBIDDEN");
    const created = await graphqlData<{ createMetadataDescriptor: { departmentIds: string[] } }>(t, supervisor, CREATE, { p: project.id, input: { name: "Mine", departmentIds: [department.id] } });
    expect(created.createMetadataDescriptor.departmentIds).toEqual([department.id]);
    const artist = await loginAs(t, "user");
    await t.make.addToTeam(project.id, artist.person.id);
    expect(await graphqlErrorCode(t, artist, CREATE, { p: project.id, input: { name: "Artist", departmentIds: [department.id] } })).toBe("FORBIDDEN");
  });

  it("answer NOT_FOUND for an unknown project even to admins", async () => {
    expect(await graphqlErrorCode(t, admin, CREATE, { p: "00000000-0000-4000-8000-000000000000", input: { name: "Lost" } })).toBe("NOT_FOUND");
  });
});

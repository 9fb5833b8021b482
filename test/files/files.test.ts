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

async function makeTaskFor(team: { id: string; role?: string | null }[], assignees: string[] = []) {
  const project = await t.make.makeProject({ team });
  const shot = await t.make.makeShot({ projectId: project.id });
  const task = await t.make.makeTask({ entity: shot, assignees });
  return { project, shot, task };
}

const CREATE_WORKING = `mutation ($task: ID!, $input: CreateWorkingFileInput!) { createWorkingFile(taskId: $task, input: $input) { id revision name entityId personId } }`;
const CREATE_OUTPUT = `mutation ($entity: ID!, $input: CreateOutputFileInput!) { createOutputFile(entityId: $entity, input: $input) { id revision fileStatus { name } outputType { id } sourceFile { id } } }`;

describe("working files", () => {
  it("are numbered and edited by the assignee", async () => {
    const artist = await loginAs(t, "user");
    const { shot, task } = await makeTaskFor([{ id: artist.person.id }], [artist.person.id]);
    const software = await t.make.makeSoftware();
    const since = new Date();
    const first = await graphqlData<{ createWorkingFile: { id: string; revision: number; entityId: string; personId: string } }>(t, artist, CREATE_WORKING, { task: task.id, input: { softwareId: software.id } });
    const second = await graphqlData<{ createWorkingFile: { id: string; revision: number } }>(t, artist, CREATE_WORKING, { task: task.id, input: {} });
    const other = await graphqlData<{ createWorkingFile: { revision: number } }>(t, artist, CREATE_WORKING, { task: task.id, input: { name: "layout" } });
    expect(first.createWorkingFile).toMatchObject({ revision: 1, entityId: shot.id, personId: artist.person.id });
    expect(second.createWorkingFile.revision).toBe(2);
    expect(other.createWorkingFile.revision).toBe(1);

    const list = await graphqlData<{ workingFiles: { totalCount: number; nodes: { revision: number; software: { id: string } | null }[] } }>(
      t,
      artist,
      `query ($task: ID!) { workingFiles(taskId: $task, name: "main") { totalCount nodes { revision software { id } } } }`,
      { task: task.id },
    );
    expect(list.workingFiles.totalCount).toBe(2);
    expect(list.workingFiles.nodes).toEqual([{ revision: 1, software: { id: software.id } }, { revision: 2, software: null }]);

    const updated = await graphqlData<{ updateWorkingFile: { comment: string } }>(t, artist, `mutation ($id: ID!) { updateWorkingFile(id: $id, input: { comment: "fixed rig" }) { comment } }`, { id: first.createWorkingFile.id });
    expect(updated.updateWorkingFile.comment).toBe("fixed rig");
    await graphqlData(t, artist, `mutation ($id: ID!) { deleteWorkingFile(id: $id) }`, { id: second.createWorkingFile.id });
    expect(await eventNamesSince(t, since)).toEqual(expect.arrayContaining(["working-file:new", "working-file:update", "working-file:delete"]));
  });

  it("are refused to unassigned artists, clients and outsiders", async () => {
    const assignee = await loginAs(t, "user");
    const artist = await loginAs(t, "user");
    const client = await loginAs(t, "client");
    const { task, shot } = await makeTaskFor([{ id: assignee.person.id }, { id: artist.person.id }, { id: client.person.id }], [assignee.person.id]);
    expect(await graphqlErrorCode(t, artist, CREATE_WORKING, { task: task.id, input: {} })).toBe("FORBIDDEN");
    const file = await t.make.makeWorkingFile({ taskId: task.id, entityId: shot.id });
    expect(await graphqlErrorCode(t, client, `query ($id: ID!) { workingFile(id: $id) { id } }`, { id: file.id })).toBe("FORBIDDEN");
    const outsider = await loginAs(t, "manager");
    expect(await graphqlErrorCode(t, outsider, `query ($id: ID!) { workingFile(id: $id) { id } }`, { id: file.id })).toBe("FORBIDDEN");
    const list = await graphqlData<{ workingFiles: { totalCount: number } }>(t, outsider, `{ workingFiles { totalCount } }`);
    expect(list.workingFiles.totalCount).toBe(0);
    expect(await graphqlErrorCode(t, admin, CREATE_WORKING, { task: task.id, input: { revision: 0 } })).toBe("BAD_USER_INPUT");
  });
});

describe("output files", () => {
  it("are published with revisions and the default status, read nested, updated and deleted", async () => {
    const artist = await loginAs(t, "user");
    const manager = await loginAs(t, "user");
    const { shot, task } = await makeTaskFor([{ id: artist.person.id }, { id: manager.person.id, role: "manager" }], [artist.person.id]);
    const outputType = await t.make.makeOutputType();
    const source = await t.make.makeWorkingFile({ taskId: task.id, entityId: shot.id });
    const input = { outputTypeId: outputType.id, taskTypeId: task.taskTypeId, representation: "abc", sourceFileId: source.id };
    const since = new Date();

    const first = await graphqlData<{ createOutputFile: { id: string; revision: number; fileStatus: { name: string }; outputType: { id: string }; sourceFile: { id: string } } }>(t, artist, CREATE_OUTPUT, { entity: shot.id, input });
    expect(first.createOutputFile).toMatchObject({ revision: 1, fileStatus: { name: "To review" }, outputType: { id: outputType.id }, sourceFile: { id: source.id } });
    const second = await graphqlData<{ createOutputFile: { revision: number } }>(t, artist, CREATE_OUTPUT, { entity: shot.id, input });
    expect(second.createOutputFile.revision).toBe(2);

    const outputs = await graphqlData<{ workingFile: { outputs: { revision: number }[]; task: { id: string }; entity: { id: string } } }>(
      t,
      artist,
      `query ($id: ID!) { workingFile(id: $id) { outputs { revision } task { id } entity { id } } }`,
      { id: source.id },
    );
    expect(outputs.workingFile.task.id).toBe(task.id);
    expect(outputs.workingFile.entity.id).toBe(shot.id);
    expect(outputs.workingFile.outputs.map((output) => output.revision).sort()).toEqual([1, 2]);
    const list = await graphqlData<{ outputFiles: { nodes: { revision: number }[] } }>(t, artist, `query ($entity: ID!) { outputFiles(entityId: $entity) { nodes { revision } } }`, { entity: shot.id });
    expect(list.outputFiles.nodes).toEqual([{ revision: 2 }, { revision: 1 }]);

    const updated = await graphqlData<{ updateOutputFile: { canceled: boolean } }>(t, artist, `mutation ($id: ID!) { updateOutputFile(id: $id, input: { canceled: true }) { canceled } }`, { id: first.createOutputFile.id });
    expect(updated.updateOutputFile.canceled).toBe(true);
    expect(await graphqlErrorCode(t, artist, `mutation ($id: ID!) { deleteOutputFile(id: $id) }`, { id: first.createOutputFile.id })).toBe("FORBIDDEN");
    await graphqlData(t, manager, `mutation ($id: ID!) { deleteOutputFile(id: $id) }`, { id: first.createOutputFile.id });
    expect(await eventNamesSince(t, since)).toEqual(expect.arrayContaining(["output-file:new", "output-file:update", "output-file:delete"]));
  });

  it("are hidden from vendors, clients and outsiders, and refuse unknown output types", async () => {
    const vendor = await loginAs(t, "vendor");
    const client = await loginAs(t, "client");
    const { shot, project } = await makeTaskFor([{ id: vendor.person.id }, { id: client.person.id }]);
    const status = await t.make.makeFileStatus();
    const file = await t.make.makeOutputFile({ entityId: shot.id, fileStatusId: status.id });
    for (const session of [vendor, client, await loginAs(t, "supervisor")]) {
      expect(await graphqlErrorCode(t, session, `query ($id: ID!) { outputFile(id: $id) { id } }`, { id: file.id })).toBe("FORBIDDEN");
      const list = await graphqlData<{ outputFiles: { totalCount: number } }>(t, session, `query ($p: ID!) { outputFiles(projectId: $p) { totalCount } }`, { p: project.id });
      expect(list.outputFiles.totalCount).toBe(0);
    }
    const taskType = await t.make.makeTaskType();
    expect(await graphqlErrorCode(t, admin, CREATE_OUTPUT, { entity: shot.id, input: { outputTypeId: "00000000-0000-4000-8000-000000000000", taskTypeId: taskType.id } })).toBe("NOT_FOUND");
    expect(await graphqlErrorCode(t, admin, CREATE_OUTPUT, { entity: shot.id, input: { taskTypeId: taskType.id } })).toBe("BAD_USER_INPUT");
  });
});

describe("output types, file statuses and software", () => {
  it("are managed by admins and read by everyone", async () => {
    const artist = await loginAs(t, "user");
    expect(await graphqlErrorCode(t, artist, `mutation { createOutputType(name: "Cache", shortName: "cch") { id } }`)).toBe("FORBIDDEN");
    const created = await graphqlData<{ createOutputType: { id: string } }>(t, admin, `mutation { createOutputType(name: "Cache", shortName: "cch") { id } }`);
    const read = await graphqlData<{ outputType: { name: string } }>(t, artist, `query ($id: ID!) { outputType(id: $id) { name } }`, { id: created.createOutputType.id });
    expect(read.outputType.name).toBe("Cache");
    expect(await graphqlErrorCode(t, admin, `mutation { createOutputType(name: "cache", shortName: "c2") { id } }`)).toBe("BAD_USER_INPUT");

    const status = await graphqlData<{ createFileStatus: { id: string } }>(t, admin, `mutation { createFileStatus(name: "Approved", color: "#00FF00") { id } }`);
    const renamed = await graphqlData<{ updateFileStatus: { name: string } }>(t, admin, `mutation ($id: ID!) { updateFileStatus(id: $id, name: "Validated") { name } }`, { id: status.createFileStatus.id });
    expect(renamed.updateFileStatus.name).toBe("Validated");
    await graphqlData(t, admin, `mutation ($id: ID!) { deleteFileStatus(id: $id) }`, { id: status.createFileStatus.id });

    const software = await graphqlData<{ createSoftware: { id: string; fileExtension: string } }>(t, admin, `mutation { createSoftware(input: { name: "Blender", shortName: "bl", fileExtension: ".blend" }) { id fileExtension } }`);
    expect(software.createSoftware.fileExtension).toBe(".blend");
    expect(await graphqlErrorCode(t, admin, `mutation { createSoftware(input: { name: "Maya" }) { id } }`)).toBe("BAD_USER_INPUT");
    const all = await graphqlData<{ softwares: { name: string }[] }>(t, artist, `{ softwares { name } }`);
    expect(all.softwares.map((item) => item.name)).toContain("Blender");
  });

  it("list installed plugins for admins only", async () => {
    const manager = await loginAs(t, "manager");
    expect(await graphqlErrorCode(t, manager, `{ plugins { id } }`)).toBe("FORBIDDEN");
    const data = await graphqlData<{ plugins: unknown[] }>(t, admin, `{ plugins { id pluginId } }`);
    expect(data.plugins).toEqual([]);
  });
});

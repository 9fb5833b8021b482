import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { assetInstance } from "../../schema/entities.js";
import { project as projectTable } from "../../schema/projects.js";
import { createTestApp, type TestApp } from "../support/app.js";
import type { EntityRow } from "../support/entities.builders.js";
import type { ProjectRow } from "../support/builders.js";

// POST /data/asset-instances/{asset_instance_id}/entities/{temporal_entity_id}/output-files/new

const UNKNOWN_ID = "00000000-0000-4000-8000-000000000000";

const TREE = {
  output: {
    mountpoint: "/acc",
    root: "out",
    folder_path: { instance: "<Project>/<TemporalEntity>/<Asset>/instance_<Instance.number>/<Representation>", style: "lowercase" },
    file_name: { instance: "<Project>_<TemporalEntity>_<Asset>_<OutputType>_<Name>_v<Version>", style: "lowercase" },
  },
};

let t: TestApp;
let adminToken: string;
let artistToken: string;
let outsiderToken: string;
let artistId: string;
let project: ProjectRow;
let shot: EntityRow;
let asset: EntityRow;
let instanceId: string;
let outputTypeId: string;
let taskTypeId: string;

function url(instance: string, temporal: string): string {
  return `/api/data/asset-instances/${instance}/entities/${temporal}/output-files/new`;
}

async function outputFileCount(): Promise<number> {
  const [row] = await t.db.query<{ total: number }>("select count(*)::int as total from output_file");
  return row.total;
}

async function makeInstanceInProject(tree: unknown): Promise<{ instanceId: string; shotId: string }> {
  const other = await t.make.makeProject({ fileTree: tree as Record<string, unknown> });
  const otherShot = await t.make.makeShot({ projectId: other.id });
  const otherAsset = await t.make.makeAsset({ projectId: other.id, assetType: "Prop" });
  const [row] = await t.db.orm.insert(assetInstance).values({ assetId: otherAsset.id, number: 1, entityId: otherShot.id }).returning();
  return { instanceId: row.id, shotId: otherShot.id };
}

beforeAll(async () => {
  t = await createTestApp();
  const admin = await t.make.makePerson({ role: "admin" });
  const artist = await t.make.makePerson({ role: "user" });
  const outsider = await t.make.makePerson({ role: "user" });
  artistId = artist.id;
  project = await t.make.makeProject({ name: "bunny", fileTree: TREE, team: [{ id: artist.id }] });
  const sequence = await t.make.makeSequence({ projectId: project.id, name: "SQ01" });
  shot = await t.make.makeShot({ projectId: project.id, sequenceId: sequence.id, name: "SH010" });
  asset = await t.make.makeAsset({ projectId: project.id, assetType: "Prop", name: "Tree" });
  const [instance] = await t.db.orm.insert(assetInstance).values({ assetId: asset.id, number: 1, name: "Tree_0001", entityId: shot.id }).returning();
  instanceId = instance.id;
  outputTypeId = (await t.make.makeOutputType({ name: "Cache", shortName: "cch" })).id;
  taskTypeId = (await t.make.makeTaskType({ name: "Animation" })).id;
  adminToken = await t.login(admin.email ?? "");
  artistToken = await t.login(artist.email ?? "");
  outsiderToken = await t.login(outsider.email ?? "");
});

afterAll(async () => {
  await t.close();
});

describe("POST /data/asset-instances/{asset_instance_id}/entities/{temporal_entity_id}/output-files/new", () => {
  it("publishes revision 1 with its path from the file tree", async () => {
    const response = await t.request({
      method: "POST",
      url: url(instanceId, shot.id),
      token: artistToken,
      payload: { output_type_id: outputTypeId, task_type_id: taskTypeId, representation: "abc", extension: ".abc" },
    });
    expect(response.statusCode).toBe(201);
    const body = response.json();
    expect(body.folder_path).toBe("/acc/out/bunny/sh010/tree/instance_0001/abc");
    expect(body.file_name).toBe("bunny_sh010_tree_cache_main_v001");
    expect(body.path).toBe("/acc/out/bunny/sh010/tree/instance_0001/abc/bunny_sh010_tree_cache_main_v001.abc");
    expect(body).toMatchObject({
      name: "main",
      revision: 1,
      representation: "abc",
      extension: ".abc",
      nb_elements: 1,
      entity_id: asset.id,
      asset_instance_id: instanceId,
      temporal_entity_id: shot.id,
      output_type_id: outputTypeId,
      task_type_id: taskTypeId,
      person_id: artistId,
      source_file_id: null,
      source_file: null,
      type: "OutputFile",
    });

    const [status] = await t.db.query<{ name: string }>("select name from file_status where id = $1", [body.file_status_id]);
    expect(status.name).toBe("To review");
    const [stored] = await t.db.query<{ path: string }>("select path from output_file where id = $1", [body.id]);
    expect(stored.path).toBe(body.path);
    const events = await t.db.query<{ data: Record<string, unknown>; project_id: string }>("select data, project_id from api_event where name = 'output-file:new'");
    expect(events.map((event) => event.data.output_file_id)).toContain(body.id);
    expect(events[0].project_id).toBe(project.id);
  });

  it("numbers the next publication as revision 2", async () => {
    const response = await t.request({
      method: "POST",
      url: url(instanceId, shot.id),
      token: artistToken,
      payload: { output_type_id: outputTypeId, task_type_id: taskTypeId, representation: "abc", extension: ".abc" },
    });
    expect(response.statusCode).toBe(201);
    expect(response.json().revision).toBe(2);
    expect(response.json().file_name).toBe("bunny_sh010_tree_cache_main_v002");
  });

  it("rejects a revision that already exists", async () => {
    const response = await t.request({
      method: "POST",
      url: url(instanceId, shot.id),
      token: artistToken,
      payload: { output_type_id: outputTypeId, task_type_id: taskTypeId, representation: "abc", revision: 1 },
    });
    expect(response.statusCode).toBe(400);
    expect(response.json()).toEqual({ message: "The given output file already exists." });
  });

  it("embeds the source working file and takes the given person", async () => {
    const task = await t.make.makeTask({ entity: asset });
    const workingFile = await t.make.makeWorkingFile({ taskId: task.id, entityId: asset.id });
    const response = await t.request({
      method: "POST",
      url: url(instanceId, shot.id),
      token: adminToken,
      payload: { output_type_id: outputTypeId, task_type_id: taskTypeId, name: "anim", working_file_id: workingFile.id, person_id: artistId, sep: "\\" },
    });
    expect(response.statusCode).toBe(201);
    const body = response.json();
    expect(body.source_file_id).toBe(workingFile.id);
    expect(body.source_file.id).toBe(workingFile.id);
    expect(body.source_file.type).toBe("WorkingFile");
    expect(body.person_id).toBe(artistId);
    expect(body.folder_path).toBe("/acc\\out\\bunny\\sh010\\tree\\instance_0001\\");
    expect(body.path).toBe("/acc\\out\\bunny\\sh010\\tree\\instance_0001\\\\bunny_sh010_tree_cache_anim_v001");
  });

  it("ignores an unknown working file", async () => {
    const response = await t.request({
      method: "POST",
      url: url(instanceId, shot.id),
      token: artistToken,
      payload: { output_type_id: outputTypeId, task_type_id: taskTypeId, name: "loose", working_file_id: UNKNOWN_ID },
    });
    expect(response.statusCode).toBe(201);
    expect(response.json().source_file_id).toBeNull();
  });

  it("rejects a body without output_type_id", async () => {
    const response = await t.request({ method: "POST", url: url(instanceId, shot.id), token: artistToken, payload: { task_type_id: taskTypeId, revision: "two" } });
    expect(response.statusCode).toBe(400);
    expect(response.json().message).toBe("Validation error.");
    expect(response.json().data.errors.map((error: { field: string }) => error.field).sort()).toEqual(["output_type_id", "revision"]);
  });

  it("rejects an unknown output type", async () => {
    const response = await t.request({ method: "POST", url: url(instanceId, shot.id), token: artistToken, payload: { output_type_id: UNKNOWN_ID, task_type_id: taskTypeId } });
    expect(response.statusCode).toBe(400);
    expect(response.json()).toEqual({ message: "Cannot find given output type." });
  });

  it("answers 404 for an unknown task type", async () => {
    const response = await t.request({ method: "POST", url: url(instanceId, shot.id), token: artistToken, payload: { output_type_id: outputTypeId, task_type_id: UNKNOWN_ID } });
    expect(response.statusCode).toBe(404);
  });

  it("rejects an unknown person", async () => {
    const response = await t.request({
      method: "POST",
      url: url(instanceId, shot.id),
      token: artistToken,
      payload: { output_type_id: outputTypeId, task_type_id: taskTypeId, person_id: UNKNOWN_ID },
    });
    expect(response.statusCode).toBe(400);
    expect(response.json()).toEqual({ message: "Cannot find given person." });
  });

  it("answers 404 for an unknown or malformed asset instance", async () => {
    for (const id of [UNKNOWN_ID, "not-a-uuid"]) {
      const response = await t.request({ method: "POST", url: url(id, shot.id), token: artistToken, payload: { output_type_id: outputTypeId, task_type_id: taskTypeId } });
      expect(response.statusCode).toBe(404);
    }
  });

  it("answers 404 for an unknown or malformed temporal entity", async () => {
    for (const id of [UNKNOWN_ID, "not-a-uuid"]) {
      const response = await t.request({ method: "POST", url: url(instanceId, id), token: artistToken, payload: { output_type_id: outputTypeId, task_type_id: taskTypeId } });
      expect(response.statusCode).toBe(404);
    }
  });

  it("refuses a person off the team", async () => {
    const response = await t.request({ method: "POST", url: url(instanceId, shot.id), token: outsiderToken, payload: { output_type_id: outputTypeId, task_type_id: taskTypeId } });
    expect(response.statusCode).toBe(403);
  });

  it("rejects a project without a file tree and writes nothing", async () => {
    const bare = await makeInstanceInProject(null);
    const before = await outputFileCount();
    const response = await t.request({ method: "POST", url: url(bare.instanceId, bare.shotId), token: adminToken, payload: { output_type_id: outputTypeId, task_type_id: taskTypeId } });
    expect(response.statusCode).toBe(400);
    expect(response.json()).toEqual({ error: "No tree can be found for given project." });
    expect(await outputFileCount()).toBe(before);
  });

  it("rejects a tree without instance templates", async () => {
    const tree = { output: { mountpoint: "/acc", root: "out", folder_path: { shot: "<Shot>", style: "lowercase" }, file_name: { shot: "<Shot>", style: "lowercase" } } };
    const noInstance = await makeInstanceInProject(tree);
    const before = await outputFileCount();
    const response = await t.request({ method: "POST", url: url(noInstance.instanceId, noInstance.shotId), token: adminToken, payload: { output_type_id: outputTypeId, task_type_id: taskTypeId } });
    expect(response.statusCode).toBe(400);
    expect(typeof response.json().error).toBe("string");
    expect(await outputFileCount()).toBe(before);
  });

  it("rejects a template with an unknown token", async () => {
    const tree = { output: { ...TREE.output, file_name: { instance: "<Project>_<Camera>", style: "lowercase" } } };
    const unknownToken = await makeInstanceInProject(tree);
    const response = await t.request({ method: "POST", url: url(unknownToken.instanceId, unknownToken.shotId), token: adminToken, payload: { output_type_id: outputTypeId, task_type_id: taskTypeId } });
    expect(response.statusCode).toBe(400);
    expect(response.json()).toEqual({ error: "Unknown data type: Camera." });
  });

  it("renders the instance template of Zou's simple tree", async () => {
    const simple = {
      output: {
        mountpoint: "/simple",
        root: "productions/export",
        folder_path: {
          instance: "<Project>/<TemporalEntityType>/<Sequence>/<TemporalEntity>/<TaskType>/<OutputType>/<AssetType>/<Asset>/instance_<Instance.number>/<Representation>",
          style: "lowercase",
        },
        file_name: { instance: "<Project>_<Sequence>_<TemporalEntity>_<TaskType>_<OutputType>_<Name>_<Instance.name>_v<Version>", style: "lowercase" },
      },
    };
    await t.db.orm.update(projectTable).set({ fileTree: simple }).where(eq(projectTable.id, project.id));
    const response = await t.request({
      method: "POST",
      url: url(instanceId, shot.id),
      token: artistToken,
      payload: { output_type_id: outputTypeId, task_type_id: taskTypeId, name: "layout", representation: "ABC", revision: 7 },
    });
    expect(response.statusCode).toBe(201);
    expect(response.json().folder_path).toBe("/simple/productions/export/bunny/shot/sq01/sh010/animation/cache/prop/tree/instance_0001/abc");
    expect(response.json().file_name).toBe("bunny_sq01_sh010_animation_cache_layout_tree_0001_v007");
    await t.db.orm.update(projectTable).set({ fileTree: TREE }).where(eq(projectTable.id, project.id));
  });
});

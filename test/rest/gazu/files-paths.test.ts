import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { assetInstance } from "../../../schema/entities.js";
import { createTestApp, type TestApp } from "../../support/app.js";
import type { EntityRow, TaskRow } from "../../support/entities.builders.js";
import { gazuRoute } from "../../support/gazu-routes.js";
import { multipartBody } from "../../support/media.js";
import { makeSeedWorld, UNKNOWN_ID, expectZouObject, type SeedWorld } from "../../support/seed-b.world.js";

// Paths from the project's file tree: the working and output file paths,
// and the creation of working and output file revisions that carry them.

const TREE = {
  working: {
    mountpoint: "/prod",
    root: "work",
    folder_path: { shot: "<Project>/<Sequence>/<Shot>/<TaskType>", asset: "<Project>/<AssetType>/<Asset>/<TaskType>", style: "lowercase" },
    file_name: { shot: "<Shot>_<TaskType>_<Name>_v<Revision>", asset: "<Asset>_<Name>_v<Revision>", style: "lowercase" },
  },
  output: {
    mountpoint: "/prod",
    root: "out",
    folder_path: {
      shot: "<Project>/<Shot>/<OutputType>",
      asset: "<Project>/<Asset>/<OutputType>/<Representation>",
      instance: "<Project>/<TemporalEntity>/<Asset>/instance_<Instance.number>",
      style: "lowercase",
    },
    file_name: { shot: "<Shot>_<OutputType>_v<Revision>", asset: "<Asset>_<OutputType>_<Name>_v<Revision>", instance: "<TemporalEntity>_<Asset>_<Name>_v<Revision>", style: "lowercase" },
  },
};

let t: TestApp;
let w: SeedWorld;
let shot: EntityRow;
let asset: EntityRow;
let task: TaskRow;
let cacheTypeId: string;
let modelingTypeId: string;

beforeAll(async () => {
  t = await createTestApp();
  w = await makeSeedWorld(t);
  await t.db.query("update project set file_tree = $1, name = 'Big Bunny' where id = $2", [JSON.stringify(TREE), w.project.id]);
  const sequence = await t.make.makeSequence({ projectId: w.project.id, name: "SQ01" });
  shot = await t.make.makeShot({ projectId: w.project.id, sequenceId: sequence.id, name: "SH010" });
  asset = await t.make.makeAsset({ projectId: w.project.id, assetType: "Prop", name: "Tree" });
  const animation = await t.make.makeTaskType({ name: "Animation" });
  modelingTypeId = (await t.make.makeTaskType({ name: "Modeling" })).id;
  task = await t.make.makeTask({ entity: shot, taskTypeId: animation.id, assignees: [w.artist.person.id] });
  cacheTypeId = (await t.make.makeOutputType({ name: "Cache" })).id;
});

let taskCount = 0;
const nextTaskName = () => `task${(taskCount += 1)}`;

afterAll(async () => {
  await t.close();
});

describe("working file paths", () => {
  gazuRoute("POST", "/data/tasks/{task_id}/working-file-path", {
    succeeds: ["renders the folder and file name from the tree", async () => {
      const response = await t.request({ method: "POST", url: `/api/data/tasks/${task.id}/working-file-path`, token: w.artist.token, payload: { name: "main", mode: "working", revision: 3 } });
      expect(response.statusCode).toBe(200);
      expect(response.json()).toEqual({ path: "/prod/work/big_bunny/sq01/sh010/animation", name: "sh010_animation_main_v003" });
    }],
    fails: ["returns 400 with the message for a mode the tree lacks", async () => {
      const response = await t.request({ method: "POST", url: `/api/data/tasks/${task.id}/working-file-path`, token: w.artist.token, payload: { mode: "cache" } });
      expect(response.statusCode).toBe(400);
      expect(response.json()).toEqual({ message: "Mode cache cannot be found on given tree." });
    }],
  });

  it("uses the next revision when none is given", async () => {
    const own = await t.make.makeTask({ entity: shot, taskTypeId: task.taskTypeId!, name: nextTaskName() });
    await t.make.makeWorkingFile({ taskId: own.id, entityId: shot.id, name: "main", revision: 4 });
    const response = await t.request({ method: "POST", url: `/api/data/tasks/${own.id}/working-file-path`, token: w.manager.token, payload: { name: "main" } });
    expect(response.json().name).toBe("sh010_animation_main_v005");
  });

  it("forbids a working file path to a client", async () => {
    const response = await t.request({ method: "POST", url: `/api/data/tasks/${task.id}/working-file-path`, token: w.client.token, payload: {} });
    expect(response.statusCode).toBe(403);
  });

  gazuRoute("POST", "/data/tasks/{task_id}/working-files/new", {
    succeeds: ["creates the next revision with its path and assigns the caller", async () => {
      const own = await t.make.makeTask({ entity: shot, taskTypeId: task.taskTypeId!, name: nextTaskName() });
      const response = await t.request({ method: "POST", url: `/api/data/tasks/${own.id}/working-files/new`, token: w.supervisor.token, payload: { name: "main", comment: "first pass" } });
      expect(response.statusCode).toBe(201);
      expectZouObject(response.json(), "WorkingFile");
      expect(response.json()).toMatchObject({ name: "main", revision: 1, comment: "first pass", task_id: own.id, entity_id: shot.id, person_id: w.supervisor.person.id });
      expect(response.json().path).toBe("/prod/work/big_bunny/sq01/sh010/animation/sh010_animation_main_v001");
      const links = await t.db.query<{ person_id: string }>("select person_id from task_person_link where task_id = $1", [own.id]);
      expect(links.map((link) => link.person_id)).toEqual([w.supervisor.person.id]);
    }],
    fails: ["rejects a body without name", async () => {
      const response = await t.request({ method: "POST", url: `/api/data/tasks/${task.id}/working-files/new`, token: w.artist.token, payload: {} });
      expect(response.statusCode).toBe(400);
      expect(response.json().data.errors[0].field).toBe("name");
    }],
  });

  it("rejects a revision that already exists", async () => {
    const own = await t.make.makeTask({ entity: shot, taskTypeId: task.taskTypeId!, name: nextTaskName() });
    const payload = { name: "main", revision: 2 };
    await t.request({ method: "POST", url: `/api/data/tasks/${own.id}/working-files/new`, token: w.manager.token, payload });
    const response = await t.request({ method: "POST", url: `/api/data/tasks/${own.id}/working-files/new`, token: w.manager.token, payload });
    expect(response.statusCode).toBe(400);
    expect(response.json()).toEqual({ error: "The given working file already exists." });
  });

  it("creates, uploads and downloads a working file as a DCC plug-in does", async () => {
    const created = await t.request({ method: "POST", url: `/api/data/tasks/${task.id}/working-files/new`, token: w.artist.token, payload: { name: "plugin" } });
    const id = created.json().id as string;
    const { body, headers } = multipartBody("file", "scene.blend", Buffer.from("blend data"));
    const uploaded = await t.request({ method: "POST", url: `/api/data/working-files/${id}/file`, token: w.artist.token, payload: body, headers });
    expect(uploaded.statusCode).toBe(201);
    const download = await t.request({ method: "GET", url: `/api/data/working-files/${id}/file`, token: w.artist.token });
    expect(download.statusCode).toBe(200);
    expect(download.body).toBe("blend data");
  });
});

describe("output file paths", () => {
  gazuRoute("POST", "/data/entities/{entity_id}/output-file-path", {
    succeeds: ["renders the folder and file name from the tree", async () => {
      const response = await t.request({
        method: "POST",
        url: `/api/data/entities/${asset.id}/output-file-path`,
        token: w.artist.token,
        payload: { task_type_id: modelingTypeId, output_type_id: cacheTypeId, name: "main", representation: "abc", revision: 2, separator: "/" },
      });
      expect(response.statusCode).toBe(200);
      expect(response.json()).toEqual({ folder_path: "/prod/out/big_bunny/tree/cache/abc", file_name: "tree_cache_main_v002" });
    }],
    fails: ["rejects a body without task_type_id", async () => {
      const response = await t.request({ method: "POST", url: `/api/data/entities/${asset.id}/output-file-path`, token: w.artist.token, payload: { output_type_id: cacheTypeId } });
      expect(response.statusCode).toBe(400);
      expect(response.json().data.errors[0].field).toBe("task_type_id");
    }],
  });

  gazuRoute("POST", "/data/entities/{entity_id}/output-files/new", {
    succeeds: ["publishes the next revision with its paths", async () => {
      const response = await t.request({
        method: "POST",
        url: `/api/data/entities/${shot.id}/output-files/new`,
        token: w.artist.token,
        payload: { output_type_id: cacheTypeId, task_type_id: modelingTypeId, comment: "cache", extension: ".abc" },
      });
      expect(response.statusCode).toBe(201);
      expectZouObject(response.json(), "OutputFile");
      expect(response.json()).toMatchObject({ revision: 1, folder_path: "/prod/out/big_bunny/sh010/cache", file_name: "sh010_cache_v001", entity_id: shot.id });
      expect(response.json().path).toBe("/prod/out/big_bunny/sh010/cache/sh010_cache_v001.abc");
      const again = await t.request({
        method: "POST",
        url: `/api/data/entities/${shot.id}/output-files/new`,
        token: w.artist.token,
        payload: { output_type_id: cacheTypeId, task_type_id: modelingTypeId },
      });
      expect(again.json().revision).toBe(2);
    }],
    fails: ["answers 400 for an unknown output type", async () => {
      const response = await t.request({
        method: "POST",
        url: `/api/data/entities/${shot.id}/output-files/new`,
        token: w.artist.token,
        payload: { output_type_id: UNKNOWN_ID, task_type_id: modelingTypeId },
      });
      expect(response.statusCode).toBe(400);
      expect(response.json()).toEqual({ error: "Cannot find given output type." });
    }],
  });

  it("forbids publishing an output file to a vendor", async () => {
    const response = await t.request({ method: "POST", url: `/api/data/entities/${shot.id}/output-files/new`, token: w.vendor.token, payload: { output_type_id: cacheTypeId, task_type_id: modelingTypeId } });
    expect(response.statusCode).toBe(403);
  });
});

describe("asset instance output file paths", () => {
  gazuRoute("POST", "/data/asset-instances/{asset_instance_id}/entities/{temporal_entity_id}/output-file-path", {
    succeeds: ["renders the instance's folder and file name", async () => {
      const [instance] = await t.db.orm.insert(assetInstance).values({ assetId: asset.id, number: 2, entityId: shot.id }).returning();
      const response = await t.request({
        method: "POST",
        url: `/api/data/asset-instances/${instance.id}/entities/${shot.id}/output-file-path`,
        token: w.artist.token,
        payload: { task_type_id: modelingTypeId, output_type_id: cacheTypeId, name: "anim", revision: 4, separator: "/" },
      });
      expect(response.statusCode).toBe(200);
      expect(response.json()).toEqual({ folder_path: "/prod/out/big_bunny/sh010/tree/instance_0002", file_name: "sh010_tree_anim_v004" });
    }],
    fails: ["returns 404 for an unknown asset instance", async () => {
      const response = await t.request({
        method: "POST",
        url: `/api/data/asset-instances/${UNKNOWN_ID}/entities/${shot.id}/output-file-path`,
        token: w.artist.token,
        payload: { task_type_id: modelingTypeId, output_type_id: cacheTypeId },
      });
      expect(response.statusCode).toBe(404);
    }],
  });
});

describe("file trees", () => {
  gazuRoute("POST", "/actions/projects/{project_id}/set-file-tree", {
    succeeds: ["gives the project a named tree that renders paths", async () => {
      const other = await t.make.makeProject({ name: "Tree Test", team: [{ id: w.manager.person.id }] });
      const response = await t.request({ method: "POST", url: `/api/actions/projects/${other.id}/set-file-tree`, token: w.manager.token, payload: { tree_name: "simple" } });
      expect(response.statusCode).toBe(200);
      expect(response.json()).toMatchObject({ id: other.id, type: "Project" });
      expect(Object.keys(response.json().file_tree).sort()).toEqual(["output", "working"]);
      const prop = await t.make.makeAsset({ projectId: other.id, name: "Lamp" });
      const path = await t.request({
        method: "POST",
        url: `/api/data/entities/${prop.id}/output-file-path`,
        token: w.manager.token,
        payload: { task_type_id: modelingTypeId, output_type_id: cacheTypeId, revision: 1 },
      });
      expect(path.json()).toEqual({ folder_path: "/studio/projects/tree_test/lamp/cache", file_name: "lamp_cache_v001" });
    }],
    fails: ["rejects an unknown tree name", async () => {
      const response = await t.request({ method: "POST", url: `/api/actions/projects/${w.project.id}/set-file-tree`, token: w.manager.token, payload: { tree_name: "../../etc/passwd" } });
      expect(response.statusCode).toBe(400);
      expect(response.json().message).toBe("Selected tree is not available");
    }],
  });

  it("forbids setting a file tree to an artist", async () => {
    const response = await t.request({ method: "POST", url: `/api/actions/projects/${w.project.id}/set-file-tree`, token: w.artist.token, payload: { tree_name: "default" } });
    expect(response.statusCode).toBe(403);
  });
});

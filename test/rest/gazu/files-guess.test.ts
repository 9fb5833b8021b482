import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../../support/app.js";
import type { EntityRow, TaskRow } from "../../support/entities.builders.js";
import { gazuRoute } from "../../support/gazu-routes.js";
import { makeSeedWorld, UNKNOWN_ID, type SeedWorld } from "../../support/seed-b.world.js";

// Guessing entities back from file paths: the paths the working and output
// path routes render from the project's default tree are read back into the
// ids of the project, entities and types they name.

let t: TestApp;
let w: SeedWorld;
let asset: EntityRow;
let assetTask: TaskRow;
let episode: EntityRow;
let sequence: EntityRow;
let shot: EntityRow;
let shotTask: TaskRow;
let loneSequence: EntityRow;
let loneShot: EntityRow;
let loneShotTask: TaskRow;
let conceptArtId: string;
let animationId: string;
let cacheTypeId: string;

beforeAll(async () => {
  t = await createTestApp();
  w = await makeSeedWorld(t);
  const treeSet = await t.request({ method: "POST", url: `/api/actions/projects/${w.project.id}/set-file-tree`, token: w.admin.token, payload: { tree_name: "default" } });
  expect(treeSet.statusCode).toBe(200);

  conceptArtId = (await t.make.makeTaskType({ name: "Concept Art", forEntity: "Asset" })).id;
  animationId = (await t.make.makeTaskType({ name: "Animation" })).id;
  cacheTypeId = (await t.make.makeOutputType({ name: "Cache" })).id;

  asset = await t.make.makeAsset({ projectId: w.project.id, assetType: "Prop", name: "Magic Chair" });
  assetTask = await t.make.makeTask({ entity: asset, taskTypeId: conceptArtId });

  episode = await t.make.makeEpisode({ projectId: w.project.id, name: "E01" });
  sequence = await t.make.makeSequence({ projectId: w.project.id, episodeId: episode.id, name: "SQ01" });
  shot = await t.make.makeShot({ projectId: w.project.id, sequenceId: sequence.id, name: "SH010" });
  shotTask = await t.make.makeTask({ entity: shot, taskTypeId: animationId });

  loneSequence = await t.make.makeSequence({ projectId: w.project.id, name: "SQ02" });
  loneShot = await t.make.makeShot({ projectId: w.project.id, sequenceId: loneSequence.id, name: "SH020" });
  loneShotTask = await t.make.makeTask({ entity: loneShot, taskTypeId: animationId });
});

afterAll(async () => {
  await t.close();
});

/** Renders a task's full working file path through the working-file-path route. */
async function workingFilePath(taskId: string): Promise<string> {
  const response = await t.request({ method: "POST", url: `/api/data/tasks/${taskId}/working-file-path`, token: w.manager.token, payload: { name: "main", revision: 2 } });
  expect(response.statusCode).toBe(200);
  const { path, name } = response.json() as { path: string; name: string };
  return `${path}/${name}`;
}

function guess(payload: Record<string, unknown>, token = w.artist.token, path = "guess_from_path") {
  return t.request({ method: "POST", url: `/api/data/entities/${path}`, token, payload });
}

describe("guessing entities from a file path", () => {
  gazuRoute("POST", "/data/entities/guess_from_path", {
    succeeds: ["reads an asset working file path back into its ids", async () => {
      const filePath = await workingFilePath(assetTask.id);
      const response = await guess({ project_id: w.project.id, file_path: filePath });
      expect(response.statusCode).toBe(200);
      expect(response.json()).toEqual([
        { Template: "asset", Project: w.project.id, AssetType: asset.entityTypeId, Asset: asset.id, TaskType: conceptArtId },
      ]);
    }],
    fails: ["forbids a person outside the project's team", async () => {
      const response = await guess({ project_id: w.project.id, file_path: "/studio/projects/work/big_bunny" }, w.outsider.token);
      expect(response.statusCode).toBe(403);
    }],
  });

  it("returns 404 for an unknown project", async () => {
    const response = await guess({ project_id: UNKNOWN_ID, file_path: "/studio/projects/work/big_bunny" });
    expect(response.statusCode).toBe(404);
    expect(response.json()).toMatchObject({ error: true });
  });

  it("returns 404 for a malformed project id", async () => {
    const response = await guess({ project_id: "not-an-id", file_path: "/studio/projects/work/big_bunny" });
    expect(response.statusCode).toBe(404);
  });

  it("rejects a body without file_path", async () => {
    const response = await guess({ project_id: w.project.id });
    expect(response.statusCode).toBe(400);
    expect(response.json().message).toBe("Validation error.");
    expect(response.json().data.errors).toEqual([{ field: "file_path", message: "Field required" }]);
  });

  it("reads a shot path with its episode and sequence", async () => {
    const filePath = await workingFilePath(shotTask.id);
    const response = await guess({ project_id: w.project.id, file_path: filePath });
    expect(response.json()).toEqual([
      { Template: "shot", Project: w.project.id, Episode: episode.id, Sequence: sequence.id, Shot: shot.id, TaskType: animationId },
    ]);
  });

  it("skips the placeholder episode of a shot without one", async () => {
    const filePath = await workingFilePath(loneShotTask.id);
    expect(filePath).toContain("/shots/e001/sq02/sh020/");
    const response = await guess({ project_id: w.project.id, file_path: filePath });
    expect(response.json()).toEqual([
      { Template: "shot", Project: w.project.id, Sequence: loneSequence.id, Shot: loneShot.id, TaskType: animationId },
    ]);
  });

  it("reads an output path up to its revision", async () => {
    const rendered = await t.request({
      method: "POST",
      url: `/api/data/entities/${shot.id}/output-file-path`,
      token: w.manager.token,
      payload: { task_type_id: animationId, output_type_id: cacheTypeId, revision: 4, representation: "abc" },
    });
    expect(rendered.statusCode).toBe(200);
    const { folder_path: folderPath, file_name: fileName } = rendered.json() as { folder_path: string; file_name: string };
    const response = await guess({ project_id: w.project.id, file_path: `${folderPath}/${fileName}` }, w.supervisor.token);
    expect(response.json()).toEqual([
      {
        Template: "shot",
        Project: w.project.id,
        Episode: episode.id,
        Sequence: sequence.id,
        Shot: shot.id,
        TaskType: animationId,
        OutputType: cacheTypeId,
        Revision: "4",
        Representation: "abc",
      },
    ]);
  });

  it("stops at the first token that names nothing", async () => {
    const response = await guess({ project_id: w.project.id, file_path: "/studio/projects/work/big_bunny/assets/prop/unknown_chair/concept_art/file" });
    expect(response.json()).toEqual([{ Template: "asset", Project: w.project.id, AssetType: asset.entityTypeId }]);
  });

  it("returns an empty list for a path outside the tree's roots", async () => {
    const response = await guess({ project_id: w.project.id, file_path: "/elsewhere/big_bunny/assets/prop/magic_chair" });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual([]);
  });

  it("splits the path on the given separator", async () => {
    const rendered = await t.request({ method: "POST", url: `/api/data/tasks/${assetTask.id}/working-file-path`, token: w.manager.token, payload: { revision: 1, sep: "\\" } });
    const { path, name } = rendered.json() as { path: string; name: string };
    expect(path).toBe("/studio/projects\\work\\big_bunny\\assets\\prop\\magic_chair\\concept_art");
    const response = await guess({ project_id: w.project.id, file_path: `${path}\\${name}`, sep: "\\" });
    expect(response.json()).toEqual([
      { Template: "asset", Project: w.project.id, AssetType: asset.entityTypeId, Asset: asset.id, TaskType: conceptArtId },
    ]);
  });

  it("hides an asset from a vendor not assigned to it", async () => {
    const filePath = await workingFilePath(assetTask.id);
    const response = await guess({ project_id: w.project.id, file_path: filePath }, w.vendor.token);
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual([{ Template: "asset", Project: w.project.id, AssetType: asset.entityTypeId }]);
  });

  it("serves the kebab-case path too", async () => {
    const filePath = await workingFilePath(assetTask.id);
    const response = await guess({ project_id: w.project.id, file_path: filePath }, w.artist.token, "guess-from-path");
    expect(response.statusCode).toBe(200);
    expect(response.json()[0].Asset).toBe(asset.id);
  });

  it("returns 400 for a project without a file tree", async () => {
    const bare = await t.make.makeProject({ name: "Bare", team: [{ id: w.artist.person.id }] });
    await t.db.query("update project set file_tree = null where id = $1", [bare.id]);
    const response = await guess({ project_id: bare.id, file_path: "/studio/projects/work/bare" });
    expect(response.statusCode).toBe(400);
    expect(response.json()).toEqual({ message: "No tree can be found for given project." });
  });

  it("rejects an empty separator", async () => {
    const response = await guess({ project_id: w.project.id, file_path: "/studio", sep: "" });
    expect(response.statusCode).toBe(400);
    expect(response.json().data.errors).toEqual([{ field: "sep", message: "String should have at least 1 character" }]);
  });

  it("returns the same list over GraphQL", async () => {
    const filePath = await workingFilePath(assetTask.id);
    const result = await t.graphql("query Guess($body: JSON) { guessFromPath(body: $body) }", {
      token: w.artist.token,
      variables: { body: { project_id: w.project.id, file_path: filePath } },
    });
    expect(result.body.errors).toBeUndefined();
    expect(result.body.data?.guessFromPath).toEqual([
      { Template: "asset", Project: w.project.id, AssetType: asset.entityTypeId, Asset: asset.id, TaskType: conceptArtId },
    ]);
  });
});

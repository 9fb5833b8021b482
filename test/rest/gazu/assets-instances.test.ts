import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { assetInstance, assetInstanceLink, entityLink } from "../../../schema/entities.js";
import { createTestApp, type TestApp } from "../../support/app.js";
import type { EntityRow } from "../../support/entities.builders.js";
import { gazuRoute } from "../../support/gazu-routes.js";
import { eventNamesSince } from "../../support/roles.js";
import { makeSeedWorld, UNKNOWN_ID, expectZouObject, type SeedWorld } from "../../support/seed-b.world.js";

// Asset instances: numbered occurrences of an asset in a layout scene or
// inside another asset, attached to shots. The last block covers the generic
// instance and entity link routes gazu calls.

let t: TestApp;
let w: SeedWorld;
let forest: EntityRow;
let tree: EntityRow;
let camera: EntityRow;
let scene: EntityRow;
let shot: EntityRow;

beforeAll(async () => {
  t = await createTestApp();
  w = await makeSeedWorld(t);
  forest = await t.make.makeAsset({ projectId: w.project.id, assetType: "Set", name: "Forest" });
  tree = await t.make.makeAsset({ projectId: w.project.id, assetType: "Prop", name: "Old Oak é" });
  camera = await t.make.makeAsset({ projectId: w.project.id, assetType: "Camera", name: "Cam A" });
  const sequence = await t.make.makeSequence({ projectId: w.project.id, name: "SQ01" });
  scene = await t.make.makeScene({ projectId: w.project.id, sequenceId: sequence.id, name: "SC01" });
  shot = await t.make.makeShot({ projectId: w.project.id, sequenceId: sequence.id, name: "SH010" });
});

afterAll(async () => {
  await t.close();
});

async function sceneInstance(asset: EntityRow) {
  const response = await t.request({ method: "POST", url: `/api/data/scenes/${scene.id}/asset-instances`, token: w.artist.token, payload: { asset_id: asset.id } });
  expect(response.statusCode).toBe(201);
  return response.json() as { id: string; number: number; name: string };
}

describe("scene instances", () => {
  gazuRoute("POST", "/data/scenes/{scene_id}/asset-instances", {
    succeeds: ["creates numbered instances of the asset", async () => {
      const since = new Date();
      const first = await sceneInstance(tree);
      const response = await t.request({ method: "POST", url: `/api/data/scenes/${scene.id}/asset-instances`, token: w.artist.token, payload: { asset_id: tree.id, description: "second" } });
      expect(response.statusCode).toBe(201);
      const second = response.json();
      expectZouObject(second, "AssetInstance");
      expect(first.name).toBe("Old_Oak_e_0001");
      expect(second).toMatchObject({ asset_id: tree.id, scene_id: scene.id, number: first.number + 1, description: "second" });
      expect(await eventNamesSince(t, since)).toContain("asset_instance:new");
    }],
    fails: ["rejects a body without asset_id", async () => {
      const response = await t.request({ method: "POST", url: `/api/data/scenes/${scene.id}/asset-instances`, token: w.artist.token, payload: { description: "none" } });
      expect(response.statusCode).toBe(400);
      expect(response.json().data.errors[0].field).toBe("asset_id");
    }],
  });

  it("rejects a client creating an instance", async () => {
    const response = await t.request({ method: "POST", url: `/api/data/scenes/${scene.id}/asset-instances`, token: w.client.token, payload: { asset_id: tree.id } });
    expect(response.statusCode).toBe(403);
  });

  gazuRoute("GET", "/data/scenes/{scene_id}/asset-instances", {
    succeeds: ["returns the scene's instances keyed by asset id", async () => {
      await sceneInstance(forest);
      const response = await t.request({ method: "GET", url: `/api/data/scenes/${scene.id}/asset-instances`, token: w.artist.token });
      expect(response.statusCode).toBe(200);
      expect(response.json()[forest.id][0]).toMatchObject({ asset_id: forest.id, type: "AssetInstance" });
    }],
    fails: ["returns 404 for a shot id in place of a scene", async () => {
      const response = await t.request({ method: "GET", url: `/api/data/scenes/${shot.id}/asset-instances`, token: w.artist.token });
      expect(response.statusCode).toBe(404);
    }],
  });

  gazuRoute("GET", "/data/scenes/{scene_id}/camera-instances", {
    succeeds: ["returns only the camera instances", async () => {
      await sceneInstance(camera);
      const response = await t.request({ method: "GET", url: `/api/data/scenes/${scene.id}/camera-instances`, token: w.artist.token });
      expect(response.statusCode).toBe(200);
      expect(Object.keys(response.json())).toEqual([camera.id]);
    }],
    fails: ["rejects a person outside the team", async () => {
      const response = await t.request({ method: "GET", url: `/api/data/scenes/${scene.id}/camera-instances`, token: w.outsider.token });
      expect(response.statusCode).toBe(403);
    }],
  });

  gazuRoute("GET", "/data/assets/{asset_id}/scene-asset-instances", {
    succeeds: ["returns the asset's instances keyed by scene id", async () => {
      await sceneInstance(forest);
      const response = await t.request({ method: "GET", url: `/api/data/assets/${forest.id}/scene-asset-instances`, token: w.artist.token });
      expect(response.statusCode).toBe(200);
      expect(response.json()[scene.id].length).toBeGreaterThanOrEqual(1);
    }],
    fails: ["returns 404 for an unknown asset", async () => {
      const response = await t.request({ method: "GET", url: `/api/data/assets/${UNKNOWN_ID}/scene-asset-instances`, token: w.artist.token });
      expect(response.statusCode).toBe(404);
    }],
  });
});

describe("instances inside assets", () => {
  gazuRoute("POST", "/data/assets/{asset_id}/asset-asset-instances", {
    succeeds: ["instantiates an asset inside another", async () => {
      const response = await t.request({ method: "POST", url: `/api/data/assets/${forest.id}/asset-asset-instances`, token: w.manager.token, payload: { asset_to_instantiate_id: tree.id } });
      expect(response.statusCode).toBe(201);
      expect(response.json()).toMatchObject({ asset_id: tree.id, target_asset_id: forest.id, number: 1, type: "AssetInstance" });
    }],
    fails: ["returns 404 for an unknown asset to instantiate", async () => {
      const response = await t.request({ method: "POST", url: `/api/data/assets/${forest.id}/asset-asset-instances`, token: w.manager.token, payload: { asset_to_instantiate_id: UNKNOWN_ID } });
      expect(response.statusCode).toBe(404);
      const rows = await t.db.orm.select().from(assetInstance).where(eq(assetInstance.assetId, UNKNOWN_ID));
      expect(rows).toEqual([]);
    }],
  });

  gazuRoute("GET", "/data/assets/{asset_id}/asset-asset-instances", {
    succeeds: ["returns the instances inside the asset keyed by asset id", async () => {
      const response = await t.request({ method: "GET", url: `/api/data/assets/${forest.id}/asset-asset-instances`, token: w.artist.token });
      expect(response.statusCode).toBe(200);
      expect(response.json()[tree.id][0]).toMatchObject({ target_asset_id: forest.id });
    }],
    fails: ["rejects a vendor without a task on the asset", async () => {
      const response = await t.request({ method: "GET", url: `/api/data/assets/${forest.id}/asset-asset-instances`, token: w.vendor.token });
      expect(response.statusCode).toBe(403);
    }],
  });
});

describe("shot instances", () => {
  gazuRoute("POST", "/data/shots/{shot_id}/asset-instances", {
    succeeds: ["attaches the instance and returns the shot", async () => {
      const instance = await sceneInstance(tree);
      const response = await t.request({ method: "POST", url: `/api/data/shots/${shot.id}/asset-instances`, token: w.artist.token, payload: { asset_instance_id: instance.id } });
      expect(response.statusCode).toBe(201);
      expect(response.json()).toMatchObject({ id: shot.id, type: "Shot" });
      const links = await t.db.orm.select().from(assetInstanceLink).where(and(eq(assetInstanceLink.entityId, shot.id), eq(assetInstanceLink.assetInstanceId, instance.id)));
      expect(links).toHaveLength(1);
    }],
    fails: ["returns 404 for an unknown instance", async () => {
      const response = await t.request({ method: "POST", url: `/api/data/shots/${shot.id}/asset-instances`, token: w.artist.token, payload: { asset_instance_id: UNKNOWN_ID } });
      expect(response.statusCode).toBe(404);
    }],
  });

  gazuRoute("GET", "/data/shots/{shot_id}/asset-instances", {
    succeeds: ["returns the attached instances keyed by asset id", async () => {
      const response = await t.request({ method: "GET", url: `/api/data/shots/${shot.id}/asset-instances`, token: w.artist.token });
      expect(response.statusCode).toBe(200);
      expect(response.json()[tree.id][0]).toMatchObject({ asset_id: tree.id, type: "AssetInstance" });
    }],
    fails: ["rejects a person outside the team", async () => {
      const response = await t.request({ method: "GET", url: `/api/data/shots/${shot.id}/asset-instances`, token: w.outsider.token });
      expect(response.statusCode).toBe(403);
    }],
  });

  gazuRoute("GET", "/data/assets/{asset_id}/shot-asset-instances", {
    succeeds: ["returns the asset's instances keyed by shot id", async () => {
      const response = await t.request({ method: "GET", url: `/api/data/assets/${tree.id}/shot-asset-instances`, token: w.artist.token });
      expect(response.statusCode).toBe(200);
      expect(response.json()[shot.id][0]).toMatchObject({ asset_id: tree.id });
    }],
    fails: ["returns 404 for a malformed asset id", async () => {
      const response = await t.request({ method: "GET", url: "/api/data/assets/not-an-id/shot-asset-instances", token: w.artist.token });
      expect(response.statusCode).toBe(404);
    }],
  });

  gazuRoute("DELETE", "/data/shots/{shot_id}/asset-instances/{asset_instance_id}", {
    succeeds: ["detaches the instance from the shot", async () => {
      const instance = await sceneInstance(forest);
      await t.request({ method: "POST", url: `/api/data/shots/${shot.id}/asset-instances`, token: w.artist.token, payload: { asset_instance_id: instance.id } });
      const response = await t.request({ method: "DELETE", url: `/api/data/shots/${shot.id}/asset-instances/${instance.id}`, token: w.artist.token });
      expect(response.statusCode).toBe(204);
      const links = await t.db.orm.select().from(assetInstanceLink).where(eq(assetInstanceLink.assetInstanceId, instance.id));
      expect(links).toEqual([]);
    }],
    fails: ["returns 404 for an instance not attached to the shot", async () => {
      const instance = await sceneInstance(forest);
      const response = await t.request({ method: "DELETE", url: `/api/data/shots/${shot.id}/asset-instances/${instance.id}`, token: w.artist.token });
      expect(response.statusCode).toBe(404);
    }],
  });
});

describe("generic instance and link routes", () => {
  gazuRoute("GET", "/data/asset-instances/{instance_id}", {
    succeeds: ["returns the instance", async () => {
      const instance = await sceneInstance(tree);
      const response = await t.request({ method: "GET", url: `/api/data/asset-instances/${instance.id}`, token: w.artist.token });
      expect(response.statusCode).toBe(200);
      expectZouObject(response.json(), "AssetInstance");
      expect(response.json()).toMatchObject({ id: instance.id, asset_id: tree.id, scene_id: scene.id });
    }],
    fails: ["rejects a person outside the team", async () => {
      const instance = await sceneInstance(tree);
      const response = await t.request({ method: "GET", url: `/api/data/asset-instances/${instance.id}`, token: w.outsider.token });
      expect(response.statusCode).toBe(403);
    }],
  });

  gazuRoute("GET", "/data/asset-instances", {
    succeeds: ["finds an instance by name and scene for an admin", async () => {
      const instance = await sceneInstance(camera);
      const response = await t.request({ method: "GET", url: `/api/data/asset-instances?name=${instance.name}&scene_id=${scene.id}`, token: w.admin.token });
      expect(response.statusCode).toBe(200);
      expect(response.json().map((item: { id: string }) => item.id)).toEqual([instance.id]);
    }],
    fails: ["rejects an artist", async () => {
      const response = await t.request({ method: "GET", url: `/api/data/asset-instances?scene_id=${scene.id}`, token: w.artist.token });
      expect(response.statusCode).toBe(403);
    }],
  });

  gazuRoute("PUT", "/data/asset-instances/{instance_id}", {
    succeeds: ["renames the instance and sets its data", async () => {
      const instance = await sceneInstance(tree);
      const response = await t.request({ method: "PUT", url: `/api/data/asset-instances/${instance.id}`, token: w.artist.token, payload: { name: "hero_tree", data: { lod: 2 } } });
      expect(response.statusCode).toBe(200);
      expect(response.json()).toMatchObject({ id: instance.id, name: "hero_tree", data: { lod: 2 }, number: instance.number });
    }],
    fails: ["rejects a person outside the team and keeps the name", async () => {
      const instance = await sceneInstance(tree);
      const response = await t.request({ method: "PUT", url: `/api/data/asset-instances/${instance.id}`, token: w.outsider.token, payload: { name: "stolen" } });
      expect(response.statusCode).toBe(403);
      const [row] = await t.db.orm.select().from(assetInstance).where(eq(assetInstance.id, instance.id));
      expect(row.name).toBe(instance.name);
    }],
  });

  it("keeps the protected instance number", async () => {
    const instance = await sceneInstance(tree);
    const response = await t.request({ method: "PUT", url: `/api/data/asset-instances/${instance.id}`, token: w.artist.token, payload: { number: 999 } });
    expect(response.statusCode).toBe(200);
    const [row] = await t.db.orm.select().from(assetInstance).where(eq(assetInstance.id, instance.id));
    expect(row.number).toBe(instance.number);
  });

  gazuRoute("DELETE", "/data/entity-links/{instance_id}", {
    succeeds: ["deletes the link for an admin", async () => {
      const [link] = await t.db.orm.insert(entityLink).values({ entityInId: shot.id, entityOutId: forest.id }).returning();
      const response = await t.request({ method: "DELETE", url: `/api/data/entity-links/${link.id}`, token: w.admin.token });
      expect(response.statusCode).toBe(204);
      expect(await t.db.orm.select().from(entityLink).where(eq(entityLink.id, link.id))).toEqual([]);
    }],
    fails: ["rejects a manager and keeps the link", async () => {
      const [link] = await t.db.orm.insert(entityLink).values({ entityInId: shot.id, entityOutId: camera.id }).returning();
      const response = await t.request({ method: "DELETE", url: `/api/data/entity-links/${link.id}`, token: w.manager.token });
      expect(response.statusCode).toBe(403);
      expect(await t.db.orm.select().from(entityLink).where(eq(entityLink.id, link.id))).toHaveLength(1);
    }],
  });
});

import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect } from "vitest";
import { entityLink } from "../../../schema/entities.js";
import { createTestApp, type TestApp } from "../../support/app.js";
import type { EntityRow } from "../../support/entities.builders.js";
import { makeSeedWorld, UNKNOWN_ID, type SeedWorld } from "../../support/seed-b.world.js";
import { kitsuRoute } from "./kitsu-routes.js";

// Kitsu's breakdown page: the casting of a whole episode and the saving of
// several castings at once.

let t: TestApp;
let w: SeedWorld;
let episode: EntityRow;
let shotA: EntityRow;
let shotB: EntityRow;
let hero: EntityRow;
let sword: EntityRow;

beforeAll(async () => {
  t = await createTestApp();
  w = await makeSeedWorld(t);
  episode = await t.make.makeEpisode({ projectId: w.project.id, name: "E01" });
  const sequence = await t.make.makeSequence({ projectId: w.project.id, episodeId: episode.id, name: "SQ01" });
  shotA = await t.make.makeShot({ projectId: w.project.id, sequenceId: sequence.id, name: "SH010" });
  shotB = await t.make.makeShot({ projectId: w.project.id, sequenceId: sequence.id, name: "SH020" });
  hero = await t.make.makeAsset({ projectId: w.project.id, assetType: "Character", name: "Hero" });
  sword = await t.make.makeAsset({ projectId: w.project.id, assetType: "Prop", name: "Sword" });
  await t.db.orm.insert(entityLink).values([
    { entityInId: shotA.id, entityOutId: hero.id, nbOccurences: 2 },
    { entityInId: shotB.id, entityOutId: sword.id, nbOccurences: 1 },
  ]);
});

afterAll(async () => {
  await t.close();
});

async function castAssetIds(entityId: string): Promise<string[]> {
  const links = await t.db.orm.select().from(entityLink).where(eq(entityLink.entityInId, entityId));
  return links.map((link) => link.entityOutId).sort();
}

describe("episode casting", () => {
  kitsuRoute("GET", "/data/projects/{project_id}/episodes/{episode_id}/sequences/all/casting", {
    succeeds: ["returns the casting of every shot keyed by shot id", async () => {
      const response = await t.request({ method: "GET", url: `/api/data/projects/${w.project.id}/episodes/${episode.id}/sequences/all/casting`, token: w.artist.token });
      expect(response.statusCode).toBe(200);
      const body = response.json();
      expect(Object.keys(body).sort()).toEqual([shotA.id, shotB.id].sort());
      expect(body[shotA.id][0]).toMatchObject({ asset_id: hero.id, asset_name: "Hero", asset_type_name: "Character", sequence_name: "SQ01", nb_occurences: 2, is_shared: false });
    }],
    fails: ["rejects a vendor", async () => {
      const response = await t.request({ method: "GET", url: `/api/data/projects/${w.project.id}/episodes/${episode.id}/sequences/all/casting`, token: w.vendor.token });
      expect(response.statusCode).toBe(403);
    }],
  });

  kitsuRoute("GET", "/data/projects/{project_id}/episodes/{episode_id}/sequences/all/casting", {
    succeeds: ["returns an empty object for the main pseudo-episode", async () => {
      const response = await t.request({ method: "GET", url: `/api/data/projects/${w.project.id}/episodes/main/sequences/all/casting`, token: w.artist.token });
      expect(response.statusCode).toBe(200);
      expect(response.json()).toEqual({});
    }],
    fails: ["answers 404 for a malformed episode id", async () => {
      const response = await t.request({ method: "GET", url: `/api/data/projects/${w.project.id}/episodes/nope/sequences/all/casting`, token: w.artist.token });
      expect(response.statusCode).toBe(404);
    }],
  });
});

describe("casting of several entities", () => {
  kitsuRoute("PUT", "/data/projects/{project_id}/entities/casting", {
    succeeds: ["replaces each entity's casting", async () => {
      const response = await t.request({
        method: "PUT",
        url: `/api/data/projects/${w.project.id}/entities/casting`,
        token: w.manager.token,
        payload: { [shotA.id]: [{ asset_id: sword.id, nb_occurences: 1 }], [shotB.id]: [{ asset_id: hero.id, nb_occurences: 3 }, { asset_id: sword.id, nb_occurences: 1 }] },
      });
      expect(response.statusCode).toBe(200);
      const body = response.json();
      expect(Object.keys(body).sort()).toEqual([shotA.id, shotB.id].sort());
      expect(body[shotB.id]).toHaveLength(2);
      expect(await castAssetIds(shotA.id)).toEqual([sword.id]);
      expect(await castAssetIds(shotB.id)).toEqual([hero.id, sword.id].sort());
    }],
    fails: ["writes nothing when a later entity's asset is unknown", async () => {
      const response = await t.request({
        method: "PUT",
        url: `/api/data/projects/${w.project.id}/entities/casting`,
        token: w.manager.token,
        payload: { [shotA.id]: [{ asset_id: hero.id, nb_occurences: 1 }], [shotB.id]: [{ asset_id: UNKNOWN_ID, nb_occurences: 1 }] },
      });
      expect(response.statusCode).toBe(404);
      expect(await castAssetIds(shotA.id)).toEqual([sword.id]);
    }],
  });

  kitsuRoute("PUT", "/data/projects/{project_id}/entities/casting", {
    succeeds: ["accepts an empty object", async () => {
      const response = await t.request({ method: "PUT", url: `/api/data/projects/${w.project.id}/entities/casting`, token: w.admin.token, payload: {} });
      expect(response.statusCode).toBe(200);
      expect(response.json()).toEqual({});
    }],
    fails: ["rejects an artist", async () => {
      const response = await t.request({ method: "PUT", url: `/api/data/projects/${w.project.id}/entities/casting`, token: w.artist.token, payload: { [shotA.id]: [] } });
      expect(response.statusCode).toBe(403);
      expect(await castAssetIds(shotA.id)).toEqual([sword.id]);
    }],
  });

  kitsuRoute("PUT", "/data/projects/{project_id}/entities/casting", {
    succeeds: ["clears a casting with an empty list", async () => {
      const response = await t.request({ method: "PUT", url: `/api/data/projects/${w.project.id}/entities/casting`, token: w.manager.token, payload: { [shotA.id]: [] } });
      expect(response.statusCode).toBe(200);
      expect(await castAssetIds(shotA.id)).toEqual([]);
    }],
    fails: ["rejects a body that is not an object of lists", async () => {
      const response = await t.request({ method: "PUT", url: `/api/data/projects/${w.project.id}/entities/casting`, token: w.manager.token, payload: { [shotA.id]: "hero" } });
      expect(response.statusCode).toBe(400);
      expect(response.json().message).toBe("Request body must be a JSON object mapping entity ids to casting arrays");
    }],
  });
});

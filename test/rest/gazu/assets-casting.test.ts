import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { entity, entityLink } from "../../../schema/entities.js";
import { countStatements } from "../../../src/db/statements.js";
import { createTestApp, type TestApp } from "../../support/app.js";
import type { EntityRow } from "../../support/entities.builders.js";
import { gazuRoute } from "../../support/gazu-routes.js";
import { eventNamesSince } from "../../support/roles.js";
import { makeSeedWorld, UNKNOWN_ID, type SeedWorld } from "../../support/seed-b.world.js";

// Casting (entity_link rows): the casting of one entity, of a sequence's
// shots, of an asset type and of the episodes, where an asset is cast, its
// replacement, and the project's list of links.

let t: TestApp;
let w: SeedWorld;
let characterTypeId: string;
let hero: EntityRow;
let sword: EntityRow;
let tree: EntityRow;
let episode: EntityRow;
let sequence: EntityRow;
let shot: EntityRow;

beforeAll(async () => {
  t = await createTestApp();
  w = await makeSeedWorld(t);
  characterTypeId = await t.make.makeEntityType("Character");
  episode = await t.make.makeEpisode({ projectId: w.project.id, name: "E01" });
  sequence = await t.make.makeSequence({ projectId: w.project.id, episodeId: episode.id, name: "SQ01" });
  shot = await t.make.makeShot({ projectId: w.project.id, sequenceId: sequence.id, name: "SH010" });
  hero = await t.make.makeAsset({ projectId: w.project.id, assetType: "Character", name: "Hero" });
  sword = await t.make.makeAsset({ projectId: w.project.id, assetType: "Prop", name: "Sword" });
  tree = await t.make.makeAsset({ projectId: w.project.id, assetType: "Set", name: "Forest" });
  await t.db.orm.insert(entityLink).values([
    { entityInId: shot.id, entityOutId: hero.id, nbOccurences: 2, label: "main" },
    { entityInId: shot.id, entityOutId: sword.id },
    { entityInId: episode.id, entityOutId: hero.id },
    { entityInId: hero.id, entityOutId: sword.id },
  ]);
});

afterAll(async () => {
  await t.close();
});

async function linksOf(entityId: string) {
  return t.db.orm.select().from(entityLink).where(eq(entityLink.entityInId, entityId));
}

describe("casting reads", () => {
  gazuRoute("GET", "/data/projects/{project_id}/entities/{entity_id}/casting", {
    succeeds: ["returns the shot's assets with occurrences", async () => {
      const response = await t.request({ method: "GET", url: `/api/data/projects/${w.project.id}/entities/${shot.id}/casting`, token: w.artist.token });
      expect(response.statusCode).toBe(200);
      const body = response.json();
      expect(body.map((item: { asset_name: string }) => item.asset_name)).toEqual(["Hero", "Sword"]);
      expect(body[0]).toMatchObject({ asset_id: hero.id, asset_type_name: "Character", nb_occurences: 2, label: "main", project_id: w.project.id, is_shared: false });
    }],
    fails: ["rejects a vendor", async () => {
      const response = await t.request({ method: "GET", url: `/api/data/projects/${w.project.id}/entities/${shot.id}/casting`, token: w.vendor.token });
      expect(response.statusCode).toBe(403);
      expect(response.body).not.toContain(hero.id);
    }],
  });

  it("rejects an entity of another project", async () => {
    const other = await t.make.makeProject({ team: [{ id: w.artist.person.id }] });
    const response = await t.request({ method: "GET", url: `/api/data/projects/${other.id}/entities/${shot.id}/casting`, token: w.artist.token });
    expect(response.statusCode).toBe(403);
  });

  it("leaves canceled assets out of a casting", async () => {
    const ghost = await t.make.makeAsset({ projectId: w.project.id, name: "Ghost", canceled: true });
    const holder = await t.make.makeShot({ projectId: w.project.id, sequenceId: sequence.id, name: "SH020" });
    await t.db.orm.insert(entityLink).values({ entityInId: holder.id, entityOutId: ghost.id });
    const response = await t.request({ method: "GET", url: `/api/data/projects/${w.project.id}/entities/${holder.id}/casting`, token: w.artist.token });
    expect(response.json()).toEqual([]);
  });

  gazuRoute("GET", "/data/projects/{project_id}/sequences/{sequence_id}/casting", {
    succeeds: ["returns each shot's casting keyed by shot id", async () => {
      const response = await t.request({ method: "GET", url: `/api/data/projects/${w.project.id}/sequences/${sequence.id}/casting`, token: w.artist.token });
      expect(response.statusCode).toBe(200);
      const casting = response.json()[shot.id];
      expect(casting).toHaveLength(2);
      expect(casting[0]).toMatchObject({ asset_id: hero.id, name: "Hero", asset_name: "Hero", sequence_name: "SQ01", nb_occurences: 2 });
    }],
    fails: ["returns 404 for a shot id in place of a sequence", async () => {
      const response = await t.request({ method: "GET", url: `/api/data/projects/${w.project.id}/sequences/${shot.id}/casting`, token: w.artist.token });
      expect(response.statusCode).toBe(404);
    }],
  });

  it("reads a sequence's casting in a fixed number of statements", async () => {
    const other = await t.make.makeSequence({ projectId: w.project.id, name: "SQ99" });
    const url = `/api/data/projects/${w.project.id}/sequences/${other.id}/casting`;
    const extras = [await t.make.makeAsset({ projectId: w.project.id, name: "Extra 1" }), await t.make.makeAsset({ projectId: w.project.id, name: "Extra 2" })];
    const castShot = async (name: string) => {
      const row = await t.make.makeShot({ projectId: w.project.id, sequenceId: other.id, name });
      await t.db.orm.insert(entityLink).values(extras.map((extra) => ({ entityInId: row.id, entityOutId: extra.id })));
    };
    await castShot("A1");
    const few = await countStatements(async () => await t.request({ method: "GET", url, token: w.artist.token }));
    for (const name of ["A2", "A3", "A4", "A5"]) await castShot(name);
    const many = await countStatements(async () => await t.request({ method: "GET", url, token: w.artist.token }));
    expect(Object.keys(many.result.json())).toHaveLength(5);
    expect(many.count).toBe(few.count);
  });

  gazuRoute("GET", "/data/projects/{project_id}/asset-types/{asset_type_id}/casting", {
    succeeds: ["returns each asset's casting keyed by asset id", async () => {
      const response = await t.request({ method: "GET", url: `/api/data/projects/${w.project.id}/asset-types/${characterTypeId}/casting`, token: w.supervisor.token });
      expect(response.statusCode).toBe(200);
      expect(Object.keys(response.json())).toEqual([hero.id]);
      expect(response.json()[hero.id][0]).toMatchObject({ asset_id: sword.id, asset_name: "Sword", asset_type_name: "Prop", nb_occurences: 1 });
    }],
    fails: ["returns 404 for an unknown asset type", async () => {
      const response = await t.request({ method: "GET", url: `/api/data/projects/${w.project.id}/asset-types/${UNKNOWN_ID}/casting`, token: w.supervisor.token });
      expect(response.statusCode).toBe(404);
    }],
  });

  gazuRoute("GET", "/data/projects/{project_id}/episodes/casting", {
    succeeds: ["returns each episode's casting keyed by episode id", async () => {
      const response = await t.request({ method: "GET", url: `/api/data/projects/${w.project.id}/episodes/casting`, token: w.artist.token });
      expect(response.statusCode).toBe(200);
      expect(Object.keys(response.json())).toEqual([episode.id]);
      expect(response.json()[episode.id][0]).toMatchObject({ asset_id: hero.id, asset_name: "Hero", name: "Hero" });
    }],
    fails: ["rejects a person outside the team", async () => {
      const response = await t.request({ method: "GET", url: `/api/data/projects/${w.project.id}/episodes/casting`, token: w.outsider.token });
      expect(response.statusCode).toBe(403);
    }],
  });

  gazuRoute("GET", "/data/assets/{asset_id}/cast-in", {
    succeeds: ["lists the shots then the assets using the asset", async () => {
      const response = await t.request({ method: "GET", url: `/api/data/assets/${sword.id}/cast-in`, token: w.artist.token });
      expect(response.statusCode).toBe(200);
      const body = response.json();
      expect(body).toHaveLength(2);
      expect(body[0]).toMatchObject({ shot_id: shot.id, shot_name: "SH010", sequence_name: "SQ01", episode_id: episode.id, episode_name: "E01", nb_occurences: 1 });
      expect(body[1]).toMatchObject({ asset_id: hero.id, asset_name: "Hero", asset_type_name: "Character" });
    }],
    fails: ["hides the asset from a vendor without a task on it", async () => {
      const response = await t.request({ method: "GET", url: `/api/data/assets/${sword.id}/cast-in`, token: w.vendor.token });
      expect(response.statusCode).toBe(403);
    }],
  });
});

describe("casting replacement", () => {
  gazuRoute("PUT", "/data/projects/{project_id}/entities/{entity_id}/casting", {
    succeeds: ["replaces the shot's casting and returns it", async () => {
      const target = await t.make.makeShot({ projectId: w.project.id, sequenceId: sequence.id, name: "SH100" });
      await t.db.orm.insert(entityLink).values({ entityInId: target.id, entityOutId: sword.id });
      const since = new Date();
      const casting = [{ asset_id: tree.id, nb_occurences: 3, label: "fixed" }, { asset_id: hero.id, nb_occurences: 1 }];
      const response = await t.request({ method: "PUT", url: `/api/data/projects/${w.project.id}/entities/${target.id}/casting`, token: w.manager.token, payload: casting });
      expect(response.statusCode).toBe(200);
      expect(response.json()).toEqual(casting);

      const links = await linksOf(target.id);
      expect(links.map((link) => link.entityOutId).sort()).toEqual([hero.id, tree.id].sort());
      expect(links.find((link) => link.entityOutId === tree.id)).toMatchObject({ nbOccurences: 3, label: "fixed" });
      const [row] = await t.db.orm.select().from(entity).where(eq(entity.id, target.id));
      expect(row.nbEntitiesOut).toBe(2);
      expect(await eventNamesSince(t, since)).toContain("shot:casting-update");
    }],
    fails: ["rejects an artist and keeps the casting", async () => {
      const response = await t.request({ method: "PUT", url: `/api/data/projects/${w.project.id}/entities/${shot.id}/casting`, token: w.artist.token, payload: [] });
      expect(response.statusCode).toBe(403);
      expect(await linksOf(shot.id)).toHaveLength(2);
    }],
  });

  it("rejects a body that is not an array", async () => {
    const response = await t.request({ method: "PUT", url: `/api/data/projects/${w.project.id}/entities/${shot.id}/casting`, token: w.manager.token, payload: { asset_id: hero.id } });
    expect(response.statusCode).toBe(400);
    expect(response.json().message).toBe("Request body must be a JSON array");
  });

  it("rejects an unknown asset and writes nothing", async () => {
    const response = await t.request({
      method: "PUT",
      url: `/api/data/projects/${w.project.id}/entities/${shot.id}/casting`,
      token: w.manager.token,
      payload: [{ asset_id: UNKNOWN_ID, nb_occurences: 1 }],
    });
    expect(response.statusCode).toBe(404);
    expect(await linksOf(shot.id)).toHaveLength(2);
  });

  it("casts a shot's new asset in its episode and detaches it when unused", async () => {
    const target = await t.make.makeShot({ projectId: w.project.id, sequenceId: sequence.id, name: "SH200" });
    const rock = await t.make.makeAsset({ projectId: w.project.id, assetType: "Prop", name: "Rock" });
    const url = `/api/data/projects/${w.project.id}/entities/${target.id}/casting`;
    await t.request({ method: "PUT", url, token: w.manager.token, payload: [{ asset_id: rock.id, nb_occurences: 1 }] });
    const inEpisode = () => t.db.orm.select().from(entityLink).where(and(eq(entityLink.entityInId, episode.id), eq(entityLink.entityOutId, rock.id)));
    expect(await inEpisode()).toHaveLength(1);

    await t.request({ method: "PUT", url, token: w.manager.token, payload: [] });
    expect(await inEpisode()).toHaveLength(0);
  });

  it("removes an asset dropped from an episode from its shots", async () => {
    const target = await t.make.makeShot({ projectId: w.project.id, sequenceId: sequence.id, name: "SH300" });
    const prop = await t.make.makeAsset({ projectId: w.project.id, assetType: "Prop", name: "Lamp" });
    await t.request({ method: "PUT", url: `/api/data/projects/${w.project.id}/entities/${target.id}/casting`, token: w.manager.token, payload: [{ asset_id: prop.id, nb_occurences: 1 }] });
    const episodeCasting = (await linksOf(episode.id)).filter((link) => link.entityOutId !== prop.id).map((link) => ({ asset_id: link.entityOutId, nb_occurences: link.nbOccurences }));

    const response = await t.request({ method: "PUT", url: `/api/data/projects/${w.project.id}/entities/${episode.id}/casting`, token: w.manager.token, payload: episodeCasting });
    expect(response.statusCode).toBe(200);
    expect(await linksOf(target.id)).toEqual([]);
  });
});

describe("project entity links", () => {
  gazuRoute("GET", "/data/projects/{project_id}/entity-links", {
    succeeds: ["lists the project's links oldest first", async () => {
      const response = await t.request({ method: "GET", url: `/api/data/projects/${w.project.id}/entity-links`, token: w.manager.token });
      expect(response.statusCode).toBe(200);
      const body = response.json();
      expect(body.length).toBeGreaterThanOrEqual(4);
      expect(body[0]).toHaveProperty("entity_in_id");
      expect(body[0]).toHaveProperty("entity_out_id");
      expect(body[0]).toHaveProperty("nb_occurences");
      expect(body[0].type).toBe("EntityLink");
      expect(body[0].created_at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}$/);
    }],
    fails: ["rejects an artist", async () => {
      const response = await t.request({ method: "GET", url: `/api/data/projects/${w.project.id}/entity-links`, token: w.artist.token });
      expect(response.statusCode).toBe(403);
    }],
  });

  it("returns a page of links", async () => {
    const response = await t.request({ method: "GET", url: `/api/data/projects/${w.project.id}/entity-links?page=1&limit=2`, token: w.manager.token });
    expect(response.statusCode).toBe(200);
    const body = response.json();
    expect(body.data).toHaveLength(2);
    expect(body).toMatchObject({ page: 1, limit: 2, offset: 0 });
    expect(body.total).toBeGreaterThanOrEqual(4);
    expect(body.nb_pages).toBe(Math.ceil(body.total / 2));
  });

  it("rejects a malformed page number", async () => {
    const response = await t.request({ method: "GET", url: `/api/data/projects/${w.project.id}/entity-links?page=first`, token: w.manager.token });
    expect(response.statusCode).toBe(400);
  });
});

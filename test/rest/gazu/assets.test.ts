import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { entityLink, entityType } from "../../../schema/entities.js";
import { metadataDescriptor } from "../../../schema/projects.js";
import { countStatements } from "../../../src/db/statements.js";
import { createTestApp, type TestApp } from "../../support/app.js";
import type { EntityRow } from "../../support/entities.builders.js";
import { gazuRoute } from "../../support/gazu-routes.js";
import { eventNamesSince } from "../../support/roles.js";
import { makeSeedWorld, UNKNOWN_ID, expectZouObject, type SeedWorld } from "../../support/seed-b.world.js";

// Assets and asset types: the lists gazu reads by project, type, shot and
// episode, the full asset, and the creation and deletion of assets.

let t: TestApp;
let w: SeedWorld;
let characterTypeId: string;
let propTypeId: string;
let hero: EntityRow;
let villain: EntityRow;
let sword: EntityRow;
let episode: EntityRow;
let shot: EntityRow;

beforeAll(async () => {
  t = await createTestApp();
  w = await makeSeedWorld(t);
  characterTypeId = await t.make.makeEntityType("Character");
  propTypeId = await t.make.makeEntityType("Prop");
  episode = await t.make.makeEpisode({ projectId: w.project.id, name: "E01" });
  hero = await t.make.makeAsset({ projectId: w.project.id, assetType: "Character", name: "Hero" });
  villain = await t.make.makeAsset({ projectId: w.project.id, assetType: "Character", name: "Villain", sourceId: episode.id });
  sword = await t.make.makeAsset({ projectId: w.project.id, assetType: "Prop", name: "Sword" });
  const sequence = await t.make.makeSequence({ projectId: w.project.id, episodeId: episode.id, name: "SQ01" });
  shot = await t.make.makeShot({ projectId: w.project.id, sequenceId: sequence.id, name: "SH010" });
  await t.db.orm.insert(entityLink).values([
    { entityInId: shot.id, entityOutId: hero.id, nbOccurences: 2 },
    { entityInId: shot.id, entityOutId: sword.id },
    { entityInId: episode.id, entityOutId: hero.id },
  ]);
  await t.make.makeTask({ entity: sword, assignees: [w.vendor.person.id] });
});

afterAll(async () => {
  await t.close();
});

function names(items: { name: string }[]): string[] {
  return items.map((item) => item.name);
}

describe("asset lists", () => {
  gazuRoute("GET", "/data/projects/{project_id}/assets", {
    succeeds: ["returns the project's assets by name", async () => {
      const response = await t.request({ method: "GET", url: `/api/data/projects/${w.project.id}/assets`, token: w.artist.token });
      expect(response.statusCode).toBe(200);
      const body = response.json();
      expect(names(body)).toEqual(["Hero", "Sword", "Villain"]);
      expectZouObject(body[0], "Asset");
      expect(body[0]).toMatchObject({ id: hero.id, project_id: w.project.id, entity_type_id: characterTypeId });
    }],
    fails: ["rejects a person outside the team", async () => {
      const response = await t.request({ method: "GET", url: `/api/data/projects/${w.project.id}/assets`, token: w.outsider.token });
      expect(response.statusCode).toBe(403);
      expect(response.body).not.toContain(hero.id);
    }],
  });

  it("filters a project's assets by name", async () => {
    const response = await t.request({ method: "GET", url: `/api/data/projects/${w.project.id}/assets?name=hero`, token: w.artist.token });
    expect(names(response.json())).toEqual(["Hero"]);
  });

  it("gives a vendor only the assets of their tasks", async () => {
    const response = await t.request({ method: "GET", url: `/api/data/projects/${w.project.id}/assets`, token: w.vendor.token });
    expect(response.statusCode).toBe(200);
    expect(names(response.json())).toEqual(["Sword"]);
  });

  it("hides restricted metadata from a vendor", async () => {
    const project = await t.make.makeProject({ team: [{ id: w.vendor.person.id }] });
    const department = await t.make.makeDepartment({ name: "Modeling desk" });
    const [descriptor] = await t.db.orm
      .insert(metadataDescriptor)
      .values({ projectId: project.id, name: "Budget", fieldName: "budget", entityType: "Asset", dataType: "string" })
      .returning();
    await t.db.query("insert into department_metadata_descriptor_link (metadata_descriptor_id, department_id) values ($1, $2)", [descriptor.id, department.id]);
    const asset = await t.make.makeAsset({ projectId: project.id, data: { budget: "high", color: "red" } });
    await t.make.makeTask({ entity: asset, assignees: [w.vendor.person.id] });

    const response = await t.request({ method: "GET", url: `/api/data/projects/${project.id}/assets`, token: w.vendor.token });
    expect(response.json()[0].data).toEqual({ color: "red" });
  });

  it("rejects an unknown filter column", async () => {
    const response = await t.request({ method: "GET", url: `/api/data/projects/${w.project.id}/assets?colour=red`, token: w.artist.token });
    expect(response.statusCode).toBe(400);
  });

  it("lists assets in four statements whatever their number", async () => {
    const { result, count } = await countStatements(async () => await t.request({ method: "GET", url: `/api/data/projects/${w.project.id}/assets`, token: w.artist.token }));
    expect(result.statusCode).toBe(200);
    // The token's person, the project, the viewer's team links and the assets.
    expect(count).toBeLessThanOrEqual(4);
  });

  gazuRoute("GET", "/data/assets/all", {
    succeeds: ["finds an asset by project, name and type", async () => {
      const url = `/api/data/assets/all?project_id=${w.project.id}&name=Villain&entity_type_id=${characterTypeId}`;
      const response = await t.request({ method: "GET", url, token: w.manager.token });
      expect(response.statusCode).toBe(200);
      expect(response.json()).toHaveLength(1);
      expect(response.json()[0]).toMatchObject({ id: villain.id, type: "Asset", source_id: episode.id });
    }],
    fails: ["rejects a project filter outside the viewer's team", async () => {
      const response = await t.request({ method: "GET", url: `/api/data/assets/all?project_id=${w.project.id}`, token: w.outsider.token });
      expect(response.statusCode).toBe(403);
    }],
  });

  it("lists only the viewer's projects without a project filter", async () => {
    const other = await t.make.makeProject({});
    await t.make.makeAsset({ projectId: other.id, name: "Elsewhere" });
    const response = await t.request({ method: "GET", url: "/api/data/assets/all", token: w.artist.token });
    expect(names(response.json())).not.toContain("Elsewhere");
    const admin = await t.request({ method: "GET", url: "/api/data/assets/all", token: w.admin.token });
    expect(names(admin.json())).toContain("Elsewhere");
  });

  it("lists an episode's own and cast assets", async () => {
    const response = await t.request({ method: "GET", url: `/api/data/assets/all?episode_id=${episode.id}`, token: w.artist.token });
    expect(names(response.json())).toEqual(["Hero", "Villain"]);
  });

  gazuRoute("GET", "/data/assets", {
    succeeds: ["lists the assets of an episode by source_id", async () => {
      const response = await t.request({ method: "GET", url: `/api/data/assets?source_id=${episode.id}`, token: w.artist.token });
      expect(response.statusCode).toBe(200);
      expect(names(response.json())).toEqual(["Villain"]);
      expect(response.json()[0].type).toBe("Asset");
    }],
    fails: ["rejects a malformed source_id", async () => {
      const response = await t.request({ method: "GET", url: "/api/data/assets?source_id=not-a-uuid", token: w.artist.token });
      expect(response.statusCode).toBe(400);
    }],
  });

  gazuRoute("GET", "/data/projects/{project_id}/asset-types/{asset_type_id}/assets", {
    succeeds: ["returns the project's assets of that type", async () => {
      const response = await t.request({ method: "GET", url: `/api/data/projects/${w.project.id}/asset-types/${characterTypeId}/assets`, token: w.artist.token });
      expect(response.statusCode).toBe(200);
      expect(names(response.json())).toEqual(["Hero", "Villain"]);
    }],
    fails: ["rejects a client of another project", async () => {
      const other = await t.make.makeProject({});
      const response = await t.request({ method: "GET", url: `/api/data/projects/${other.id}/asset-types/${characterTypeId}/assets`, token: w.client.token });
      expect(response.statusCode).toBe(403);
    }],
  });

  gazuRoute("GET", "/data/shots/{shot_id}/assets", {
    succeeds: ["returns the assets cast in the shot", async () => {
      const response = await t.request({ method: "GET", url: `/api/data/shots/${shot.id}/assets`, token: w.artist.token });
      expect(response.statusCode).toBe(200);
      expect(names(response.json())).toEqual(["Hero", "Sword"]);
      expectZouObject(response.json()[0], "Asset");
    }],
    fails: ["returns 404 for an asset id in place of a shot", async () => {
      const response = await t.request({ method: "GET", url: `/api/data/shots/${hero.id}/assets`, token: w.artist.token });
      expect(response.statusCode).toBe(404);
    }],
  });
});

describe("one asset", () => {
  gazuRoute("GET", "/data/assets/{asset_id}", {
    succeeds: ["returns the full asset with its names and tasks", async () => {
      const response = await t.request({ method: "GET", url: `/api/data/assets/${sword.id}`, token: w.artist.token });
      expect(response.statusCode).toBe(200);
      const body = response.json();
      expectZouObject(body, "Asset");
      expect(body).toMatchObject({ id: sword.id, name: "Sword", project_id: w.project.id, project_name: "Big Bunny", asset_type_id: propTypeId, asset_type_name: "Prop" });
      expect(body.tasks).toHaveLength(1);
      expect(body.tasks[0].assignees).toEqual([w.vendor.person.id]);
      expect(body.entities_in).toEqual([shot.id]);
      expect(body).not.toHaveProperty("source_id");
      expect(body).not.toHaveProperty("nb_frames");
    }],
    fails: ["returns 404 for an unknown asset", async () => {
      const response = await t.request({ method: "GET", url: `/api/data/assets/${UNKNOWN_ID}`, token: w.artist.token });
      expect(response.statusCode).toBe(404);
      expect(response.json().error).toBe(true);
    }],
  });

  it("lists the episodes an asset is cast in", async () => {
    const response = await t.request({ method: "GET", url: `/api/data/assets/${hero.id}`, token: w.manager.token });
    expect(response.json().casting_episode_ids).toEqual([episode.id]);
    expect(response.json().episode_id).toBe("");
  });

  it("hides an asset from a vendor without a task on it", async () => {
    const response = await t.request({ method: "GET", url: `/api/data/assets/${hero.id}`, token: w.vendor.token });
    expect(response.statusCode).toBe(403);
  });

  it("returns 404 for a shot id", async () => {
    const response = await t.request({ method: "GET", url: `/api/data/assets/${shot.id}`, token: w.artist.token });
    expect(response.statusCode).toBe(404);
  });
});

describe("asset types", () => {
  gazuRoute("GET", "/data/asset-types", {
    succeeds: ["lists asset types without built-in kinds", async () => {
      const response = await t.request({ method: "GET", url: "/api/data/asset-types", token: w.client.token });
      expect(response.statusCode).toBe(200);
      const body = response.json();
      const listed = names(body);
      expect(listed).toContain("Character");
      expect(listed).toContain("Prop");
      for (const builtIn of ["Shot", "Sequence", "Episode"]) expect(listed).not.toContain(builtIn);
      expectZouObject(body[0], "AssetType");
      expect(body[0].task_types).toEqual([]);
    }],
    fails: ["rejects an unknown filter column", async () => {
      const response = await t.request({ method: "GET", url: "/api/data/asset-types?colour=red", token: w.client.token });
      expect(response.statusCode).toBe(400);
    }],
  });

  it("filters asset types by name", async () => {
    const response = await t.request({ method: "GET", url: "/api/data/asset-types?name=prop", token: w.artist.token });
    expect(names(response.json())).toEqual(["Prop"]);
  });

  gazuRoute("GET", "/data/asset-types/{asset_type_id}", {
    succeeds: ["returns the asset type", async () => {
      const response = await t.request({ method: "GET", url: `/api/data/asset-types/${propTypeId}`, token: w.artist.token });
      expect(response.statusCode).toBe(200);
      expectZouObject(response.json(), "AssetType");
      expect(response.json()).toMatchObject({ id: propTypeId, name: "Prop" });
    }],
    fails: ["returns 404 for the shot entity type", async () => {
      const [shotType] = await t.db.orm.select().from(entityType).where(eq(entityType.name, "Shot"));
      const response = await t.request({ method: "GET", url: `/api/data/asset-types/${shotType.id}`, token: w.artist.token });
      expect(response.statusCode).toBe(404);
    }],
  });

  gazuRoute("GET", "/data/projects/{project_id}/asset-types", {
    succeeds: ["returns the types of the project's assets", async () => {
      await t.make.makeEntityType("Vehicle");
      const response = await t.request({ method: "GET", url: `/api/data/projects/${w.project.id}/asset-types`, token: w.artist.token });
      expect(response.statusCode).toBe(200);
      expect(names(response.json())).toEqual(["Character", "Prop"]);
      expect(response.json()[0].type).toBe("AssetType");
    }],
    fails: ["rejects a person outside the team", async () => {
      const response = await t.request({ method: "GET", url: `/api/data/projects/${w.project.id}/asset-types`, token: w.outsider.token });
      expect(response.statusCode).toBe(403);
    }],
  });

  gazuRoute("GET", "/data/shots/{shot_id}/asset-types", {
    succeeds: ["returns the types of the assets cast in the shot", async () => {
      const response = await t.request({ method: "GET", url: `/api/data/shots/${shot.id}/asset-types`, token: w.artist.token });
      expect(response.statusCode).toBe(200);
      expect(names(response.json())).toEqual(["Character", "Prop"]);
    }],
    fails: ["returns 404 for an unknown shot", async () => {
      const response = await t.request({ method: "GET", url: `/api/data/shots/${UNKNOWN_ID}/asset-types`, token: w.artist.token });
      expect(response.statusCode).toBe(404);
    }],
  });
});

describe("asset creation and deletion", () => {
  gazuRoute("POST", "/data/projects/{project_id}/asset-types/{asset_type_id}/assets/new", {
    succeeds: ["creates the asset and returns it with 201", async () => {
      const since = new Date();
      const response = await t.request({
        method: "POST",
        url: `/api/data/projects/${w.project.id}/asset-types/${propTypeId}/assets/new`,
        token: w.manager.token,
        payload: { name: "Shield", description: "Round", data: { material: "oak" }, is_shared: true, episode_id: episode.id },
      });
      expect(response.statusCode).toBe(201);
      const body = response.json();
      expectZouObject(body, "Asset");
      expect(body).toMatchObject({ name: "Shield", description: "Round", data: { material: "oak" }, is_shared: true, source_id: episode.id, entity_type_id: propTypeId });
      expect(await eventNamesSince(t, since)).toContain("asset:new");
    }],
    fails: ["rejects an artist and creates nothing", async () => {
      const response = await t.request({
        method: "POST",
        url: `/api/data/projects/${w.project.id}/asset-types/${propTypeId}/assets/new`,
        token: w.artist.token,
        payload: { name: "Bow" },
      });
      expect(response.statusCode).toBe(403);
      const list = await t.request({ method: "GET", url: `/api/data/projects/${w.project.id}/assets?name=Bow`, token: w.manager.token });
      expect(list.json()).toEqual([]);
    }],
  });

  it("rejects a creation without a name", async () => {
    const response = await t.request({ method: "POST", url: `/api/data/projects/${w.project.id}/asset-types/${propTypeId}/assets/new`, token: w.manager.token, payload: { data: {} } });
    expect(response.statusCode).toBe(400);
    expect(response.json().data.errors[0].field).toBe("name");
  });

  it("returns 404 for an unknown asset type", async () => {
    const response = await t.request({ method: "POST", url: `/api/data/projects/${w.project.id}/asset-types/${UNKNOWN_ID}/assets/new`, token: w.manager.token, payload: { name: "Ghost" } });
    expect(response.statusCode).toBe(404);
  });

  it("rejects a duplicate name in the same type", async () => {
    const response = await t.request({ method: "POST", url: `/api/data/projects/${w.project.id}/asset-types/${characterTypeId}/assets/new`, token: w.manager.token, payload: { name: "Hero" } });
    expect(response.statusCode).toBe(400);
  });

  gazuRoute("DELETE", "/data/assets/{asset_id}", {
    succeeds: ["deletes an asset without tasks", async () => {
      const asset = await t.make.makeAsset({ projectId: w.project.id, name: "Disposable" });
      const response = await t.request({ method: "DELETE", url: `/api/data/assets/${asset.id}`, token: w.manager.token });
      expect(response.statusCode).toBe(204);
      const read = await t.request({ method: "GET", url: `/api/data/assets/${asset.id}`, token: w.manager.token });
      expect(read.statusCode).toBe(404);
    }],
    fails: ["rejects an artist and keeps the asset", async () => {
      const asset = await t.make.makeAsset({ projectId: w.project.id, name: "Keeper" });
      const response = await t.request({ method: "DELETE", url: `/api/data/assets/${asset.id}`, token: w.artist.token });
      expect(response.statusCode).toBe(403);
      const read = await t.request({ method: "GET", url: `/api/data/assets/${asset.id}`, token: w.manager.token });
      expect(read.statusCode).toBe(200);
    }],
  });

  it("lets an artist delete an asset they created", async () => {
    const asset = await t.make.makeAsset({ projectId: w.project.id, name: "Sketch", createdBy: w.artist.person.id });
    const response = await t.request({ method: "DELETE", url: `/api/data/assets/${asset.id}`, token: w.artist.token });
    expect(response.statusCode).toBe(204);
    const read = await t.request({ method: "GET", url: `/api/data/assets/${asset.id}`, token: w.manager.token });
    expect(read.statusCode).toBe(404);
  });

  it("only cancels an asset with tasks unless forced", async () => {
    const asset = await t.make.makeAsset({ projectId: w.project.id, name: "Busy" });
    await t.make.makeTask({ entity: asset });
    const soft = await t.request({ method: "DELETE", url: `/api/data/assets/${asset.id}`, token: w.manager.token });
    expect(soft.statusCode).toBe(204);
    const read = await t.request({ method: "GET", url: `/api/data/assets/${asset.id}`, token: w.manager.token });
    expect(read.json().canceled).toBe(true);
    const forced = await t.request({ method: "DELETE", url: `/api/data/assets/${asset.id}?force=True`, token: w.manager.token });
    expect(forced.statusCode).toBe(204);
    const gone = await t.request({ method: "GET", url: `/api/data/assets/${asset.id}`, token: w.manager.token });
    expect(gone.statusCode).toBe(404);
  });
});

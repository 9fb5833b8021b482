import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { entityLink } from "../../schema/entities.js";
import { createTestApp, type TestApp } from "../support/app.js";
import type { EntityRow } from "../support/entities.builders.js";
import type { ProjectRow } from "../support/builders.js";

// POST /actions/projects/{project_id}/asset-types/{asset_type_id}/assets/share
// and DELETE /data/projects/{project_id}/entity-links/{entity_link_id}.

const UNKNOWN_ID = "00000000-0000-4000-8000-000000000000";

let t: TestApp;
let adminToken: string;
let managerToken: string;
let artistToken: string;
let outsiderToken: string;
let project: ProjectRow;
let otherProject: ProjectRow;
let propTypeId: string;
let tree: EntityRow;
let rock: EntityRow;
let canceledLamp: EntityRow;
let characterHero: EntityRow;
let otherProjectProp: EntityRow;
let shot: EntityRow;

beforeAll(async () => {
  t = await createTestApp();
  const admin = await t.make.makePerson({ role: "admin" });
  const manager = await t.make.makePerson({ role: "user" });
  const artist = await t.make.makePerson({ role: "user" });
  const outsider = await t.make.makePerson({ role: "manager" });
  project = await t.make.makeProject({ team: [{ id: manager.id, role: "manager" }, { id: artist.id }] });
  otherProject = await t.make.makeProject({ team: [{ id: manager.id, role: "manager" }] });
  tree = await t.make.makeAsset({ projectId: project.id, assetType: "Prop", name: "Tree" });
  propTypeId = tree.entityTypeId;
  rock = await t.make.makeAsset({ projectId: project.id, assetType: "Prop", name: "Rock" });
  canceledLamp = await t.make.makeAsset({ projectId: project.id, assetType: "Prop", name: "Lamp", canceled: true });
  characterHero = await t.make.makeAsset({ projectId: project.id, assetType: "Character", name: "Hero" });
  otherProjectProp = await t.make.makeAsset({ projectId: otherProject.id, assetType: "Prop" });
  shot = await t.make.makeShot({ projectId: project.id });

  adminToken = await t.login(admin.email ?? "");
  managerToken = await t.login(manager.email ?? "");
  artistToken = await t.login(artist.email ?? "");
  outsiderToken = await t.login(outsider.email ?? "");
});

afterAll(async () => {
  await t.close();
});

async function isShared(id: string): Promise<boolean> {
  const [row] = await t.db.query<{ is_shared: boolean }>("select is_shared from entity where id = $1", [id]);
  return row.is_shared;
}

function shareUrl(projectId: string, assetTypeId: string): string {
  return `/api/actions/projects/${projectId}/asset-types/${assetTypeId}/assets/share`;
}

describe("POST /actions/projects/{project_id}/asset-types/{asset_type_id}/assets/share", () => {
  it("shares every asset of the type in the project, canceled ones included", async () => {
    const response = await t.request({ method: "POST", url: shareUrl(project.id, propTypeId), token: managerToken, payload: { is_shared: true } });
    expect(response.statusCode).toBe(200);
    const body = response.json() as { id: string; is_shared: boolean; type: string; project_id: string }[];
    expect(body.map((asset) => asset.id).sort()).toEqual([tree.id, rock.id, canceledLamp.id].sort());
    for (const asset of body) {
      expect(asset.is_shared).toBe(true);
      expect(asset.type).toBe("Asset");
      expect(asset.project_id).toBe(project.id);
    }
    expect(await isShared(tree.id)).toBe(true);
    expect(await isShared(characterHero.id)).toBe(false);
    expect(await isShared(otherProjectProp.id)).toBe(false);
  });

  it("unshares the assets when is_shared is false", async () => {
    const response = await t.request({ method: "POST", url: shareUrl(project.id, propTypeId), token: managerToken, payload: { is_shared: false, asset_ids: [tree.id] } });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toHaveLength(3);
    expect(await isShared(rock.id)).toBe(false);
    expect(await isShared(tree.id)).toBe(false);
  });

  it("shares by default when the body is absent", async () => {
    const response = await t.request({ method: "POST", url: shareUrl(project.id, propTypeId), token: adminToken });
    expect(response.statusCode).toBe(200);
    expect(response.json().every((asset: { is_shared: boolean }) => asset.is_shared)).toBe(true);
    expect(await isShared(rock.id)).toBe(true);
  });

  it("returns an empty list for an unknown asset type", async () => {
    const response = await t.request({ method: "POST", url: shareUrl(project.id, UNKNOWN_ID), token: managerToken, payload: {} });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual([]);
  });

  it("leaves shots alone when given the shot type", async () => {
    const response = await t.request({ method: "POST", url: shareUrl(project.id, shot.entityTypeId), token: managerToken, payload: {} });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual([]);
    expect(await isShared(shot.id)).toBe(false);
  });

  it("returns an empty list to an admin naming an unknown project", async () => {
    const response = await t.request({ method: "POST", url: shareUrl(UNKNOWN_ID, propTypeId), token: adminToken, payload: {} });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual([]);
  });

  it("rejects an is_shared that is not a boolean", async () => {
    const response = await t.request({ method: "POST", url: shareUrl(project.id, propTypeId), token: managerToken, payload: { is_shared: "maybe" } });
    expect(response.statusCode).toBe(400);
    expect(response.json().message).toBe("Validation error.");
    expect(response.json().data.errors[0].field).toBe("is_shared");
  });

  it("rejects a malformed asset type id", async () => {
    const response = await t.request({ method: "POST", url: shareUrl(project.id, "not-a-uuid"), token: managerToken, payload: {} });
    expect(response.statusCode).toBe(400);
    expect(response.json().message).toBe("Wrong UUID format.");
  });

  it("refuses an artist of the project before reading the body", async () => {
    const response = await t.request({ method: "POST", url: shareUrl(project.id, propTypeId), token: artistToken, payload: { is_shared: "maybe" } });
    expect(response.statusCode).toBe(403);
  });

  it("refuses a global manager off the team", async () => {
    const response = await t.request({ method: "POST", url: shareUrl(project.id, propTypeId), token: outsiderToken, payload: {} });
    expect(response.statusCode).toBe(403);
  });

  it("answers 404 to a non-admin for an unknown or malformed project", async () => {
    for (const projectId of [UNKNOWN_ID, "nope"]) {
      const response = await t.request({ method: "POST", url: shareUrl(projectId, propTypeId), token: managerToken, payload: {} });
      expect(response.statusCode).toBe(404);
    }
  });
});

describe("DELETE /data/projects/{project_id}/entity-links/{entity_link_id}", () => {
  async function castInShot(asset: EntityRow, target: EntityRow = shot) {
    const [link] = await t.db.orm.insert(entityLink).values({ entityInId: target.id, entityOutId: asset.id, nbOccurences: 2 }).onConflictDoNothing().returning();
    return link;
  }

  it("deletes the link and returns it", async () => {
    const link = await castInShot(tree);
    const response = await t.request({ method: "DELETE", url: `/api/data/projects/${project.id}/entity-links/${link.id}`, token: managerToken });
    expect(response.statusCode).toBe(200);
    const body = response.json();
    expect(body).toMatchObject({ id: link.id, entity_in_id: shot.id, entity_out_id: tree.id, nb_occurences: 2, label: "", data: null, type: "EntityLink" });
    expect(body.created_at).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}$/);
    const rows = await t.db.query("select id from entity_link where id = $1", [link.id]);
    expect(rows).toHaveLength(0);
  });

  it("refuses a link whose shot belongs to another project", async () => {
    const otherShot = await t.make.makeShot({ projectId: otherProject.id });
    const link = await castInShot(otherProjectProp, otherShot);
    const response = await t.request({ method: "DELETE", url: `/data/projects/${project.id}/entity-links/${link.id}`, token: managerToken });
    expect(response.statusCode).toBe(403);
    const rows = await t.db.query("select id from entity_link where id = $1", [link.id]);
    expect(rows).toHaveLength(1);
  });

  it("refuses an artist of the project", async () => {
    const link = await castInShot(rock);
    const response = await t.request({ method: "DELETE", url: `/data/projects/${project.id}/entity-links/${link.id}`, token: artistToken });
    expect(response.statusCode).toBe(403);
  });

  it("answers 404 for an unknown or malformed link id", async () => {
    for (const linkId of [UNKNOWN_ID, "not-a-uuid"]) {
      const response = await t.request({ method: "DELETE", url: `/data/projects/${project.id}/entity-links/${linkId}`, token: adminToken });
      expect(response.statusCode).toBe(404);
    }
  });

  it("answers 404 to a non-admin for an unknown or malformed project", async () => {
    const link = await castInShot(characterHero);
    for (const projectId of [UNKNOWN_ID, "nope"]) {
      const response = await t.request({ method: "DELETE", url: `/data/projects/${projectId}/entity-links/${link.id}`, token: managerToken });
      expect(response.statusCode).toBe(404);
    }
  });
});

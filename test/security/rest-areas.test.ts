import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { assetInstance, assetInstanceLink } from "../../schema/entities.js";
import { createTestApp, type TestApp } from "../support/app.js";
import type { EntityRow } from "../support/entities.builders.js";
import { loginAs, type LoggedIn } from "../support/roles.js";
import { makeSeedWorld, type SeedWorld } from "../support/seed-b.world.js";

// Attacks on the Zou routes of assets, shots, projects, people and misc:
// ids of another project, foreign rows reached through a body field, and
// parallel creations. Each block names the request that showed the bug.

let t: TestApp;
let w: SeedWorld;
/** A manager of the main test project who is not on the team of the other project. */
let manager: LoggedIn;
let otherProjectId: string;
let secretAsset: EntityRow;
let secretScene: EntityRow;
let scene: EntityRow;
let shot: EntityRow;
let set: EntityRow;

beforeAll(async () => {
  t = await createTestApp();
  w = await makeSeedWorld(t);
  manager = w.manager;
  const other = await t.make.makeProject({ name: "Hidden Film" });
  otherProjectId = other.id;
  secretAsset = await t.make.makeAsset({ projectId: other.id, assetType: "Prop", name: "Secret Prop" });
  const otherSequence = await t.make.makeSequence({ projectId: other.id, name: "XSQ" });
  secretScene = await t.make.makeScene({ projectId: other.id, sequenceId: otherSequence.id, name: "XSC" });
  const sequence = await t.make.makeSequence({ projectId: w.project.id, name: "SQ01" });
  scene = await t.make.makeScene({ projectId: w.project.id, sequenceId: sequence.id, name: "SC01" });
  shot = await t.make.makeShot({ projectId: w.project.id, sequenceId: sequence.id, name: "SH010" });
  set = await t.make.makeAsset({ projectId: w.project.id, assetType: "Set", name: "Forest" });
});

afterAll(async () => {
  await t.close();
});

describe("asset instance of a foreign asset", () => {
  it("scene instance rejects other project's asset", async () => {
    // POST /data/scenes/{scene}/asset-instances {"asset_id": <asset of a project the caller is not on>}
    // returned 201 with the instance, whose name contains the foreign asset's name.
    const response = await t.request({ method: "POST", url: `/api/data/scenes/${scene.id}/asset-instances`, token: manager.token, payload: { asset_id: secretAsset.id } });
    expect(response.statusCode, response.body).toBe(400);
    expect(response.body).not.toContain("Secret_Prop");
    const rows = await t.db.orm.select().from(assetInstance).where(eq(assetInstance.assetId, secretAsset.id));
    expect(rows).toHaveLength(0);
  });

  it("asset instance rejects other project's asset", async () => {
    // POST /data/assets/{asset}/asset-asset-instances {"asset_to_instantiate_id": <foreign asset>}
    const response = await t.request({ method: "POST", url: `/api/data/assets/${set.id}/asset-asset-instances`, token: manager.token, payload: { asset_to_instantiate_id: secretAsset.id } });
    expect(response.statusCode, response.body).toBe(400);
    expect(response.body).not.toContain("Secret_Prop");
    const rows = await t.db.orm.select().from(assetInstance).where(eq(assetInstance.targetAssetId, set.id));
    expect(rows).toHaveLength(0);
  });

  it("scene instance accepts a shared asset", async () => {
    const shared = await t.make.makeAsset({ projectId: otherProjectId, assetType: "Prop", name: "Library Lamp", isShared: true });
    const response = await t.request({ method: "POST", url: `/api/data/scenes/${scene.id}/asset-instances`, token: manager.token, payload: { asset_id: shared.id } });
    expect(response.statusCode, response.body).toBe(201);
    expect(response.json().name).toBe("Library_Lamp_0001");
  });
});

describe("foreign asset instance attached to a shot", () => {
  it("shot rejects other project's instance", async () => {
    // POST /data/shots/{shot}/asset-instances {"asset_instance_id": <instance in a scene of another project>}
    // returned 201, and GET /data/shots/{shot}/asset-instances then listed the foreign instance.
    const [foreign] = await t.db.orm.insert(assetInstance).values({ assetId: secretAsset.id, sceneId: secretScene.id, number: 1, name: "Secret_Prop_0001" }).returning();
    const response = await t.request({ method: "POST", url: `/api/data/shots/${shot.id}/asset-instances`, token: manager.token, payload: { asset_instance_id: foreign.id } });
    expect(response.statusCode, response.body).toBe(404);
    const links = await t.db.orm.select().from(assetInstanceLink).where(eq(assetInstanceLink.assetInstanceId, foreign.id));
    expect(links).toHaveLength(0);
    const listed = await t.request({ method: "GET", url: `/api/data/shots/${shot.id}/asset-instances`, token: w.artist.token });
    expect(listed.body).not.toContain("Secret_Prop");
  });
});

describe("search filter in another person's group", () => {
  it("filter creation rejects a private group", async () => {
    // POST /data/user/filters {"search_filter_group_id": <another person's private group>} returned 201,
    // so the group owner's later group deletion also deleted the caller's filter.
    const owner = w.artist;
    const group = await t.request({ method: "POST", url: "/api/data/user/filter-groups", token: owner.token, payload: { name: "Mine", list_type: "asset", project_id: w.project.id, color: "#ffffff" } });
    expect(group.statusCode).toBe(201);
    const intruder = await loginAs(t, "user");
    const response = await t.request({
      method: "POST",
      url: "/api/data/user/filters",
      token: intruder.token,
      payload: { name: "Hijack", query: "q", list_type: "asset", search_filter_group_id: group.json().id },
    });
    expect(response.statusCode, response.body).toBe(404);
  });

  it("filter update rejects a private group", async () => {
    const owner = w.supervisor;
    const group = await t.request({ method: "POST", url: "/api/data/user/filter-groups", token: owner.token, payload: { name: "Theirs", list_type: "shot", project_id: w.project.id, color: "#000000" } });
    const intruder = await loginAs(t, "user");
    const filter = await t.request({ method: "POST", url: "/api/data/user/filters", token: intruder.token, payload: { name: "Own", query: "q", list_type: "shot" } });
    expect(filter.statusCode).toBe(201);
    const response = await t.request({ method: "PUT", url: `/api/data/user/filters/${filter.json().id}`, token: intruder.token, payload: { search_filter_group_id: group.json().id } });
    expect(response.statusCode, response.body).toBe(404);
  });
});

describe("descriptor update with Zou's form booleans", () => {
  it("applies for_client sent as True", async () => {
    // PUT /data/projects/{project}/metadata-descriptors/{descriptor} {"for_client": "True"} returned 200
    // and left for_client false; Zou reads the string "True" as true.
    const created = await t.request({ method: "POST", url: `/api/data/projects/${w.project.id}/metadata-descriptors`, token: manager.token, payload: { name: "Mood", entity_type: "Shot" } });
    expect(created.statusCode, created.body).toBe(201);
    const url = `/api/data/projects/${w.project.id}/metadata-descriptors/${created.json().id}`;
    const enabled = await t.request({ method: "PUT", url, token: manager.token, payload: { for_client: "True" } });
    expect(enabled.statusCode, enabled.body).toBe(200);
    expect(enabled.json().for_client).toBe(true);
    const hidden = await t.request({ method: "PUT", url, token: manager.token, payload: { for_client: "False" } });
    expect(hidden.json().for_client).toBe(false);
  });

  it("rejects a for_client number", async () => {
    const created = await t.request({ method: "POST", url: `/api/data/projects/${w.project.id}/metadata-descriptors`, token: manager.token, payload: { name: "Weather", entity_type: "Shot" } });
    const response = await t.request({ method: "PUT", url: `/api/data/projects/${w.project.id}/metadata-descriptors/${created.json().id}`, token: manager.token, payload: { for_client: 5 } });
    expect(response.statusCode, response.body).toBe(400);
    expect(response.json().data.errors[0].field).toBe("for_client");
  });
});

describe("entity links walked by cursor", () => {
  it("visits every link once", async () => {
    // GET /data/projects/{project}/entity-links?cursor_created_at=<last created_at>&limit=1 returned
    // created_at in whole seconds, so a client passing the last one back got the same links again, forever.
    const project = await t.make.makeProject({ name: "Cursor Film" });
    const sequence = await t.make.makeSequence({ projectId: project.id, name: "CSQ" });
    const asset = await t.make.makeAsset({ projectId: project.id, name: "A1" });
    const admin = w.admin.token;
    for (const name of ["CSH1", "CSH2", "CSH3"]) {
      const cursorShot = await t.make.makeShot({ projectId: project.id, sequenceId: sequence.id, name });
      const cast = await t.request({ method: "PUT", url: `/api/data/projects/${project.id}/entities/${cursorShot.id}/casting`, token: admin, payload: [{ asset_id: asset.id, nb_occurences: 1 }] });
      expect(cast.statusCode, cast.body).toBe(200);
      // Links a few milliseconds apart, so each has its own cursor value.
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    const url = `/api/data/projects/${project.id}/entity-links`;
    const first = await t.request({ method: "GET", url: `${url}?limit=1`, token: admin });
    const visited: string[] = first.json().map((link: { id: string }) => link.id);
    let cursor: string = first.json()[0].created_at;
    for (let step = 0; step < 6; step += 1) {
      const page = await t.request({ method: "GET", url: `${url}?limit=1&cursor_created_at=${encodeURIComponent(cursor)}`, token: admin });
      expect(page.statusCode, page.body).toBe(200);
      const body = page.json();
      expect(body.total).toBe(3);
      if (body.data.length === 0) break;
      visited.push(body.data[0].id);
      cursor = body.data[0].created_at;
      expect(cursor).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}$/);
    }
    expect(visited).toHaveLength(3);
    expect(new Set(visited).size).toBe(3);
  });
});

describe("restricted metadata in full objects", () => {
  // GET /data/shots/{shot} (and sequences, episodes, edits, and the /data/user lists) returned the
  // data fields of descriptors restricted to a department the vendor is not in, or closed to clients,
  // while the project lists of the same entities masked them.
  let urls: { full: string[]; user: string[] };

  beforeAll(async () => {
    const project = await t.make.makeProject({ name: "Masked Film", team: [{ id: w.vendor.person.id }, { id: w.client.person.id }] });
    const department = await t.make.makeDepartment({ name: "Restricted lighting" });
    const episode = await t.make.makeEpisode({ projectId: project.id, name: "E1", data: { ep_note: "HIDDEN-EP" } });
    const sequence = await t.make.makeSequence({ projectId: project.id, episodeId: episode.id, name: "SQ", data: { seq_note: "HIDDEN-SEQ" } });
    const maskedShot = await t.make.makeShot({ projectId: project.id, sequenceId: sequence.id, name: "SH", data: { shot_note: "HIDDEN-SHOT", open_note: "visible" } });
    const edit = await t.make.makeEdit({ projectId: project.id, parentId: episode.id, name: "ED", data: { edit_note: "HIDDEN-EDIT" } });
    const asset = await t.make.makeAsset({ projectId: project.id, name: "Hero", data: { asset_note: "HIDDEN-ASSET" } });
    for (const [entityType, name] of [["Episode", "ep_note"], ["Sequence", "seq_note"], ["Shot", "shot_note"], ["Edit", "edit_note"], ["Asset", "asset_note"]]) {
      const created = await t.request({ method: "POST", url: `/api/data/projects/${project.id}/metadata-descriptors`, token: w.admin.token, payload: { name, entity_type: entityType, departments: [department.id] } });
      expect(created.statusCode, created.body).toBe(201);
    }
    const taskType = await t.make.makeTaskType({ forEntity: "Shot" });
    for (const entityRow of [episode, sequence, maskedShot, edit, asset]) {
      await t.make.makeTask({ entity: entityRow, taskTypeId: taskType.id, assignees: [w.vendor.person.id, w.client.person.id] });
    }
    urls = {
      full: [`/api/data/episodes/${episode.id}`, `/api/data/sequences/${sequence.id}`, `/api/data/shots/${maskedShot.id}`, `/api/data/edits/${edit.id}`],
      user: [
        `/api/data/user/projects/${project.id}/episodes`,
        `/api/data/user/projects/${project.id}/sequences`,
        `/api/data/user/sequences/${sequence.id}/shots`,
        `/api/data/user/projects/${project.id}/asset-types/${asset.entityTypeId}/assets`,
      ],
    };
  });

  for (const role of ["vendor", "client"] as const) {
    it(`full objects hide fields from ${role}`, async () => {
      for (const url of urls.full) {
        const response = await t.request({ method: "GET", url, token: w[role].token });
        expect(response.statusCode, `${url} ${response.body}`).toBe(200);
        expect(response.body, url).not.toMatch(/HIDDEN-/);
      }
    });

    it(`user lists hide fields from ${role}`, async () => {
      for (const url of urls.user) {
        const response = await t.request({ method: "GET", url, token: w[role].token });
        expect(response.statusCode, `${url} ${response.body}`).toBe(200);
        expect(response.json().length, url).toBeGreaterThan(0);
        expect(response.body, url).not.toMatch(/HIDDEN-/);
      }
    });
  }

  it("full shot keeps open fields", async () => {
    const response = await t.request({ method: "GET", url: urls.full[2], token: w.vendor.token });
    expect(response.json().data).toEqual({ open_note: "visible" });
  });
});

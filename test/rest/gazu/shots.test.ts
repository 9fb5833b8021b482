import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { entityConceptLink, entityLink } from "../../../schema/entities.js";
import { metadataDescriptor } from "../../../schema/projects.js";
import { countStatements } from "../../../src/db/statements.js";
import { createTestApp, type TestApp } from "../../support/app.js";
import type { EntityRow, TaskRow } from "../../support/entities.builders.js";
import { gazuRoute } from "../../support/gazu-routes.js";
import { makeSeedWorld, UNKNOWN_ID, expectZouObject, type SeedWorld } from "../../support/seed-b.world.js";

// Reads of episodes, sequences, shots, scenes, edits and concepts: the full
// objects gazu fetches by id, the lists it reads by project and parent, and
// the filtered lists behind its get_*_by_name functions.

let t: TestApp;
let w: SeedWorld;
let episode: EntityRow;
let sq01: EntityRow;
let sq02: EntityRow;
let sh010: EntityRow;
let sh020: EntityRow;
let sh030: EntityRow;
let scene: EntityRow;
let edit: EntityRow;
let concept: EntityRow;
let asset: EntityRow;
let vendorTask: TaskRow;

beforeAll(async () => {
  t = await createTestApp();
  w = await makeSeedWorld(t);
  const projectId = w.project.id;
  episode = await t.make.makeEpisode({ projectId, name: "E01" });
  sq01 = await t.make.makeSequence({ projectId, episodeId: episode.id, name: "SQ01" });
  sq02 = await t.make.makeSequence({ projectId, episodeId: episode.id, name: "SQ02" });
  sh010 = await t.make.makeShot({ projectId, sequenceId: sq01.id, name: "SH010", data: { frame_in: 1001, frame_out: 1040, fps: 24, secret: "s" } });
  sh020 = await t.make.makeShot({ projectId, sequenceId: sq01.id, name: "SH020" });
  sh030 = await t.make.makeShot({ projectId, sequenceId: sq02.id, name: "SH030" });
  scene = await t.make.makeScene({ projectId, sequenceId: sq01.id, name: "SC01" });
  edit = await t.make.makeEdit({ projectId, parentId: episode.id, name: "ED01" });
  concept = await t.make.makeConcept({ projectId, name: "Look" });
  asset = await t.make.makeAsset({ projectId, name: "Hero" });
  await t.db.orm.insert(entityLink).values({ entityInId: sh010.id, entityOutId: asset.id });
  await t.db.orm.insert(entityConceptLink).values({ entityInId: concept.id, entityOutId: asset.id });
  await t.make.makeTask({ entity: sh010, assignees: [w.artist.person.id] });
  vendorTask = await t.make.makeTask({ entity: sh020, assignees: [w.vendor.person.id] });
  await t.make.makeTask({ entity: edit, assignees: [w.artist.person.id] });
});

afterAll(async () => {
  await t.close();
});

function names(items: { name: string }[]): string[] {
  return items.map((item) => item.name);
}

async function get(url: string, token: string) {
  return t.request({ method: "GET", url: `/api${url}`, token });
}

describe("full objects", () => {
  gazuRoute("GET", "/data/episodes/{episode_id}", {
    succeeds: ["returns the episode with its project's name", async () => {
      const response = await get(`/data/episodes/${episode.id}`, w.artist.token);
      expect(response.statusCode).toBe(200);
      const body = response.json();
      expectZouObject(body, "Episode");
      expect(body).toMatchObject({ id: episode.id, name: "E01", project_id: w.project.id, project_name: "Big Bunny" });
    }],
    fails: ["returns 404 for an unknown or malformed id", async () => {
      expect((await get(`/data/episodes/${UNKNOWN_ID}`, w.artist.token)).statusCode).toBe(404);
      expect((await get(`/data/episodes/${sq01.id}`, w.artist.token)).statusCode).toBe(404);
      expect((await get("/data/episodes/not-an-id", w.artist.token)).statusCode).toBe(404);
    }],
  });

  gazuRoute("GET", "/data/sequences/{sequence_id}", {
    succeeds: ["returns the sequence with its episode and project names", async () => {
      const response = await get(`/data/sequences/${sq01.id}`, w.artist.token);
      expect(response.statusCode).toBe(200);
      const body = response.json();
      expectZouObject(body, "Sequence");
      expect(body).toMatchObject({ id: sq01.id, parent_id: episode.id, episode_id: episode.id, episode_name: "E01", project_name: "Big Bunny" });
    }],
    fails: ["rejects a person outside the team", async () => {
      const response = await get(`/data/sequences/${sq01.id}`, w.outsider.token);
      expect(response.statusCode).toBe(403);
      expect(response.body).not.toContain("SQ01");
    }],
  });

  gazuRoute("GET", "/data/shots/{shot_id}", {
    succeeds: ["returns the shot with names, frames, casting and tasks", async () => {
      const response = await get(`/data/shots/${sh010.id}`, w.artist.token);
      expect(response.statusCode).toBe(200);
      const body = response.json();
      expectZouObject(body, "Shot");
      expect(body).toMatchObject({
        id: sh010.id,
        project_id: w.project.id,
        project_name: "Big Bunny",
        sequence_id: sq01.id,
        sequence_name: "SQ01",
        episode_id: episode.id,
        episode_name: "E01",
        frame_in: 1001,
        frame_out: 1040,
        fps: 24,
        entities_out: [asset.id],
      });
      expect(body.tasks).toHaveLength(1);
      expect(body.tasks[0]).toMatchObject({ entity_id: sh010.id, assignees: [w.artist.person.id], is_subscribed: false });
    }],
    fails: ["rejects a vendor on a shot with none of their tasks", async () => {
      expect((await get(`/data/shots/${sh010.id}`, w.vendor.token)).statusCode).toBe(403);
      expect((await get(`/data/shots/${sh020.id}`, w.vendor.token)).statusCode).toBe(200);
    }],
  });

  it("serves the same full shot over GraphQL", async () => {
    const rest = (await get(`/data/shots/${sh010.id}`, w.artist.token)).json();
    const { body } = await t.graphql("query ($id: ID!) { shotFullJson(id: $id) }", { token: w.artist.token, variables: { id: sh010.id } });
    expect(body.errors).toBeUndefined();
    expect(body.data?.shotFullJson).toEqual(rest);
  });

  it("reads a full shot in nine statements", async () => {
    await get(`/data/shots/${sh010.id}`, w.artist.token);
    const { result, count } = await countStatements(async () => await get(`/data/shots/${sh010.id}`, w.artist.token));
    expect(result.statusCode).toBe(200);
    // Measured on this fixture: a different count means a read was added or lost its batching.
    expect(count).toBe(9);
  });

  gazuRoute("GET", "/data/edits/{edit_id}", {
    succeeds: ["returns the edit with its episode, project and tasks", async () => {
      const response = await get(`/data/edits/${edit.id}`, w.artist.token);
      expect(response.statusCode).toBe(200);
      const body = response.json();
      expectZouObject(body, "Edit");
      expect(body).toMatchObject({ id: edit.id, project_id: w.project.id, project_name: "Big Bunny", episode_id: episode.id, episode_name: "E01" });
      expect(body.tasks).toHaveLength(1);
    }],
    fails: ["rejects a person outside the team", async () => {
      expect((await get(`/data/edits/${edit.id}`, w.outsider.token)).statusCode).toBe(403);
    }],
  });

  gazuRoute("GET", "/data/concepts/{concept_id}", {
    succeeds: ["returns the concept with its linked entities", async () => {
      const response = await get(`/data/concepts/${concept.id}`, w.artist.token);
      expect(response.statusCode).toBe(200);
      const body = response.json();
      expectZouObject(body, "Concept");
      expect(body).toMatchObject({ id: concept.id, project_name: "Big Bunny", entity_concept_links: [asset.id], tasks: [] });
    }],
    fails: ["rejects a client", async () => {
      expect((await get(`/data/concepts/${concept.id}`, w.client.token)).statusCode).toBe(403);
    }],
  });

  gazuRoute("GET", "/data/scenes/{scene_id}", {
    succeeds: ["returns the scene with its sequence and episode names", async () => {
      const response = await get(`/data/scenes/${scene.id}`, w.artist.token);
      expect(response.statusCode).toBe(200);
      expect(response.json()).toMatchObject({ type: "Scene", id: scene.id, sequence_name: "SQ01", episode_name: "E01" });
    }],
    fails: ["returns 404 for an unknown scene", async () => {
      expect((await get(`/data/scenes/${UNKNOWN_ID}`, w.artist.token)).statusCode).toBe(404);
    }],
  });

  gazuRoute("GET", "/data/entities/{instance_id}", {
    succeeds: ["returns any entity with its kind as type", async () => {
      const response = await get(`/data/entities/${sh010.id}`, w.artist.token);
      expect(response.statusCode).toBe(200);
      expect(response.json()).toMatchObject({ type: "Shot", id: sh010.id, entities_out: [asset.id] });
    }],
    fails: ["rejects a person outside the team", async () => {
      expect((await get(`/data/entities/${sh010.id}`, w.outsider.token)).statusCode).toBe(403);
    }],
  });
});

describe("a project's lists", () => {
  gazuRoute("GET", "/data/projects/{project_id}/shots", {
    succeeds: ["returns the project's shots by name", async () => {
      const response = await get(`/data/projects/${w.project.id}/shots`, w.artist.token);
      expect(response.statusCode).toBe(200);
      const body = response.json();
      expect(names(body)).toEqual(["SH010", "SH020", "SH030"]);
      expectZouObject(body[0], "Shot");
      expect(body[0]).toMatchObject({ parent_id: sq01.id, project_id: w.project.id });
    }],
    fails: ["rejects a person outside the team", async () => {
      const response = await get(`/data/projects/${w.project.id}/shots`, w.outsider.token);
      expect(response.statusCode).toBe(403);
      expect(response.body).not.toContain("SH010");
    }],
  });

  it("gives a vendor only the shots of their tasks", async () => {
    const response = await get(`/data/projects/${w.project.id}/shots`, w.vendor.token);
    expect(names(response.json())).toEqual(["SH020"]);
  });

  it("hides restricted shot metadata from a vendor", async () => {
    const project = await t.make.makeProject({ team: [{ id: w.vendor.person.id }] });
    const department = await t.make.makeDepartment({ name: "Lighting desk" });
    const [descriptor] = await t.db.orm
      .insert(metadataDescriptor)
      .values({ projectId: project.id, name: "Budget", fieldName: "budget", entityType: "Shot", dataType: "string" })
      .returning();
    await t.db.query("insert into department_metadata_descriptor_link (metadata_descriptor_id, department_id) values ($1, $2)", [descriptor.id, department.id]);
    const sequence = await t.make.makeSequence({ projectId: project.id, name: "SQ01" });
    const shot = await t.make.makeShot({ projectId: project.id, sequenceId: sequence.id, data: { budget: "high", color: "red" } });
    await t.make.makeTask({ entity: shot, assignees: [w.vendor.person.id] });

    const response = await get(`/data/projects/${project.id}/shots`, w.vendor.token);
    expect(response.json()[0].data).toEqual({ color: "red" });
  });

  it("lists shots in as many statements for ten shots as for one", async () => {
    const project = await t.make.makeProject({ team: [{ id: w.vendor.person.id }] });
    const sequence = await t.make.makeSequence({ projectId: project.id, name: "SQ01" });
    const addShot = async (name: string) => {
      const shot = await t.make.makeShot({ projectId: project.id, sequenceId: sequence.id, name });
      await t.make.makeTask({ entity: shot, assignees: [w.vendor.person.id] });
    };
    const list = () => countStatements(async () => await get(`/data/projects/${project.id}/shots`, w.vendor.token));

    await addShot("SH000");
    // The first request of the token reads its person; later ones find it cached.
    await list();
    const withOneShot = await list();
    for (let index = 1; index < 10; index += 1) await addShot(`SH${index}0`);
    const withTenShots = await list();
    expect(withTenShots.result.json()).toHaveLength(10);
    expect(withTenShots.count).toBe(withOneShot.count);
  });

  gazuRoute("GET", "/data/projects/{project_id}/sequences", {
    succeeds: ["returns the project's sequences by name", async () => {
      const response = await get(`/data/projects/${w.project.id}/sequences`, w.artist.token);
      expect(response.statusCode).toBe(200);
      expect(names(response.json())).toEqual(["SQ01", "SQ02"]);
      expectZouObject(response.json()[0], "Sequence");
    }],
    fails: ["returns 404 for an unknown project", async () => {
      expect((await get(`/data/projects/${UNKNOWN_ID}/sequences`, w.artist.token)).statusCode).toBe(404);
    }],
  });

  it("gives a vendor the sequences and episodes above their shots", async () => {
    expect(names((await get(`/data/projects/${w.project.id}/sequences`, w.vendor.token)).json())).toEqual(["SQ01"]);
    expect(names((await get(`/data/projects/${w.project.id}/episodes`, w.vendor.token)).json())).toEqual(["E01"]);
  });

  gazuRoute("GET", "/data/projects/{project_id}/episodes", {
    succeeds: ["returns the project's episodes", async () => {
      const response = await get(`/data/projects/${w.project.id}/episodes`, w.artist.token);
      expect(response.statusCode).toBe(200);
      expect(names(response.json())).toEqual(["E01"]);
      expectZouObject(response.json()[0], "Episode");
    }],
    fails: ["rejects a person outside the team", async () => {
      expect((await get(`/data/projects/${w.project.id}/episodes`, w.outsider.token)).statusCode).toBe(403);
    }],
  });

  gazuRoute("GET", "/data/projects/{project_id}/scenes", {
    succeeds: ["returns the project's scenes", async () => {
      const response = await get(`/data/projects/${w.project.id}/scenes`, w.artist.token);
      expect(response.statusCode).toBe(200);
      expect(names(response.json())).toEqual(["SC01"]);
      expectZouObject(response.json()[0], "Scene");
    }],
    fails: ["rejects a person outside the team", async () => {
      expect((await get(`/data/projects/${w.project.id}/scenes`, w.outsider.token)).statusCode).toBe(403);
    }],
  });

  gazuRoute("GET", "/data/projects/{project_id}/edits", {
    succeeds: ["returns the project's edits", async () => {
      const response = await get(`/data/projects/${w.project.id}/edits`, w.artist.token);
      expect(response.statusCode).toBe(200);
      expect(names(response.json())).toEqual(["ED01"]);
      expectZouObject(response.json()[0], "Edit");
    }],
    fails: ["returns 404 for a malformed project id", async () => {
      expect((await get("/data/projects/nope/edits", w.artist.token)).statusCode).toBe(404);
    }],
  });

  gazuRoute("GET", "/data/projects/{project_id}/concepts", {
    succeeds: ["returns the project's concepts with their links", async () => {
      const response = await get(`/data/projects/${w.project.id}/concepts`, w.artist.token);
      expect(response.statusCode).toBe(200);
      expect(response.json()).toMatchObject([{ id: concept.id, type: "Concept", entity_concept_links: [asset.id] }]);
    }],
    fails: ["rejects a vendor", async () => {
      expect((await get(`/data/projects/${w.project.id}/concepts`, w.vendor.token)).statusCode).toBe(403);
    }],
  });
});

describe("lists under a parent", () => {
  gazuRoute("GET", "/data/sequences/{sequence_id}/shots", {
    succeeds: ["returns the sequence's shots, filtered by the query", async () => {
      const response = await get(`/data/sequences/${sq01.id}/shots`, w.artist.token);
      expect(response.statusCode).toBe(200);
      expect(names(response.json())).toEqual(["SH010", "SH020"]);
      const filtered = await get(`/data/sequences/${sq01.id}/shots?name=SH020`, w.artist.token);
      expect(names(filtered.json())).toEqual(["SH020"]);
    }],
    fails: ["returns 404 for an unknown sequence", async () => {
      expect((await get(`/data/sequences/${UNKNOWN_ID}/shots`, w.artist.token)).statusCode).toBe(404);
    }],
  });

  gazuRoute("GET", "/data/episodes/{episode_id}/shots", {
    succeeds: ["returns the shots of the episode's sequences", async () => {
      const response = await get(`/data/episodes/${episode.id}/shots`, w.artist.token);
      expect(response.statusCode).toBe(200);
      expect(names(response.json())).toEqual(["SH010", "SH020", "SH030"]);
    }],
    fails: ["rejects a person outside the team", async () => {
      expect((await get(`/data/episodes/${episode.id}/shots`, w.outsider.token)).statusCode).toBe(403);
    }],
  });

  gazuRoute("GET", "/data/episodes/{episode_id}/sequences", {
    succeeds: ["returns the episode's sequences", async () => {
      const response = await get(`/data/episodes/${episode.id}/sequences`, w.artist.token);
      expect(response.statusCode).toBe(200);
      expect(names(response.json())).toEqual(["SQ01", "SQ02"]);
    }],
    fails: ["returns 404 for an unknown episode and an empty list for a malformed id", async () => {
      expect((await get(`/data/episodes/${UNKNOWN_ID}/sequences`, w.artist.token)).statusCode).toBe(404);
      const malformed = await get("/data/episodes/nope/sequences", w.artist.token);
      expect(malformed.statusCode).toBe(200);
      expect(malformed.json()).toEqual([]);
    }],
  });

  gazuRoute("GET", "/data/sequences/{sequence_id}/scenes", {
    succeeds: ["returns the sequence's scenes", async () => {
      const response = await get(`/data/sequences/${sq01.id}/scenes`, w.artist.token);
      expect(response.statusCode).toBe(200);
      expect(names(response.json())).toEqual(["SC01"]);
    }],
    fails: ["returns 404 for an unknown sequence", async () => {
      expect((await get(`/data/sequences/${UNKNOWN_ID}/scenes`, w.artist.token)).statusCode).toBe(404);
    }],
  });
});

describe("filtered lists", () => {
  gazuRoute("GET", "/data/episodes", {
    succeeds: ["finds an episode by project and name", async () => {
      const response = await get(`/data/episodes?project_id=${w.project.id}&name=E01`, w.artist.token);
      expect(response.statusCode).toBe(200);
      expect(response.json()).toMatchObject([{ id: episode.id, type: "Episode" }]);
      expect((await get(`/data/episodes?project_id=${w.project.id}&name=E99`, w.artist.token)).json()).toEqual([]);
    }],
    fails: ["rejects a non-admin list without a project", async () => {
      expect((await get("/data/episodes", w.artist.token)).statusCode).toBe(403);
      expect((await get("/data/episodes", w.admin.token)).statusCode).toBe(200);
    }],
  });

  gazuRoute("GET", "/data/sequences", {
    succeeds: ["finds a sequence by episode and name", async () => {
      const response = await get(`/data/sequences?episode_id=${episode.id}&name=SQ02`, w.artist.token);
      expect(response.statusCode).toBe(200);
      expect(response.json()).toMatchObject([{ id: sq02.id, type: "Sequence" }]);
      const byProject = await get(`/data/sequences?project_id=${w.project.id}&name=SQ01`, w.artist.token);
      expect(names(byProject.json())).toEqual(["SQ01"]);
    }],
    fails: ["returns 400 for a malformed project id", async () => {
      expect((await get("/data/sequences?project_id=nope", w.artist.token)).statusCode).toBe(400);
    }],
  });

  gazuRoute("GET", "/data/shots/all", {
    succeeds: ["finds a shot by sequence and name, with names", async () => {
      const response = await get(`/data/shots/all?sequence_id=${sq01.id}&name=SH010`, w.artist.token);
      expect(response.statusCode).toBe(200);
      expect(response.json()).toMatchObject([{ id: sh010.id, type: "Shot", sequence_name: "SQ01", project_name: "Big Bunny" }]);
    }],
    fails: ["returns 404 for an unknown sequence", async () => {
      expect((await get(`/data/shots/all?sequence_id=${UNKNOWN_ID}&name=SH010`, w.artist.token)).statusCode).toBe(404);
    }],
  });

  gazuRoute("GET", "/data/scenes/all", {
    succeeds: ["finds a scene by sequence and name", async () => {
      const response = await get(`/data/scenes/all?parent_id=${sq01.id}&name=SC01`, w.artist.token);
      expect(response.statusCode).toBe(200);
      expect(response.json()).toMatchObject([{ id: scene.id, type: "Scene", sequence_name: "SQ01" }]);
    }],
    fails: ["rejects a person outside the team", async () => {
      expect((await get(`/data/scenes/all?parent_id=${sq01.id}&name=SC01`, w.outsider.token)).statusCode).toBe(403);
    }],
  });

  gazuRoute("GET", "/data/edits/all", {
    succeeds: ["finds an edit by project and name", async () => {
      const response = await get(`/data/edits/all?project_id=${w.project.id}&name=ED01`, w.artist.token);
      expect(response.statusCode).toBe(200);
      expect(response.json()).toMatchObject([{ id: edit.id, type: "Edit", project_name: "Big Bunny" }]);
    }],
    fails: ["rejects a non-admin list without a project", async () => {
      expect((await get("/data/edits/all?name=ED01", w.artist.token)).statusCode).toBe(403);
    }],
  });

  gazuRoute("GET", "/data/concepts", {
    succeeds: ["finds a concept by project and name", async () => {
      const response = await get(`/data/concepts?project_id=${w.project.id}&name=Look`, w.artist.token);
      expect(response.statusCode).toBe(200);
      expect(response.json()).toMatchObject([{ id: concept.id, type: "Concept", project_name: "Big Bunny" }]);
    }],
    fails: ["rejects a vendor", async () => {
      expect((await get(`/data/concepts?project_id=${w.project.id}`, w.vendor.token)).statusCode).toBe(403);
    }],
  });

  gazuRoute("GET", "/data/entities", {
    succeeds: ["finds an entity by name and project", async () => {
      const response = await get(`/data/entities?name=SH030&project_id=${w.project.id}`, w.artist.token);
      expect(response.statusCode).toBe(200);
      expect(response.json()).toMatchObject([{ id: sh030.id, type: "Shot" }]);
    }],
    fails: ["returns 400 for a malformed project filter", async () => {
      expect((await get("/data/entities?project_id=nope", w.artist.token)).statusCode).toBe(400);
    }],
  });

  it("keeps a vendor's filtered shot list to their tasks", async () => {
    const response = await get(`/data/shots/all?sequence_id=${sq01.id}`, w.vendor.token);
    expect(response.json().map((item: { id: string }) => item.id)).toEqual([vendorTask.entityId]);
  });
});

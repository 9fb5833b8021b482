import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { entity, entityConceptLink } from "../../../schema/entities.js";
import { createTestApp, type TestApp } from "../../support/app.js";
import type { EntityRow } from "../../support/entities.builders.js";
import { gazuRoute } from "../../support/gazu-routes.js";
import { eventNamesSince } from "../../support/roles.js";
import { makeSeedWorld, UNKNOWN_ID, expectZouObject, type SeedWorld } from "../../support/seed-b.world.js";

// Creations, updates, scene links and deletions of episodes, sequences,
// shots, scenes, edits and concepts, as gazu sends them.

let t: TestApp;
let w: SeedWorld;
let episode: EntityRow;
let sequence: EntityRow;
let asset: EntityRow;

beforeAll(async () => {
  t = await createTestApp();
  w = await makeSeedWorld(t);
  episode = await t.make.makeEpisode({ projectId: w.project.id, name: "E01" });
  sequence = await t.make.makeSequence({ projectId: w.project.id, episodeId: episode.id, name: "SQ01" });
  asset = await t.make.makeAsset({ projectId: w.project.id, name: "Hero" });
});

afterAll(async () => {
  await t.close();
});

function post(url: string, token: string, payload: unknown) {
  return t.request({ method: "POST", url: `/api${url}`, token, payload: payload as Record<string, unknown> });
}

function put(url: string, token: string, payload: unknown) {
  return t.request({ method: "PUT", url: `/api${url}`, token, payload: payload as Record<string, unknown> });
}

function del(url: string, token: string) {
  return t.request({ method: "DELETE", url: `/api${url}`, token });
}

async function storedEntity(id: string) {
  const [row] = await t.db.orm.select().from(entity).where(eq(entity.id, id));
  return row;
}

describe("creations", () => {
  gazuRoute("POST", "/data/projects/{project_id}/episodes", {
    succeeds: ["creates an episode, and returns it again for the same name", async () => {
      const since = new Date();
      const response = await post(`/data/projects/${w.project.id}/episodes`, w.manager.token, { name: "E02" });
      expect(response.statusCode).toBe(201);
      const body = response.json();
      expectZouObject(body, "Episode");
      expect(body).toMatchObject({ name: "E02", project_id: w.project.id });
      expect(await eventNamesSince(t, since)).toContain("episode:new");

      const again = await post(`/data/projects/${w.project.id}/episodes`, w.manager.token, { name: "E02" });
      expect(again.statusCode).toBe(201);
      expect(again.json().id).toBe(body.id);
    }],
    fails: ["rejects an artist", async () => {
      const response = await post(`/data/projects/${w.project.id}/episodes`, w.artist.token, { name: "E03" });
      expect(response.statusCode).toBe(403);
    }],
  });

  gazuRoute("POST", "/data/projects/{project_id}/sequences", {
    succeeds: ["creates a sequence in an episode", async () => {
      const response = await post(`/data/projects/${w.project.id}/sequences`, w.manager.token, { name: "SQ02", episode_id: episode.id });
      expect(response.statusCode).toBe(201);
      expectZouObject(response.json(), "Sequence");
      expect(response.json()).toMatchObject({ name: "SQ02", parent_id: episode.id });
    }],
    fails: ["rejects a body without a name", async () => {
      const response = await post(`/data/projects/${w.project.id}/sequences`, w.manager.token, { episode_id: episode.id });
      expect(response.statusCode).toBe(400);
      expect(response.json().data.errors[0].field).toBe("name");
    }],
  });

  gazuRoute("POST", "/data/projects/{project_id}/shots", {
    succeeds: ["creates a shot with its frames and data", async () => {
      const response = await post(`/data/projects/${w.project.id}/shots`, w.manager.token, {
        name: "SH010",
        sequence_id: sequence.id,
        nb_frames: 40,
        data: { frame_in: 1001, frame_out: 1040 },
        description: "opening",
      });
      expect(response.statusCode).toBe(201);
      expectZouObject(response.json(), "Shot");
      expect(response.json()).toMatchObject({ name: "SH010", parent_id: sequence.id, nb_frames: 40, description: "opening", data: { frame_in: 1001, frame_out: 1040 } });
    }],
    fails: ["rejects a shot without a sequence", async () => {
      const response = await post(`/data/projects/${w.project.id}/shots`, w.manager.token, { name: "SH020" });
      expect(response.statusCode).toBe(400);
      expect(response.json().data.errors[0].field).toBe("sequence_id");
    }],
  });

  gazuRoute("POST", "/data/projects/{project_id}/scenes", {
    succeeds: ["creates a scene in a sequence", async () => {
      const response = await post(`/data/projects/${w.project.id}/scenes`, w.manager.token, { name: "SC01", sequence_id: sequence.id });
      expect(response.statusCode).toBe(201);
      expectZouObject(response.json(), "Scene");
      expect(response.json()).toMatchObject({ name: "SC01", parent_id: sequence.id });
    }],
    fails: ["returns 404 for an unknown sequence", async () => {
      const response = await post(`/data/projects/${w.project.id}/scenes`, w.manager.token, { name: "SC02", sequence_id: UNKNOWN_ID });
      expect(response.statusCode).toBe(404);
    }],
  });

  gazuRoute("POST", "/data/projects/{project_id}/edits", {
    succeeds: ["creates an edit in the episode sent as parent_id", async () => {
      const response = await post(`/data/projects/${w.project.id}/edits`, w.manager.token, { name: "ED01", data: {}, parent_id: episode.id });
      expect(response.statusCode).toBe(201);
      expectZouObject(response.json(), "Edit");
      expect(response.json()).toMatchObject({ name: "ED01", parent_id: episode.id });
    }],
    fails: ["rejects an artist", async () => {
      expect((await post(`/data/projects/${w.project.id}/edits`, w.artist.token, { name: "ED02" })).statusCode).toBe(403);
    }],
  });

  gazuRoute("POST", "/data/projects/{project_id}/concepts", {
    succeeds: ["lets an artist create a concept linked to an asset", async () => {
      const response = await post(`/data/projects/${w.project.id}/concepts`, w.artist.token, { name: "Mood", data: {}, entity_concept_links: [asset.id] });
      expect(response.statusCode).toBe(201);
      const body = response.json();
      expectZouObject(body, "Concept");
      expect(body).toMatchObject({ name: "Mood", created_by: w.artist.person.id, entity_concept_links: [asset.id] });
      const links = await t.db.orm.select().from(entityConceptLink).where(eq(entityConceptLink.entityInId, body.id));
      expect(links.map((link) => link.entityOutId)).toEqual([asset.id]);
    }],
    fails: ["rejects a vendor", async () => {
      expect((await post(`/data/projects/${w.project.id}/concepts`, w.vendor.token, { name: "Vendor mood" })).statusCode).toBe(403);
    }],
  });

  it("returns the existing shot for a name taken in the sequence", async () => {
    const first = await post(`/data/projects/${w.project.id}/shots`, w.manager.token, { name: "SH500", sequence_id: sequence.id });
    const second = await post(`/data/projects/${w.project.id}/shots`, w.manager.token, { name: "SH500", sequence_id: sequence.id, nb_frames: 12 });
    expect(second.statusCode).toBe(201);
    expect(second.json().id).toBe(first.json().id);
    expect(second.json().nb_frames).toBe(first.json().nb_frames);
  });

  it("rejects a creation body that is not JSON", async () => {
    const response = await t.request({ method: "POST", url: `/api/data/projects/${w.project.id}/episodes`, token: w.manager.token, payload: "name=E09", headers: { "content-type": "text/plain" } });
    expect(response.statusCode).toBe(415);
  });
});

describe("updates and scene links", () => {
  gazuRoute("PUT", "/data/shots/{shot_id}", {
    succeeds: ["restores a canceled shot and ignores read-only fields", async () => {
      const shot = await t.make.makeShot({ projectId: w.project.id, sequenceId: sequence.id, name: "SH900", canceled: true });
      const response = await put(`/data/shots/${shot.id}`, w.manager.token, { id: UNKNOWN_ID, project_id: UNKNOWN_ID, type: "Shot", canceled: false });
      expect(response.statusCode).toBe(200);
      expect(response.json()).toMatchObject({ id: shot.id, canceled: false, project_id: w.project.id });
      expect((await storedEntity(shot.id)).canceled).toBe(false);
    }],
    fails: ["rejects an artist", async () => {
      const shot = await t.make.makeShot({ projectId: w.project.id, sequenceId: sequence.id, name: "SH901" });
      expect((await put(`/data/shots/${shot.id}`, w.artist.token, { name: "renamed" })).statusCode).toBe(403);
      expect((await storedEntity(shot.id)).name).toBe("SH901");
    }],
  });

  gazuRoute("PUT", "/data/entities/{instance_id}", {
    succeeds: ["merges the data sent with the rest of the shot", async () => {
      const shot = await t.make.makeShot({ projectId: w.project.id, sequenceId: sequence.id, name: "SH910", data: { frame_in: 1 } });
      const response = await put(`/data/entities/${shot.id}`, w.manager.token, { id: shot.id, data: { frame_in: 1, frame_out: 20 } });
      expect(response.statusCode).toBe(200);
      expect(response.json()).toMatchObject({ id: shot.id, data: { frame_in: 1, frame_out: 20 } });
    }],
    fails: ["rejects an artist who did not create the shot", async () => {
      const shot = await t.make.makeShot({ projectId: w.project.id, sequenceId: sequence.id, name: "SH911" });
      expect((await put(`/data/entities/${shot.id}`, w.artist.token, { name: "renamed" })).statusCode).toBe(403);
    }],
  });

  gazuRoute("POST", "/data/scenes/{scene_id}/shots", {
    succeeds: ["links a shot to a scene and lists it under the scene", async () => {
      const scene = await t.make.makeScene({ projectId: w.project.id, sequenceId: sequence.id, name: "SC10" });
      const shot = await t.make.makeShot({ projectId: w.project.id, sequenceId: sequence.id, name: "SH920" });
      const since = new Date();
      const response = await post(`/data/scenes/${scene.id}/shots`, w.artist.token, { shot_id: shot.id });
      expect(response.statusCode).toBe(201);
      expect(response.json()).toMatchObject({ id: shot.id, source_id: scene.id, type: "Shot" });
      expect(await eventNamesSince(t, since)).toContain("shot:add-to-scene");
    }],
    fails: ["rejects a body without a shot", async () => {
      const scene = await t.make.makeScene({ projectId: w.project.id, sequenceId: sequence.id, name: "SC11" });
      expect((await post(`/data/scenes/${scene.id}/shots`, w.artist.token, {})).statusCode).toBe(400);
    }],
  });

  it("rejects a client linking a shot to a scene", async () => {
    const scene = await t.make.makeScene({ projectId: w.project.id, sequenceId: sequence.id, name: "SC15" });
    const shot = await t.make.makeShot({ projectId: w.project.id, sequenceId: sequence.id, name: "SH921" });
    expect((await post(`/data/scenes/${scene.id}/shots`, w.client.token, { shot_id: shot.id })).statusCode).toBe(403);
    expect((await storedEntity(shot.id)).sourceId).toBeNull();
  });

  gazuRoute("GET", "/data/scenes/{scene_id}/shots", {
    succeeds: ["returns the shots issued from the scene", async () => {
      const scene = await t.make.makeScene({ projectId: w.project.id, sequenceId: sequence.id, name: "SC12" });
      const shot = await t.make.makeShot({ projectId: w.project.id, sequenceId: sequence.id, name: "SH930", sourceId: scene.id });
      const response = await t.request({ method: "GET", url: `/api/data/scenes/${scene.id}/shots`, token: w.artist.token });
      expect(response.statusCode).toBe(200);
      expect(response.json()).toMatchObject([{ id: shot.id, type: "Shot", sequence_name: "SQ01" }]);
    }],
    fails: ["returns 404 for an unknown scene", async () => {
      expect((await t.request({ method: "GET", url: `/api/data/scenes/${UNKNOWN_ID}/shots`, token: w.artist.token })).statusCode).toBe(404);
    }],
  });

  gazuRoute("DELETE", "/data/scenes/{scene_id}/shots/{shot_id}", {
    succeeds: ["unlinks the shot from the scene", async () => {
      const scene = await t.make.makeScene({ projectId: w.project.id, sequenceId: sequence.id, name: "SC13" });
      const shot = await t.make.makeShot({ projectId: w.project.id, sequenceId: sequence.id, name: "SH940", sourceId: scene.id });
      const response = await del(`/data/scenes/${scene.id}/shots/${shot.id}`, w.artist.token);
      expect(response.statusCode).toBe(204);
      expect((await storedEntity(shot.id)).sourceId).toBeNull();
    }],
    fails: ["rejects a person outside the team", async () => {
      const scene = await t.make.makeScene({ projectId: w.project.id, sequenceId: sequence.id, name: "SC14" });
      const shot = await t.make.makeShot({ projectId: w.project.id, sequenceId: sequence.id, name: "SH941", sourceId: scene.id });
      expect((await del(`/data/scenes/${scene.id}/shots/${shot.id}`, w.outsider.token)).statusCode).toBe(403);
      expect((await storedEntity(shot.id)).sourceId).toBe(scene.id);
    }],
  });
});

describe("deletions", () => {
  gazuRoute("DELETE", "/data/shots/{shot_id}", {
    succeeds: ["cancels a shot with tasks, and deletes it with force", async () => {
      const shot = await t.make.makeShot({ projectId: w.project.id, sequenceId: sequence.id, name: "SH950" });
      await t.make.makeTask({ entity: shot });
      expect((await del(`/data/shots/${shot.id}`, w.manager.token)).statusCode).toBe(204);
      expect((await storedEntity(shot.id)).canceled).toBe(true);
      expect((await del(`/data/shots/${shot.id}?force=True`, w.manager.token)).statusCode).toBe(204);
      expect(await storedEntity(shot.id)).toBeUndefined();
    }],
    fails: ["rejects an artist who did not create the shot", async () => {
      const shot = await t.make.makeShot({ projectId: w.project.id, sequenceId: sequence.id, name: "SH951" });
      expect((await del(`/data/shots/${shot.id}`, w.artist.token)).statusCode).toBe(403);
      expect(await storedEntity(shot.id)).toBeDefined();
    }],
  });

  it("lets the creator of a shot delete it", async () => {
    const shot = await t.make.makeShot({ projectId: w.project.id, sequenceId: sequence.id, name: "SH952", createdBy: w.artist.person.id });
    expect((await del(`/data/shots/${shot.id}`, w.artist.token)).statusCode).toBe(204);
    expect(await storedEntity(shot.id)).toBeUndefined();
  });

  gazuRoute("DELETE", "/data/sequences/{sequence_id}", {
    succeeds: ["deletes a sequence and, with force, its shots", async () => {
      const doomed = await t.make.makeSequence({ projectId: w.project.id, name: "SQ90" });
      const shot = await t.make.makeShot({ projectId: w.project.id, sequenceId: doomed.id, name: "SH960" });
      expect((await del(`/data/sequences/${doomed.id}?force=true`, w.manager.token)).statusCode).toBe(204);
      expect(await storedEntity(doomed.id)).toBeUndefined();
      expect(await storedEntity(shot.id)).toBeUndefined();
    }],
    fails: ["keeps a sequence that still has shots without force", async () => {
      const kept = await t.make.makeSequence({ projectId: w.project.id, name: "SQ91" });
      await t.make.makeShot({ projectId: w.project.id, sequenceId: kept.id, name: "SH961" });
      const response = await del(`/data/sequences/${kept.id}`, w.manager.token);
      expect(response.statusCode).toBe(400);
      expect(response.json()).toEqual({ error: true, message: "Some data are still linked to this sequence." });
      expect(await storedEntity(kept.id)).toBeDefined();
    }],
  });

  gazuRoute("DELETE", "/data/episodes/{episode_id}", {
    succeeds: ["deletes an empty episode", async () => {
      const doomed = await t.make.makeEpisode({ projectId: w.project.id, name: "E90" });
      expect((await del(`/data/episodes/${doomed.id}`, w.manager.token)).statusCode).toBe(204);
      expect(await storedEntity(doomed.id)).toBeUndefined();
    }],
    fails: ["keeps an episode that still has sequences without force", async () => {
      const kept = await t.make.makeEpisode({ projectId: w.project.id, name: "E91" });
      await t.make.makeSequence({ projectId: w.project.id, episodeId: kept.id, name: "SQ92" });
      expect((await del(`/data/episodes/${kept.id}`, w.manager.token)).statusCode).toBe(400);
      expect(await storedEntity(kept.id)).toBeDefined();
    }],
  });

  gazuRoute("DELETE", "/data/edits/{edit_id}", {
    succeeds: ["deletes an edit", async () => {
      const doomed = await t.make.makeEdit({ projectId: w.project.id, name: "ED90" });
      expect((await del(`/data/edits/${doomed.id}`, w.manager.token)).statusCode).toBe(204);
      expect(await storedEntity(doomed.id)).toBeUndefined();
    }],
    fails: ["rejects an artist who did not create the edit", async () => {
      const kept = await t.make.makeEdit({ projectId: w.project.id, name: "ED91" });
      expect((await del(`/data/edits/${kept.id}`, w.artist.token)).statusCode).toBe(403);
      expect(await storedEntity(kept.id)).toBeDefined();
    }],
  });

  gazuRoute("DELETE", "/data/concepts/{concept_id}", {
    succeeds: ["lets the creator delete their concept", async () => {
      const doomed = await t.make.makeConcept({ projectId: w.project.id, name: "C90", createdBy: w.artist.person.id });
      expect((await del(`/data/concepts/${doomed.id}`, w.artist.token)).statusCode).toBe(204);
      expect(await storedEntity(doomed.id)).toBeUndefined();
    }],
    fails: ["rejects another artist", async () => {
      const kept = await t.make.makeConcept({ projectId: w.project.id, name: "C91", createdBy: w.manager.person.id });
      expect((await del(`/data/concepts/${kept.id}`, w.artist.token)).statusCode).toBe(403);
      expect(await storedEntity(kept.id)).toBeDefined();
    }],
  });

  it("cancels a concept with tasks unless force is set", async () => {
    const concept = await t.make.makeConcept({ projectId: w.project.id, name: "C92" });
    await t.make.makeTask({ entity: concept });
    expect((await del(`/data/concepts/${concept.id}`, w.manager.token)).statusCode).toBe(204);
    expect((await storedEntity(concept.id)).canceled).toBe(true);
  });

  gazuRoute("DELETE", "/data/entities/{instance_id}", {
    succeeds: ["deletes an entity with force", async () => {
      const doomed = await t.make.makeShot({ projectId: w.project.id, sequenceId: sequence.id, name: "SH970" });
      expect((await del(`/data/entities/${doomed.id}?force=True`, w.manager.token)).statusCode).toBe(204);
      expect(await storedEntity(doomed.id)).toBeUndefined();
    }],
    fails: ["rejects an artist who did not create the entity", async () => {
      const kept = await t.make.makeShot({ projectId: w.project.id, sequenceId: sequence.id, name: "SH971" });
      expect((await del(`/data/entities/${kept.id}`, w.artist.token)).statusCode).toBe(403);
      expect(await storedEntity(kept.id)).toBeDefined();
    }],
  });
});

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../support/app.js";
import { makeSeedWorld, UNKNOWN_ID, type SeedWorld } from "../support/seed-b.world.js";

let t: TestApp;
let w: SeedWorld;

beforeAll(async () => {
  t = await createTestApp();
  w = await makeSeedWorld(t);
});

afterAll(async () => {
  await t.close();
});

async function exists(table: string, id: string): Promise<boolean> {
  const rows = await t.db.query(`select 1 from ${table} where id = $1`, [id]);
  return rows.length > 0;
}

function deleteEpisode(token: string, id: string, force = false) {
  return t.request({ method: "DELETE", url: `/api/data/episodes/${id}${force ? "?force=true" : ""}`, token });
}

describe("DELETE /data/episodes/{episode_id}", () => {
  it("deletes an empty episode with 204 and records episode:delete", async () => {
    const episode = await t.make.makeEpisode({ projectId: w.project.id });

    const response = await deleteEpisode(w.manager.token, episode.id);

    expect(response.statusCode).toBe(204);
    expect(response.body).toBe("");
    expect(await exists("entity", episode.id)).toBe(false);
    const events = await t.db.query<{ data: Record<string, unknown> }>("select data from api_event where name = 'episode:delete'");
    expect(events.map((event) => event.data.episode_id)).toContain(episode.id);
  });

  it("answers 400 without force while a sequence, an asset of the episode or a playlist is linked to it", async () => {
    const withSequence = await t.make.makeEpisode({ projectId: w.project.id });
    await t.make.makeSequence({ projectId: w.project.id, episodeId: withSequence.id });
    const withAsset = await t.make.makeEpisode({ projectId: w.project.id });
    await t.make.makeAsset({ projectId: w.project.id, sourceId: withAsset.id });
    const withPlaylist = await t.make.makeEpisode({ projectId: w.project.id });
    await t.make.makePlaylist({ projectId: w.project.id, episodeId: withPlaylist.id });

    for (const episode of [withSequence, withAsset, withPlaylist]) {
      const response = await deleteEpisode(w.manager.token, episode.id);
      expect(response.statusCode).toBe(400);
      expect(response.json()).toEqual({ error: true, message: "Some data are still linked to this episode." });
      expect(await exists("entity", episode.id)).toBe(true);
    }
  });

  it("with force, deletes the sequences, shots, tasks, assets and playlists of the episode", async () => {
    const episode = await t.make.makeEpisode({ projectId: w.project.id });
    const sequence = await t.make.makeSequence({ projectId: w.project.id, episodeId: episode.id });
    const shot = await t.make.makeShot({ projectId: w.project.id, sequenceId: sequence.id });
    const task = await t.make.makeTask({ entity: shot });
    await t.make.makeComment({ task, personId: w.artist.person.id });
    const asset = await t.make.makeAsset({ projectId: w.project.id, sourceId: episode.id });
    const playlist = await t.make.makePlaylist({ projectId: w.project.id, episodeId: episode.id });

    const response = await deleteEpisode(w.admin.token, episode.id, true);

    expect(response.statusCode).toBe(204);
    for (const id of [episode.id, sequence.id, shot.id, asset.id]) expect(await exists("entity", id)).toBe(false);
    expect(await exists("task", task.id)).toBe(false);
    expect(await exists("playlist", playlist.id)).toBe(false);
  });

  it("lets the episode's creator delete it without being a manager or on the team", async () => {
    const episode = await t.make.makeEpisode({ projectId: w.project.id, createdBy: w.outsider.person.id });
    const response = await deleteEpisode(w.outsider.token, episode.id);
    expect(response.statusCode).toBe(204);
    expect(await exists("entity", episode.id)).toBe(false);
  });

  it("forbids members who neither created the episode nor manage the project", async () => {
    const episode = await t.make.makeEpisode({ projectId: w.project.id, createdBy: w.manager.person.id });
    for (const session of [w.supervisor, w.artist, w.outsider]) {
      expect((await deleteEpisode(session.token, episode.id)).statusCode).toBe(403);
    }
    expect(await exists("entity", episode.id)).toBe(true);
  });

  it("answers 404 for an unknown id, a malformed id and an id that is not an episode", async () => {
    const sequence = await t.make.makeSequence({ projectId: w.project.id });
    for (const id of [UNKNOWN_ID, "not-an-id", sequence.id]) {
      expect((await deleteEpisode(w.admin.token, id)).statusCode, id).toBe(404);
    }
    expect(await exists("entity", sequence.id)).toBe(true);
  });
});

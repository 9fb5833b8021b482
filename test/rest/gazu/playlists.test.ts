import { Readable } from "node:stream";
import { inflateRawSync } from "node:zlib";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { previewFile } from "../../../schema/comments.js";
import { notification } from "../../../schema/notifications.js";
import { buildJob, playlist } from "../../../schema/playlists.js";
import { getMediaServices } from "../../../src/previews/media.js";
import { previewFileKey } from "../../../src/previews/previews.service.js";
import { createTestApp, type TestApp } from "../../support/app.js";
import type { EntityRow } from "../../support/entities.builders.js";
import { gazuRoute } from "../../support/gazu-routes.js";
import { expectZouObject, makeSeedWorld, UNKNOWN_ID, type SeedWorld } from "../../support/seed-b.world.js";

// Playlists as gazu's playlist module and Kitsu's review room use them:
// the generic CRUD, the project and episode lists, entries, build jobs,
// client notifications and share links, plus the event log of gazu's sync.

let t: TestApp;
let w: SeedWorld;
let shot: EntityRow;
let episode: EntityRow;

beforeAll(async () => {
  t = await createTestApp();
  w = await makeSeedWorld(t);
  const sequence = await t.make.makeSequence({ projectId: w.project.id });
  shot = await t.make.makeShot({ projectId: w.project.id, sequenceId: sequence.id });
  episode = await t.make.makeEpisode({ projectId: w.project.id, name: "E01" });
});

afterAll(async () => {
  await t.close();
});

function makePlaylist(values: Partial<typeof playlist.$inferInsert> & { entityIds?: string[] } = {}) {
  return t.make.makePlaylist({ ...values, projectId: values.projectId ?? w.project.id });
}

describe("playlist CRUD", () => {
  gazuRoute("GET", "/data/playlists", {
    succeeds: ["filters by project and name as get_playlist_by_name does", async () => {
      const row = await makePlaylist({ name: "Dailies 42" });
      const response = await t.request({ method: "GET", url: `/api/data/playlists?project_id=${w.project.id}&name=Dailies%2042`, token: w.manager.token });
      expect(response.statusCode).toBe(200);
      const list = response.json() as Record<string, unknown>[];
      expect(list.map((item) => item.id)).toEqual([row.id]);
      expectZouObject(list[0], "Playlist");
    }],
    fails: ["shows a client only the playlists made for clients", async () => {
      const internal = await makePlaylist({ forClient: false });
      const forClient = await makePlaylist({ forClient: true });
      const response = await t.request({ method: "GET", url: `/api/data/playlists?project_id=${w.project.id}`, token: w.client.token });
      const ids = (response.json() as { id: string }[]).map((item) => item.id);
      expect(ids).toContain(forClient.id);
      expect(ids).not.toContain(internal.id);
    }],
  });

  gazuRoute("GET", "/data/playlists/{instance_id}", {
    succeeds: ["returns the playlist with its shots", async () => {
      const row = await makePlaylist({ entityIds: [shot.id] });
      const response = await t.request({ method: "GET", url: `/api/data/playlists/${row.id}`, token: w.artist.token });
      expect(response.statusCode).toBe(200);
      expectZouObject(response.json(), "Playlist");
      expect(response.json().shots).toEqual([{ entity_id: shot.id, preview_file_id: null }]);
    }],
    fails: ["rejects a vendor", async () => {
      const row = await makePlaylist();
      const response = await t.request({ method: "GET", url: `/api/data/playlists/${row.id}`, token: w.vendor.token });
      expect(response.statusCode).toBe(403);
    }],
  });

  gazuRoute("POST", "/data/playlists", {
    succeeds: ["creates a playlist owned by the caller", async () => {
      const response = await t.request({
        method: "POST",
        url: "/api/data/playlists",
        token: w.supervisor.token,
        payload: { name: "Supervisor review", project_id: w.project.id, for_entity: "shot", for_client: false, is_for_all: false },
      });
      expect(response.statusCode).toBe(201);
      expectZouObject(response.json(), "Playlist");
      expect(response.json().created_by).toBe(w.supervisor.person.id);
    }],
    fails: ["rejects an artist", async () => {
      const response = await t.request({ method: "POST", url: "/api/data/playlists", token: w.artist.token, payload: { name: "Artist review", project_id: w.project.id } });
      expect(response.statusCode).toBe(403);
    }],
  });

  gazuRoute("PUT", "/data/playlists/{instance_id}", {
    succeeds: ["stores the shots list gazu sends back", async () => {
      const row = await makePlaylist();
      const response = await t.request({
        method: "PUT",
        url: `/api/data/playlists/${row.id}`,
        token: w.manager.token,
        payload: { id: row.id, shots: [{ entity_id: shot.id, preview_file_id: null }] },
      });
      expect(response.statusCode).toBe(200);
      expect(response.json().shots).toEqual([{ entity_id: shot.id, preview_file_id: null }]);
    }],
    fails: ["rejects an artist", async () => {
      const row = await makePlaylist();
      const response = await t.request({ method: "PUT", url: `/api/data/playlists/${row.id}`, token: w.artist.token, payload: { name: "Renamed" } });
      expect(response.statusCode).toBe(403);
    }],
  });

  gazuRoute("DELETE", "/data/playlists/{instance_id}", {
    succeeds: ["deletes the playlist with its build jobs", async () => {
      const row = await makePlaylist();
      await t.db.orm.insert(buildJob).values({ playlistId: row.id });
      const response = await t.request({ method: "DELETE", url: `/api/data/playlists/${row.id}`, token: w.manager.token });
      expect(response.statusCode).toBe(204);
      expect(await t.db.orm.select().from(playlist).where(eq(playlist.id, row.id))).toEqual([]);
    }],
    fails: ["answers 404 for an unknown playlist", async () => {
      const response = await t.request({ method: "DELETE", url: `/api/data/playlists/${UNKNOWN_ID}`, token: w.manager.token });
      expect(response.statusCode).toBe(404);
    }],
  });
});

describe("playlist lists", () => {
  gazuRoute("GET", "/data/projects/{project_id}/playlists", {
    succeeds: ["returns the project's playlists without their entries", async () => {
      const row = await makePlaylist({ entityIds: [shot.id] });
      const response = await t.request({ method: "GET", url: `/api/data/projects/${w.project.id}/playlists?page=1`, token: w.artist.token });
      expect(response.statusCode).toBe(200);
      const found = (response.json() as Record<string, unknown>[]).find((item) => item.id === row.id);
      expect(found).toBeDefined();
      expect(found!.type).toBe("Playlist");
      expect(found!).not.toHaveProperty("shots");
      expect(found!.first_preview_file_id).toBeNull();
    }],
    fails: ["rejects a vendor", async () => {
      const response = await t.request({ method: "GET", url: `/api/data/projects/${w.project.id}/playlists`, token: w.vendor.token });
      expect(response.statusCode).toBe(403);
    }],
  });

  it("pages the project's playlists by twenty", async () => {
    const project = await t.make.makeProject({ team: [{ id: w.manager.person.id }] });
    for (let index = 0; index < 21; index += 1) await t.make.makePlaylist({ projectId: project.id });
    const first = await t.request({ method: "GET", url: `/api/data/projects/${project.id}/playlists?page=1`, token: w.manager.token });
    const second = await t.request({ method: "GET", url: `/api/data/projects/${project.id}/playlists?page=2`, token: w.manager.token });
    expect(first.json()).toHaveLength(20);
    expect(second.json()).toHaveLength(1);
  });

  gazuRoute("GET", "/data/projects/{project_id}/episodes/{episode_id}/playlists", {
    succeeds: ["returns the playlists of the episode only", async () => {
      const inEpisode = await makePlaylist({ episodeId: episode.id });
      const outside = await makePlaylist();
      const response = await t.request({ method: "GET", url: `/api/data/projects/${w.project.id}/episodes/${episode.id}/playlists`, token: w.manager.token });
      expect(response.statusCode).toBe(200);
      const ids = (response.json() as { id: string }[]).map((item) => item.id);
      expect(ids).toEqual([inEpisode.id]);
      expect(ids).not.toContain(outside.id);
    }],
    fails: ["answers 404 for an unknown episode", async () => {
      const response = await t.request({ method: "GET", url: `/api/data/projects/${w.project.id}/episodes/${UNKNOWN_ID}/playlists`, token: w.manager.token });
      expect(response.statusCode).toBe(404);
    }],
  });

  it("lists the main pack playlists under the episode main", async () => {
    const project = await t.make.makeProject({ team: [{ id: w.manager.person.id }] });
    const main = await t.make.makePlaylist({ projectId: project.id, isForAll: false });
    await t.make.makePlaylist({ projectId: project.id, isForAll: true });
    const response = await t.request({ method: "GET", url: `/api/data/projects/${project.id}/episodes/main/playlists`, token: w.manager.token });
    expect((response.json() as { id: string }[]).map((item) => item.id)).toEqual([main.id]);
  });
});

describe("playlist actions", () => {
  gazuRoute("POST", "/actions/playlists/{playlist_id}/add-entity", {
    succeeds: ["appends the entity and returns the playlist", async () => {
      const row = await makePlaylist();
      const response = await t.request({ method: "POST", url: `/api/actions/playlists/${row.id}/add-entity`, token: w.manager.token, payload: { entity_id: shot.id } });
      expect(response.statusCode).toBe(200);
      expectZouObject(response.json(), "Playlist");
      expect(response.json().shots).toEqual([{ entity_id: shot.id, preview_file_id: null }]);
    }],
    fails: ["rejects an entity of another project", async () => {
      const row = await makePlaylist();
      const other = await t.make.makeProject();
      const stranger = await t.make.makeShot({ projectId: other.id });
      const response = await t.request({ method: "POST", url: `/api/actions/playlists/${row.id}/add-entity`, token: w.manager.token, payload: { entity_id: stranger.id } });
      expect(response.statusCode).toBe(404);
      const [stored] = await t.db.orm.select().from(playlist).where(eq(playlist.id, row.id));
      expect(stored.shots).toEqual([]);
    }],
  });

  it("keeps a supervisor from changing another person's playlist", async () => {
    const row = await makePlaylist({ createdBy: w.manager.person.id });
    const response = await t.request({ method: "POST", url: `/api/actions/playlists/${row.id}/add-entity`, token: w.supervisor.token, payload: { entity_id: shot.id } });
    expect(response.statusCode).toBe(403);
  });

  it("add-entity requires entity_id", async () => {
    const row = await makePlaylist();
    const response = await t.request({ method: "POST", url: `/api/actions/playlists/${row.id}/add-entity`, token: w.manager.token, payload: {} });
    expect(response.statusCode).toBe(400);
  });

  gazuRoute("GET", "/data/projects/{project_id}/build-jobs", {
    succeeds: ["lists the build jobs of the project's playlists", async () => {
      const row = await makePlaylist();
      const [job] = await t.db.orm.insert(buildJob).values({ playlistId: row.id, status: "succeeded" }).returning();
      const response = await t.request({ method: "GET", url: `/api/data/projects/${w.project.id}/build-jobs`, token: w.admin.token });
      expect(response.statusCode).toBe(200);
      const found = (response.json() as Record<string, unknown>[]).find((item) => item.id === job.id);
      expect(found).toMatchObject({ type: "BuildJob", playlist_id: row.id, status: "succeeded" });
    }],
    fails: ["rejects a manager who is not admin", async () => {
      const response = await t.request({ method: "GET", url: `/api/data/projects/${w.project.id}/build-jobs`, token: w.manager.token });
      expect(response.statusCode).toBe(403);
    }],
  });

  gazuRoute("POST", "/data/playlists/{playlist_id}/notify-clients", {
    succeeds: ["notifies the project's clients", async () => {
      const row = await makePlaylist({ forClient: true });
      const response = await t.request({ method: "POST", url: `/api/data/playlists/${row.id}/notify-clients`, token: w.manager.token, payload: {} });
      expect(response.statusCode).toBe(200);
      expect(response.json()).toEqual({ status: "success" });
      const rows = await t.db.orm.select().from(notification).where(eq(notification.playlistId, row.id));
      expect(rows.map((item) => [item.personId, item.type])).toEqual([[w.client.person.id, "playlist-ready"]]);
    }],
    fails: ["rejects a supervisor", async () => {
      const row = await makePlaylist({ forClient: true });
      const response = await t.request({ method: "POST", url: `/api/data/playlists/${row.id}/notify-clients`, token: w.supervisor.token, payload: {} });
      expect(response.statusCode).toBe(403);
      expect(await t.db.orm.select().from(notification).where(eq(notification.playlistId, row.id))).toEqual([]);
    }],
  });
});

/** Reads the names and contents of a stored (uncompressed) ZIP archive through its central directory. */
function readZip(archive: Buffer): Map<string, string> {
  const end = archive.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  const count = archive.readUInt16LE(end + 10);
  let cursor = archive.readUInt32LE(end + 16);
  const files = new Map<string, string>();
  for (let index = 0; index < count; index += 1) {
    const method = archive.readUInt16LE(cursor + 10);
    const size = archive.readUInt32LE(cursor + 20);
    const nameLength = archive.readUInt16LE(cursor + 28);
    const offset = archive.readUInt32LE(cursor + 42);
    const name = archive.subarray(cursor + 46, cursor + 46 + nameLength).toString("utf8");
    const dataStart = offset + 30 + archive.readUInt16LE(offset + 26) + archive.readUInt16LE(offset + 28);
    const data = archive.subarray(dataStart, dataStart + size);
    files.set(name, (method === 8 ? inflateRawSync(data) : data).toString("utf8"));
    cursor += 46 + nameLength + archive.readUInt16LE(cursor + 30) + archive.readUInt16LE(cursor + 32);
  }
  return files;
}

describe("playlist archive", () => {
  gazuRoute("GET", "/data/playlists/{playlist_id}/download/zip", {
    succeeds: ["packs the chosen previews into a ZIP", async () => {
      const row = await t.make.makeTask({ entity: shot });
      const [preview] = await t.db.orm.insert(previewFile).values({ name: "v1", taskId: row.id, revision: 1, extension: "pdf" }).returning();
      await getMediaServices(t.services).store.put(previewFileKey(preview.id), Readable.from([Buffer.from("pdf bytes")]));
      const list = await makePlaylist({ name: "Client review" });
      await t.db.orm.update(playlist).set({ shots: [{ entity_id: shot.id, preview_file_id: preview.id }] }).where(eq(playlist.id, list.id));

      const response = await t.request({ method: "GET", url: `/api/data/playlists/${list.id}/download/zip`, token: w.supervisor.token });
      expect(response.statusCode).toBe(200);
      expect(response.headers["content-type"]).toBe("application/zip");
      expect(response.headers["content-disposition"]).toMatch(/_client_review\.zip$/);
      const files = readZip(response.rawPayload);
      expect([...files.values()]).toEqual(["pdf bytes"]);
      expect([...files.keys()][0]).toMatch(/\.pdf$/);
    }],
    fails: ["rejects an artist", async () => {
      const list = await makePlaylist();
      const response = await t.request({ method: "GET", url: `/api/data/playlists/${list.id}/download/zip`, token: w.artist.token });
      expect(response.statusCode).toBe(403);
    }],
  });
});

describe("temporary playlist", () => {
  gazuRoute("POST", "/data/projects/{project_id}/playlists/temp", {
    succeeds: ["lists the tasks' entities with their latest preview", async () => {
      const animation = await t.make.makeTaskType({ name: "Animation temp", forEntity: "Shot" });
      const sequence = await t.make.makeSequence({ projectId: w.project.id, name: "SQ temp" });
      const tempShot = await t.make.makeShot({ projectId: w.project.id, sequenceId: sequence.id });
      const row = await t.make.makeTask({ entity: tempShot, taskTypeId: animation.id });
      await t.db.orm.insert(previewFile).values({ name: "v1", taskId: row.id, revision: 1, extension: "mp4" });
      const [latest] = await t.db.orm.insert(previewFile).values({ name: "v2", taskId: row.id, revision: 2, extension: "mp4" }).returning();
      const response = await t.request({ method: "POST", url: `/api/data/projects/${w.project.id}/playlists/temp`, token: w.artist.token, payload: { task_ids: [row.id] } });
      expect(response.statusCode).toBe(200);
      const [entry] = response.json() as Record<string, unknown>[];
      expect(entry).toMatchObject({ id: tempShot.id, preview_file_task_id: row.id, preview_file_id: latest.id, preview_file_extension: "mp4" });
      expect(Object.keys(entry.preview_files as object)).toEqual([animation.id]);
      expect(entry.sequence_name).toBe("SQ temp");
    }],
    fails: ["answers 404 for a task of another project", async () => {
      const other = await t.make.makeProject({ team: [{ id: w.manager.person.id }] });
      const stranger = await t.make.makeTask({ entity: await t.make.makeShot({ projectId: other.id }) });
      const response = await t.request({ method: "POST", url: `/api/data/projects/${w.project.id}/playlists/temp`, token: w.manager.token, payload: { task_ids: [stranger.id] } });
      expect(response.statusCode).toBe(404);
    }],
  });
});

describe("playlist share links", () => {
  gazuRoute("POST", "/data/playlists/{playlist_id}/share", {
    succeeds: ["creates a link without exposing its password", async () => {
      const row = await makePlaylist();
      const response = await t.request({
        method: "POST",
        url: `/api/data/playlists/${row.id}/share`,
        token: w.manager.token,
        payload: { can_comment: false, password: "s3cret", expiration_date: "2999-01-01" },
      });
      expect(response.statusCode).toBe(201);
      const link = response.json();
      expect(link).toMatchObject({ type: "PlaylistShareLink", playlist_id: row.id, can_comment: false, is_active: true, has_password: true });
      expect(link.expiration_date).toBe("2999-01-01T00:00:00");
      expect(link).not.toHaveProperty("password");
      expect(typeof link.token).toBe("string");
    }],
    fails: ["rejects an expiration date that is not a date", async () => {
      const row = await makePlaylist();
      const response = await t.request({ method: "POST", url: `/api/data/playlists/${row.id}/share`, token: w.manager.token, payload: { can_comment: true, expiration_date: "soon" } });
      expect(response.statusCode).toBe(400);
    }],
  });

  gazuRoute("GET", "/data/playlists/{playlist_id}/share", {
    succeeds: ["lists the playlist's links", async () => {
      const row = await makePlaylist();
      const created = await t.request({ method: "POST", url: `/api/data/playlists/${row.id}/share`, token: w.manager.token, payload: { can_comment: true } });
      const response = await t.request({ method: "GET", url: `/api/data/playlists/${row.id}/share`, token: w.manager.token });
      expect(response.statusCode).toBe(200);
      expect((response.json() as { token: string }[]).map((item) => item.token)).toEqual([created.json().token]);
    }],
    fails: ["rejects a supervisor", async () => {
      const row = await makePlaylist();
      const response = await t.request({ method: "GET", url: `/api/data/playlists/${row.id}/share`, token: w.supervisor.token });
      expect(response.statusCode).toBe(403);
    }],
  });

  gazuRoute("DELETE", "/data/playlists/{playlist_id}/share/{token}", {
    succeeds: ["deactivates the link and returns it", async () => {
      const row = await makePlaylist();
      const created = await t.request({ method: "POST", url: `/api/data/playlists/${row.id}/share`, token: w.manager.token, payload: { can_comment: true } });
      const response = await t.request({ method: "DELETE", url: `/api/data/playlists/${row.id}/share/${created.json().token}`, token: w.manager.token });
      expect(response.statusCode).toBe(200);
      expect(response.json()).toMatchObject({ token: created.json().token, is_active: false });
    }],
    fails: ["answers 404 when the token belongs to another playlist", async () => {
      const first = await makePlaylist();
      const second = await makePlaylist();
      const created = await t.request({ method: "POST", url: `/api/data/playlists/${first.id}/share`, token: w.manager.token, payload: { can_comment: true } });
      const response = await t.request({ method: "DELETE", url: `/api/data/playlists/${second.id}/share/${created.json().token}`, token: w.manager.token });
      expect(response.statusCode).toBe(404);
      const list = await t.request({ method: "GET", url: `/api/data/playlists/${first.id}/share`, token: w.manager.token });
      expect(list.json()[0].is_active).toBe(true);
    }],
  });
});

describe("event log", () => {
  gazuRoute("GET", "/data/events/last", {
    succeeds: ["returns the latest events of a project, newest first", async () => {
      const created = await t.request({ method: "POST", url: "/api/data/playlists", token: w.manager.token, payload: { name: "Event probe", project_id: w.project.id } });
      const response = await t.request({
        method: "GET",
        url: `/api/data/events/last?limit=20000&only_files=False&project_id=${w.project.id}&name=playlist:new&after=2000-01-01`,
        token: w.manager.token,
      });
      expect(response.statusCode).toBe(200);
      const events = response.json() as Record<string, unknown>[];
      expect(events[0]).toMatchObject({ type: "ApiEvent", name: "playlist:new", project_id: w.project.id });
      expect((events[0].data as Record<string, unknown>).playlist_id).toBe(created.json().id);
    }],
    fails: ["rejects an artist", async () => {
      const response = await t.request({ method: "GET", url: "/api/data/events/last", token: w.artist.token });
      expect(response.statusCode).toBe(403);
    }],
  });

  it("rejects a malformed after date", async () => {
    const response = await t.request({ method: "GET", url: "/api/data/events/last?after=yesterday", token: w.admin.token });
    expect(response.statusCode).toBe(400);
  });
});

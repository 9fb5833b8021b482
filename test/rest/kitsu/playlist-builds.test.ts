import { createReadStream } from "node:fs";
import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { previewFile } from "../../../schema/comments.js";
import { buildJob, playlist, playlistShareLink } from "../../../schema/playlists.js";
import { project } from "../../../schema/projects.js";
import { getMediaServices } from "../../../src/previews/media.js";
import { movieKey } from "../../../src/previews/previews.service.js";
import { buildMovieKey } from "../../../src/playlists/playlist-builds.service.js";
import { createTestApp, type TestApp } from "../../support/app.js";
import type { EntityRow, TaskRow } from "../../support/entities.builders.js";
import { makeMovie, probeBytes } from "../../support/media.js";
import { eventNamesSince } from "../../support/roles.js";
import { makeSeedWorld, UNKNOWN_ID, expectZouObject, type SeedWorld } from "../../support/seed-b.world.js";
import { kitsuRoute } from "./kitsu-routes.js";

// Playlist movie builds (queue, status, download, deletion), share
// invitations mailed to the outbox folder, and the playlist CSV export.

let t: TestApp;
let w: SeedWorld;
let scratch: string;
let outbox: string;
let shots: EntityRow[];
let tasks: TaskRow[];

type PreviewRow = typeof previewFile.$inferSelect;
type PlaylistRow = typeof playlist.$inferSelect;

/** Stores a real movie as the full-definition file of a new ready mp4 preview of the task. */
async function makeMoviePreview(taskRow: TaskRow, seconds: number, audio: boolean, revision = 1): Promise<PreviewRow> {
  const file = await makeMovie(scratch, { container: "mp4", codec: "h264", width: 160, height: 120, fps: 24, seconds, audio });
  const [row] = await t.db.orm
    .insert(previewFile)
    .values({ name: `v${revision}`, taskId: taskRow.id, revision, position: 1, extension: "mp4", status: "ready" })
    .returning();
  await getMediaServices(t.services).store.put(movieKey("previews", row.id), createReadStream(file));
  return row;
}

async function makePlaylistOf(previews: PreviewRow[], values: Partial<typeof playlist.$inferInsert> = {}): Promise<PlaylistRow> {
  const created = await t.make.makePlaylist({ ...values, projectId: w.project.id });
  const entries = previews.map((preview) => ({ entity_id: tasks.find((row) => row.id === preview.taskId)!.entityId as string, preview_file_id: preview.id }));
  const [row] = await t.db.orm.update(playlist).set({ shots: entries }).where(eq(playlist.id, created.id)).returning();
  return row;
}

async function insertJob(playlistId: string, status: string): Promise<typeof buildJob.$inferSelect> {
  const [row] = await t.db.orm.insert(buildJob).values({ playlistId, status, jobType: "movie" }).returning();
  return row;
}

async function waitForBuild(playlistId: string, buildJobId: string, timeoutMs = 90_000): Promise<Record<string, unknown>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const response = await t.request({ method: "GET", url: `/api/data/playlists/${playlistId}/jobs/${buildJobId}`, token: w.manager.token });
    const body = response.json() as Record<string, unknown>;
    if (body.status !== "running") return body;
    if (Date.now() > deadline) throw new Error(`build ${buildJobId} still running after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

beforeAll(async () => {
  scratch = await mkdtemp(path.join(tmpdir(), "kumiki-playlist-builds-"));
  outbox = path.join(scratch, "outbox");
  t = await createTestApp({ env: { PREVIEW_FOLDER: path.join(scratch, "files"), TMP_DIR: path.join(scratch, "tmp"), KUMIKI_MAIL_OUTBOX: outbox } });
  w = await makeSeedWorld(t);
  // A small canvas keeps the encodes quick.
  await t.db.orm.update(project).set({ resolution: "160x120", fps: "24" }).where(eq(project.id, w.project.id));
  const taskType = await t.make.makeTaskType({ name: "Animation" });
  const sequence = await t.make.makeSequence({ projectId: w.project.id, name: "SQ01" });
  const status = await t.make.makeTaskStatus({ name: "Work in progress", shortName: "wip" });
  shots = [];
  tasks = [];
  for (const name of ["SH010", "SH020", "SH030"]) {
    const shot = await t.make.makeShot({ projectId: w.project.id, name, sequenceId: sequence.id, nbFrames: 48 });
    shots.push(shot);
    tasks.push(await t.make.makeTask({ entity: shot, taskTypeId: taskType.id, status }));
  }
}, 60_000);

afterAll(async () => {
  await t.close();
  await rm(scratch, { recursive: true, force: true });
});

describe("playlist movie builds", () => {
  const buildUrl = (playlistId: string, query = "") => `/api/data/playlists/${playlistId}/build/mp4${query}`;
  const jobUrl = (playlistId: string, buildJobId: string) => `/api/data/playlists/${playlistId}/jobs/${buildJobId}`;

  kitsuRoute("GET", "/data/playlists/{playlist_id}/build/mp4", {
    succeeds: ["queues a build that joins the movies in playlist order", async () => {
      const silent = await makeMoviePreview(tasks[0], 1, false);
      const sounding = await makeMoviePreview(tasks[1], 2, true);
      const picture = (await t.db.orm.insert(previewFile).values({ name: "still", taskId: tasks[2].id, revision: 1, extension: "png", status: "ready" }).returning())[0];
      const row = await makePlaylistOf([silent, picture, sounding]);
      const since = new Date(Date.now() - 1000);

      const response = await t.request({ method: "GET", url: buildUrl(row.id), token: w.manager.token });
      expect(response.statusCode).toBe(200);
      const job = response.json();
      expectZouObject(job, "BuildJob");
      expect(job.status).toBe("running");
      expect(job.playlist_id).toBe(row.id);
      expect(job.job_type).toBe("movie");

      const done = await waitForBuild(row.id, job.id);
      expect(done.status).toBe("succeeded");
      expect(done.ended_at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d$/);
      expect(await eventNamesSince(t, since)).toEqual(expect.arrayContaining(["build-job:new", "build-job:update"]));

      const download = await t.request({ method: "GET", url: `${jobUrl(row.id, job.id)}/build/mp4`, token: w.manager.token });
      expect(download.statusCode).toBe(200);
      const probe = await probeBytes(download.rawPayload);
      expect(Number(probe.format.duration)).toBeGreaterThan(2.8);
      expect(Number(probe.format.duration)).toBeLessThan(3.3);
      const video = probe.streams.find((stream) => stream.codec_type === "video");
      expect(video?.codec_name).toBe("h264");
      expect([video?.width, video?.height]).toEqual([160, 120]);
      expect(probe.streams.some((stream) => stream.codec_type === "audio")).toBe(true);
    }],
    fails: ["rejects an artist of the project with 403", async () => {
      const row = await makePlaylistOf([]);
      const response = await t.request({ method: "GET", url: buildUrl(row.id), token: w.artist.token });
      expect(response.statusCode).toBe(403);
      expect(await t.db.orm.select().from(buildJob).where(eq(buildJob.playlistId, row.id))).toHaveLength(0);
    }],
  });

  it("build joins matching movies without full", async () => {
    const first = await makeMoviePreview(tasks[0], 1, false, 2);
    const second = await makeMoviePreview(tasks[1], 1, false, 2);
    const row = await makePlaylistOf([first, second]);

    const response = await t.request({ method: "GET", url: buildUrl(row.id, "?full=false"), token: w.admin.token });
    expect(response.statusCode).toBe(200);
    const done = await waitForBuild(row.id, response.json().id);
    expect(done.status).toBe("succeeded");
    const download = await t.request({ method: "GET", url: `${jobUrl(row.id, response.json().id)}/build/mp4`, token: w.manager.token });
    const probe = await probeBytes(download.rawPayload);
    expect(Number(probe.format.duration)).toBeGreaterThan(1.8);
    expect(Number(probe.format.duration)).toBeLessThan(2.3);
  });

  it("build of a playlist without movies fails", async () => {
    const row = await makePlaylistOf([]);
    const response = await t.request({ method: "GET", url: buildUrl(row.id, "?full=true"), token: w.manager.token });
    expect(response.statusCode).toBe(200);
    const done = await waitForBuild(row.id, response.json().id);
    expect(done.status).toBe("failed");
    const download = await t.request({ method: "GET", url: `${jobUrl(row.id, response.json().id)}/build/mp4`, token: w.manager.token });
    expect(download.statusCode).toBe(400);
  });

  it("build while one runs returns 409", async () => {
    const row = await makePlaylistOf([]);
    const running = await insertJob(row.id, "running");
    // A queued job that no worker claims, because its run time is far ahead.
    await t.db.query("insert into kumiki_job (kind, payload, run_after) values ('playlist-build', $1, now() + interval '1 day')", [JSON.stringify({ buildJobId: running.id, full: false })]);
    const response = await t.request({ method: "GET", url: buildUrl(row.id), token: w.manager.token });
    expect(response.statusCode).toBe(409);
    expect(response.json().message).toBe("A build is already in progress for this playlist.");
    expect(await t.db.orm.select().from(buildJob).where(eq(buildJob.playlistId, row.id))).toHaveLength(1);
  });

  it("build ignores a running row without job", async () => {
    const row = await makePlaylistOf([]);
    await insertJob(row.id, "running");
    const response = await t.request({ method: "GET", url: buildUrl(row.id), token: w.manager.token });
    expect(response.statusCode).toBe(200);
    expect(await t.db.orm.select().from(buildJob).where(eq(buildJob.playlistId, row.id))).toHaveLength(2);
  });

  it("build rejects bad input", async () => {
    const row = await makePlaylistOf([]);
    const malformed = await t.request({ method: "GET", url: buildUrl("not-an-id"), token: w.manager.token });
    expect(malformed.statusCode).toBe(400);
    expect(malformed.json().message).toBe("Malformed ID.");
    const unknown = await t.request({ method: "GET", url: buildUrl(UNKNOWN_ID), token: w.manager.token });
    expect(unknown.statusCode).toBe(404);
    const badFull = await t.request({ method: "GET", url: buildUrl(row.id, "?full=maybe"), token: w.manager.token });
    expect(badFull.statusCode).toBe(400);
    for (const session of [w.supervisor, w.client, w.vendor, w.outsider]) {
      const response = await t.request({ method: "GET", url: buildUrl(row.id), token: session.token });
      expect([session.person.role, response.statusCode]).toEqual([session.person.role, 403]);
    }
    expect(await t.db.orm.select().from(buildJob).where(eq(buildJob.playlistId, row.id))).toHaveLength(0);
  });

  kitsuRoute("GET", "/data/playlists/{playlist_id}/jobs/{build_job_id}", {
    succeeds: ["returns the build job", async () => {
      const row = await makePlaylistOf([]);
      const job = await insertJob(row.id, "succeeded");
      const response = await t.request({ method: "GET", url: jobUrl(row.id, job.id), token: w.manager.token });
      expect(response.statusCode).toBe(200);
      const body = response.json();
      expectZouObject(body, "BuildJob");
      expect(body.id).toBe(job.id);
      expect(body.status).toBe("succeeded");
    }],
    fails: ["returns 404 for an unknown job", async () => {
      const row = await makePlaylistOf([]);
      const response = await t.request({ method: "GET", url: jobUrl(row.id, UNKNOWN_ID), token: w.manager.token });
      expect(response.statusCode).toBe(404);
    }],
  });

  it("job of another playlist returns 404", async () => {
    const row = await makePlaylistOf([]);
    const other = await makePlaylistOf([]);
    const job = await insertJob(other.id, "succeeded");
    const response = await t.request({ method: "GET", url: jobUrl(row.id, job.id), token: w.manager.token });
    expect(response.statusCode).toBe(404);
    const removal = await t.request({ method: "DELETE", url: jobUrl(row.id, job.id), token: w.manager.token });
    expect(removal.statusCode).toBe(404);
    const download = await t.request({ method: "GET", url: `${jobUrl(row.id, job.id)}/build/mp4`, token: w.manager.token });
    expect(download.statusCode).toBe(404);
    expect(await t.db.orm.select().from(buildJob).where(eq(buildJob.id, job.id))).toHaveLength(1);
  });

  it("job reading follows playlist access", async () => {
    const internal = await makePlaylistOf([]);
    const forClients = await makePlaylistOf([], { forClient: true });
    const internalJob = await insertJob(internal.id, "succeeded");
    const clientJob = await insertJob(forClients.id, "succeeded");
    const cases: [string, string, string, string, number][] = [
      ["client, internal playlist", w.client.token, internal.id, internalJob.id, 403],
      ["client, client playlist", w.client.token, forClients.id, clientJob.id, 200],
      ["supervisor", w.supervisor.token, internal.id, internalJob.id, 403],
      ["artist", w.artist.token, internal.id, internalJob.id, 403],
      ["vendor", w.vendor.token, forClients.id, clientJob.id, 403],
      ["outsider", w.outsider.token, internal.id, internalJob.id, 403],
      ["admin", w.admin.token, internal.id, internalJob.id, 200],
    ];
    for (const [who, token, playlistId, jobId, status] of cases) {
      const response = await t.request({ method: "GET", url: jobUrl(playlistId, jobId), token });
      expect([who, response.statusCode]).toEqual([who, status]);
    }
    const malformed = await t.request({ method: "GET", url: jobUrl(internal.id, "nope"), token: w.manager.token });
    expect(malformed.statusCode).toBe(400);
  });

  kitsuRoute("DELETE", "/data/playlists/{playlist_id}/jobs/{build_job_id}", {
    succeeds: ["removes the job and its movie", async () => {
      const row = await makePlaylistOf([]);
      const job = await insertJob(row.id, "succeeded");
      const store = getMediaServices(t.services).store;
      await store.put(buildMovieKey(job.id), createReadStream(await makeMovie(scratch, { container: "mp4", codec: "h264" })));
      expect(await store.exists(buildMovieKey(job.id))).toBe(true);
      const since = new Date(Date.now() - 1000);

      const response = await t.request({ method: "DELETE", url: jobUrl(row.id, job.id), token: w.manager.token });
      expect(response.statusCode).toBe(204);
      expect(await store.exists(buildMovieKey(job.id))).toBe(false);
      const reread = await t.request({ method: "GET", url: jobUrl(row.id, job.id), token: w.manager.token });
      expect(reread.statusCode).toBe(404);
      expect(await eventNamesSince(t, since)).toContain("build-job:delete");
    }],
    fails: ["rejects a supervisor with 403", async () => {
      const row = await makePlaylistOf([]);
      const job = await insertJob(row.id, "succeeded");
      const response = await t.request({ method: "DELETE", url: jobUrl(row.id, job.id), token: w.supervisor.token });
      expect(response.statusCode).toBe(403);
      expect(await t.db.orm.select().from(buildJob).where(eq(buildJob.id, job.id))).toHaveLength(1);
    }],
  });

  kitsuRoute("GET", "/data/playlists/{playlist_id}/jobs/{build_job_id}/build/mp4", {
    succeeds: ["sends the movie with Zou's download name", async () => {
      const row = await makePlaylistOf([], { name: "Daily Review" });
      const job = await insertJob(row.id, "succeeded");
      await t.db.orm.update(buildJob).set({ createdAt: new Date("2026-03-04T05:06:07Z") }).where(eq(buildJob.id, job.id));
      const movie = await makeMovie(scratch, { container: "mp4", codec: "h264" });
      await getMediaServices(t.services).store.put(buildMovieKey(job.id), createReadStream(movie));

      const response = await t.request({ method: "GET", url: `${jobUrl(row.id, job.id)}/build/mp4`, token: w.supervisor.token });
      expect(response.statusCode).toBe(200);
      expect(response.headers["content-type"]).toBe("video/mp4");
      expect(String(response.headers["content-disposition"])).toContain("20260304_050607_big_bunny_daily_review.mp4");
      expect(response.rawPayload.equals(await readFile(movie))).toBe(true);
    }],
    fails: ["returns 400 while the build runs", async () => {
      const row = await makePlaylistOf([]);
      const job = await insertJob(row.id, "running");
      const response = await t.request({ method: "GET", url: `${jobUrl(row.id, job.id)}/build/mp4`, token: w.manager.token });
      expect(response.statusCode).toBe(400);
      expect(response.json().message).toBe("Build is not finished");
    }],
  });

  it("delete during a build leaves no movie", async () => {
    const preview = await makeMoviePreview(tasks[2], 1, true, 5);
    const row = await makePlaylistOf([preview]);
    const started = await t.request({ method: "GET", url: buildUrl(row.id), token: w.manager.token });
    expect(started.statusCode).toBe(200);
    const jobId = started.json().id as string;

    const removal = await t.request({ method: "DELETE", url: jobUrl(row.id, jobId), token: w.manager.token });
    expect(removal.statusCode).toBe(204);

    // The queued job was dropped, or it runs to its end and finds its build job gone.
    const deadline = Date.now() + 60_000;
    for (;;) {
      const pending = await t.db.query<{ id: string }>(
        "select id from kumiki_job where kind = 'playlist-build' and payload->>'buildJobId' = $1 and status in ('queued', 'running')",
        [jobId],
      );
      if (pending.length === 0) break;
      if (Date.now() > deadline) throw new Error(`build ${jobId} still pending after 60 s`);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    expect(await getMediaServices(t.services).store.exists(buildMovieKey(jobId))).toBe(false);
    expect(await t.db.orm.select().from(buildJob).where(eq(buildJob.id, jobId))).toHaveLength(0);
  });

  it("playlist deletion removes built movies", async () => {
    const row = await makePlaylistOf([]);
    const job = await insertJob(row.id, "succeeded");
    const store = getMediaServices(t.services).store;
    await store.put(buildMovieKey(job.id), createReadStream(await makeMovie(scratch, { container: "mp4", codec: "h264" })));

    const response = await t.request({ method: "DELETE", url: `/api/data/playlists/${row.id}`, token: w.manager.token });
    expect(response.statusCode).toBe(204);
    expect(await store.exists(buildMovieKey(job.id))).toBe(false);
    expect(await t.db.orm.select().from(buildJob).where(eq(buildJob.id, job.id))).toHaveLength(0);
  });

  it("download rejects vendors and artists", async () => {
    const row = await makePlaylistOf([], { forClient: true });
    const job = await insertJob(row.id, "succeeded");
    for (const session of [w.vendor, w.artist]) {
      const response = await t.request({ method: "GET", url: `${jobUrl(row.id, job.id)}/build/mp4`, token: session.token });
      expect([session.person.role, response.statusCode]).toEqual([session.person.role, 403]);
    }
  });

  it("project build jobs list the builds", async () => {
    const row = await makePlaylistOf([]);
    const job = await insertJob(row.id, "failed");
    const response = await t.request({ method: "GET", url: `/api/data/projects/${w.project.id}/build-jobs`, token: w.admin.token });
    expect(response.statusCode).toBe(200);
    expect((response.json() as { id: string }[]).map((item) => item.id)).toContain(job.id);
  });
});

describe("share invitations", () => {
  const inviteUrl = (playlistId: string, token: string) => `/api/data/playlists/${playlistId}/share/${token}/invite`;

  async function makeShareLink(playlistId: string, values: Partial<typeof playlistShareLink.$inferInsert> = {}): Promise<string> {
    const token = crypto.randomUUID();
    await t.db.orm.insert(playlistShareLink).values({ token, playlistId, createdBy: w.manager.person.id, ...values });
    return token;
  }

  async function outboxFiles(): Promise<string[]> {
    return readdir(outbox).catch(() => []);
  }

  kitsuRoute("POST", "/data/playlists/{playlist_id}/share/{token}/invite", {
    succeeds: ["mails the guest link once per address", async () => {
      const row = await makePlaylistOf([], { name: "Client review" });
      const token = await makeShareLink(row.id);
      const before = new Set(await outboxFiles());

      const response = await t.request({
        method: "POST",
        url: inviteUrl(row.id, token),
        token: w.manager.token,
        payload: { emails: ["guest@example.com", "GUEST@example.com"], person_ids: [w.client.person.id, UNKNOWN_ID], message: "Please look at shot 10." },
      });
      expect(response.statusCode).toBe(200);
      expect(response.json().sent).toEqual(["guest@example.com", w.client.person.email]);

      const added = (await outboxFiles()).filter((name) => !before.has(name));
      expect(added).toHaveLength(2);
      const texts = await Promise.all(added.map((name) => readFile(path.join(outbox, name), "utf8")));
      for (const text of texts) {
        expect(text).toContain(`/playlists/shared/${token}`);
        expect(text).toContain("Please look at shot 10.");
      }
    }],
    fails: ["rejects an invalid address with 400", async () => {
      const row = await makePlaylistOf([]);
      const token = await makeShareLink(row.id);
      const before = (await outboxFiles()).length;
      const response = await t.request({ method: "POST", url: inviteUrl(row.id, token), token: w.manager.token, payload: { emails: ["ok@example.com", "not an address"] } });
      expect(response.statusCode).toBe(400);
      expect(response.json().message).toContain("not an address");
      expect(await outboxFiles()).toHaveLength(before);
    }],
  });

  it("invitation checks the link and the role", async () => {
    const row = await makePlaylistOf([]);
    const other = await makePlaylistOf([]);
    const token = await makeShareLink(row.id);
    const otherToken = await makeShareLink(other.id);
    const revoked = await makeShareLink(row.id, { isActive: false });
    const expired = await makeShareLink(row.id, { expirationDate: new Date(Date.now() - 60_000) });
    const payload = { emails: ["guest@example.com"] };

    const cases: [string, string, string, number][] = [
      ["token of another playlist", w.manager.token, otherToken, 404],
      ["unknown token", w.manager.token, "no-such-token", 404],
      ["revoked link", w.manager.token, revoked, 404],
      ["expired link", w.manager.token, expired, 400],
      ["supervisor", w.supervisor.token, token, 403],
      ["artist", w.artist.token, token, 403],
      ["client", w.client.token, token, 403],
    ];
    for (const [what, session, linkToken, status] of cases) {
      const response = await t.request({ method: "POST", url: inviteUrl(row.id, linkToken), token: session, payload });
      expect([what, response.statusCode]).toEqual([what, status]);
    }
    const badIds = await t.request({ method: "POST", url: inviteUrl(row.id, token), token: w.manager.token, payload: { person_ids: ["x"] } });
    expect(badIds.statusCode).toBe(400);
    const badMessage = await t.request({ method: "POST", url: inviteUrl(row.id, token), token: w.manager.token, payload: { message: 3 } });
    expect(badMessage.statusCode).toBe(400);
    const malformed = await t.request({ method: "POST", url: inviteUrl("nope", token), token: w.manager.token, payload });
    expect(malformed.statusCode).toBe(400);
  });
});

describe("playlist CSV export", () => {
  const csvUrl = (playlistId: string) => `/api/export/csv/playlists/${playlistId}`;

  kitsuRoute("GET", "/export/csv/playlists/{playlist_id}", {
    succeeds: ["writes a row per entry with the last comment", async () => {
      const preview = (await t.db.orm.insert(previewFile).values({ name: "v3", taskId: tasks[0].id, revision: 3, extension: "mp4", status: "ready" }).returning())[0];
      await t.make.makeComment({ task: tasks[0], personId: w.supervisor.person.id, text: "Fix the timing; see frame 12" });
      await t.make.makeComment({ task: tasks[0], personId: w.client.person.id, text: "Client note" });
      const row = await makePlaylistOf([preview], { name: "Dailies" });
      await t.db.orm
        .update(playlist)
        .set({ shots: [{ entity_id: shots[0].id, preview_file_id: preview.id }, { entity_id: shots[1].id, preview_file_id: null }] })
        .where(eq(playlist.id, row.id));

      const response = await t.request({ method: "GET", url: csvUrl(row.id), token: w.manager.token });
      expect(response.statusCode).toBe(200);
      expect(response.headers["content-type"]).toBe("text/csv; charset=utf-8");
      expect(response.headers["content-disposition"]).toBe("attachment; filename=kitsu_big_bunny_playlist_dailies.csv");
      const lines = response.body.split("\r\n");
      expect(lines[0]).toMatch(/^Playlist;Big Bunny \| for shots;Dailies;\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d;;;$/);
      expect(lines[1]).toBe(";;;;;;");
      expect(lines[2]).toBe("Entity name;Nb Frames;Task Type;Retake count;Revision;Task Status;Last comment author;Last comment date;Last comment");
      const fields = lines[3].split(";");
      expect(fields.slice(0, 7)).toEqual(["SQ01 / SH010", "48", "Animation", "0", "3", "Work in progress", `${w.supervisor.person.firstName} ${w.supervisor.person.lastName}`]);
      expect(fields[7]).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d$/);
      expect(lines[3]).toMatch(/;"Fix the timing; see frame 12"$/);
      expect(lines[4]).toBe("SQ01 / SH020;48;;;;;;;");
    }],
    fails: ["rejects a vendor with 403", async () => {
      const row = await makePlaylistOf([], { forClient: true });
      const response = await t.request({ method: "GET", url: csvUrl(row.id), token: w.vendor.token });
      expect(response.statusCode).toBe(403);
    }],
  });

  it("export follows playlist access", async () => {
    const internal = await makePlaylistOf([]);
    const cases: [string, string, string, number][] = [
      ["supervisor", w.supervisor.token, csvUrl(internal.id), 200],
      ["client, internal playlist", w.client.token, csvUrl(internal.id), 403],
      ["artist", w.artist.token, csvUrl(internal.id), 403],
      ["outsider", w.outsider.token, csvUrl(internal.id), 403],
      ["unknown playlist", w.manager.token, csvUrl(UNKNOWN_ID), 404],
      ["malformed id", w.manager.token, csvUrl("nope"), 400],
    ];
    for (const [who, token, url, status] of cases) {
      const response = await t.request({ method: "GET", url, token });
      expect([who, response.statusCode]).toEqual([who, status]);
    }
  });
});

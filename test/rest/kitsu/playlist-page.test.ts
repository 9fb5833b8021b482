import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { comment, commentPreviewLink, previewFile } from "../../../schema/comments.js";
import { buildJob, playlist } from "../../../schema/playlists.js";
import { task } from "../../../schema/tasks.js";
import { countStatements } from "../../../src/db/statements.js";
import { createTestApp, type TestApp } from "../../support/app.js";
import type { EntityRow, TaskRow } from "../../support/entities.builders.js";
import { eventNamesSince } from "../../support/roles.js";
import { makeSeedWorld, UNKNOWN_ID, expectZouObject, type SeedWorld } from "../../support/seed-b.world.js";
import { kitsuRoute } from "./kitsu-routes.js";

// Kitsu's playlist page (one playlist with every entry's previews), adding
// several entities to a playlist, and removing a preview from a comment.

let t: TestApp;
let w: SeedWorld;
let taskTypeId: string;
let shots: EntityRow[];
let tasks: TaskRow[];

type PreviewRow = typeof previewFile.$inferSelect;

async function makePreview(taskRow: TaskRow, revision: number, createdAt: Date, extension = "mp4"): Promise<PreviewRow> {
  const [row] = await t.db.orm
    .insert(previewFile)
    .values({ name: `v${revision}`, taskId: taskRow.id, revision, position: 1, extension, status: "ready", createdAt, updatedAt: createdAt })
    .returning();
  return row;
}

async function makeShotWithTask(name: string): Promise<{ shot: EntityRow; taskRow: TaskRow }> {
  const shot = await t.make.makeShot({ projectId: w.project.id, name });
  const taskRow = await t.make.makeTask({ entity: shot, taskTypeId });
  return { shot, taskRow };
}

async function storedEntries(playlistId: string): Promise<unknown[]> {
  const [row] = await t.db.orm.select().from(playlist).where(eq(playlist.id, playlistId));
  return row.shots as unknown[];
}

beforeAll(async () => {
  t = await createTestApp();
  w = await makeSeedWorld(t);
  taskTypeId = (await t.make.makeTaskType({ name: "Compositing" })).id;
  shots = [];
  tasks = [];
  for (const name of ["SH010", "SH020", "SH030"]) {
    const { shot, taskRow } = await makeShotWithTask(name);
    shots.push(shot);
    tasks.push(taskRow);
  }
});

afterAll(async () => {
  await t.close();
});

describe("playlist page", () => {
  const url = (playlistId: string, projectId = w.project.id) => `/api/data/projects/${projectId}/playlists/${playlistId}`;

  kitsuRoute("GET", "/data/projects/{project_id}/playlists/{playlist_id}", {
    succeeds: ["returns entries with previews by task type", async () => {
      const older = await makePreview(tasks[0], 1, new Date("2026-01-01T10:00:00Z"));
      const newer = await makePreview(tasks[0], 2, new Date("2026-01-02T10:00:00Z"));
      const created = await t.make.makePlaylist({ projectId: w.project.id, entityIds: [] });
      await t.db.orm
        .update(playlist)
        .set({ shots: [{ entity_id: shots[0].id, preview_file_id: older.id }, { entity_id: shots[1].id, preview_file_id: null }] })
        .where(eq(playlist.id, created.id));
      const [job] = await t.db.orm.insert(buildJob).values({ playlistId: created.id, status: "succeeded", jobType: "movie" }).returning();

      const response = await t.request({ method: "GET", url: url(created.id), token: w.manager.token });
      expect(response.statusCode).toBe(200);
      const body = response.json();
      expectZouObject(body, "Playlist");
      expect(body.id).toBe(created.id);
      expect(body.build_jobs).toHaveLength(1);
      expect(body.build_jobs[0].id).toBe(job.id);
      expect(body.build_jobs[0].type).toBe("BuildJob");
      expect(body.build_jobs[0].status).toBe("succeeded");
      expect(body.shots).toHaveLength(2);
      const [first, second] = body.shots;
      expect(first.id).toBe(shots[0].id);
      expect(first.preview_file_id).toBe(older.id);
      expect(first.preview_file_extension).toBe("mp4");
      expect(first.preview_file_status).toBe("ready");
      expect(first.preview_file_task_id).toBe(tasks[0].id);
      expect(first.preview_file_previews).toEqual([]);
      const revisions = first.preview_files[taskTypeId];
      expect(revisions.map((item: { id: string }) => item.id)).toEqual([newer.id, older.id]);
      expect(Object.keys(revisions[0])).toEqual(expect.arrayContaining(["id", "revision", "extension", "status", "created_at", "task_id"]));
      expect(revisions[0].revision).toBe(2);
      expect(second.id).toBe(shots[1].id);
      expect(second.preview_files).toEqual([]);
      expect("preview_file_id" in second).toBe(false);
    }],
    fails: ["answers 404 for a playlist of another project", async () => {
      const otherProject = await t.make.makeProject({ name: "Other", team: [{ id: w.manager.person.id }] });
      const created = await t.make.makePlaylist({ projectId: w.project.id, entityIds: [shots[0].id] });
      const response = await t.request({ method: "GET", url: url(created.id, otherProject.id), token: w.manager.token });
      expect(response.statusCode).toBe(404);
      expect(response.json().error).toBe(true);
    }],
  });

  it("rejects vendors with 403", async () => {
    const created = await t.make.makePlaylist({ projectId: w.project.id, forClient: true, entityIds: [shots[0].id] });
    const response = await t.request({ method: "GET", url: url(created.id), token: w.vendor.token });
    expect(response.statusCode).toBe(403);
  });

  it("shows clients only client playlists", async () => {
    const internal = await t.make.makePlaylist({ projectId: w.project.id, forClient: false, entityIds: [shots[0].id] });
    const forClient = await t.make.makePlaylist({ projectId: w.project.id, forClient: true, entityIds: [shots[0].id] });
    const refused = await t.request({ method: "GET", url: url(internal.id), token: w.client.token });
    expect(refused.statusCode).toBe(403);
    const allowed = await t.request({ method: "GET", url: url(forClient.id), token: w.client.token });
    expect(allowed.statusCode).toBe(200);
    expect(allowed.json().shots[0].id).toBe(shots[0].id);
  });

  it("answers 404 for an unknown playlist", async () => {
    const response = await t.request({ method: "GET", url: url(UNKNOWN_ID), token: w.manager.token });
    expect(response.statusCode).toBe(404);
  });

  it("drops a preview that no longer exists", async () => {
    const created = await t.make.makePlaylist({ projectId: w.project.id, entityIds: [] });
    await t.db.orm.update(playlist).set({ shots: [{ entity_id: shots[2].id, preview_file_id: UNKNOWN_ID }] }).where(eq(playlist.id, created.id));
    const response = await t.request({ method: "GET", url: url(created.id), token: w.manager.token });
    expect(response.statusCode).toBe(200);
    expect("preview_file_id" in response.json().shots[0]).toBe(false);
  });

  it("runs the same statements for 2 and 8 shots", async () => {
    const entityIds: string[] = [];
    for (let index = 0; index < 8; index += 1) {
      const { shot, taskRow } = await makeShotWithTask(`SH1${index}0`);
      await makePreview(taskRow, 1, new Date(`2026-02-0${index + 1}T10:00:00Z`));
      entityIds.push(shot.id);
    }
    const small = await t.make.makePlaylist({ projectId: w.project.id, entityIds: entityIds.slice(0, 2) });
    const large = await t.make.makePlaylist({ projectId: w.project.id, entityIds });

    const two = await countStatements(async () => await t.request({ method: "GET", url: url(small.id), token: w.manager.token }));
    const eight = await countStatements(async () => await t.request({ method: "GET", url: url(large.id), token: w.manager.token }));
    expect(two.result.statusCode).toBe(200);
    expect(eight.result.statusCode).toBe(200);
    expect(eight.result.json().shots).toHaveLength(8);
    expect(eight.count).toBe(two.count);
    // The token's person, the project, the playlist, its build jobs and the previews.
    expect(eight.count).toBeGreaterThan(0);
    expect(eight.count).toBeLessThanOrEqual(5);
  });
});

describe("adding entities to a playlist", () => {
  const url = (playlistId: string) => `/api/actions/playlists/${playlistId}/add-entities`;

  kitsuRoute("POST", "/actions/playlists/{playlist_id}/add-entities", {
    succeeds: ["appends every entity and returns the playlist", async () => {
      const preview = await makePreview(tasks[1], 1, new Date("2026-03-01T10:00:00Z"));
      const created = await t.make.makePlaylist({ projectId: w.project.id, entityIds: [shots[0].id] });
      const payload = [{ entity_id: shots[1].id, preview_file_id: preview.id }, { entity_id: shots[2].id }];
      const since = new Date();
      const response = await t.request({ method: "POST", url: url(created.id), token: w.manager.token, payload });
      expect(response.statusCode).toBe(200);
      const body = response.json();
      expectZouObject(body, "Playlist");
      expect(body.shots).toEqual([
        { entity_id: shots[0].id, preview_file_id: null },
        { entity_id: shots[1].id, preview_file_id: preview.id },
        { entity_id: shots[2].id, preview_file_id: null },
      ]);
      expect(await storedEntries(created.id)).toHaveLength(3);
      expect(await eventNamesSince(t, since)).toContain("playlist:update");
    }],
    fails: ["writes nothing when one entity is unknown", async () => {
      const created = await t.make.makePlaylist({ projectId: w.project.id, entityIds: [shots[0].id] });
      const payload = [{ entity_id: shots[1].id }, { entity_id: UNKNOWN_ID }];
      const response = await t.request({ method: "POST", url: url(created.id), token: w.manager.token, payload });
      expect(response.statusCode).toBe(404);
      expect(await storedEntries(created.id)).toEqual([{ entity_id: shots[0].id, preview_file_id: null }]);
    }],
  });

  it("accepts the list under entities", async () => {
    const created = await t.make.makePlaylist({ projectId: w.project.id });
    const response = await t.request({ method: "POST", url: url(created.id), token: w.manager.token, payload: { entities: [{ entity_id: shots[2].id }] } });
    expect(response.statusCode).toBe(200);
    expect(response.json().shots).toEqual([{ entity_id: shots[2].id, preview_file_id: null }]);
  });

  it("rejects a malformed entity id with 400", async () => {
    const created = await t.make.makePlaylist({ projectId: w.project.id });
    const response = await t.request({ method: "POST", url: url(created.id), token: w.manager.token, payload: [{ entity_id: shots[0].id }, { entity_id: "nope" }] });
    expect(response.statusCode).toBe(400);
    expect(await storedEntries(created.id)).toEqual([]);
  });

  it("rejects an artist with 403", async () => {
    const created = await t.make.makePlaylist({ projectId: w.project.id });
    const response = await t.request({ method: "POST", url: url(created.id), token: w.artist.token, payload: [{ entity_id: shots[0].id }] });
    expect(response.statusCode).toBe(403);
    expect(await storedEntries(created.id)).toEqual([]);
  });

  it("replaces another entity's preview with the entity's newest", async () => {
    const own = await makePreview(tasks[2], 5, new Date("2026-04-01T10:00:00Z"));
    const foreign = await makePreview(tasks[0], 9, new Date("2026-04-02T10:00:00Z"));
    const created = await t.make.makePlaylist({ projectId: w.project.id });
    const response = await t.request({ method: "POST", url: url(created.id), token: w.manager.token, payload: [{ entity_id: shots[2].id, preview_file_id: foreign.id }] });
    expect(response.statusCode).toBe(200);
    expect(response.json().shots).toEqual([{ entity_id: shots[2].id, preview_file_id: own.id }]);
  });
});

describe("removing a preview from a comment", () => {
  const url = (taskId: string, commentId: string, previewId: string) => `/api/actions/tasks/${taskId}/comments/${commentId}/preview-files/${previewId}`;

  async function commentWithPreview(taskRow: TaskRow, preview: PreviewRow) {
    const row = await t.make.makeComment({ task: taskRow, personId: w.artist.person.id });
    await t.db.orm.insert(commentPreviewLink).values({ comment: row.id, previewFile: preview.id });
    return row;
  }

  async function lastPreviewOf(taskId: string): Promise<string | null> {
    const [row] = await t.db.orm.select({ id: task.lastPreviewFileId }).from(task).where(eq(task.id, taskId));
    return row.id;
  }

  async function previewExists(id: string): Promise<boolean> {
    return (await t.db.orm.select({ id: previewFile.id }).from(previewFile).where(eq(previewFile.id, id))).length === 1;
  }

  kitsuRoute("DELETE", "/actions/tasks/{task_id}/comments/{comment_id}/preview-files/{preview_file_id}", {
    succeeds: ["deletes the preview and moves the last preview back", async () => {
      const { taskRow } = await makeShotWithTask("SH900");
      const first = await makePreview(taskRow, 1, new Date("2026-05-01T10:00:00Z"));
      const second = await makePreview(taskRow, 2, new Date("2026-05-02T10:00:00Z"));
      await t.db.orm.update(task).set({ lastPreviewFileId: second.id }).where(eq(task.id, taskRow.id));
      const row = await commentWithPreview(taskRow, second);

      const response = await t.request({ method: "DELETE", url: url(taskRow.id, row.id, second.id), token: w.artist.token });
      expect(response.statusCode).toBe(204);
      expect(await previewExists(second.id)).toBe(false);
      expect(await previewExists(first.id)).toBe(true);
      expect(await lastPreviewOf(taskRow.id)).toBe(first.id);
      const links = await t.db.orm.select().from(commentPreviewLink).where(eq(commentPreviewLink.comment, row.id));
      expect(links).toEqual([]);
    }],
    fails: ["answers 404 for a preview on another comment", async () => {
      const { taskRow } = await makeShotWithTask("SH910");
      const preview = await makePreview(taskRow, 1, new Date("2026-05-03T10:00:00Z"));
      await commentWithPreview(taskRow, preview);
      const otherComment = await t.make.makeComment({ task: taskRow, personId: w.artist.person.id });
      const response = await t.request({ method: "DELETE", url: url(taskRow.id, otherComment.id, preview.id), token: w.manager.token });
      expect(response.statusCode).toBe(404);
      expect(await previewExists(preview.id)).toBe(true);
    }],
  });

  it("answers 404 for a comment of another task", async () => {
    const { taskRow } = await makeShotWithTask("SH920");
    const preview = await makePreview(taskRow, 1, new Date("2026-05-04T10:00:00Z"));
    const row = await commentWithPreview(taskRow, preview);
    const response = await t.request({ method: "DELETE", url: url(tasks[0].id, row.id, preview.id), token: w.manager.token });
    expect(response.statusCode).toBe(404);
    expect(await previewExists(preview.id)).toBe(true);
  });

  it("answers 404 for a preview of another task", async () => {
    const { taskRow } = await makeShotWithTask("SH925");
    const foreign = await makePreview(tasks[1], 7, new Date("2026-05-04T11:00:00Z"));
    const row = await commentWithPreview(taskRow, foreign);
    const response = await t.request({ method: "DELETE", url: url(taskRow.id, row.id, foreign.id), token: w.manager.token });
    expect(response.statusCode).toBe(404);
    expect(await previewExists(foreign.id)).toBe(true);
  });

  it("clears the last preview when none remains", async () => {
    const { taskRow } = await makeShotWithTask("SH930");
    const only = await makePreview(taskRow, 1, new Date("2026-05-05T10:00:00Z"));
    await t.db.orm.update(task).set({ lastPreviewFileId: only.id }).where(eq(task.id, taskRow.id));
    const row = await commentWithPreview(taskRow, only);
    const response = await t.request({ method: "DELETE", url: url(taskRow.id, row.id, only.id), token: w.manager.token });
    expect(response.statusCode).toBe(204);
    expect(await lastPreviewOf(taskRow.id)).toBeNull();
  });

  it("rejects a person outside the project with 403", async () => {
    const { taskRow } = await makeShotWithTask("SH940");
    const preview = await makePreview(taskRow, 1, new Date("2026-05-06T10:00:00Z"));
    const row = await commentWithPreview(taskRow, preview);
    const response = await t.request({ method: "DELETE", url: url(taskRow.id, row.id, preview.id), token: w.outsider.token });
    expect(response.statusCode).toBe(403);
    expect(await previewExists(preview.id)).toBe(true);
  });

  it("rejects a malformed id with 400", async () => {
    const response = await t.request({ method: "DELETE", url: url(tasks[0].id, "nope", UNKNOWN_ID), token: w.manager.token });
    expect(response.statusCode).toBe(400);
    expect(response.json().message).toBe("Malformed ID.");
  });

  it("keeps the comment itself", async () => {
    const { taskRow } = await makeShotWithTask("SH950");
    const preview = await makePreview(taskRow, 1, new Date("2026-05-07T10:00:00Z"));
    const row = await commentWithPreview(taskRow, preview);
    const response = await t.request({ method: "DELETE", url: url(taskRow.id, row.id, preview.id), token: w.manager.token });
    expect(response.statusCode).toBe(204);
    expect(await t.db.orm.select().from(comment).where(eq(comment.id, row.id))).toHaveLength(1);
  });
});

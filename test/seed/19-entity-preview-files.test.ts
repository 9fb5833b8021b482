import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { previewFile } from "../../schema/comments.js";
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

async function makePreview(values: Partial<typeof previewFile.$inferInsert> & { taskId: string }) {
  const [row] = await t.db.orm
    .insert(previewFile)
    .values({ name: randomUUID().slice(0, 8), extension: "png", status: "ready", annotations: [], ...values })
    .returning();
  return row;
}

describe("GET /data/playlists/entities/{entity_id}/preview-files", () => {
  it("groups the previews by task type, one item per revision, newest first, with same-revision previews folded", async () => {
    const shot = await t.make.makeShot({ projectId: w.project.id });
    const animation = await t.make.makeTaskType({ name: "Animation", priority: 2 });
    const layout = await t.make.makeTaskType({ name: "Layout", priority: 1 });
    const animationTask = await t.make.makeTask({ entity: shot, taskTypeId: animation.id });
    const layoutTask = await t.make.makeTask({ entity: shot, taskTypeId: layout.id });
    const first = await makePreview({ taskId: animationTask.id, revision: 1, position: 1, originalName: "take1" });
    const second = await makePreview({ taskId: animationTask.id, revision: 1, position: 2, originalName: "take1b" });
    const movie = await makePreview({
      taskId: animationTask.id,
      revision: 2,
      extension: "mp4",
      originalName: "take2",
      width: 1920,
      height: 1080,
      duration: 1,
      data: { original_width: 160, original_height: 120, original_duration: 1, original_file_size: 20480 },
    });
    const layoutPreview = await makePreview({ taskId: layoutTask.id, revision: 1 });

    const response = await t.request({ method: "GET", url: `/api/data/playlists/entities/${shot.id}/preview-files`, token: w.artist.token });

    expect(response.statusCode).toBe(200);
    const body = response.json();
    expect(Object.keys(body)).toEqual([animation.id, layout.id]);
    expect(body[animation.id].map((item: { id: string }) => item.id)).toEqual([movie.id, first.id]);
    expect(body[animation.id][0]).toEqual({
      id: movie.id,
      revision: 2,
      original_name: "take2",
      extension: "mp4",
      width: 1920,
      height: 1080,
      duration: 1,
      status: "ready",
      annotations: [],
      previews: [],
      created_at: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d$/),
      task_id: animationTask.id,
      original_width: 160,
      original_height: 120,
      original_duration: 1,
      original_file_size: 20480,
    });
    const folded = body[animation.id][1].previews;
    expect(folded).toHaveLength(1);
    expect(folded[0]).toMatchObject({ id: second.id, revision: 1, position: 2, task_type_id: animation.id, original_width: null });
    expect(body[layout.id].map((item: { id: string }) => item.id)).toEqual([layoutPreview.id]);
  });

  it("answers an empty object for an entity without previews", async () => {
    const asset = await t.make.makeAsset({ projectId: w.project.id });
    const response = await t.request({ method: "GET", url: `/api/data/playlists/entities/${asset.id}/preview-files`, token: w.manager.token });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({});
  });

  it("forbids people outside the team and unassigned vendors", async () => {
    const shot = await t.make.makeShot({ projectId: w.project.id });
    for (const session of [w.outsider, w.vendor]) {
      const response = await t.request({ method: "GET", url: `/api/data/playlists/entities/${shot.id}/preview-files`, token: session.token });
      expect(response.statusCode).toBe(403);
    }
  });

  it("answers 404 for an unknown or malformed entity id", async () => {
    for (const id of [UNKNOWN_ID, "nope"]) {
      const response = await t.request({ method: "GET", url: `/api/data/playlists/entities/${id}/preview-files`, token: w.admin.token });
      expect(response.statusCode, id).toBe(404);
    }
  });
});

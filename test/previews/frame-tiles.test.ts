import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { eq } from "drizzle-orm";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { previewFile } from "../../schema/comments.js";
import { tileKey, tileLayout } from "../../src/previews/frame-tiles.js";
import { getMediaServices } from "../../src/previews/media.js";
import { createTestApp, type TestApp } from "../support/app.js";
import { makeMediaBuilders, makeMovie, multipartBody } from "../support/media.js";

// Frame tiles made while a movie preview is transcoded, and Zou's tile layout.

describe("frame tile layout", () => {
  it("uses one row per 8 frames", () => {
    expect(tileLayout({ frameCount: 48, displayAspectRatio: 16 / 9 })).toEqual({ columns: 8, rows: 6, tileWidth: 178, tileHeight: 100, frameStep: 1 });
    expect(tileLayout({ frameCount: 49, displayAspectRatio: 1 }).rows).toBe(7);
  });

  it("keeps every n-th frame past 480 rows", () => {
    const layout = tileLayout({ frameCount: 10_000, displayAspectRatio: 2 });
    expect(layout.rows).toBe(480);
    expect(layout.frameStep).toBe(3);
    expect(layout.tileWidth).toBe(200);
  });
});

describe("frame tile at transcode", () => {
  let t: TestApp;
  let scratch: string;

  beforeAll(async () => {
    scratch = await mkdtemp(path.join(tmpdir(), "kumiki-frame-tiles-"));
    t = await createTestApp({ env: { PREVIEW_FOLDER: path.join(scratch, "files"), TMP_DIR: path.join(scratch, "tmp") } });
  });

  afterAll(async () => {
    await t.close();
    await rm(scratch, { recursive: true, force: true });
  });

  it("stores the tile with the transcoded movie", async () => {
    const media = makeMediaBuilders(t.db, t.make);
    const artist = await t.make.makePerson({ role: "user" });
    const project = await t.make.makeProject({ team: [{ id: artist.id }], resolution: null, fps: null });
    const taskId = (await media.makeTask({ projectId: project.id, assigneeIds: [artist.id] })).task.id;
    const token = await t.login(artist.email ?? "");
    const preview = await media.makePreviewFile({ taskId });

    const movie = await makeMovie(scratch, { container: "mp4", codec: "h264", width: 160, height: 90, seconds: 1, fps: 24 });
    const { body, headers } = multipartBody("file", "shot.mp4", await readFile(movie));
    const upload = await t.request({ method: "POST", url: `/api/pictures/preview-files/${preview.id}`, token, payload: body, headers });
    expect(upload.statusCode).toBe(201);

    const deadline = Date.now() + 90_000;
    for (;;) {
      const [row] = await t.db.orm.select({ status: previewFile.status }).from(previewFile).where(eq(previewFile.id, preview.id));
      if (row.status !== "processing") {
        expect(row.status).toBe("ready");
        break;
      }
      if (Date.now() > deadline) throw new Error("the preview is still processing after 90 s");
      await new Promise((resolve) => setTimeout(resolve, 200));
    }

    // Stored by the job itself, before any request for it.
    expect(await getMediaServices(t.services).store.exists(tileKey(preview.id))).toBe(true);
    const response = await t.request({ method: "GET", url: `/api/movies/tiles/preview-files/${preview.id}.png`, token });
    expect(response.statusCode).toBe(200);
    const size = await sharp(response.rawPayload).metadata();
    // 24 frames make 3 rows of 8 tiles, 100 high and 178 wide (⌈100 × 16/9⌉).
    expect([size.width, size.height]).toEqual([8 * 178, 3 * 100]);
  }, 120_000);
});

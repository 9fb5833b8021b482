import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { Readable } from "node:stream";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect } from "vitest";
import { previewFile } from "../../../schema/comments.js";
import { getMediaServices } from "../../../src/previews/media.js";
import { movieKey, pictureKey } from "../../../src/previews/previews.service.js";
import type { StoredFileKey } from "../../../src/storage/file-store.js";
import { createTestApp, type TestApp } from "../../support/app.js";
import { makeMovie, makePicture, probeBytes } from "../../support/media.js";
import { expectZouObject, UNKNOWN_ID } from "../../support/seed-b.world.js";
import { kitsuRoute } from "./kitsu-routes.js";
import { makeSharedWorld, shareLink, type SharedWorld } from "./shared-playlists-world.js";

// The preview pictures and movies Kitsu's players and galleries load, the
// download through a playlist share link, and the 3D background files of
// the admin page. The stored files are a real PNG and a real H.264 movie.

let t: TestApp;
let w: SharedWorld;
let scratch: string;
let picture: Buffer;
let movie: Buffer;
let pictureId: string;
let movieId: string;

function putStored(key: StoredFileKey, content: Buffer): Promise<unknown> {
  return getMediaServices(t.services).store.put(key, Readable.from([content]));
}

async function insertPreview(extension: string): Promise<string> {
  const [row] = await t.db.orm.insert(previewFile).values({ name: `cover-${extension}`, taskId: w.task.id, revision: 3, position: 1, extension, status: "ready" }).returning();
  return row.id;
}

beforeAll(async () => {
  scratch = await mkdtemp(path.join(tmpdir(), "kumiki-coverage-media-"));
  t = await createTestApp({ env: { PREVIEW_FOLDER: path.join(scratch, "files"), TMP_DIR: path.join(scratch, "tmp") } });
  w = await makeSharedWorld(t);
  picture = await makePicture({ format: "png", width: 320, height: 200 });
  movie = await readFile(await makeMovie(scratch, { container: "mp4", codec: "h264" }));
  pictureId = await insertPreview("png");
  movieId = await insertPreview("mp4");
  await putStored(pictureKey("original", pictureId), picture);
  await putStored(pictureKey("previews", pictureId), picture);
  await putStored(pictureKey("thumbnails-square", pictureId), await sharp(picture).resize(100, 100).png().toBuffer());
  await putStored(movieKey("previews", movieId), movie);
  await putStored(movieKey("lowdef", movieId), movie);
  await putStored(movieKey("previews", w.preview.id), movie);
  await putStored(movieKey("previews", w.olderPreview.id), movie);
});

afterAll(async () => {
  await t.close();
  await rm(scratch, { recursive: true, force: true });
});

describe("preview pictures", () => {
  kitsuRoute("GET", "/pictures/previews/preview-files/{instance_id}.png", {
    succeeds: ["sends the preview PNG", async () => {
      const response = await t.request({ method: "GET", url: `/api/pictures/previews/preview-files/${pictureId}.png`, token: w.artist.token });
      expect(response.statusCode).toBe(200);
      expect(response.headers["content-type"]).toBe("image/png");
      const metadata = await sharp(response.rawPayload).metadata();
      expect([metadata.width, metadata.height]).toEqual([320, 200]);
    }],
    fails: ["rejects an outsider", async () => {
      const response = await t.request({ method: "GET", url: `/api/pictures/previews/preview-files/${pictureId}.png`, token: w.outsider.token });
      expect(response.statusCode).toBe(403);
    }],
  });

  kitsuRoute("GET", "/pictures/thumbnails-square/preview-files/{instance_id}.png", {
    succeeds: ["sends the square thumbnail", async () => {
      const response = await t.request({ method: "GET", url: `/api/pictures/thumbnails-square/preview-files/${pictureId}.png`, token: w.artist.token });
      expect(response.statusCode).toBe(200);
      expect(response.headers["content-type"]).toBe("image/png");
      const metadata = await sharp(response.rawPayload).metadata();
      expect([metadata.width, metadata.height]).toEqual([100, 100]);
    }],
    fails: ["returns 404 for an unknown preview", async () => {
      const response = await t.request({ method: "GET", url: `/api/pictures/thumbnails-square/preview-files/${UNKNOWN_ID}.png`, token: w.artist.token });
      expect(response.statusCode).toBe(404);
    }],
  });

  kitsuRoute("GET", "/pictures/originals/preview-files/{instance_id}/download", {
    succeeds: ["downloads the original picture", async () => {
      const response = await t.request({ method: "GET", url: `/api/pictures/originals/preview-files/${pictureId}/download`, token: w.artist.token });
      expect(response.statusCode).toBe(200);
      expect(response.headers["content-disposition"]).toMatch(/^attachment; filename=".*\.png"/);
      expect(Buffer.compare(response.rawPayload, picture)).toBe(0);
    }],
    fails: ["rejects an outsider", async () => {
      const response = await t.request({ method: "GET", url: `/api/pictures/originals/preview-files/${pictureId}/download`, token: w.outsider.token });
      expect(response.statusCode).toBe(403);
    }],
  });
});

describe("preview movies", () => {
  kitsuRoute("GET", "/movies/low/preview-files/{instance_id}.mp4", {
    succeeds: ["sends the low definition movie", async () => {
      const response = await t.request({ method: "GET", url: `/api/movies/low/preview-files/${movieId}.mp4`, token: w.artist.token });
      expect(response.statusCode).toBe(200);
      expect(response.headers["content-type"]).toBe("video/mp4");
      const probed = await probeBytes(response.rawPayload);
      expect(probed.streams[0].codec_name).toBe("h264");
    }],
    fails: ["rejects an outsider", async () => {
      const response = await t.request({ method: "GET", url: `/api/movies/low/preview-files/${movieId}.mp4`, token: w.outsider.token });
      expect(response.statusCode).toBe(403);
    }],
  });

  kitsuRoute("GET", "/movies/originals/preview-files/{instance_id}/download", {
    succeeds: ["downloads the movie as an attachment", async () => {
      const response = await t.request({ method: "GET", url: `/api/movies/originals/preview-files/${movieId}/download`, token: w.artist.token });
      expect(response.statusCode).toBe(200);
      expect(response.headers["content-disposition"]).toMatch(/^attachment; filename=".*\.mp4"/);
      expect(Buffer.compare(response.rawPayload, movie)).toBe(0);
    }],
    fails: ["returns 404 for an unknown preview", async () => {
      const response = await t.request({ method: "GET", url: `/api/movies/originals/preview-files/${UNKNOWN_ID}/download`, token: w.artist.token });
      expect(response.statusCode).toBe(404);
    }],
  });

  kitsuRoute("GET", "/shared/playlists/{token}/preview-files/{preview_file_id}/download", {
    succeeds: ["downloads the shared movie without a login", async () => {
      const token = await shareLink(t, w);
      const response = await t.request({ method: "GET", url: `/api/shared/playlists/${token}/preview-files/${w.preview.id}/download` });
      expect(response.statusCode).toBe(200);
      expect(response.headers["content-disposition"]).toMatch(/^attachment; filename=".*\.mp4"/);
      expect(Buffer.compare(response.rawPayload, movie)).toBe(0);
    }],
    fails: ["rejects a revision the playlist does not show", async () => {
      const token = await shareLink(t, w);
      const response = await t.request({ method: "GET", url: `/api/shared/playlists/${token}/preview-files/${w.olderPreview.id}/download` });
      expect(response.statusCode).toBe(403);
    }],
  });
});

describe("preview background files", () => {
  let backgroundId: string;

  beforeAll(async () => {
    const response = await t.request({ method: "POST", url: "/api/data/preview-background-files", token: w.admin.token, payload: { name: "Studio HDR" } });
    expect(response.statusCode).toBe(201);
    backgroundId = response.json().id;
  });

  kitsuRoute("GET", "/data/preview-background-files", {
    succeeds: ["lists the background files", async () => {
      const response = await t.request({ method: "GET", url: "/api/data/preview-background-files", token: w.artist.token });
      expect(response.statusCode).toBe(200);
      const background = response.json().find((row: { id: string }) => row.id === backgroundId);
      expectZouObject(background, "PreviewBackgroundFile");
      expect(background).toMatchObject({ name: "Studio HDR", archived: false, is_default: false });
    }],
    fails: ["rejects a filter on an unknown column", async () => {
      const response = await t.request({ method: "GET", url: "/api/data/preview-background-files?no_such_column=1", token: w.admin.token });
      expect(response.statusCode).toBe(400);
    }],
  });

  kitsuRoute("GET", "/data/preview-background-files/{instance_id}", {
    succeeds: ["returns one background file", async () => {
      const response = await t.request({ method: "GET", url: `/api/data/preview-background-files/${backgroundId}`, token: w.artist.token });
      expect(response.statusCode).toBe(200);
      expect(response.json()).toMatchObject({ id: backgroundId, name: "Studio HDR", type: "PreviewBackgroundFile" });
    }],
    fails: ["returns 404 for an unknown id", async () => {
      const response = await t.request({ method: "GET", url: `/api/data/preview-background-files/${UNKNOWN_ID}`, token: w.artist.token });
      expect(response.statusCode).toBe(404);
    }],
  });

  kitsuRoute("POST", "/data/preview-background-files", {
    succeeds: ["creates a background file with 201", async () => {
      const response = await t.request({ method: "POST", url: "/api/data/preview-background-files", token: w.admin.token, payload: { name: "Forest HDR" } });
      expect(response.statusCode).toBe(201);
      expectZouObject(response.json(), "PreviewBackgroundFile");
      expect(response.json().name).toBe("Forest HDR");
    }],
    fails: ["rejects a manager", async () => {
      const response = await t.request({ method: "POST", url: "/api/data/preview-background-files", token: w.manager.token, payload: { name: "Beach HDR" } });
      expect(response.statusCode).toBe(403);
    }],
  });

  kitsuRoute("PUT", "/data/preview-background-files/{instance_id}", {
    succeeds: ["makes the background the default", async () => {
      const response = await t.request({ method: "PUT", url: `/api/data/preview-background-files/${backgroundId}`, token: w.admin.token, payload: { is_default: true } });
      expect(response.statusCode).toBe(200);
      const read = await t.request({ method: "GET", url: `/api/data/preview-background-files/${backgroundId}`, token: w.admin.token });
      expect(read.json().is_default).toBe(true);
    }],
    fails: ["rejects a malformed id", async () => {
      const response = await t.request({ method: "PUT", url: "/api/data/preview-background-files/nope", token: w.admin.token, payload: { name: "X" } });
      expect(response.statusCode).toBe(400);
    }],
  });

  kitsuRoute("DELETE", "/data/preview-background-files/{instance_id}", {
    succeeds: ["deletes the background file", async () => {
      const created = await t.request({ method: "POST", url: "/api/data/preview-background-files", token: w.admin.token, payload: { name: "Temp HDR" } });
      const id = created.json().id;
      const response = await t.request({ method: "DELETE", url: `/api/data/preview-background-files/${id}`, token: w.admin.token });
      expect(response.statusCode).toBe(204);
      const read = await t.request({ method: "GET", url: `/api/data/preview-background-files/${id}`, token: w.admin.token });
      expect(read.statusCode).toBe(404);
    }],
    fails: ["rejects an artist", async () => {
      const response = await t.request({ method: "DELETE", url: `/api/data/preview-background-files/${backgroundId}`, token: w.artist.token });
      expect(response.statusCode).toBe(403);
    }],
  });
});

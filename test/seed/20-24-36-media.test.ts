import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { eq } from "drizzle-orm";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { previewFile } from "../../schema/comments.js";
import { entity } from "../../schema/entities.js";
import { organisation, person } from "../../schema/people.js";
import { apiEvent } from "../../schema/notifications.js";
import { getMediaServices } from "../../src/previews/media.js";
import { movieKey } from "../../src/previews/previews.service.js";
import { createTestApp, type TestApp } from "../support/app.js";
import { makeMediaBuilders, makeMovie, makePicture, multipartBody, type PreviewFileRow } from "../support/media.js";
import { loginAs, type LoggedIn } from "../support/roles.js";

// Movie and thumbnail downloads, the studio logo, person avatars and their
// removal: every status these routes return.

const UNKNOWN_ID = "8f1c2a9e-4b7d-4c1e-9a55-0e2b7f3d6a10";
const WEEK_CACHE = "private, max-age=604800";

let scratch: string;
let t: TestApp;
let media: ReturnType<typeof makeMediaBuilders>;
let artist: LoggedIn;
let outsider: LoggedIn;
let vendor: LoggedIn;
let admin: LoggedIn;
let taskId: string;
let entityId: string;
let movie: PreviewFileRow;
let picture: PreviewFileRow;

async function waitUntilProcessed(id: string): Promise<PreviewFileRow> {
  const deadline = Date.now() + 90_000;
  for (;;) {
    const [row] = await t.db.orm.select().from(previewFile).where(eq(previewFile.id, id));
    if (row.status !== "processing") return row;
    if (Date.now() > deadline) throw new Error(`preview ${id} still processing`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

async function uploadPreview(fileName: string, content: Buffer, values: { position?: number; revision?: number } = {}): Promise<PreviewFileRow> {
  const row = await media.makePreviewFile({ taskId, ...values });
  const { body, headers } = multipartBody("file", fileName, content);
  const response = await t.request({ method: "POST", url: `/api/pictures/preview-files/${row.id}`, token: artist.token, payload: body, headers });
  expect(response.statusCode, response.body).toBe(201);
  return waitUntilProcessed(row.id);
}

function get(url: string, session: LoggedIn | undefined, headers: Record<string, string> = {}) {
  return t.request({ method: "GET", url, token: session?.token, headers });
}

beforeAll(async () => {
  scratch = await mkdtemp(path.join(tmpdir(), "kumiki-seed-media-"));
  t = await createTestApp({ env: { PREVIEW_FOLDER: path.join(scratch, "files"), TMP_DIR: path.join(scratch, "tmp") } });
  media = makeMediaBuilders(t.db, t.make);
  admin = await loginAs(t, "admin");
  artist = await loginAs(t, "user");
  outsider = await loginAs(t, "user");
  vendor = await loginAs(t, "vendor");
  const project = await t.make.makeProject({ name: "Bunny", team: [{ id: artist.person.id }], resolution: null, fps: null });
  const made = await media.makeTask({ projectId: project.id, assigneeIds: [artist.person.id] });
  taskId = made.task.id;
  entityId = made.task.entityId ?? "";
  movie = await uploadPreview("take.mp4", await readFile(await makeMovie(scratch, { container: "mp4", codec: "h264" })));
  // A tall picture, so the thumbnail shows the transparent margins of the canvas.
  picture = await uploadPreview("board.png", await makePicture({ format: "png", width: 60, height: 200 }));
});

afterAll(async () => {
  await t.close();
  await rm(scratch, { recursive: true, force: true });
});

describe("GET /movies/originals/preview-files/{instance_id}.mp4", () => {
  const url = () => `/api/movies/originals/preview-files/${movie.id}.mp4`;

  it("streams the movie with cache and date headers", async () => {
    const response = await get(url(), artist);
    expect(response.statusCode).toBe(200);
    expect(response.headers["content-type"]).toBe("video/mp4");
    expect(response.headers["accept-ranges"]).toBe("bytes");
    expect(response.headers["cache-control"]).toBe(WEEK_CACHE);
    expect(new Date(String(response.headers["last-modified"])).getTime()).toBe(Math.floor(movie.updatedAt!.getTime() / 1000) * 1000);
    expect(response.rawPayload.subarray(4, 8).toString("latin1")).toBe("ftyp");
  });

  it("answers a byte range with 206 and a matching conditional request with 304", async () => {
    const whole = await get(url(), artist);
    const range = await get(url(), artist, { range: "bytes=10-19" });
    expect(range.statusCode).toBe(206);
    expect(range.headers["content-range"]).toBe(`bytes 10-19/${whole.rawPayload.length}`);
    expect(range.rawPayload.equals(whole.rawPayload.subarray(10, 20))).toBe(true);
    const cached = await get(url(), artist, { "if-none-match": String(whole.headers.etag) });
    expect(cached.statusCode).toBe(304);
  });

  it("falls back to low definition, then source", async () => {
    const source = await readFile(await makeMovie(scratch, { container: "mp4", codec: "h264" }));
    const other = await uploadPreview("fallback.mp4", source);
    const store = getMediaServices(t.services).store;
    const url = `/api/movies/originals/preview-files/${other.id}.mp4`;
    const low = await get(`/api/movies/low/preview-files/${other.id}.mp4`, artist);

    await store.delete(movieKey("previews", other.id));
    const fromLow = await get(url, artist);
    expect(fromLow.statusCode).toBe(200);
    expect(fromLow.rawPayload.equals(low.rawPayload)).toBe(true);

    await store.delete(movieKey("lowdef", other.id));
    const fromSource = await get(url, artist);
    expect(fromSource.statusCode).toBe(200);
    expect(fromSource.rawPayload.equals(source)).toBe(true);

    await store.delete(movieKey("source", other.id));
    expect((await get(url, artist)).statusCode).toBe(404);
  });

  it("answers 403 to a person without access to the task", async () => {
    expect((await get(url(), outsider)).statusCode).toBe(403);
  });

  it("answers 404 for an unknown or malformed id and for a picture preview", async () => {
    for (const target of [`${UNKNOWN_ID}.mp4`, "not-an-id.mp4", `${picture.id}.mp4`]) {
      expect((await get(`/api/movies/originals/preview-files/${target}`, artist)).statusCode, target).toBe(404);
    }
  });
});

describe("GET /movies/originals/preview-files/{instance_id}/download", () => {
  it("names the attachment after project, entity, task type and revision", async () => {
    const response = await get(`/api/movies/originals/preview-files/${movie.id}/download`, artist);
    expect(response.statusCode).toBe(200);
    expect(response.headers["content-type"]).toBe("video/mp4");
    expect(String(response.headers["content-disposition"])).toMatch(/^attachment; filename="bunny_props_\d+_tree_\d+_animation_\d+_v1\.mp4"/);
  });

  it("suffixes the name with the position", async () => {
    const second = await uploadPreview("second.mp4", await readFile(await makeMovie(scratch, { container: "mp4", codec: "h264" })), { revision: 3, position: 2 });
    const response = await get(`/api/movies/originals/preview-files/${second.id}/download`, artist);
    expect(String(response.headers["content-disposition"])).toMatch(/_v3-2\.mp4"/);
  });

  it("uses the uploaded file's name when the studio asks for original file names", async () => {
    await t.db.orm.update(previewFile).set({ originalName: "hero_take" }).where(eq(previewFile.id, movie.id));
    await t.db.orm.update(organisation).set({ useOriginalFileName: true });
    try {
      const response = await get(`/api/movies/originals/preview-files/${movie.id}/download`, artist);
      expect(String(response.headers["content-disposition"])).toContain("hero_take");
    } finally {
      await t.db.orm.update(organisation).set({ useOriginalFileName: false });
    }
  });

  it("answers 403 without task access and 404 for an unknown id", async () => {
    expect((await get(`/api/movies/originals/preview-files/${movie.id}/download`, outsider)).statusCode).toBe(403);
    expect((await get(`/api/movies/originals/preview-files/${UNKNOWN_ID}/download`, artist)).statusCode).toBe(404);
  });
});

describe("GET /pictures/thumbnails/preview-files/{instance_id}.png", () => {
  it("returns a 150 × 100 RGBA PNG with the picture centred on a transparent canvas", async () => {
    const response = await get(`/api/pictures/thumbnails/preview-files/${picture.id}.png`, artist);
    expect(response.statusCode).toBe(200);
    expect(response.headers["content-type"]).toBe("image/png");
    expect(response.headers["cache-control"]).toBe(WEEK_CACHE);
    const { data, info } = await sharp(response.rawPayload).raw().toBuffer({ resolveWithObject: true });
    expect([info.width, info.height, info.channels]).toEqual([150, 100, 4]);
    const alphaAt = (x: number, y: number) => data[(y * info.width + x) * 4 + 3];
    expect(alphaAt(0, 50)).toBe(0);
    expect(alphaAt(75, 50)).toBe(255);
  });

  it("shows the main preview of a shared entity to any logged-in person but a vendor", async () => {
    const url = `/api/pictures/thumbnails/preview-files/${picture.id}.png`;
    expect((await get(url, outsider)).statusCode).toBe(403);
    await t.db.orm.update(entity).set({ isShared: true, previewFileId: picture.id }).where(eq(entity.id, entityId));
    try {
      expect((await get(url, outsider)).statusCode).toBe(200);
      expect((await get(url, vendor)).statusCode).toBe(403);
    } finally {
      await t.db.orm.update(entity).set({ isShared: false, previewFileId: null }).where(eq(entity.id, entityId));
    }
  });

  it("answers 404 for an unknown or malformed id and for a preview with no stored thumbnail", async () => {
    const empty = await media.makePreviewFile({ taskId });
    for (const target of [UNKNOWN_ID, "not-an-id", empty.id]) {
      expect((await get(`/api/pictures/thumbnails/preview-files/${target}.png`, artist)).statusCode, target).toBe(404);
    }
  });
});

describe("GET /pictures/thumbnails/organisations/{instance_id}", () => {
  it("answers 404 while the studio has no logo, then the 400 × 400 logo once an admin uploads one", async () => {
    const [studio] = await t.db.orm.select().from(organisation).limit(1);
    const id = studio?.id ?? (await t.db.orm.insert(organisation).values({ name: "Studio" }).returning())[0].id;
    expect((await get(`/api/pictures/thumbnails/organisations/${id}`, artist)).statusCode).toBe(404);

    const { body, headers } = multipartBody("file", "logo.jpg", await makePicture({ format: "jpeg-progressive", width: 640, height: 480 }));
    const refused = await t.request({ method: "POST", url: `/api/pictures/thumbnails/organisations/${id}`, token: artist.token, payload: body, headers });
    expect(refused.statusCode).toBe(403);
    const uploaded = await t.request({ method: "POST", url: `/api/pictures/thumbnails/organisations/${id}`, token: admin.token, payload: body, headers });
    expect(uploaded.statusCode).toBe(201);
    expect(uploaded.json()).toEqual({ thumbnail_path: `pictures/thumbnails/organisations/${id}.png` });

    for (const url of [`/api/pictures/thumbnails/organisations/${id}`, `/api/pictures/thumbnails/organisations/${id}.png`]) {
      const response = await get(url, artist);
      expect(response.statusCode, url).toBe(200);
      expect(response.headers["content-type"]).toBe("image/png");
      expect(response.headers["cache-control"]).toBe(WEEK_CACHE);
      const metadata = await sharp(response.rawPayload).metadata();
      expect([metadata.width, metadata.height, metadata.channels]).toEqual([400, 400, 4]);
    }
  });

  it("answers 404 for an id with no stored file", async () => {
    expect((await get(`/api/pictures/thumbnails/organisations/${UNKNOWN_ID}`, artist)).statusCode).toBe(404);
  });
});

describe("GET /pictures/thumbnails/persons/{instance_id} and DELETE /actions/persons/{person_id}/clear-avatar", () => {
  let model: LoggedIn;

  beforeAll(async () => {
    model = await loginAs(t, "user");
  });

  async function uploadAvatar(session: LoggedIn, personId: string) {
    const { body, headers } = multipartBody("file", "me.png", await makePicture({ format: "png", width: 300, height: 500 }));
    return t.request({ method: "POST", url: `/api/pictures/thumbnails/persons/${personId}`, token: session.token, payload: body, headers });
  }

  it("answers 404 for a person without an avatar, an unknown or a malformed id", async () => {
    for (const id of [model.person.id, UNKNOWN_ID, "not-an-id"]) {
      expect((await get(`/api/pictures/thumbnails/persons/${id}`, artist)).statusCode, id).toBe(404);
    }
  });

  it("lets a person set their own avatar but not someone else's", async () => {
    expect((await uploadAvatar(artist, model.person.id)).statusCode).toBe(403);
    const response = await uploadAvatar(model, model.person.id);
    expect(response.statusCode).toBe(201);
    expect(response.json()).toEqual({ thumbnail_path: `pictures/thumbnails/persons/${model.person.id}.png` });
  });

  it("shows any person's avatar to anyone logged in, as a 400 × 400 PNG dated by the person", async () => {
    const [row] = await t.db.orm.select().from(person).where(eq(person.id, model.person.id));
    expect(row.hasAvatar).toBe(true);
    for (const url of [`/api/pictures/thumbnails/persons/${model.person.id}`, `/api/pictures/thumbnails/persons/${model.person.id}.png`]) {
      const response = await get(url, outsider);
      expect(response.statusCode, url).toBe(200);
      expect(response.headers["cache-control"]).toBe(WEEK_CACHE);
      expect(new Date(String(response.headers["last-modified"])).getTime()).toBe(Math.floor(row.updatedAt!.getTime() / 1000) * 1000);
      const metadata = await sharp(response.rawPayload).metadata();
      expect([metadata.format, metadata.width, metadata.height, metadata.channels]).toEqual(["png", 400, 400, 4]);
    }
  });

  it("refuses to clear an avatar to a non-admin, whatever the id", async () => {
    for (const id of [model.person.id, UNKNOWN_ID, "not-an-id"]) {
      const response = await t.request({ method: "DELETE", url: `/api/actions/persons/${id}/clear-avatar`, token: model.token });
      expect(response.statusCode, id).toBe(403);
    }
  });

  it("answers 404 to an admin for an unknown or malformed person", async () => {
    for (const id of [UNKNOWN_ID, "not-an-id"]) {
      const response = await t.request({ method: "DELETE", url: `/api/actions/persons/${id}/clear-avatar`, token: admin.token });
      expect(response.statusCode, id).toBe(404);
    }
  });

  it("clears the avatar with 204, records person:update, and the avatar is then 404", async () => {
    const since = new Date(Date.now() - 1000);
    const response = await t.request({ method: "DELETE", url: `/api/actions/persons/${model.person.id}/clear-avatar`, token: admin.token });
    expect(response.statusCode).toBe(204);
    expect(response.body).toBe("");
    const [row] = await t.db.orm.select().from(person).where(eq(person.id, model.person.id));
    expect(row.hasAvatar).toBe(false);
    const events = await t.db.orm.select().from(apiEvent).where(eq(apiEvent.name, "person:update"));
    expect(events.some((event) => (event.data as { person_id: string }).person_id === model.person.id && event.createdAt! >= since)).toBe(true);
    expect((await get(`/api/pictures/thumbnails/persons/${model.person.id}`, artist)).statusCode).toBe(404);
  });
});


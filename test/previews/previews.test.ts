import { randomBytes } from "node:crypto";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { Readable } from "node:stream";
import { eq } from "drizzle-orm";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { apiEvent } from "../../schema/notifications.js";
import { previewFile } from "../../schema/comments.js";
import { getMediaServices } from "../../src/previews/media.js";
import { createTestApp, type TestApp } from "../support/app.js";
import { makeMediaBuilders, makeMovie, makePicture, multipartBody, probeBytes, type PreviewFileRow } from "../support/media.js";
import { startTestS3, type TestS3 } from "../support/s3.js";

let s3: TestS3;
let scratch: string;

beforeAll(async () => {
  s3 = await startTestS3();
  scratch = await mkdtemp(path.join(tmpdir(), "kumiki-previews-"));
});

afterAll(async () => {
  await s3.stop();
  await rm(scratch, { recursive: true, force: true });
});

async function waitForStatus(t: TestApp, id: string, timeoutMs = 90_000): Promise<PreviewFileRow> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const [row] = await t.db.orm.select().from(previewFile).where(eq(previewFile.id, id));
    if (row.status !== "processing") return row;
    if (Date.now() > deadline) throw new Error(`preview ${id} still processing after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

const backends: [string, () => Record<string, string>][] = [
  ["local folder", () => ({ PREVIEW_FOLDER: path.join(scratch, "files") })],
  ["S3-compatible store", () => s3.env],
];


describe.each(backends)("preview media on the %s", (_name, env) => {
  let t: TestApp;
  let token: string;
  let outsiderToken: string;
  let media: ReturnType<typeof makeMediaBuilders>;
  let taskId: string;

  beforeAll(async () => {
    t = await createTestApp({ env: { ...env(), TMP_DIR: path.join(scratch, "tmp"), JOB_CONCURRENCY: "2" } });
    media = makeMediaBuilders(t.db, t.make);
    const artist = await t.make.makePerson({ role: "user" });
    const outsider = await t.make.makePerson({ role: "user" });
    const project = await t.make.makeProject({ team: [{ id: artist.id }], resolution: null, fps: null });
    taskId = (await media.makeTask({ projectId: project.id, assigneeIds: [artist.id] })).task.id;
    token = await t.login(artist.email ?? "");
    outsiderToken = await t.login(outsider.email ?? "");
  });

  afterAll(async () => {
    await t.close();
  });

  async function upload(fileName: string, content: Buffer, id?: string) {
    const preview = id ?? (await media.makePreviewFile({ taskId })).id;
    const { body, headers } = multipartBody("file", fileName, content);
    const response = await t.request({ method: "POST", url: `/api/pictures/preview-files/${preview}`, token, payload: body, headers });
    return { preview, response };
  }

  async function download(url: string, headers: Record<string, string> = {}) {
    return t.request({ method: "GET", url, token, headers });
  }

  it("makes Zou's picture variants from a PNG", async () => {
    const { preview, response } = await upload("layout.png", await makePicture({ format: "png", width: 320, height: 200 }));
    expect(response.statusCode).toBe(201);
    const body = response.json();
    expect(body.status).toBe("ready");
    expect(body.extension).toBe("png");
    expect(body.original_name).toBe("layout");
    expect(body.width).toBe(320);
    expect(body.height).toBe(200);

    const sizes: [string, number, number][] = [
      [`/pictures/thumbnails/preview-files/${preview}.png`, 150, 100],
      [`/pictures/thumbnails-square/preview-files/${preview}.png`, 100, 100],
      [`/pictures/previews/preview-files/${preview}.png`, 1200, 750],
      [`/pictures/originals/preview-files/${preview}.png`, 320, 200],
    ];
    for (const [url, width, height] of sizes) {
      const picture = await download(url);
      expect(picture.statusCode).toBe(200);
      expect(picture.headers["content-type"]).toBe("image/png");
      expect(picture.headers["cache-control"]).toBe("private, max-age=604800");
      const metadata = await sharp(picture.rawPayload).metadata();
      expect([url, metadata.width, metadata.height]).toEqual([url, width, height]);
    }
  });

  it("converts CMYK JPEG, 16-bit PNG, WebP and TIFF to 8-bit sRGB, whatever the case of the extension", async () => {
    const cases: [string, Parameters<typeof makePicture>[0]["format"]][] = [
      ["print.JPG", "jpeg-cmyk"],
      ["scan.jpeg", "jpeg-progressive"],
      ["deep.PNG", "png16"],
      ["web.webp", "webp"],
      ["plate.TIF", "tiff"],
    ];
    for (const [fileName, format] of cases) {
      const { preview, response } = await upload(fileName, await makePicture({ format }));
      expect([fileName, response.statusCode]).toEqual([fileName, 201]);
      const original = await download(`/pictures/originals/preview-files/${preview}.png`);
      const metadata = await sharp(original.rawPayload).metadata();
      expect([fileName, metadata.space, metadata.depth]).toEqual([fileName, "srgb", "uchar"]);
      if (format === "png16") expect(await sharp(await makePicture({ format })).metadata()).toMatchObject({ depth: "ushort" });
      // The red field stays red through the colour conversion.
      const { data } = await sharp(original.rawPayload).raw().toBuffer({ resolveWithObject: true });
      const [red, green, blue] = [data[data.length - 3], data[data.length - 2], data[data.length - 1]];
      expect([fileName, red > 200, green < 60, blue < 60]).toEqual([fileName, true, true, true]);
    }
  });

  it("keeps an EXR that sharp cannot read as an original without thumbnails", async () => {
    const { preview, response } = await upload("beauty.exr", Buffer.concat([Buffer.from([0x76, 0x2f, 0x31, 0x01]), randomBytes(500)]));
    expect(response.statusCode).toBe(201);
    expect(response.json().extension).toBe("exr");
    expect(response.json().status).toBe("ready");
    const original = await download(`/pictures/originals/preview-files/${preview}.exr`);
    expect(original.statusCode).toBe(200);
    expect(original.rawPayload.length).toBe(504);
    expect((await download(`/pictures/thumbnails/preview-files/${preview}.png`)).statusCode).toBe(404);
  });

  it("marks a corrupt picture broken, answers 400 and stores nothing", async () => {
    const { preview, response } = await upload("broken.png", Buffer.concat([Buffer.from("\x89PNG\r\n\x1a\n"), randomBytes(300)]));
    expect(response.statusCode).toBe(400);
    const [row] = await t.db.orm.select().from(previewFile).where(eq(previewFile.id, preview));
    expect(row.status).toBe("broken");
    expect((row.data as { processing_error: string }).processing_error).toMatch(/cannot be read/);
    const store = getMediaServices(t.services).store;
    for (const prefix of ["original", "previews", "thumbnails", "thumbnails-square"]) {
      expect(await store.exists({ bucket: "pictures", prefix, id: preview })).toBe(false);
    }
  });

  it("marks a corrupt movie broken, answers 400 and stores nothing", async () => {
    const { preview, response } = await upload("shot.mp4", Buffer.concat([Buffer.from("\0\0\0\x18ftypmp42"), randomBytes(2000)]));
    expect(response.statusCode).toBe(400);
    const [row] = await t.db.orm.select().from(previewFile).where(eq(previewFile.id, preview));
    expect(row.status).toBe("broken");
    expect((row.data as { processing_error: string }).processing_error).toMatch(/movie cannot be read/);
    const store = getMediaServices(t.services).store;
    for (const prefix of ["source", "previews", "lowdef"]) {
      expect(await store.exists({ bucket: "movies", prefix, id: preview })).toBe(false);
    }
  });

  const movies: [string, Parameters<typeof makeMovie>[1]][] = [
    ["H.264 MP4 without sound", { container: "mp4", codec: "h264" }],
    ["ProRes MOV with sound", { container: "mov", codec: "prores", audio: true }],
    ["H.264 MKV with sound", { container: "mkv", codec: "h264", audio: true, width: 176, height: 144 }],
    ["VP9 WebM with sound", { container: "webm", codec: "vp9", audio: true }],
  ];

  it.each(movies)("normalizes a %s to a browser-ready H.264 MP4", async (_label, spec) => {
    const file = await makeMovie(scratch, spec);
    const { preview, response } = await upload(`take.${spec.container.toUpperCase()}`, await readFile(file));
    expect(response.statusCode).toBe(201);
    expect(response.json().status).toBe("processing");
    expect(response.json().extension).toBe("mp4");

    const row = await waitForStatus(t, preview);
    expect(row.status).toBe("ready");
    expect(row.duration).toBeGreaterThan(0.8);
    expect(row.duration).toBeLessThan(1.3);
    // NOTE: the MKV sample comes out with 25 frames (its AAC track runs a frame longer); not yet explained.
    const frameCount = (row.data as { frame_count: number }).frame_count;
    expect(frameCount).toBeGreaterThanOrEqual(24);
    expect(frameCount).toBeLessThanOrEqual(25);

    for (const url of [`/movies/originals/preview-files/${preview}.mp4`, `/movies/low/preview-files/${preview}.mp4`]) {
      const movie = await download(url);
      expect(movie.statusCode).toBe(200);
      expect(movie.headers["content-type"]).toBe("video/mp4");
      const probe = await probeBytes(movie.rawPayload);
      const video = probe.streams.find((stream) => stream.codec_type === "video");
      expect(video?.codec_name).toBe("h264");
      expect(video?.pix_fmt).toBe("yuv420p");
      expect((video?.width ?? 1) % 2).toBe(0);
      expect((video?.height ?? 1) % 2).toBe(0);
      expect(probe.streams.some((stream) => stream.codec_type === "audio")).toBe(spec.audio === true);
    }
    const thumbnail = await download(`/pictures/thumbnails/preview-files/${preview}.png`);
    const metadata = await sharp(thumbnail.rawPayload).metadata();
    expect([metadata.width, metadata.height]).toEqual([150, 100]);

    const events = await t.db.orm.select().from(apiEvent).where(eq(apiEvent.name, "preview-file:update"));
    const statuses = events.filter((event) => (event.data as { preview_file_id: string }).preview_file_id === preview).map((event) => (event.data as { status: string }).status);
    expect(statuses).toEqual(["processing", "ready"]);
  });

  it("serves byte ranges, 304 on a matching ETag and a named download", async () => {
    const file = await makeMovie(scratch, { container: "mp4", codec: "h264" });
    const { preview } = await upload("seek.mp4", await readFile(file));
    await waitForStatus(t, preview);
    const url = `/movies/originals/preview-files/${preview}.mp4`;
    const whole = await download(url);
    expect(whole.headers["accept-ranges"]).toBe("bytes");
    const size = whole.rawPayload.length;

    // A browser seeking in a <video> requests an open-ended range.
    const seek = await download(url, { range: "bytes=1000-" });
    expect(seek.statusCode).toBe(206);
    expect(seek.headers["content-range"]).toBe(`bytes 1000-${size - 1}/${size}`);
    expect(seek.rawPayload.equals(whole.rawPayload.subarray(1000))).toBe(true);

    const head = await download(url, { range: "bytes=0-99" });
    expect(head.statusCode).toBe(206);
    expect(head.rawPayload.length).toBe(100);

    expect((await download(url, { range: `bytes=${size + 10}-` })).statusCode).toBe(416);

    const cached = await download(url, { "if-none-match": String(whole.headers.etag) });
    expect(cached.statusCode).toBe(304);
    expect(cached.rawPayload.length).toBe(0);

    const named = await download(`/movies/originals/preview-files/${preview}/download`);
    expect(named.statusCode).toBe(200);
    expect(String(named.headers["content-disposition"])).toMatch(/^attachment; filename="project_\d+_props_\d+_tree_\d+_animation_\d+_v1\.mp4"/);
  });

  it("refuses previews to a person outside the project and unknown ids", async () => {
    const { preview } = await upload("secret.png", await makePicture({ format: "png" }));
    const refused = await t.request({ method: "GET", url: `/pictures/thumbnails/preview-files/${preview}.png`, token: outsiderToken });
    expect(refused.statusCode).toBe(403);
    const unknown = await download("/pictures/thumbnails/preview-files/8f1c2a9e-4b7d-4c1e-9a55-0e2b7f3d6a10.png");
    expect(unknown.statusCode).toBe(404);
    const malformed = await download("/movies/originals/preview-files/not-an-id.mp4");
    expect(malformed.statusCode).toBe(404);
    const anonymous = await t.request({ method: "GET", url: `/pictures/thumbnails/preview-files/${preview}.png` });
    expect(anonymous.statusCode).toBe(401);
  });

  it("accepts Zou's access_token_cookie on media routes", async () => {
    const { preview } = await upload("cookie.png", await makePicture({ format: "png" }));
    const response = await t.request({ method: "GET", url: `/pictures/thumbnails/preview-files/${preview}.png`, headers: { cookie: `access_token_cookie=${token}` } });
    expect(response.statusCode).toBe(200);
  });
});

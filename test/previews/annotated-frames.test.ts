import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { Readable } from "node:stream";
import { eq } from "drizzle-orm";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { previewFile } from "../../schema/comments.js";
import { project } from "../../schema/projects.js";
import { getMediaServices } from "../../src/previews/media.js";
import { movieKey, pictureKey } from "../../src/previews/previews.service.js";
import { createTestApp, type TestApp } from "../support/app.js";
import type { EntityRow } from "../support/entities.builders.js";
import { makeSeedWorld, UNKNOWN_ID, type SeedWorld } from "../support/seed-b.world.js";
import { kitsuRoute } from "../rest/kitsu/kitsu-routes.js";
import { makeCountingMovie, makeSolidMovie, putFile, readZip } from "./preview-actions.media.js";

// Annotated frames (ZIP of PNGs and PDF) and frame tiles of previews whose
// media is stored directly, without transcoding.

let t: TestApp;
let w: SeedWorld;
let scratch: string;
let shot: EntityRow;
let taskId: string;
let blackMovie: string;

/** A filled red square drawn on a 160 × 120 canvas, centred on (40, 30). */
const redSquare = { type: "rect", left: 30, top: 20, width: 20, height: 20, fill: "#ff0000", stroke: "#ff0000", strokeWidth: 0, canvasWidth: 160, canvasHeight: 120 };
/** A thick green freehand stroke across the right half, from (100, 90) to (140, 90). */
const greenStroke = { type: "path", path: [["M", 100, 90], ["L", 140, 90]], left: 94, top: 84, width: 40, height: 0, stroke: "#00ff00", strokeWidth: 12, canvasWidth: 160, canvasHeight: 120 };

beforeAll(async () => {
  scratch = await mkdtemp(path.join(tmpdir(), "kumiki-annotated-frames-"));
  t = await createTestApp({ env: { PREVIEW_FOLDER: path.join(scratch, "files"), TMP_DIR: path.join(scratch, "tmp") } });
  w = await makeSeedWorld(t);
  await t.db.orm.update(project).set({ fps: "24" }).where(eq(project.id, w.project.id));
  const sequence = await t.make.makeSequence({ projectId: w.project.id, name: "SQ01" });
  shot = await t.make.makeShot({ projectId: w.project.id, sequenceId: sequence.id, name: "SH010" });
  taskId = (await t.make.makeTask({ entity: shot, assignees: [w.artist.person.id] })).id;
  blackMovie = await makeSolidMovie(scratch, { name: "black", width: 160, height: 120, seconds: 2, fps: 24 });
});

afterAll(async () => {
  await t.close();
  await rm(scratch, { recursive: true, force: true });
});

let previewCounter = 0;

async function makeMoviePreview(annotations: unknown[], options: { storeMovie?: boolean } = {}) {
  previewCounter += 1;
  const [row] = await t.db.orm
    .insert(previewFile)
    .values({ name: `movie-${previewCounter}`, taskId, revision: previewCounter, extension: "mp4", status: "ready", annotations })
    .returning();
  if (options.storeMovie !== false) await putFile(getMediaServices(t.services).store, movieKey("previews", row.id), blackMovie);
  return row;
}

async function makePicturePreview(annotations: unknown[]) {
  previewCounter += 1;
  const [row] = await t.db.orm
    .insert(previewFile)
    .values({ name: `picture-${previewCounter}`, taskId, revision: previewCounter, extension: "png", status: "ready", annotations })
    .returning();
  const picture = await sharp({ create: { width: 320, height: 240, channels: 3, background: "#000000" } }).png().toBuffer();
  await getMediaServices(t.services).store.put(pictureKey("previews", row.id), Readable.from(picture));
  return row;
}

async function pixelAt(png: Buffer, x: number, y: number): Promise<[number, number, number]> {
  const { data, info } = await sharp(png).raw().toBuffer({ resolveWithObject: true });
  const offset = (y * info.width + x) * info.channels;
  return [data[offset], data[offset + 1], data[offset + 2]];
}

function expectColour(actual: [number, number, number], expected: [number, number, number]): void {
  // The frame went through H.264 and back, so colours are only close.
  for (let channel = 0; channel < 3; channel += 1) expect(Math.abs(actual[channel] - expected[channel]), `channel ${channel} of ${actual}`).toBeLessThanOrEqual(24);
}

function framesUrl(id: string, pdf = false): string {
  return `/api/actions/preview-files/${id}/extract-annotated-frames${pdf ? "-pdf" : ""}`;
}

describe("annotated frames as a ZIP", () => {
  kitsuRoute("GET", "/actions/preview-files/{preview_file_id}/extract-annotated-frames", {
    succeeds: ["sends one PNG per annotation with the drawings", async () => {
      const preview = await makeMoviePreview([
        { time: 0.5, drawing: { objects: [redSquare] } },
        { time: 1, drawing: { objects: [greenStroke] } },
      ]);
      const response = await t.request({ method: "GET", url: framesUrl(preview.id), token: w.manager.token });
      expect(response.statusCode).toBe(200);
      expect(response.headers["content-type"]).toBe("application/zip");
      expect(response.headers["content-disposition"]).toMatch(/attachment; filename=".*_annotated_frames\.zip"/);

      const entries = readZip(response.rawPayload);
      expect(entries.map((entry) => entry.name.replace(/^.*_frame_/, "frame_"))).toEqual(["frame_13.png", "frame_25.png"]);
      const [first, second] = entries;
      expect(first.data.subarray(1, 4).toString("latin1")).toBe("PNG");
      const size = await sharp(first.data).metadata();
      expect([size.width, size.height]).toEqual([160, 120]);
      expectColour(await pixelAt(first.data, 40, 30), [255, 0, 0]);
      expectColour(await pixelAt(first.data, 120, 90), [0, 0, 0]);
      expectColour(await pixelAt(second.data, 120, 90), [0, 255, 0]);
      expectColour(await pixelAt(second.data, 40, 30), [0, 0, 0]);
    }],
    fails: ["rejects artists with 403", async () => {
      const preview = await makeMoviePreview([{ time: 0.5, drawing: { objects: [redSquare] } }]);
      const response = await t.request({ method: "GET", url: framesUrl(preview.id), token: w.artist.token });
      expect(response.statusCode).toBe(403);
    }],
  });

  it("draws on a picture preview, scaled from the canvas", async () => {
    const preview = await makePicturePreview([{ time: 0, drawing: { objects: [redSquare] } }]);
    const response = await t.request({ method: "GET", url: framesUrl(preview.id), token: w.admin.token });
    expect(response.statusCode).toBe(200);
    const [entry] = readZip(response.rawPayload);
    expect(entry.name).toMatch(/_frame_1\.png$/);
    // The 160 × 120 canvas is drawn on a 320 × 240 picture: the square's centre moves to (80, 60).
    expect(await pixelAt(entry.data, 80, 60)).toEqual([255, 0, 0]);
    expect(await pixelAt(entry.data, 40, 30)).toEqual([0, 0, 0]);
  });

  it("takes the frame at the annotation's time", async () => {
    const counting = await makeCountingMovie(scratch, { width: 32, height: 32, seconds: 1, fps: 24 });
    const preview = await makeMoviePreview([
      { time: 0, drawing: { objects: [] } },
      { time: 0.5, drawing: { objects: [] } },
      { time: 11 / 24, drawing: { objects: [] } },
    ], { storeMovie: false });
    await putFile(getMediaServices(t.services).store, movieKey("previews", preview.id), counting);
    const response = await t.request({ method: "GET", url: framesUrl(preview.id), token: w.manager.token });
    expect(response.statusCode).toBe(200);
    const entries = readZip(response.rawPayload);
    expect(entries.map((entry) => entry.name.replace(/^.*_frame_/, ""))).toEqual(["1.png", "13.png", "12.png"]);
    // Frame number n (from 1) has the red value 10 × (n - 1).
    const reds = await Promise.all(entries.map(async (entry) => (await pixelAt(entry.data, 16, 16))[0]));
    for (const [index, expected] of [0, 120, 110].entries()) expect(Math.abs(reds[index] - expected), `frame ${entries[index].name}: ${reds[index]}`).toBeLessThanOrEqual(3);
  });

  it("leaves out annotations past the movie's end", async () => {
    const preview = await makeMoviePreview([
      { time: 0.5, drawing: { objects: [redSquare] } },
      { time: 30, drawing: { objects: [redSquare] } },
    ]);
    const response = await t.request({ method: "GET", url: framesUrl(preview.id), token: w.manager.token });
    expect(response.statusCode).toBe(200);
    expect(readZip(response.rawPayload)).toHaveLength(1);
  });

  it("rejects a preview without annotations", async () => {
    const preview = await makeMoviePreview([]);
    const response = await t.request({ method: "GET", url: framesUrl(preview.id), token: w.manager.token });
    expect(response.statusCode).toBe(400);
    expect(response.json().message).toBe("Preview file has no annotations.");
  });

  it("rejects annotations only past the end", async () => {
    const preview = await makeMoviePreview([{ time: 30, drawing: { objects: [redSquare] } }]);
    const response = await t.request({ method: "GET", url: framesUrl(preview.id), token: w.manager.token });
    expect(response.statusCode).toBe(400);
  });

  it("answers 404 when the movie is not stored", async () => {
    const preview = await makeMoviePreview([{ time: 0.5, drawing: { objects: [redSquare] } }], { storeMovie: false });
    const response = await t.request({ method: "GET", url: framesUrl(preview.id), token: w.manager.token });
    expect(response.statusCode).toBe(404);
  });

  it("answers 404 for an unknown preview", async () => {
    const response = await t.request({ method: "GET", url: framesUrl(UNKNOWN_ID), token: w.admin.token });
    expect(response.statusCode).toBe(404);
  });

  it("rejects people outside the project", async () => {
    const preview = await makeMoviePreview([{ time: 0.5, drawing: { objects: [redSquare] } }]);
    const response = await t.request({ method: "GET", url: framesUrl(preview.id), token: w.outsider.token });
    expect(response.statusCode).toBe(403);
  });

  it("rejects supervisors and clients", async () => {
    const preview = await makeMoviePreview([{ time: 0.5, drawing: { objects: [redSquare] } }]);
    for (const session of [w.supervisor, w.client]) {
      const response = await t.request({ method: "GET", url: framesUrl(preview.id), token: session.token });
      expect(response.statusCode, session.person.role ?? "").toBe(403);
    }
  });
});

describe("annotated frames as a PDF", () => {
  kitsuRoute("GET", "/actions/preview-files/{preview_file_id}/extract-annotated-frames-pdf", {
    succeeds: ["sends a PDF with one page per frame", async () => {
      const preview = await makeMoviePreview([
        { time: 0.25, drawing: { objects: [redSquare] } },
        { time: 0.5, drawing: { objects: [greenStroke] } },
        { time: 1.5, drawing: { objects: [redSquare, greenStroke] } },
      ]);
      const response = await t.request({ method: "GET", url: framesUrl(preview.id, true), token: w.manager.token });
      expect(response.statusCode).toBe(200);
      expect(response.headers["content-type"]).toBe("application/pdf");
      expect(response.headers["content-disposition"]).toMatch(/_annotated_frames\.pdf"/);
      const pdf = response.rawPayload.toString("latin1");
      expect(pdf.startsWith("%PDF-")).toBe(true);
      expect(pdf.trimEnd().endsWith("%%EOF")).toBe(true);
      expect(pdf.match(/\/Type \/Page /g)).toHaveLength(3);
      expect(pdf).toContain("/Count 3");
      // 160 pixels at 150 pixels per inch make a page 76.8 points wide.
      expect(pdf).toContain("/MediaBox [0 0 76.8 57.6]");
    }],
    fails: ["rejects a preview without annotations", async () => {
      const preview = await makeMoviePreview([]);
      const response = await t.request({ method: "GET", url: framesUrl(preview.id, true), token: w.manager.token });
      expect(response.statusCode).toBe(400);
    }],
  });

  it("embeds the annotated frames as JPEG pictures", async () => {
    const preview = await makeMoviePreview([{ time: 0.5, drawing: { objects: [redSquare] } }]);
    const response = await t.request({ method: "GET", url: framesUrl(preview.id, true), token: w.manager.token });
    const pdf = response.rawPayload;
    const start = pdf.indexOf(Buffer.from([0xff, 0xd8, 0xff]));
    const end = pdf.indexOf(Buffer.from([0xff, 0xd9]), start) + 2;
    expect(start).toBeGreaterThan(0);
    const jpeg = pdf.subarray(start, end);
    expectColour(await pixelAt(jpeg, 40, 30), [255, 0, 0]);
    // The xref table lists every object at the offset where it starts.
    const text = pdf.toString("latin1");
    const xref = text.slice(text.lastIndexOf("xref")).split("\n").slice(3).filter((line) => / n $/.test(line));
    for (const [index, line] of xref.entries()) {
      expect(text.slice(Number(line.slice(0, 10)), Number(line.slice(0, 10)) + 12)).toMatch(new RegExp(`^${index + 1} 0 obj`));
    }
  });
});

describe("frame tiles", () => {
  kitsuRoute("GET", "/movies/tiles/preview-files/{instance_id}.png", {
    succeeds: ["builds the tile of 8 frames per row", async () => {
      const preview = await makeMoviePreview([]);
      const response = await t.request({ method: "GET", url: `/api/movies/tiles/preview-files/${preview.id}.png`, token: w.artist.token });
      expect(response.statusCode).toBe(200);
      expect(response.headers["content-type"]).toBe("image/png");
      const size = await sharp(response.rawPayload).metadata();
      // 48 frames make 6 rows of 8 tiles, each 100 high and 134 wide (⌈100 × 4/3⌉).
      expect([size.width, size.height]).toEqual([8 * 134, 6 * 100]);
      expect(await getMediaServices(t.services).store.exists(pictureKey("tiles", preview.id))).toBe(true);
    }],
    fails: ["rejects people outside the project", async () => {
      const preview = await makeMoviePreview([]);
      const response = await t.request({ method: "GET", url: `/api/movies/tiles/preview-files/${preview.id}.png`, token: w.outsider.token });
      expect(response.statusCode).toBe(403);
    }],
  });

  it("rejects vendors not assigned to the entity", async () => {
    const preview = await makeMoviePreview([]);
    const response = await t.request({ method: "GET", url: `/api/movies/tiles/preview-files/${preview.id}.png`, token: w.vendor.token });
    expect(response.statusCode).toBe(403);
  });

  it("answers 404 for a picture preview", async () => {
    const preview = await makePicturePreview([]);
    const response = await t.request({ method: "GET", url: `/api/movies/tiles/preview-files/${preview.id}.png`, token: w.artist.token });
    expect(response.statusCode).toBe(404);
  });

  it("answers 404 when the movie is not stored", async () => {
    const preview = await makeMoviePreview([], { storeMovie: false });
    const response = await t.request({ method: "GET", url: `/api/movies/tiles/preview-files/${preview.id}.png`, token: w.artist.token });
    expect(response.statusCode).toBe(404);
  });
});

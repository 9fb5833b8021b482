import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { eq } from "drizzle-orm";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { previewBackgroundFile, previewFile } from "../../schema/comments.js";
import { createTestApp, type TestApp } from "../support/app.js";
import type { EntityRow } from "../support/entities.builders.js";
import { multipartBody } from "../support/media.js";
import { eventNamesSince } from "../support/roles.js";
import { makeSeedWorld, UNKNOWN_ID, type SeedWorld } from "../support/seed-b.world.js";
import { kitsuRoute } from "../rest/kitsu/kitsu-routes.js";
import { encodeHdr } from "./preview-actions.media.js";

// Reordering the files of a revision, and the HDR files of 3D backgrounds.

let t: TestApp;
let w: SeedWorld;
let scratch: string;
let shot: EntityRow;
let taskId: string;
let unassignedTaskId: string;

beforeAll(async () => {
  scratch = await mkdtemp(path.join(tmpdir(), "kumiki-preview-actions-"));
  t = await createTestApp({ env: { PREVIEW_FOLDER: path.join(scratch, "files"), TMP_DIR: path.join(scratch, "tmp") } });
  w = await makeSeedWorld(t);
  const sequence = await t.make.makeSequence({ projectId: w.project.id, name: "SQ01" });
  shot = await t.make.makeShot({ projectId: w.project.id, sequenceId: sequence.id, name: "SH010" });
  taskId = (await t.make.makeTask({ entity: shot, assignees: [w.artist.person.id] })).id;
  unassignedTaskId = (await t.make.makeTask({ entity: shot, name: "other" })).id;
});

afterAll(async () => {
  await t.close();
  await rm(scratch, { recursive: true, force: true });
});

let revisionCounter = 10;

/** Three files of a new revision of the task, at positions 1, 2 and 3, created in that order. */
async function makeRevision(onTaskId = taskId) {
  revisionCounter += 1;
  const rows = [];
  for (const position of [1, 2, 3]) {
    const [row] = await t.db.orm
      .insert(previewFile)
      .values({ name: `file-${revisionCounter}-${position}`, taskId: onTaskId, revision: revisionCounter, position, extension: "png", status: "ready", createdAt: new Date(Date.UTC(2026, 0, 1, 0, 0, position)) })
      .returning();
    rows.push(row);
  }
  return rows;
}

async function positionsOf(ids: string[]): Promise<Record<string, number | null>> {
  const result: Record<string, number | null> = {};
  for (const id of ids) {
    const [row] = await t.db.orm.select({ position: previewFile.position }).from(previewFile).where(eq(previewFile.id, id));
    result[id] = row.position;
  }
  return result;
}

function updatePosition(id: string, token: string, payload: unknown) {
  return t.request({ method: "PUT", url: `/api/actions/preview-files/${id}/update-position`, token, payload: payload as Record<string, unknown> });
}

describe("preview positions", () => {
  kitsuRoute("PUT", "/actions/preview-files/{preview_file_id}/update-position", {
    succeeds: ["moves the file and renumbers the revision", async () => {
      const [first, second, third] = await makeRevision();
      const response = await updatePosition(third.id, w.artist.token, { position: 1 });
      expect(response.statusCode).toBe(200);
      const body = response.json() as Record<string, unknown>[];
      expect(body.map((row) => row.id)).toEqual([third.id, first.id, second.id]);
      expect(body.map((row) => row.position)).toEqual([1, 2, 3]);
      expect(body[0].type).toBe("PreviewFile");
      expect(await positionsOf([first.id, second.id, third.id])).toEqual({ [first.id]: 2, [second.id]: 3, [third.id]: 1 });
    }],
    fails: ["rejects a negative position with 400", async () => {
      const [first, second] = await makeRevision();
      const response = await updatePosition(first.id, w.artist.token, { position: -1 });
      expect(response.statusCode).toBe(400);
      expect(await positionsOf([first.id, second.id])).toEqual({ [first.id]: 1, [second.id]: 2 });
    }],
  });

  it("moves a file down the revision", async () => {
    const [first, second, third] = await makeRevision();
    const response = await updatePosition(first.id, w.manager.token, { position: 3 });
    expect(response.statusCode).toBe(200);
    expect((response.json() as { id: string }[]).map((row) => row.id)).toEqual([second.id, third.id, first.id]);
    expect(await positionsOf([first.id, second.id, third.id])).toEqual({ [first.id]: 3, [second.id]: 1, [third.id]: 2 });
  });

  it("leaves the order for position 0 or past the end", async () => {
    const [first, second, third] = await makeRevision();
    for (const position of [0, 4]) {
      const response = await updatePosition(second.id, w.artist.token, { position });
      expect(response.statusCode).toBe(200);
      expect((response.json() as { id: string }[]).map((row) => row.id)).toEqual([first.id, second.id, third.id]);
    }
    const empty = await updatePosition(second.id, w.artist.token, {});
    expect(empty.statusCode).toBe(200);
    expect(await positionsOf([first.id, second.id, third.id])).toEqual({ [first.id]: 1, [second.id]: 2, [third.id]: 3 });
  });

  it("leaves other revisions of the task alone", async () => {
    const [other] = await makeRevision();
    const [, , third] = await makeRevision();
    await updatePosition(third.id, w.artist.token, { position: 1 });
    expect(await positionsOf([other.id])).toEqual({ [other.id]: 1 });
  });

  it("rejects a position that is not a whole number", async () => {
    const [first] = await makeRevision();
    for (const position of ["2", 1.5, true]) {
      const response = await updatePosition(first.id, w.artist.token, { position });
      expect(response.statusCode, String(position)).toBe(400);
    }
  });

  it("rejects artists not assigned to the task", async () => {
    const [, , third] = await makeRevision(unassignedTaskId);
    const response = await updatePosition(third.id, w.artist.token, { position: 1 });
    expect(response.statusCode).toBe(403);
    expect(await positionsOf([third.id])).toEqual({ [third.id]: 3 });
  });

  it("rejects people outside the project", async () => {
    const [, , third] = await makeRevision();
    const response = await updatePosition(third.id, w.outsider.token, { position: 1 });
    expect(response.statusCode).toBe(403);
  });

  it("answers 404 for an unknown preview", async () => {
    const response = await updatePosition(UNKNOWN_ID, w.admin.token, { position: 1 });
    expect(response.statusCode).toBe(404);
  });
});

async function makeBackground(name: string) {
  const [row] = await t.db.orm.insert(previewBackgroundFile).values({ name }).returning();
  return row;
}

/** Encodes a 64 × 32 HDR picture: bright red on the left half (radiance above 1, clamped), dark blue on the right. */
function sampleHdr(): Buffer {
  return encodeHdr(64, 32, (x) => (x < 32 ? [4, 0, 0] : [0, 0, 0.2]));
}

function uploadBackground(id: string, token: string, fileName: string, content: Buffer) {
  const { body, headers } = multipartBody("file", fileName, content);
  return t.request({ method: "POST", url: `/api/pictures/preview-background-files/${id}`, token, payload: body, headers });
}

describe("3D background files", () => {
  kitsuRoute("POST", "/pictures/preview-background-files/{instance_id}", {
    succeeds: ["stores the HDR file and returns the background", async () => {
      const row = await makeBackground("Studio");
      const since = new Date();
      const content = sampleHdr();
      const response = await uploadBackground(row.id, w.admin.token, "studio.hdr", content);
      expect(response.statusCode).toBe(201);
      expect(response.json()).toMatchObject({ id: row.id, type: "PreviewBackgroundFile", extension: "hdr", original_name: "studio", file_size: content.length });
      const [stored] = await t.db.orm.select().from(previewBackgroundFile).where(eq(previewBackgroundFile.id, row.id));
      expect(stored.extension).toBe("hdr");
      expect(await eventNamesSince(t, since)).toEqual(expect.arrayContaining(["preview-background-file:add-file", "preview-background-file:update"]));
    }],
    fails: ["rejects managers with 403", async () => {
      const row = await makeBackground("Forest");
      const response = await uploadBackground(row.id, w.manager.token, "forest.hdr", sampleHdr());
      expect(response.statusCode).toBe(403);
      const [stored] = await t.db.orm.select().from(previewBackgroundFile).where(eq(previewBackgroundFile.id, row.id));
      expect(stored.extension).toBeNull();
    }],
  });

  it("rejects a file that is not .hdr", async () => {
    const row = await makeBackground("Beach");
    const response = await uploadBackground(row.id, w.admin.token, "beach.exr", Buffer.from("not an hdr"));
    expect(response.statusCode).toBe(400);
    expect(response.json().message).toContain("Wrong file format, extension: exr");
    const [stored] = await t.db.orm.select().from(previewBackgroundFile).where(eq(previewBackgroundFile.id, row.id));
    expect(stored.extension).toBeNull();
  });

  it("rejects a damaged HDR file", async () => {
    const row = await makeBackground("Broken");
    const response = await uploadBackground(row.id, w.admin.token, "broken.hdr", Buffer.from("#?RADIANCE\nFORMAT=32-bit_rle_rgbe\n\n-Y 4 +X 4\n\x01\x02"));
    expect(response.statusCode).toBe(400);
    expect(response.json().message).toContain("not a readable HDR picture");
  });

  it("rejects an upload without a file", async () => {
    const row = await makeBackground("Empty");
    const response = await t.request({ method: "POST", url: `/api/pictures/preview-background-files/${row.id}`, token: w.admin.token, payload: {} });
    expect(response.statusCode).toBe(400);
    expect(response.json().message).toBe("File not provided.");
  });

  it("answers 404 for an unknown background", async () => {
    const response = await uploadBackground(UNKNOWN_ID, w.admin.token, "studio.hdr", sampleHdr());
    expect(response.statusCode).toBe(404);
  });

  kitsuRoute("GET", "/pictures/thumbnails/preview-background-files/{instance_id}.png", {
    succeeds: ["sends a 300 × 200 tone-mapped PNG", async () => {
      const row = await makeBackground("Thumbnail");
      expect((await uploadBackground(row.id, w.admin.token, "thumbnail.hdr", sampleHdr())).statusCode).toBe(201);
      const response = await t.request({ method: "GET", url: `/api/pictures/thumbnails/preview-background-files/${row.id}.png`, token: w.artist.token });
      expect(response.statusCode).toBe(200);
      expect(response.headers["content-type"]).toBe("image/png");
      const { data, info } = await sharp(response.rawPayload).raw().toBuffer({ resolveWithObject: true });
      expect([info.width, info.height]).toEqual([300, 200]);
      const left = (100 * info.width + 20) * info.channels;
      const right = (100 * info.width + 280) * info.channels;
      // Radiance 4 clamps to full red, and radiance 0.2 of blue becomes 255 × 0.2^(1/2.2) ≈ 122.
      expect([data[left], data[left + 1], data[left + 2]]).toEqual([255, 0, 0]);
      expect(data[right]).toBe(0);
      expect(Math.abs(data[right + 2] - 122)).toBeLessThanOrEqual(2);
    }],
    fails: ["answers 404 before any upload", async () => {
      const row = await makeBackground("No thumbnail");
      const response = await t.request({ method: "GET", url: `/api/pictures/thumbnails/preview-background-files/${row.id}.png`, token: w.artist.token });
      expect(response.statusCode).toBe(404);
    }],
  });

  kitsuRoute("GET", "/pictures/preview-background-files/{instance_id}.{extension}", {
    succeeds: ["sends the uploaded HDR bytes", async () => {
      const row = await makeBackground("Download");
      const content = sampleHdr();
      expect((await uploadBackground(row.id, w.admin.token, "sky.hdr", content)).statusCode).toBe(201);
      const response = await t.request({ method: "GET", url: `/api/pictures/preview-background-files/${row.id}.hdr`, token: w.client.token });
      expect(response.statusCode).toBe(200);
      expect(response.headers["content-type"]).toBe("image/vnd.radiance");
      expect(response.headers["content-disposition"]).toContain("sky.hdr");
      expect(Buffer.compare(response.rawPayload, content)).toBe(0);
    }],
    fails: ["answers 404 for another extension", async () => {
      const row = await makeBackground("Other extension");
      expect((await uploadBackground(row.id, w.admin.token, "sky.hdr", sampleHdr())).statusCode).toBe(201);
      const response = await t.request({ method: "GET", url: `/api/pictures/preview-background-files/${row.id}.exr`, token: w.client.token });
      expect(response.statusCode).toBe(404);
    }],
  });

  it("lists backgrounds through the generic routes", async () => {
    const row = await makeBackground("Listed");
    const response = await t.request({ method: "GET", url: "/api/data/preview-background-files", token: w.artist.token });
    expect(response.statusCode).toBe(200);
    expect((response.json() as { id: string }[]).map((item) => item.id)).toContain(row.id);
  });
});

import { request as httpRequest } from "node:http";
import { mkdtemp, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { Readable } from "node:stream";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../support/app.js";
import { makeMediaBuilders } from "../support/media.js";

// Large uploads go to disk as they arrive: the server's memory does not grow
// with the file, and a file over MAX_UPLOAD_SIZE is cut off with 413. The
// client streams through a real port, because Fastify's inject would hold the
// whole body in memory first.

const MEGABYTE = 1024 * 1024;
const MEMORY_BOUND = 100 * MEGABYTE;
const CHUNK = Buffer.alloc(MEGABYTE, 7);

let scratch: string;
let t: TestApp;
let baseUrl: string;
let token: string;
let media: ReturnType<typeof makeMediaBuilders>;
let taskId: string;

beforeAll(async () => {
  scratch = await mkdtemp(path.join(tmpdir(), "kumiki-large-"));
  t = await createTestApp({ env: { PREVIEW_FOLDER: path.join(scratch, "files"), TMP_DIR: path.join(scratch, "tmp"), MAX_UPLOAD_SIZE: String(500 * MEGABYTE) } });
  await t.app.listen({ host: "127.0.0.1", port: 0 });
  baseUrl = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
  media = makeMediaBuilders(t.db, t.make);
  const artist = await t.make.makePerson({ role: "user" });
  const project = await t.make.makeProject({ team: [{ id: artist.id }] });
  taskId = (await media.makeTask({ projectId: project.id, assigneeIds: [artist.id] })).task.id;
  token = await t.login(artist.email ?? "");
});

afterAll(async () => {
  await t.close();
  await rm(scratch, { recursive: true, force: true });
});

/** Streams a multipart upload of `size` bytes and returns the status, sampling this process's resident memory meanwhile. */
async function streamUpload(url: string, fileName: string, size: number): Promise<{ status: number; body: string; peakGrowth: number }> {
  const boundary = "----kumikiLargeUpload";
  const head = Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${fileName}"\r\nContent-Type: application/octet-stream\r\n\r\n`);
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
  async function* parts() {
    yield head;
    for (let sent = 0; sent < size; sent += CHUNK.length) yield CHUNK.subarray(0, Math.min(CHUNK.length, size - sent));
    yield tail;
  }

  global.gc?.();
  const baseline = process.memoryUsage().rss;
  let peak = baseline;
  const sampler = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 20);
  try {
    const { status, body } = await new Promise<{ status: number; body: string }>((resolve, reject) => {
      const request = httpRequest(`${baseUrl}${url}`, {
        method: "POST",
        headers: { authorization: `Bearer ${token}`, "content-type": `multipart/form-data; boundary=${boundary}` },
      });
      request.on("response", (response) => {
        let text = "";
        response.setEncoding("utf8");
        response.on("data", (chunk: string) => (text += chunk));
        response.on("end", () => resolve({ status: response.statusCode ?? 0, body: text }));
      });
      // The server may send 413 and close the connection before the whole body is sent.
      request.on("error", (error: NodeJS.ErrnoException) => (error.code === "EPIPE" || error.code === "ECONNRESET" ? undefined : reject(error)));
      Readable.from(parts()).pipe(request);
    });
    return { status, body, peakGrowth: peak - baseline };
  } finally {
    clearInterval(sampler);
  }
}

async function scratchFiles(folder: string): Promise<number> {
  const { readdir } = await import("node:fs/promises");
  try {
    return (await readdir(folder, { recursive: true })).length;
  } catch {
    return 0;
  }
}

describe("large preview uploads", () => {
  it("keeps memory flat while a 400 MB upload streams to disk", async () => {
    const preview = await media.makePreviewFile({ taskId });
    // Four times the growth allowed below.
    const { status, body, peakGrowth } = await streamUpload(`/api/pictures/preview-files/${preview.id}`, "huge.mp4", 4 * MEMORY_BOUND);
    // The bytes are not a movie, so processing rejects them once they are on disk.
    expect(status, body).toBe(400);
    expect(body).toMatch(/movie cannot be read/);
    expect(peakGrowth).toBeLessThan(MEMORY_BOUND);
  });

  it("answers 413 past MAX_UPLOAD_SIZE and leaves no partial file behind", async () => {
    const preview = await media.makePreviewFile({ taskId });
    const { status, body, peakGrowth } = await streamUpload(`/api/pictures/preview-files/${preview.id}`, "too-big.mp4", 600 * MEGABYTE);
    expect(status, body).toBe(413);
    expect(peakGrowth).toBeLessThan(MEMORY_BOUND);
    expect(await scratchFiles(path.join(scratch, "tmp"))).toBe(0);
    await expect(stat(path.join(scratch, "files", "movies", "source", preview.id))).rejects.toThrow();
  });
});

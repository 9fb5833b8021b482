import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getMediaServices } from "../../src/previews/media.js";
import { createTestApp, type TestApp } from "../support/app.js";
import { makeMediaBuilders, makeMovie, multipartBody } from "../support/media.js";

// Movie transcodes run as jobs, at most JOB_CONCURRENCY at a time, whatever
// the number of uploads waiting.

const CONCURRENCY = 1;
const UPLOADS = 3;

let scratch: string;
let t: TestApp;

beforeAll(async () => {
  scratch = await mkdtemp(path.join(tmpdir(), "kumiki-transcodes-"));
  t = await createTestApp({ env: { PREVIEW_FOLDER: path.join(scratch, "files"), TMP_DIR: path.join(scratch, "tmp"), JOB_CONCURRENCY: String(CONCURRENCY) } });
});

afterAll(async () => {
  await t.close();
  await rm(scratch, { recursive: true, force: true });
});

describe("movie transcodes", () => {
  it("never run more at once than JOB_CONCURRENCY", async () => {
    const media = makeMediaBuilders(t.db, t.make);
    const artist = await t.make.makePerson({ role: "user" });
    const project = await t.make.makeProject({ team: [{ id: artist.id }], resolution: null, fps: null });
    const taskId = (await media.makeTask({ projectId: project.id, assigneeIds: [artist.id] })).task.id;
    const token = await t.login(artist.email ?? "");
    const movie = await readFile(await makeMovie(scratch, { container: "mov", codec: "prores", audio: true }));
    const worker = getMediaServices(t.services).worker;

    let peakRunning = 0;
    let peakQueued = 0;
    const sampler = setInterval(() => {
      peakRunning = Math.max(peakRunning, worker.activeCount);
    }, 10);
    try {
      const ids: string[] = [];
      for (let i = 0; i < UPLOADS; i += 1) {
        const preview = await media.makePreviewFile({ taskId });
        const { body, headers } = multipartBody("file", `take-${i}.mov`, movie);
        const response = await t.request({ method: "POST", url: `/api/pictures/preview-files/${preview.id}`, token, payload: body, headers });
        expect(response.statusCode, response.body).toBe(201);
        ids.push(preview.id);
      }

      const deadline = Date.now() + 180_000;
      for (;;) {
        const [queued] = await t.db.query<{ count: number }>("select count(*)::int as count from kumiki_job where status = 'queued'");
        peakQueued = Math.max(peakQueued, queued.count);
        const rows = await t.db.query<{ status: string }>("select status from preview_file where id = any($1::uuid[])", [ids]);
        if (rows.every((row) => row.status !== "processing")) {
          expect(rows.map((row) => row.status)).toEqual(Array(UPLOADS).fill("ready"));
          break;
        }
        if (Date.now() > deadline) throw new Error("transcodes still processing");
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    } finally {
      clearInterval(sampler);
    }

    expect(peakRunning).toBe(CONCURRENCY);
    // Uploads waited in the queue while the worker was busy.
    expect(peakQueued).toBeGreaterThan(0);
  });
});

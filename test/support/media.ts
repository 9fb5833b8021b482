import { randomUUID } from "node:crypto";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { crc32, deflateSync } from "node:zlib";
import sharp from "sharp";
import { previewFile } from "../../schema/comments.js";
import { entity, entityType } from "../../schema/entities.js";
import { task, taskPersonLink, taskStatus, taskType } from "../../schema/tasks.js";
import type { Database } from "../../src/db/index.js";
import { resolveMediaBinaries, runTool, type MediaBinaries } from "../../src/storage/media-tools.js";
import type { Builders } from "./builders.js";
import { testConfig } from "./app.js";

// Media for the preview tests, made at test time so that nothing binary is
// committed: short ffmpeg test patterns and sharp-drawn pictures. Also the
// rows a preview needs (entity, task, preview_file), written directly.

export type PreviewFileRow = typeof previewFile.$inferSelect;

export function mediaBinaries(): MediaBinaries {
  return resolveMediaBinaries(testConfig());
}

export interface MovieSpec {
  container: "mp4" | "mov" | "mkv" | "webm";
  codec: "h264" | "prores" | "vp9";
  width?: number;
  height?: number;
  seconds?: number;
  fps?: number;
  audio?: boolean;
}

/** Writes a test-pattern movie (with a sine tone when `audio`) and returns its path. */
export async function makeMovie(folder: string, spec: MovieSpec): Promise<string> {
  const { width = 160, height = 120, seconds = 1, fps = 24, audio = false } = spec;
  const output = path.join(folder, `movie-${randomUUID().slice(0, 8)}.${spec.container}`);
  const args = ["-hide_banner", "-nostdin", "-y", "-f", "lavfi", "-i", `testsrc=size=${width}x${height}:rate=${fps}:duration=${seconds}`];
  if (audio) args.push("-f", "lavfi", "-i", `sine=frequency=440:sample_rate=48000:duration=${seconds}`);
  if (spec.codec === "h264") args.push("-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p");
  if (spec.codec === "prores") args.push("-c:v", "prores_ks", "-profile:v", "0");
  if (spec.codec === "vp9") args.push("-c:v", "libvpx-vp9", "-deadline", "realtime", "-cpu-used", "8", "-b:v", "200k");
  if (audio) args.push("-c:a", spec.container === "webm" ? "libopus" : "aac");
  args.push("-shortest", output);
  await runTool(mediaBinaries().ffmpeg, args);
  return output;
}

export interface PictureSpec {
  width?: number;
  height?: number;
  format: "png" | "jpeg-cmyk" | "jpeg-progressive" | "png16" | "webp" | "tiff";
}

function pngChunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, "latin1"), data]);
  const checksum = Buffer.alloc(4);
  checksum.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, checksum]);
}

/**
 * Encodes 8-bit RGB pixels as a 16-bit-per-sample PNG, each sample scaled by
 * 257 so that 255 becomes 65535. Written by hand because sharp's "rgb16"
 * conversion keeps 8-bit values in 16-bit samples, which draws a black picture.
 */
function encodePng16({ data, info }: { data: Buffer; info: { width: number; height: number; channels: number } }): Buffer {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(info.width, 0);
  header.writeUInt32BE(info.height, 4);
  header[8] = 16; // bits per sample
  header[9] = 2; // truecolour
  const rowBytes = 1 + info.width * 6;
  const rows = Buffer.alloc(rowBytes * info.height);
  for (let y = 0; y < info.height; y += 1) {
    for (let x = 0; x < info.width; x += 1) {
      for (let channel = 0; channel < 3; channel += 1) {
        const sample = data[(y * info.width + x) * info.channels + channel];
        rows.writeUInt16BE(sample * 257, y * rowBytes + 1 + x * 6 + channel * 2);
      }
    }
  }
  const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  return Buffer.concat([signature, pngChunk("IHDR", header), pngChunk("IDAT", deflateSync(rows)), pngChunk("IEND", Buffer.alloc(0))]);
}

/** Draws a picture (a red field with a blue square) in the given format and returns its bytes. */
export async function makePicture(spec: PictureSpec): Promise<Buffer> {
  const { width = 320, height = 200 } = spec;
  const square = await sharp({ create: { width: Math.floor(width / 4), height: Math.floor(height / 4), channels: 3, background: "#0000ff" } }).png().toBuffer();
  const base = sharp({ create: { width, height, channels: 3, background: "#ff0000" } }).composite([{ input: square, top: 10, left: 10 }]);
  const flat = await base.png().toBuffer();
  switch (spec.format) {
    case "png":
      return flat;
    case "jpeg-cmyk":
      return sharp(flat).toColourspace("cmyk").jpeg().toBuffer();
    case "jpeg-progressive":
      return sharp(flat).jpeg({ progressive: true }).toBuffer();
    case "png16":
      return encodePng16(await sharp(flat).raw().toBuffer({ resolveWithObject: true }));
    case "webp":
      return sharp(flat).webp().toBuffer();
    case "tiff":
      return sharp(flat).tiff().toBuffer();
  }
}

export interface ProbedStream {
  codec_type: string;
  codec_name: string;
  width?: number;
  height?: number;
  pix_fmt?: string;
  nb_frames?: string;
  r_frame_rate?: string;
}

/** ffprobe's view of a file: its streams and format name. */
export async function probeFile(file: string): Promise<{ streams: ProbedStream[]; format: { format_name: string; duration: string } }> {
  const output = await runTool(mediaBinaries().ffprobe, ["-v", "error", "-print_format", "json", "-show_format", "-show_streams", file]);
  return JSON.parse(output);
}

/** Probes bytes by writing them to a scratch file first. */
export async function probeBytes(bytes: Buffer): Promise<Awaited<ReturnType<typeof probeFile>>> {
  const folder = await mkdtemp(path.join(tmpdir(), "kumiki-probe-"));
  try {
    const file = path.join(folder, "probe");
    await writeFile(file, bytes);
    return await probeFile(file);
  } finally {
    await rm(folder, { recursive: true, force: true });
  }
}

export { readFile };

/** Builders of the rows behind a preview: an entity, a task and its preview_file rows. */
export function makeMediaBuilders(db: Database, make: Builders) {
  let counter = 0;
  const next = () => (counter += 1);

  async function makeTask(values: { projectId: string; assigneeIds?: string[]; entityTypeName?: string; entityData?: Record<string, unknown> }) {
    const n = next();
    const [type] = await db.orm.insert(entityType).values({ name: `${values.entityTypeName ?? "Props"} ${n}` }).returning();
    const [shot] = await db.orm
      .insert(entity)
      .values({ name: `Tree ${n}`, projectId: values.projectId, entityTypeId: type.id, data: values.entityData ?? null })
      .returning();
    const [kind] = await db.orm.insert(taskType).values({ name: `Animation ${n}`, shortName: `ANI${n}`, color: "#00ff00" }).returning();
    const [status] = await db.orm.insert(taskStatus).values({ name: `Todo ${n}`, shortName: `todo${n}`, color: "#999999" }).returning();
    const [row] = await db.orm
      .insert(task)
      .values({ name: "main", projectId: values.projectId, entityId: shot.id, taskTypeId: kind.id, taskStatusId: status.id })
      .returning();
    for (const personId of values.assigneeIds ?? []) await db.orm.insert(taskPersonLink).values({ taskId: row.id, personId });
    return { task: row, entity: shot, entityType: type, taskType: kind };
  }

  async function makePreviewFile(values: { taskId: string; personId?: string; revision?: number; position?: number }): Promise<PreviewFileRow> {
    const [row] = await db.orm
      .insert(previewFile)
      .values({ name: randomUUID().slice(0, 8), taskId: values.taskId, personId: values.personId ?? null, revision: values.revision ?? 1, position: values.position ?? 1, status: "processing" })
      .returning();
    return row;
  }

  return { makeTask, makePreviewFile, makeProject: make.makeProject, makePerson: make.makePerson };
}

/** Builds a multipart/form-data body with one file part. */
export function multipartBody(fieldName: string, fileName: string, content: Buffer, contentType = "application/octet-stream"): { body: Buffer; headers: Record<string, string> } {
  const boundary = `----kumiki${randomUUID().replace(/-/g, "")}`;
  const head = Buffer.from(
    `--${boundary}\r\nContent-Disposition: form-data; name="${fieldName}"; filename="${fileName}"\r\nContent-Type: ${contentType}\r\n\r\n`,
  );
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
  return { body: Buffer.concat([head, content, tail]), headers: { "content-type": `multipart/form-data; boundary=${boundary}` } };
}

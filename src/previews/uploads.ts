import { randomBytes } from "node:crypto";
import { createWriteStream } from "node:fs";
import { mkdir, mkdtemp, rm } from "node:fs/promises";
import path from "node:path";
import { Transform, type Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { BadRequestError, PayloadTooLargeError } from "../errors.js";

// Uploaded files are streamed to a scratch file, never held in memory, and
// the size limit is enforced while they arrive.

export interface UploadedFile {
  /** The name the client sent, without any folder. */
  readonly fileName: string;
  readonly stream: Readable;
}

export interface SavedUpload {
  readonly path: string;
  readonly size: number;
  /** Removes the scratch file. */
  discard(): Promise<void>;
}

/** A scratch folder for one piece of work, removed by the caller. */
export async function makeScratchFolder(tmpDir: string): Promise<string> {
  await mkdir(tmpDir, { recursive: true });
  return mkdtemp(path.join(tmpDir, "work-"));
}

function isTooLarge(error: unknown): boolean {
  const candidate = error as { code?: string; statusCode?: number; status?: number };
  return candidate.code === "FST_REQ_FILE_TOO_LARGE" || candidate.statusCode === 413 || candidate.status === 413;
}

/** Writes the upload into tmpDir; rejects with 413 past maxSize and leaves no file behind on any failure. */
export async function saveUpload(upload: UploadedFile, tmpDir: string, maxSize: number): Promise<SavedUpload> {
  await mkdir(tmpDir, { recursive: true });
  const target = path.join(tmpDir, `upload-${randomBytes(8).toString("hex")}`);
  let size = 0;
  const counter = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      size += chunk.length;
      if (size > maxSize) callback(new PayloadTooLargeError(`The file is larger than the ${maxSize} bytes allowed.`));
      else callback(null, chunk);
    },
  });

  try {
    await pipeline(upload.stream, counter, createWriteStream(target));
  } catch (error) {
    await rm(target, { force: true });
    upload.stream.resume();
    if (error instanceof PayloadTooLargeError) throw error;
    if (isTooLarge(error)) throw new PayloadTooLargeError(`The file is larger than the ${maxSize} bytes allowed.`);
    throw new BadRequestError(`The upload was interrupted: ${(error as Error).message}`);
  }
  // @fastify/multipart ends a file at its size limit and flags it rather than failing.
  if ((upload.stream as Readable & { truncated?: boolean }).truncated === true) {
    await rm(target, { force: true });
    throw new PayloadTooLargeError(`The file is larger than the ${maxSize} bytes allowed.`);
  }
  return { path: target, size, discard: () => rm(target, { force: true }) };
}

/** Splits "shot.v2.MOV" into the name before the last dot and the lower-cased extension. */
export function splitFileName(fileName: string): { baseName: string; extension: string } {
  const base = path.basename(fileName.replace(/\\/g, "/"));
  const dot = base.lastIndexOf(".");
  if (dot <= 0) return { baseName: base, extension: "" };
  return { baseName: base.slice(0, dot), extension: base.slice(dot + 1).toLowerCase() };
}

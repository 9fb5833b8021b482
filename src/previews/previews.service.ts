import { createReadStream } from "node:fs";
import { rm, stat } from "node:fs/promises";
import path from "node:path";
import { eq } from "drizzle-orm";
import { previewFile } from "../../schema/comments.js";
import type { RequestContext } from "../context.js";
import type { Orm } from "../db/index.js";
import { BadRequestError } from "../errors.js";
import { recordEvent } from "../events/events.service.js";
import { enqueueJob } from "../jobs/jobs.service.js";
import type { FileStore, StoredFileKey } from "../storage/file-store.js";
import { MediaToolError, probeMovie, type MovieInfo } from "../storage/media-tools.js";
import { checkMovieDecodes } from "../storage/movies.js";
import {
  inspectPicture,
  PictureReadError,
  PictureTooLargeError,
  PREVIEW_VARIANTS,
  sharpReadableExtensions,
  writePictureVariant,
  type PictureInfo,
} from "../storage/pictures.js";
import { getMediaServices, type MediaServices } from "./media.js";
import { applyReadyPreviewToTask } from "./preview-task-info.js";
import {
  assertTaskAction,
  findCommentOfPreview,
  getPreviewFileOrThrow,
  getTaskOrThrow,
  type PreviewFileRow,
} from "./previews.access.js";
import { makeScratchFolder, saveUpload, splitFileName, type UploadedFile } from "./uploads.js";

// Uploading the file of a preview revision. The request stores the file and
// checks that it can be read before answering: pictures are fully processed
// in the request (sharp is fast), movies are probed, stored as their source
// and handed to a transcode job (see transcode.job.ts).

export const TRANSCODE_JOB = "preview-file:transcode";

/** Zou's movie extensions. */
export const MOVIE_EXTENSIONS = new Set(["avi", "m4v", "mkv", "mov", "mp4", "webm", "wmv"]);

/**
 * Zou's other previewable files, kept as they are with no thumbnail. EXR,
 * TIFF and WebP are tried as pictures first when this sharp build reads them.
 */
export const FILE_EXTENSIONS = new Set([
  "ae", "ai", "blend", "clip", "comp", "diff", "exr", "fbx", "fla", "flv", "gif", "glb", "gltf", "hip", "kra", "ma",
  "mb", "md", "mp3", "obj", "pdf", "psd", "psb", "rar", "rev", "riv", "sai", "sai2", "sbbkp", "svg", "swf", "tif",
  "tiff", "tvpp", "wav", "webp", "zip",
]);

export const PICTURE_EXTENSIONS = new Set(["jpe", "jpeg", "jpg", "png", "webp", "tif", "tiff", "exr"]);

export function pictureKey(prefix: string, id: string): StoredFileKey {
  return { bucket: "pictures", prefix, id };
}

export function movieKey(prefix: "previews" | "lowdef" | "source", id: string): StoredFileKey {
  return { bucket: "movies", prefix, id };
}

export function previewFileKey(id: string): StoredFileKey {
  return { bucket: "files", prefix: "previews", id };
}

/** Updates a preview and records Zou's preview-file:update event, in one transaction. */
export async function updatePreviewFile(
  tx: Orm,
  ctx: RequestContext,
  preview: PreviewFileRow,
  projectId: string | null,
  values: Partial<typeof previewFile.$inferInsert>,
): Promise<PreviewFileRow> {
  const [updated] = await tx.update(previewFile).set({ ...values, updatedAt: new Date() }).where(eq(previewFile.id, preview.id)).returning();
  await recordEvent(tx, ctx, {
    name: "preview-file:update",
    projectId,
    data: { preview_file_id: preview.id, status: updated.status },
  });
  return updated;
}

/** Marks a preview broken and keeps the reason in its data, in a transaction of its own. */
export async function markPreviewBroken(ctx: RequestContext, preview: PreviewFileRow, projectId: string | null, reason: string): Promise<PreviewFileRow> {
  const data = { ...((preview.data as Record<string, unknown> | null) ?? {}), processing_error: reason.slice(0, 1000) };
  return ctx.db.transaction((tx) => updatePreviewFile(tx, ctx, preview, projectId, { status: "broken", data }));
}

/** Stores every variant of a picture; on failure removes the ones already stored. */
export async function storePictureVariants(media: MediaServices, id: string, source: string, info: PictureInfo, scratch: string, maxPixels: number): Promise<number> {
  const stored: StoredFileKey[] = [];
  let originalSize = 0;
  try {
    for (const variant of PREVIEW_VARIANTS) {
      const output = path.join(scratch, `${variant.prefix}.png`);
      await writePictureVariant(source, variant, output, info, maxPixels);
      const key = pictureKey(variant.prefix, id);
      const saved = await media.store.put(key, createReadStream(output));
      stored.push(key);
      if (variant.prefix === "original") originalSize = saved.size;
    }
  } catch (error) {
    await removeStored(media.store, stored);
    throw error;
  }
  return originalSize;
}

export async function removeStored(store: FileStore, keys: readonly StoredFileKey[]): Promise<void> {
  await Promise.allSettled(keys.map((key) => store.delete(key)));
}

/** Zou's events for a preview that received its file: the comment changed, a file was added. */
async function recordFileAdded(tx: Orm, ctx: RequestContext, preview: PreviewFileRow, projectId: string | null): Promise<void> {
  const commentId = await findCommentOfPreview({ db: ctx.db }, preview.id);
  if (commentId === null) return;
  await recordEvent(tx, ctx, { name: "comment:update", projectId, data: { comment_id: commentId } });
  await recordEvent(tx, ctx, {
    name: "preview-file:add-file",
    projectId,
    data: {
      comment_id: commentId,
      task_id: preview.taskId,
      preview_file_id: preview.id,
      revision: preview.revision,
      extension: preview.extension,
      status: preview.status,
    },
  });
}

/**
 * Uploads the file of an empty preview revision (Zou's
 * POST /pictures/preview-files/{id}) and returns the updated row.
 */
export async function uploadPreviewFile(ctx: RequestContext, previewFileId: string, upload: UploadedFile): Promise<PreviewFileRow> {
  const preview = await getPreviewFileOrThrow(ctx, previewFileId);
  if (preview.originalName !== null && preview.originalName !== "") {
    throw new BadRequestError("This preview file already has a file: upload a new revision instead.");
  }
  const task = await getTaskOrThrow(ctx, preview.taskId);
  await assertTaskAction(ctx, task);

  const { baseName, extension } = splitFileName(upload.fileName);
  const media = getMediaServices(ctx.services);
  const scratch = await makeScratchFolder(ctx.config.tmpDir);
  try {
    const saved = await saveUpload(upload, scratch, ctx.config.maxUploadSize);
    const job: UploadJob = { ctx, media, preview, projectId: task.projectId, baseName, extension, source: saved.path, scratch };

    if (PICTURE_EXTENSIONS.has(extension) && sharpReadableExtensions().has(extension)) return await processPicture(job);
    if (MOVIE_EXTENSIONS.has(extension)) return await processMovie(job);
    if (FILE_EXTENSIONS.has(extension)) return await processOtherFile(job);

    const reason = `Wrong file format, extension: ${extension === "" ? "(none)" : extension}`;
    await markPreviewBroken(ctx, preview, task.projectId, reason);
    throw new BadRequestError(reason);
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}

interface UploadJob {
  ctx: RequestContext;
  media: MediaServices;
  preview: PreviewFileRow;
  projectId: string | null;
  baseName: string;
  extension: string;
  source: string;
  scratch: string;
}

/** Rejects an unreadable upload: the preview is marked broken with the reason, and the client gets a 400. */
async function rejectUnreadable(job: UploadJob, reason: string): Promise<never> {
  await markPreviewBroken(job.ctx, job.preview, job.projectId, reason);
  throw new BadRequestError(reason);
}

async function processPicture(job: UploadJob): Promise<PreviewFileRow> {
  const { ctx, media, preview } = job;
  const maxPixels = ctx.config.maxImagePixels;
  let info: PictureInfo;
  try {
    info = await inspectPicture(job.source, maxPixels);
  } catch (error) {
    if (error instanceof PictureTooLargeError) {
      return rejectUnreadable(job, `The picture is too large to process: ${error.width}×${error.height} pixels, more than the ${error.limit} allowed.`);
    }
    if (error instanceof PictureReadError) return rejectUnreadable(job, `The picture cannot be read: ${error.message}`);
    throw error;
  }

  const fileSize = await storePictureVariants(media, preview.id, job.source, info, job.scratch, maxPixels);
  return ctx.db.transaction(async (tx) => {
    const updated = await updatePreviewFile(tx, ctx, preview, job.projectId, {
      extension: "png",
      originalName: job.baseName,
      width: info.width,
      height: info.height,
      fileSize,
      status: "ready",
    });
    await applyReadyPreviewToTask(tx, ctx, updated, job.projectId);
    await recordFileAdded(tx, ctx, updated, job.projectId);
    return updated;
  });
}

async function processOtherFile(job: UploadJob): Promise<PreviewFileRow> {
  const { ctx, media, preview } = job;
  const saved = await media.store.put(previewFileKey(preview.id), createReadStream(job.source));
  return ctx.db.transaction(async (tx) => {
    const updated = await updatePreviewFile(tx, ctx, preview, job.projectId, {
      extension: job.extension,
      originalName: job.baseName,
      fileSize: saved.size,
      status: "ready",
    });
    await recordFileAdded(tx, ctx, updated, job.projectId);
    return updated;
  });
}

async function processMovie(job: UploadJob): Promise<PreviewFileRow> {
  const { ctx, media, preview } = job;
  const binaries = media.binaries();
  let info: MovieInfo;
  try {
    info = await probeMovie(binaries, job.source);
    await checkMovieDecodes(binaries, job.source);
  } catch (error) {
    if (error instanceof MediaToolError) return rejectUnreadable(job, `The movie cannot be read: ${error.message}`);
    throw error;
  }

  const sourceKey = movieKey("source", preview.id);
  const { size } = await stat(job.source);
  await media.store.put(sourceKey, createReadStream(job.source));
  try {
    return await ctx.db.transaction(async (tx) => {
      const data = {
        ...((preview.data as Record<string, unknown> | null) ?? {}),
        original_width: info.width,
        original_height: info.height,
        original_duration: info.duration,
        original_file_size: size,
        original_extension: job.extension,
      };
      const updated = await updatePreviewFile(tx, ctx, preview, job.projectId, {
        extension: "mp4",
        originalName: job.baseName,
        status: "processing",
        data,
      });
      await enqueueJob(tx, TRANSCODE_JOB, { previewFileId: preview.id });
      await recordFileAdded(tx, ctx, updated, job.projectId);
      return updated;
    });
  } catch (error) {
    await media.store.delete(sourceKey);
    throw error;
  }
}

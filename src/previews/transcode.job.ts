import { createReadStream, createWriteStream } from "node:fs";
import { rm } from "node:fs/promises";
import path from "node:path";
import { pipeline } from "node:stream/promises";
import { eq } from "drizzle-orm";
import { previewFile } from "../../schema/comments.js";
import { entity } from "../../schema/entities.js";
import { project } from "../../schema/projects.js";
import { task } from "../../schema/tasks.js";
import { createContext, type AppServices, type RequestContext } from "../context.js";
import { PermanentJobError, type JobHandler, type JobRow } from "../jobs/jobs.service.js";
import type { StoredFileKey } from "../storage/file-store.js";
import { MediaToolError, probeMovie } from "../storage/media-tools.js";
import {
  encodeMovie,
  extractPoster,
  FULL_BITRATE,
  LOW_BITRATE,
  lowDefinitionSize,
  parseFps,
  targetFrameSize,
} from "../storage/movies.js";
import { inspectPicture } from "../storage/pictures.js";
import { storeFrameTile } from "./frame-tiles.js";
import type { MediaServices } from "./media.js";
import type { PreviewFileRow } from "./previews.access.js";
import { markPreviewBroken, movieKey, removeStored, storePictureVariants, updatePreviewFile } from "./previews.service.js";
import { applyReadyPreviewToTask } from "./preview-task-info.js";
import { makeScratchFolder } from "./uploads.js";

// The transcode job of a movie preview: from the stored source, build the
// full-definition and low-definition MP4s and the poster pictures, store
// them, and move the preview from processing to ready (or broken when the
// job is given up).

interface PreviewSettings {
  preview: PreviewFileRow;
  projectId: string | null;
  resolution: string | null;
  fps: string | null;
}

async function loadSettings(ctx: RequestContext, previewFileId: string): Promise<PreviewSettings | null> {
  const [row] = await ctx.db.orm
    .select({
      preview: previewFile,
      projectId: task.projectId,
      resolution: project.resolution,
      fps: project.fps,
      entityData: entity.data,
    })
    .from(previewFile)
    .leftJoin(task, eq(task.id, previewFile.taskId))
    .leftJoin(project, eq(project.id, task.projectId))
    .leftJoin(entity, eq(entity.id, task.entityId))
    .where(eq(previewFile.id, previewFileId));
  if (row === undefined) return null;

  // As in Zou, an entity's own resolution and fps (in its data) win over the project's.
  const entityData = (row.entityData as Record<string, unknown> | null) ?? {};
  const entityResolution = typeof entityData.resolution === "string" ? entityData.resolution : null;
  const entityFps = entityData.fps === undefined || entityData.fps === null ? null : String(entityData.fps);
  return {
    preview: row.preview,
    projectId: row.projectId,
    resolution: entityResolution ?? row.resolution,
    fps: entityFps ?? row.fps,
  };
}

export function createTranscodeHandler(services: AppServices, media: MediaServices): JobHandler {
  const backgroundContext = (job: JobRow): RequestContext =>
    createContext(services, { viewer: null, log: media.worker.log.child({ jobId: job.id }), requestId: `job-${job.id}` });

  return {
    async run(job, signal) {
      const ctx = backgroundContext(job);
      const previewFileId = String(job.payload.previewFileId);
      const settings = await loadSettings(ctx, previewFileId);
      if (settings === null) return; // The preview was deleted meanwhile: nothing to do.

      const scratch = await makeScratchFolder(services.config.tmpDir);
      const stored: StoredFileKey[] = [];
      try {
        const result = await transcode(media, settings, scratch, stored, signal);
        await ctx.db.transaction(async (tx) => {
          const ready = await updatePreviewFile(tx, ctx, settings.preview, settings.projectId, {
            status: "ready",
            fileSize: result.fileSize,
            width: result.width,
            height: result.height,
            duration: result.duration,
            data: { ...((settings.preview.data as Record<string, unknown> | null) ?? {}), frame_count: result.frameCount, fps: result.fps },
          });
          await applyReadyPreviewToTask(tx, ctx, ready, settings.projectId);
        });
      } catch (error) {
        await removeStored(media.store, stored);
        // ffmpeg failing on a source that it probed fine will fail the same way next time.
        if (error instanceof MediaToolError && !signal.aborted) throw new PermanentJobError(error.message);
        throw error;
      } finally {
        await rm(scratch, { recursive: true, force: true });
      }
    },

    async giveUp(job, reason) {
      const ctx = backgroundContext(job);
      const settings = await loadSettings(ctx, String(job.payload.previewFileId));
      if (settings === null) return;
      await markPreviewBroken(ctx, settings.preview, settings.projectId, `The movie could not be processed: ${reason}`);
    },
  };
}

interface TranscodeResult {
  fileSize: number;
  width: number;
  height: number;
  duration: number;
  frameCount: number;
  fps: number;
}

async function transcode(
  media: MediaServices,
  settings: PreviewSettings,
  scratch: string,
  stored: StoredFileKey[],
  signal: AbortSignal,
): Promise<TranscodeResult> {
  const binaries = media.binaries();
  const id = settings.preview.id;

  const sourcePath = path.join(scratch, "source");
  await pipeline(await media.store.get(movieKey("source", id)), createWriteStream(sourcePath), { signal });
  const source = await probeMovie(binaries, sourcePath, signal);

  const canvas = targetFrameSize(source, settings.resolution);
  // Without a project frame rate the source's is kept, but stated, so that
  // containers with millisecond timestamps (MKV, WebM) give a constant rate.
  const fps = parseFps(settings.fps) ?? (source.fps > 0 ? Math.round(source.fps * 1000) / 1000 : undefined);
  const fullPath = path.join(scratch, "full.mp4");
  const lowPath = path.join(scratch, "low.mp4");
  await encodeMovie(binaries, sourcePath, fullPath, { canvas, source, fps, bitrate: FULL_BITRATE }, signal);
  await encodeMovie(binaries, sourcePath, lowPath, { canvas: lowDefinitionSize(canvas), source, fps, bitrate: LOW_BITRATE }, signal);

  const posterPath = path.join(scratch, "poster.png");
  await extractPoster(binaries, fullPath, posterPath, signal);
  const maxPixels = Number.MAX_SAFE_INTEGER;
  const poster = await inspectPicture(posterPath, maxPixels);

  const full = await probeMovie(binaries, fullPath, signal);
  const fullKey = movieKey("previews", id);
  const fullInfo = await media.store.put(fullKey, createReadStream(fullPath));
  stored.push(fullKey);
  const lowKey = movieKey("lowdef", id);
  await media.store.put(lowKey, createReadStream(lowPath));
  stored.push(lowKey);
  await storePictureVariants(media, id, posterPath, poster, scratch, maxPixels);
  try {
    stored.push(await storeFrameTile(media, id, fullPath, scratch, signal));
  } catch (error) {
    // The movie is usable without its frame tile, and the tile route builds a missing one on request.
    if (signal.aborted) throw error;
    media.worker.log.warn({ err: error, previewFileId: id }, "frame tile of the preview movie failed");
  }

  return { fileSize: fullInfo.size, width: full.width, height: full.height, duration: full.duration, frameCount: full.frameCount, fps: full.fps };
}

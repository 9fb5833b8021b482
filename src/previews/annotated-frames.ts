import { createWriteStream } from "node:fs";
import { rm, stat } from "node:fs/promises";
import path from "node:path";
import { pipeline } from "node:stream/promises";
import { eq } from "drizzle-orm";
import sharp from "sharp";
import { entity } from "../../schema/entities.js";
import { project } from "../../schema/projects.js";
import { assertProjectManager } from "../auth/permissions.js";
import type { RequestContext } from "../context.js";
import { BadRequestError, ForbiddenError, NotFoundError } from "../errors.js";
import type { StoredFileKey } from "../storage/file-store.js";
import { runTool, type MediaBinaries } from "../storage/media-tools.js";
import { parseFps } from "../storage/movies.js";
import { annotationObjects, annotationSvg } from "./annotation-svg.js";
import { previewDownloadName } from "./download-names.js";
import { getMediaServices, type MediaServices } from "./media.js";
import { getPreviewFileOrThrow, getTaskOrThrow, type PreviewFileRow, type TaskRow } from "./previews.access.js";
import { movieKey, pictureKey } from "./previews.service.js";
import { makeScratchFolder } from "./uploads.js";

// The annotated frames of a preview, as Zou's extract-annotated-frames
// routes build them. A movie gives the frame at each annotation's time, and
// a picture gives one copy of itself per annotation. Each frame has the
// annotation's drawings composited on top and is written as a PNG file in a
// scratch folder.

/** Picture previews whose annotations can be drawn, as in Zou. */
const ANNOTATED_PICTURE_EXTENSIONS = new Set(["jpg", "jpeg", "jpe", "png"]);
/** Zou's frame rate when neither the entity nor the project sets one. */
const DEFAULT_FPS = 25;

export interface AnnotatedFrame {
  /** The file name inside the archive: `<preview name>_frame_<number>.png`. */
  readonly name: string;
  readonly path: string;
  readonly width: number;
  readonly height: number;
}

export interface AnnotatedFrames {
  readonly frames: readonly AnnotatedFrame[];
  /** The preview's download name without its extension. */
  readonly baseName: string;
  /** Removes the scratch folder of the frames. */
  discard(): Promise<void>;
}

type Annotation = Record<string, unknown>;

/** Zou's rule: the entity's fps (in its data), else the project's, else the movie's own, else 25. */
async function framesPerSecond(ctx: RequestContext, preview: PreviewFileRow, taskRow: TaskRow): Promise<number> {
  const [projectRow] = taskRow.projectId === null ? [] : await ctx.db.orm.select({ fps: project.fps }).from(project).where(eq(project.id, taskRow.projectId));
  const [entityRow] = taskRow.entityId === null ? [] : await ctx.db.orm.select({ data: entity.data }).from(entity).where(eq(entity.id, taskRow.entityId));
  const entityData = (entityRow?.data as Record<string, unknown> | null) ?? {};
  const entityFps = entityData.fps === undefined || entityData.fps === null ? undefined : parseFps(String(entityData.fps));
  const movieFps = (preview.data as Record<string, unknown> | null)?.fps;
  return entityFps ?? parseFps(projectRow?.fps) ?? (typeof movieFps === "number" && movieFps > 0 ? movieFps : DEFAULT_FPS);
}

async function firstStoredKey(media: MediaServices, keys: readonly StoredFileKey[]): Promise<StoredFileKey | undefined> {
  for (const key of keys) if (await media.store.exists(key)) return key;
  return undefined;
}

async function download(media: MediaServices, key: StoredFileKey, target: string): Promise<void> {
  await pipeline(await media.store.get(key), createWriteStream(target));
}

async function exists(file: string): Promise<boolean> {
  try {
    return (await stat(file)).size > 0;
  } catch {
    return false;
  }
}

/**
 * Writes the movie frame with a 1-based number as a PNG. The seek aims half
 * a frame early so that rounding cannot land on the next frame. ffmpeg
 * writes nothing when the frame is past the end of the movie.
 */
async function extractMovieFrame(binaries: MediaBinaries, movie: string, frameNumber: number, fps: number, output: string): Promise<void> {
  const seconds = Math.max(0, (frameNumber - 1.5) / fps);
  await runTool(binaries.ffmpeg, ["-hide_banner", "-nostdin", "-y", "-ss", seconds.toFixed(6), "-i", movie, "-an", "-frames:v", "1", "-f", "image2", "-c:v", "png", output]);
}

/** Composites the annotation's drawings over the picture at `source` and writes the PNG at `output`. */
export async function drawAnnotation(source: string, annotation: unknown, output: string): Promise<{ width: number; height: number }> {
  const metadata = await sharp(source).metadata();
  const width = metadata.width ?? 0;
  const height = metadata.height ?? 0;
  const svg = annotationSvg(annotationObjects(annotation), width, height);
  await sharp(source).composite([{ input: Buffer.from(svg), top: 0, left: 0 }]).removeAlpha().png().toFile(output);
  return { width, height };
}

function annotationTime(annotation: Annotation): number | undefined {
  const time = typeof annotation.time === "string" ? Number(annotation.time) : annotation.time;
  return typeof time === "number" && Number.isFinite(time) && time >= 0 ? time : undefined;
}

async function movieFrames(ctx: RequestContext, media: MediaServices, preview: PreviewFileRow, taskRow: TaskRow, annotations: Annotation[], baseName: string, scratch: string): Promise<AnnotatedFrame[]> {
  const key = await firstStoredKey(media, [movieKey("previews", preview.id), movieKey("lowdef", preview.id)]);
  if (key === undefined) throw new NotFoundError("The movie of this preview file is not stored.");
  const movie = path.join(scratch, "movie.mp4");
  await download(media, key, movie);
  const fps = await framesPerSecond(ctx, preview, taskRow);
  const binaries = media.binaries();

  const frames: AnnotatedFrame[] = [];
  for (const [index, annotation] of annotations.entries()) {
    const time = annotationTime(annotation);
    if (time === undefined) continue;
    const frameNumber = Math.max(1, Math.round(time * fps) + 1);
    const framePath = path.join(scratch, `source-${index}.png`);
    await extractMovieFrame(binaries, movie, frameNumber, fps, framePath);
    // An annotation past the end of the movie has no frame: it is left out, as in Zou.
    if (!(await exists(framePath))) continue;
    const output = path.join(scratch, `annotated-${index}.png`);
    const size = await drawAnnotation(framePath, annotation, output);
    frames.push({ name: `${baseName}_frame_${frameNumber}.png`, path: output, ...size });
  }
  return frames;
}

async function pictureFrames(media: MediaServices, preview: PreviewFileRow, annotations: Annotation[], baseName: string, scratch: string): Promise<AnnotatedFrame[]> {
  // Zou draws on the 1200-pixel-wide "previews" variant; the original is the fallback for pictures stored without it.
  const key = await firstStoredKey(media, [pictureKey("previews", preview.id), pictureKey("original", preview.id)]);
  if (key === undefined) throw new NotFoundError("The picture of this preview file is not stored.");
  const picture = path.join(scratch, "picture.png");
  await download(media, key, picture);

  const frames: AnnotatedFrame[] = [];
  for (const [index, annotation] of annotations.entries()) {
    const output = path.join(scratch, `annotated-${index}.png`);
    const size = await drawAnnotation(picture, annotation, output);
    frames.push({ name: `${baseName}_frame_${index + 1}.png`, path: output, ...size });
  }
  return frames;
}

/**
 * Renders every annotated frame of a preview for a project manager (or an
 * admin). Rejects with BAD_USER_INPUT when the preview has no annotations,
 * is neither a movie nor a picture, or has no frame at any annotation's
 * time. Rejects with NOT_FOUND when its media is not stored. The caller
 * discards the frames once sent.
 */
export async function renderAnnotatedFrames(ctx: RequestContext, previewFileId: string): Promise<AnnotatedFrames> {
  const preview = await getPreviewFileOrThrow(ctx, previewFileId);
  const taskRow = await getTaskOrThrow(ctx, preview.taskId);
  if (taskRow.projectId === null) throw new ForbiddenError();
  await assertProjectManager(ctx, taskRow.projectId);

  const annotations = (Array.isArray(preview.annotations) ? preview.annotations : []).filter(
    (item): item is Annotation => typeof item === "object" && item !== null && !Array.isArray(item),
  );
  if (annotations.length === 0) throw new BadRequestError("Preview file has no annotations.");
  const extension = (preview.extension ?? "").toLowerCase();
  const isMovie = extension === "mp4";
  if (!isMovie && !ANNOTATED_PICTURE_EXTENSIONS.has(extension)) {
    throw new BadRequestError(`Annotated frames cannot be extracted from a preview file with extension "${extension}": only movies and PNG or JPEG pictures have them.`);
  }

  const media = getMediaServices(ctx.services);
  const baseName = (await previewDownloadName(ctx, preview, "png")).replace(/\.png$/, "");
  const scratch = await makeScratchFolder(ctx.services.config.tmpDir);
  const discard = () => rm(scratch, { recursive: true, force: true });
  try {
    const frames = isMovie
      ? await movieFrames(ctx, media, preview, taskRow, annotations, baseName, scratch)
      : await pictureFrames(media, preview, annotations, baseName, scratch);
    if (frames.length === 0) throw new BadRequestError("No annotated frame could be extracted from this preview.");
    return { frames, baseName, discard };
  } catch (error) {
    await discard();
    throw error;
  }
}

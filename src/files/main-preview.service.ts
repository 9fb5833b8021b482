import { createWriteStream } from "node:fs";
import { access, rm } from "node:fs/promises";
import path from "node:path";
import { pipeline } from "node:stream/promises";
import { eq } from "drizzle-orm";
import { entity } from "../../schema/entities.js";
import { effectiveProjectRole } from "../auth/permissions.js";
import type { RequestContext } from "../context.js";
import { kindOfTypeName } from "../entities/entities.loaders.js";
import { entityJson } from "../entities/entity-json.resolver.js";
import { BadRequestError, ForbiddenError, NotFoundError } from "../errors.js";
import { recordEvent } from "../events/events.service.js";
import { getMediaServices } from "../previews/media.js";
import { assertTaskAccess, getPreviewFileOrThrow, getTaskOrThrow, type PreviewFileRow } from "../previews/previews.access.js";
import { movieKey, storePictureVariants } from "../previews/previews.service.js";
import { makeScratchFolder } from "../previews/uploads.js";
import type { ZouJson } from "../rest/zou-json.js";
import { extractFrame } from "../storage/movies.js";
import { inspectPicture } from "../storage/pictures.js";

// Making a preview the main thumbnail of its task's entity, optionally after
// replacing the preview's pictures with one frame of its movie.

/** Kinds whose update event Zou names after the kind; every other kind sends asset:update. */
const TEMPORAL_KINDS = new Set(["Shot", "Sequence", "Episode", "Scene", "Edit", "Concept"]);

/** Reads Zou's body: an optional whole `frame_number`. */
export function parseFrameNumber(body: unknown): number | null {
  const data = typeof body === "object" && body !== null && !Array.isArray(body) ? (body as Record<string, unknown>) : {};
  const value = data.frame_number;
  if (value === undefined || value === null) return null;
  if (typeof value !== "number" || !Number.isSafeInteger(value) || value < 0) {
    throw new BadRequestError("Validation error.", { errors: [{ field: "frame_number", message: "Input should be a valid integer" }] });
  }
  return value;
}

/** Replaces the picture variants of a movie preview with the given frame of its normalized movie. */
async function replacePicturesWithFrame(ctx: RequestContext, preview: PreviewFileRow, frameNumber: number): Promise<void> {
  const media = getMediaServices(ctx.services);
  const scratch = await makeScratchFolder(ctx.config.tmpDir);
  try {
    const movie = path.join(scratch, "movie.mp4");
    try {
      await pipeline(await media.store.get(movieKey("previews", preview.id)), createWriteStream(movie));
    } catch {
      throw new NotFoundError(`The movie of preview file ${preview.id} is not stored.`);
    }
    const frame = path.join(scratch, "frame.png");
    await extractFrame(media.binaries(), movie, frameNumber, frame);
    await access(frame).catch(() => {
      throw new BadRequestError(`The movie has no frame ${frameNumber}.`);
    });
    const info = await inspectPicture(frame, ctx.config.maxImagePixels);
    await storePictureVariants(media, preview.id, frame, info, scratch, ctx.config.maxImagePixels);
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}

/**
 * Sets a preview as the main preview of its task's entity: members with task
 * access but clients (vendors only on entities they are assigned to). With a
 * frame number, a movie preview's pictures become that frame first.
 * Events preview-file:set-main and <kind>:update. Returns the entity.
 */
export async function setMainPreview(ctx: RequestContext, previewFileId: string, frameNumber: number | null): Promise<ZouJson> {
  const preview = await getPreviewFileOrThrow(ctx, previewFileId);
  const taskRow = await getTaskOrThrow(ctx, preview.taskId);
  await assertTaskAccess(ctx, taskRow);
  if ((await effectiveProjectRole(ctx, taskRow.projectId!)) === "client") throw new ForbiddenError();
  const target = taskRow.entityId === null ? null : await ctx.loaders.entityById.load(taskRow.entityId);
  if (target === null) throw new NotFoundError("Entity not found.");

  if (frameNumber !== null) {
    if (preview.extension !== "mp4") throw new BadRequestError("Can't use a given frame on non movie preview");
    await replacePicturesWithFrame(ctx, preview, frameNumber);
  }

  const kind = kindOfTypeName(target.entityTypeName);
  const eventKind = TEMPORAL_KINDS.has(kind) ? kind.toLowerCase() : "asset";
  return ctx.db.transaction(async (tx) => {
    const [row] = await tx.update(entity).set({ previewFileId: preview.id }).where(eq(entity.id, target.id)).returning();
    await recordEvent(tx, ctx, { name: "preview-file:set-main", projectId: target.projectId, data: { entity_id: target.id, preview_file_id: preview.id } });
    await recordEvent(tx, ctx, { name: `${eventKind}:update`, projectId: target.projectId, data: { [`${eventKind}_id`]: target.id } });
    return entityJson({ ...row, entityTypeName: target.entityTypeName });
  });
}

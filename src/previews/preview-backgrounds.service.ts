import { createReadStream } from "node:fs";
import { readFile } from "node:fs/promises";
import { Readable } from "node:stream";
import { eq } from "drizzle-orm";
import { previewBackgroundFile } from "../../schema/comments.js";
import { assertAdmin } from "../auth/permissions.js";
import { requireViewer, type RequestContext } from "../context.js";
import { BadRequestError, NotFoundError } from "../errors.js";
import { recordEvent } from "../events/events.service.js";
import { isUuid } from "../ids.js";
import { toZouJson, type ZouJson } from "../rest/zou-json.js";
import type { StoredFileKey } from "../storage/file-store.js";
import { getMediaServices } from "./media.js";
import { pictureKey, removeStored } from "./previews.service.js";
import { decodeHdr, hdrThumbnail, HdrReadError } from "./radiance-hdr.js";
import { saveUpload, splitFileName, type UploadedFile } from "./uploads.js";

// The files of preview backgrounds: the HDR environment maps that Kitsu's 3D
// viewer lights models with, and their thumbnails. The rows themselves are
// edited through the generic CRUD routes.

export type PreviewBackgroundFileRow = typeof previewBackgroundFile.$inferSelect;

/** The extensions Zou accepts for a background. */
const ALLOWED_EXTENSIONS = new Set(["hdr"]);
/** Zou's thumbnail size of a background (its BIG_RECTANGLE_SIZE). */
const THUMBNAIL_WIDTH = 300;
const THUMBNAIL_HEIGHT = 200;

export function backgroundKey(id: string): StoredFileKey {
  return { bucket: "pictures", prefix: "preview-backgrounds", id };
}

export function backgroundThumbnailKey(id: string): StoredFileKey {
  return pictureKey("thumbnails", id);
}

/** Loads a background row for any logged-in person. An unknown or malformed id is a 404, as on Zou's picture routes. */
export async function getPreviewBackgroundFileOrThrow(ctx: RequestContext, id: string): Promise<PreviewBackgroundFileRow> {
  requireViewer(ctx);
  if (!isUuid(id)) throw new NotFoundError("Preview background file not found.");
  const [row] = await ctx.db.orm.select().from(previewBackgroundFile).where(eq(previewBackgroundFile.id, id.toLowerCase()));
  if (row === undefined) throw new NotFoundError("Preview background file not found.");
  return row;
}

/**
 * Stores the HDR file of a background and its thumbnail, then records the
 * file's extension, original name and size on the row. Admins only. Events
 * preview-background-file:update and preview-background-file:add-file.
 * A file that is not an HDR picture is rejected with 400 and the row is
 * kept unchanged.
 */
export async function uploadPreviewBackgroundFile(ctx: RequestContext, id: string, upload: UploadedFile): Promise<ZouJson> {
  assertAdmin(ctx);
  const row = await getPreviewBackgroundFileOrThrow(ctx, id);
  const { baseName, extension } = splitFileName(upload.fileName);
  if (!ALLOWED_EXTENSIONS.has(extension)) {
    upload.stream.resume();
    // NOTE(compat): Zou also deletes the background row here. Kumiki keeps it, so a wrong file changes nothing.
    throw new BadRequestError(`Wrong file format, extension: ${extension === "" ? "(none)" : extension}. Upload a Radiance .hdr file.`);
  }

  const { config } = ctx.services;
  const media = getMediaServices(ctx.services);
  const saved = await saveUpload(upload, config.tmpDir, config.maxUploadSize);
  const stored: StoredFileKey[] = [];
  try {
    let thumbnail: Buffer;
    try {
      thumbnail = await hdrThumbnail(decodeHdr(await readFile(saved.path), config.maxImagePixels), THUMBNAIL_WIDTH, THUMBNAIL_HEIGHT);
    } catch (error) {
      if (error instanceof HdrReadError) throw new BadRequestError(`The file is not a readable HDR picture: ${error.message}`);
      throw error;
    }
    await media.store.put(backgroundKey(row.id), createReadStream(saved.path));
    stored.push(backgroundKey(row.id));
    await media.store.put(backgroundThumbnailKey(row.id), Readable.from(thumbnail));
    stored.push(backgroundThumbnailKey(row.id));

    return await ctx.db.transaction(async (tx) => {
      const [updated] = await tx
        .update(previewBackgroundFile)
        .set({ extension, originalName: baseName.slice(0, 250), fileSize: saved.size, updatedAt: new Date() })
        .where(eq(previewBackgroundFile.id, row.id))
        .returning();
      if (updated === undefined) throw new NotFoundError("Preview background file not found.");
      await recordEvent(tx, ctx, { name: "preview-background-file:update", data: { preview_background_file_id: row.id } });
      await recordEvent(tx, ctx, { name: "preview-background-file:add-file", data: { preview_background_file_id: row.id, extension } });
      return toZouJson(previewBackgroundFile, updated, "PreviewBackgroundFile");
    });
  } catch (error) {
    await removeStored(media.store, stored);
    throw error;
  } finally {
    await saved.discard();
  }
}

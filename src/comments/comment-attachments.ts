import { randomUUID } from "node:crypto";
import { createReadStream } from "node:fs";
import { rm } from "node:fs/promises";
import type { FastifyRequest } from "fastify";
import { inArray } from "drizzle-orm";
import { attachmentFile } from "../../schema/comments.js";
import type { RequestContext } from "../context.js";
import type { Orm } from "../db/index.js";
import { AppError, BadRequestError, PayloadTooLargeError } from "../errors.js";
import { getMediaServices } from "../previews/media.js";
import { makeScratchFolder, saveUpload, splitFileName } from "../previews/uploads.js";
import type { StoredFileKey } from "../storage/file-store.js";

// Comment attachments sent as multipart/form-data (Kitsu's comment form,
// gazu's add_comment with attachments, the add-attachment route). Files are
// written to the store under fresh attachment ids before any row exists, so
// the rows and the comment go into one transaction afterwards. On any
// failure the caller removes the stored files, so nothing remains.

/** A file in the store, waiting for its attachment_file row. */
export interface StoredAttachment {
  readonly id: string;
  /** The form field the file came in, such as file-1 or attachment_file-0-1. */
  readonly field: string;
  readonly name: string;
  readonly extension: string;
  readonly mimetype: string;
  readonly size: number;
}

export interface CommentForm {
  /** The text fields, by name; a repeated field keeps its last value. */
  readonly fields: Record<string, string>;
  readonly files: StoredAttachment[];
  /** Files of the fields `keepAsScratch` selected, left in a scratch folder for preview processing. */
  readonly scratchFiles: ScratchFile[];
  /** Removes the scratch folder of `scratchFiles`; the caller runs it once done. */
  removeScratch(): Promise<void>;
}

export interface ScratchFile {
  readonly field: string;
  readonly fileName: string;
  readonly path: string;
}

export function attachmentKey(id: string): StoredFileKey {
  return { bucket: "files", prefix: "attachments", id };
}

/** Removes stored attachment files after a failed write; errors are ignored because the files have no row pointing at them. */
export async function discardAttachments(ctx: RequestContext, files: readonly StoredAttachment[]): Promise<void> {
  const store = getMediaServices(ctx.services).store;
  await Promise.allSettled(files.map((file) => store.delete(attachmentKey(file.id))));
}

function isTooLarge(error: unknown): boolean {
  const candidate = error as { code?: string; statusCode?: number };
  return candidate.statusCode === 413 || (typeof candidate.code === "string" && candidate.code.startsWith("FST_") && candidate.code.endsWith("_LIMIT"));
}

/**
 * Reads a multipart form. Every file part becomes a stored attachment
 * whatever its field name (Kitsu names them file, file-1 and so on, gazu's
 * add-attachment uses file), and the other parts are text fields. Files of
 * the fields `keepAsScratch` selects stay in a scratch folder instead, for
 * the caller to read and then remove. A file over the upload limit is a 413
 * and an unreadable body a 400. On either, the files stored so far are
 * removed before the error is thrown.
 */
export async function readCommentForm(ctx: RequestContext, request: FastifyRequest, keepAsScratch: (field: string) => boolean = () => false): Promise<CommentForm> {
  const store = getMediaServices(ctx.services).store;
  const fields: Record<string, string> = {};
  const files: StoredAttachment[] = [];
  const scratchFiles: ScratchFile[] = [];
  const scratch = await makeScratchFolder(ctx.config.tmpDir);
  const removeScratch = () => rm(scratch, { recursive: true, force: true });
  let keepScratch = false;
  try {
    for await (const part of request.parts()) {
      if (part.type === "field") {
        fields[part.fieldname] = typeof part.value === "string" ? part.value : String(part.value);
        continue;
      }
      const saved = await saveUpload({ fileName: part.filename, stream: part.file }, scratch, ctx.config.maxUploadSize);
      if (keepAsScratch(part.fieldname)) {
        scratchFiles.push({ field: part.fieldname, fileName: part.filename, path: saved.path });
        continue;
      }
      const id = randomUUID();
      const { baseName, extension } = splitFileName(part.filename);
      const name = (extension === "" ? baseName : `${baseName}.${extension}`).slice(0, 250);
      const stored = await store.put(attachmentKey(id), createReadStream(saved.path));
      await saved.discard();
      // NOTE(compat): Zou's attachment_file.extension is varchar(6); a longer extension is cut to fit.
      files.push({ id, field: part.fieldname, name: name === "" ? "attachment" : name, extension: extension.slice(0, 6), mimetype: (part.mimetype || "application/octet-stream").slice(0, 255), size: stored.size });
    }
    keepScratch = scratchFiles.length > 0;
    return { fields, files, scratchFiles, removeScratch };
  } catch (error) {
    await discardAttachments(ctx, files);
    if (error instanceof AppError) throw error;
    if (isTooLarge(error)) throw new PayloadTooLargeError(`The upload exceeds the limits: at most ${ctx.config.maxUploadSize} bytes per file.`);
    throw new BadRequestError(`The multipart body cannot be read: ${(error as Error).message}`);
  } finally {
    if (!keepScratch) await removeScratch();
  }
}

/** Inserts attachment rows for files already in the store, inside the caller's transaction. */
export async function insertAttachmentRows(tx: Orm, commentId: string, files: readonly StoredAttachment[]): Promise<(typeof attachmentFile.$inferSelect)[]> {
  if (files.length === 0) return [];
  return tx
    .insert(attachmentFile)
    .values(files.map((file) => ({ id: file.id, name: file.name, extension: file.extension, mimetype: file.mimetype, size: file.size, commentId })))
    .returning();
}

/** Removes the stored files that no attachment row points at, after a batch failed part way; one query whatever the number of files. */
export async function discardUnlinkedAttachments(ctx: RequestContext, files: readonly StoredAttachment[]): Promise<void> {
  if (files.length === 0) return;
  const linked = await ctx.db.orm.select({ id: attachmentFile.id }).from(attachmentFile).where(inArray(attachmentFile.id, files.map((file) => file.id)));
  const kept = new Set(linked.map((row) => row.id));
  await discardAttachments(ctx, files.filter((file) => !kept.has(file.id)));
}

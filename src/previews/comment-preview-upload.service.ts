import { createReadStream } from "node:fs";
import { rm } from "node:fs/promises";
import { eq, sql } from "drizzle-orm";
import { commentPreviewLink, previewFile } from "../../schema/comments.js";
import { apiEvent, news } from "../../schema/notifications.js";
import { addPreviewToComment } from "../comments/comment-actions.service.js";
import { assertCanComment, getCommentOrThrow } from "../comments/comments.service.js";
import type { RequestContext } from "../context.js";
import { BadRequestError, NotFoundError } from "../errors.js";
import { parseId } from "../ids.js";
import { inspectPicture, PictureReadError, PictureTooLargeError, sharpReadableExtensions } from "../storage/pictures.js";
import { getTaskOrThrow } from "../tasks/tasks.service.js";
import { FILE_EXTENSIONS, MOVIE_EXTENSIONS, PICTURE_EXTENSIONS, uploadPreviewFile } from "./previews.service.js";
import type { PreviewFileRow } from "./previews.access.js";
import { makeScratchFolder, saveUpload, splitFileName, type UploadedFile } from "./uploads.js";

// Adding a preview revision to a comment together with its file, in one
// request: Zou's add-preview followed by the upload to
// /pictures/preview-files/{id}. Every check that can fail on the client's
// input (rights, comment of another task, file type, size, unreadable
// picture) runs before the preview row exists, so a rejected request
// writes nothing.

export interface CommentPreviewUpload {
  taskId: string;
  commentId: string;
  revision: number | null;
  file: UploadedFile;
}

function isPreviewExtension(extension: string): boolean {
  return PICTURE_EXTENSIONS.has(extension) || MOVIE_EXTENSIONS.has(extension) || FILE_EXTENSIONS.has(extension);
}

/** Rejects a picture that sharp reads but that is corrupt or over the pixel limit, before anything is written. */
async function assertPictureReadable(ctx: RequestContext, source: string, extension: string): Promise<void> {
  if (!PICTURE_EXTENSIONS.has(extension) || !sharpReadableExtensions().has(extension)) return;
  try {
    await inspectPicture(source, ctx.config.maxImagePixels);
  } catch (error) {
    if (error instanceof PictureTooLargeError) {
      throw new BadRequestError(`The picture is too large to process: ${error.width}×${error.height} pixels, more than the ${error.limit} allowed.`);
    }
    if (error instanceof PictureReadError) throw new BadRequestError(`The picture cannot be read: ${error.message}`);
    throw error;
  }
}

/** Removes a preview revision that never received its file, with its comment link and the events that named it. */
async function discardPreviewRevision(ctx: RequestContext, preview: PreviewFileRow): Promise<void> {
  await ctx.db.transaction(async (tx) => {
    await tx.update(news).set({ previewFileId: null }).where(eq(news.previewFileId, preview.id));
    await tx.delete(commentPreviewLink).where(eq(commentPreviewLink.previewFile, preview.id));
    await tx.delete(previewFile).where(eq(previewFile.id, preview.id));
    await tx.delete(apiEvent).where(sql`${apiEvent.data}->>'preview_file_id' = ${preview.id}`);
  });
}

/**
 * Adds a preview revision to a comment and uploads its file. Needs task
 * action access, as Zou's add-preview. Records preview-file:new,
 * comment:update, preview-file:update and preview-file:add-file.
 */
export async function addCommentPreviewWithFile(ctx: RequestContext, input: CommentPreviewUpload): Promise<PreviewFileRow> {
  const taskRow = await getTaskOrThrow(ctx, parseId(input.taskId));
  await assertCanComment(ctx, taskRow);
  const commentRow = await getCommentOrThrow(ctx, input.commentId);
  if (commentRow.objectId !== taskRow.id) throw new NotFoundError("Comment not found.");

  const { extension } = splitFileName(input.file.fileName);
  if (!isPreviewExtension(extension)) {
    input.file.stream.resume();
    throw new BadRequestError(`Wrong file format, extension: ${extension === "" ? "(none)" : extension}`);
  }

  const scratch = await makeScratchFolder(ctx.config.tmpDir);
  try {
    const saved = await saveUpload(input.file, scratch, ctx.config.maxUploadSize);
    await assertPictureReadable(ctx, saved.path, extension);

    const preview = await addPreviewToComment(ctx, taskRow.id, commentRow.id, input.revision);
    try {
      return await uploadPreviewFile(ctx, preview.id, { fileName: input.file.fileName, stream: createReadStream(saved.path) });
    } catch (error) {
      // NOTE: only a file that passed the checks above but still fails
      // (a movie ffprobe cannot read, a store error) gets here.
      await discardPreviewRevision(ctx, preview);
      throw error;
    }
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}

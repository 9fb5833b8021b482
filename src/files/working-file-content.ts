import { createReadStream } from "node:fs";
import { rm } from "node:fs/promises";
import type { RequestContext } from "../context.js";
import { NotFoundError } from "../errors.js";
import { isUuid } from "../ids.js";
import { getMediaServices } from "../previews/media.js";
import { makeScratchFolder, saveUpload, type UploadedFile } from "../previews/uploads.js";
import type { StoredFileKey } from "../storage/file-store.js";
import type { WorkingFileRow } from "./files.loaders.js";
import { getReadableWorkingFile } from "./files.service.js";

// The stored content of a working file, which a DCC plug-in uploads after
// creating the revision and downloads to open it elsewhere. Zou keeps it in
// its file store under the "working" prefix, one object per working file.

export function workingFileKey(id: string): StoredFileKey {
  return { bucket: "files", prefix: "working", id };
}

/**
 * Loads a working file whose content the viewer may read or write: NOT_FOUND
 * for a malformed or unknown id, FORBIDDEN outside its project's team, for
 * clients, and for vendors not assigned to its task.
 */
export async function getWorkingFileForContent(ctx: RequestContext, id: string): Promise<WorkingFileRow> {
  if (!isUuid(id)) throw new NotFoundError();
  return getReadableWorkingFile(ctx, id.toLowerCase());
}

/**
 * Stores the uploaded content of a working file, replacing any earlier one;
 * the row is left as it is, as in Zou. The upload goes to a scratch file
 * first, so a failed or oversized upload leaves the previous content in place.
 */
export async function storeWorkingFileContent(ctx: RequestContext, id: string, upload: UploadedFile): Promise<WorkingFileRow> {
  const row = await getWorkingFileForContent(ctx, id);
  const scratch = await makeScratchFolder(ctx.config.tmpDir);
  try {
    const saved = await saveUpload(upload, scratch, ctx.config.maxUploadSize);
    await getMediaServices(ctx.services).store.put(workingFileKey(row.id), createReadStream(saved.path));
    return row;
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}

import { randomBytes } from "node:crypto";
import { createWriteStream } from "node:fs";
import { mkdir, open, rename, stat, unlink } from "node:fs/promises";
import path from "node:path";
import type { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import {
  objectName,
  StoredFileNotFoundError,
  type ByteRange,
  type FileStore,
  type StoredFileInfo,
  type StoredFileKey,
} from "./file-store.js";

// Files in a local folder, laid out as Zou's local backend lays them out, so
// that a Zou PREVIEW_FOLDER can be used as it is:
//   <root>/<bucket>/<first part of the name>/<3 chars>/<3 chars>/<rest of the name>
// where the name is `<prefix>-<id>` cut at its first dash. For example
// thumbnails-63e453f1-... lives at pictures/thumbnails/63e/453/63e453f1-...,
// and thumbnails-square-<id> at pictures/thumbnails/squ/are/square-<id>.

function isMissing(error: unknown): boolean {
  return (error as NodeJS.ErrnoException).code === "ENOENT";
}

export class LocalFileStore implements FileStore {
  readonly kind = "local";

  constructor(private readonly root: string) {}

  /** The absolute path of a stored file. */
  pathOf(key: StoredFileKey): string {
    const name = objectName(key);
    const dash = name.indexOf("-");
    const folder = name.slice(0, dash);
    const fileName = name.slice(dash + 1);
    return path.join(this.root, key.bucket, folder, fileName.slice(0, 3), fileName.slice(3, 6), fileName);
  }

  async put(key: StoredFileKey, source: Readable): Promise<StoredFileInfo> {
    const target = this.pathOf(key);
    await mkdir(path.dirname(target), { recursive: true });

    // Written beside the target, then renamed: rename is atomic within one
    // file system, so readers see the old file or the whole new one.
    const partial = `${target}.${randomBytes(6).toString("hex")}.part`;
    try {
      await pipeline(source, createWriteStream(partial, { flags: "wx" }));
      await rename(partial, target);
    } catch (error) {
      await unlink(partial).catch(() => undefined);
      throw error;
    }
    return (await this.stat(key)) as StoredFileInfo;
  }

  async get(key: StoredFileKey, range?: ByteRange): Promise<Readable> {
    try {
      const handle = await open(this.pathOf(key), "r");
      return handle.createReadStream(range === undefined ? {} : { start: range.start, end: range.end });
    } catch (error) {
      if (isMissing(error)) throw new StoredFileNotFoundError(key);
      throw error;
    }
  }

  async stat(key: StoredFileKey): Promise<StoredFileInfo | null> {
    try {
      const info = await stat(this.pathOf(key));
      return { size: info.size, modifiedAt: info.mtime };
    } catch (error) {
      if (isMissing(error)) return null;
      throw error;
    }
  }

  async exists(key: StoredFileKey): Promise<boolean> {
    return (await this.stat(key)) !== null;
  }

  async delete(key: StoredFileKey): Promise<void> {
    try {
      await unlink(this.pathOf(key));
    } catch (error) {
      if (!isMissing(error)) throw error;
    }
  }

  async close(): Promise<void> {}
}

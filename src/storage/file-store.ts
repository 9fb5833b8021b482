import type { Readable } from "node:stream";
import type { Config } from "../config.js";

// The file-store interface shared by the local folder and the S3-compatible
// store. Files are addressed as Zou addresses them: a bucket (pictures,
// movies, files), a prefix naming the variant (original, previews,
// thumbnails, lowdef, attachments...) and an id, usually the row's UUID.

export type Bucket = "pictures" | "movies" | "files";

export interface StoredFileKey {
  readonly bucket: Bucket;
  readonly prefix: string;
  readonly id: string;
}

export interface StoredFileInfo {
  readonly size: number;
  readonly modifiedAt: Date;
}

/** Inclusive byte offsets, as in an HTTP Range header. */
export interface ByteRange {
  readonly start: number;
  readonly end: number;
}

export interface FileStore {
  readonly kind: "local" | "s3";
  /**
   * Stores the stream under the key, replacing any previous file. The file
   * becomes visible only once the whole stream is written: a failed or
   * interrupted put leaves the previous file, or nothing.
   */
  put(key: StoredFileKey, source: Readable): Promise<StoredFileInfo>;
  /** Opens the file, or the inclusive byte range of it; throws StoredFileNotFoundError. */
  get(key: StoredFileKey, range?: ByteRange): Promise<Readable>;
  /** Returns the size and modification time, or null when no file is stored. */
  stat(key: StoredFileKey): Promise<StoredFileInfo | null>;
  exists(key: StoredFileKey): Promise<boolean>;
  /** Removes the file; removing a missing file is not an error. */
  delete(key: StoredFileKey): Promise<void>;
  close(): Promise<void>;
}

export class StoredFileNotFoundError extends Error {
  constructor(key: StoredFileKey) {
    super(`No stored file ${key.bucket}/${key.prefix}-${key.id}`);
    this.name = "StoredFileNotFoundError";
  }
}

const PREFIX_PATTERN = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;
const ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_-]*$/;

/** Zou's flat object name, `<prefix>-<id>`, checked so that no key can leave its folder. */
export function objectName(key: StoredFileKey): string {
  if (!PREFIX_PATTERN.test(key.prefix)) throw new Error(`Invalid storage prefix "${key.prefix}"`);
  if (!ID_PATTERN.test(key.id) || key.id.length > 200) throw new Error(`Invalid storage id "${key.id.slice(0, 80)}"`);
  return `${key.prefix}-${key.id}`;
}

export async function createFileStore(config: Config): Promise<FileStore> {
  if (config.fsBackend === "s3") {
    const { S3FileStore } = await import("./s3-store.js");
    return new S3FileStore(config.s3);
  }
  const { LocalFileStore } = await import("./local-store.js");
  return new LocalFileStore(config.filesDir);
}

import type { FastifyReply, FastifyRequest } from "fastify";
import { NotFoundError } from "../errors.js";
import { StoredFileNotFoundError, type ByteRange, type FileStore, type StoredFileKey } from "../storage/file-store.js";

// Sends a stored file with HTTP's conditional and range semantics (RFC 9110):
// ETag and Last-Modified, 304 on a matching If-None-Match or
// If-Modified-Since, 206 for one byte range (what a browser's video player
// asks for when seeking), 416 for a range past the end.

/** A week, as Zou caches previews (its CLIENT_CACHE_MAX_AGE). */
export const CACHE_MAX_AGE = 604800;

export interface SendOptions {
  readonly contentType: string;
  /** `private` for previews and avatars, which need a token to read. */
  readonly cache: "private" | "public";
  /** The row's updated_at, as Zou sends it; the file's own time otherwise. */
  readonly lastModified?: Date | null;
  /** A file name for an `attachment` disposition; undefined sends `inline`. */
  readonly downloadName?: string;
}

function httpDate(date: Date): string {
  return new Date(Math.floor(date.getTime() / 1000) * 1000).toUTCString();
}

/** Parses a single-range `bytes=` header; returns null for a form this server ignores (several ranges), "unsatisfiable" past the end. */
export function parseRange(header: string, size: number): ByteRange | null | "unsatisfiable" {
  const match = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (match === null) return null;
  const [, first, last] = match;
  if (first === "" && last === "") return null;
  if (first === "") {
    const suffix = Number(last);
    if (suffix === 0) return "unsatisfiable";
    return { start: Math.max(0, size - suffix), end: size - 1 };
  }
  const start = Number(first);
  const end = last === "" ? size - 1 : Math.min(Number(last), size - 1);
  if (start >= size || end < start) return "unsatisfiable";
  return { start, end };
}

function etagMatches(header: string, etag: string): boolean {
  if (header.trim() === "*") return true;
  return header.split(",").some((candidate) => candidate.trim().replace(/^W\//, "") === etag);
}

export function contentDisposition(downloadName: string | undefined): string {
  if (downloadName === undefined) return "inline";
  const ascii = downloadName.replace(/[^\x20-\x7e]/g, "_").replace(/["\\]/g, "_");
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(downloadName)}`;
}

/** Sends the first of `keys` that is stored; 404 when none is. */
export async function sendStoredFile(
  request: FastifyRequest,
  reply: FastifyReply,
  store: FileStore,
  keys: readonly StoredFileKey[],
  options: SendOptions,
): Promise<FastifyReply> {
  for (const key of keys) {
    const info = await store.stat(key);
    if (info === null) continue;

    const lastModified = options.lastModified ?? info.modifiedAt;
    const etag = `"${info.size.toString(16)}-${info.modifiedAt.getTime().toString(16)}"`;
    reply.header("ETag", etag);
    reply.header("Last-Modified", httpDate(lastModified));
    reply.header("Cache-Control", `${options.cache}, max-age=${CACHE_MAX_AGE}`);
    reply.header("Expires", httpDate(new Date(Date.now() + CACHE_MAX_AGE * 1000)));
    reply.header("Accept-Ranges", "bytes");

    const ifNoneMatch = request.headers["if-none-match"];
    const ifModifiedSince = request.headers["if-modified-since"];
    const notModified = ifNoneMatch !== undefined
      ? etagMatches(ifNoneMatch, etag)
      : ifModifiedSince !== undefined && Math.floor(lastModified.getTime() / 1000) <= Math.floor(Date.parse(ifModifiedSince) / 1000);
    if (notModified) return reply.status(304).send();

    reply.header("Content-Type", options.contentType);
    reply.header("Content-Disposition", contentDisposition(options.downloadName));

    let range: ByteRange | null | "unsatisfiable" = null;
    const rangeHeader = request.headers.range;
    const ifRange = request.headers["if-range"];
    const rangeStillValid = ifRange === undefined || ifRange === etag || ifRange === httpDate(lastModified);
    if (rangeHeader !== undefined && rangeStillValid) range = parseRange(rangeHeader, info.size);
    if (range === "unsatisfiable") {
      reply.header("Content-Range", `bytes */${info.size}`);
      reply.header("Content-Type", "application/json; charset=utf-8");
      reply.removeHeader("Content-Disposition");
      return reply.status(416).send({ error: true, message: "Requested range not satisfiable." });
    }

    try {
      const stream = await store.get(key, range ?? undefined);
      if (range !== null) {
        reply.header("Content-Range", `bytes ${range.start}-${range.end}/${info.size}`);
        reply.header("Content-Length", String(range.end - range.start + 1));
        return reply.status(206).send(stream);
      }
      reply.header("Content-Length", String(info.size));
      return reply.status(200).send(stream);
    } catch (error) {
      // Removed between stat and get: try the next candidate.
      if (!(error instanceof StoredFileNotFoundError)) throw error;
    }
  }
  throw new NotFoundError();
}

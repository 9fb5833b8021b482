import fastifyMultipart from "@fastify/multipart";
import { eq } from "drizzle-orm";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import processRequest from "graphql-upload/processRequest.mjs";
import { attachmentFile, previewFile } from "../../schema/comments.js";
import type { AppServices, RequestContext } from "../context.js";
import { BadRequestError, NotFoundError } from "../errors.js";
import { isUuid } from "../ids.js";
import { toZouJson } from "../rest/zou-json.js";
import type { StoredFileKey } from "../storage/file-store.js";
import { clearPersonAvatar, getAvatarOwner, setOrganisationAvatar, setPersonAvatar, type AvatarOwner } from "./avatars.service.js";
import { previewDownloadName } from "./download-names.js";
import { sendStoredFile } from "./downloads.js";
import { createMediaServices, getMediaServices } from "./media.js";
import { assertCanReadAttachment, assertCanReadPreview, assertCanReadThumbnail, getPreviewFileOrThrow, type PreviewFileRow } from "./previews.access.js";
import { movieKey, pictureKey, previewFileKey, TRANSCODE_JOB, uploadPreviewFile } from "./previews.service.js";
import { createTranscodeHandler } from "./transcode.job.js";
import type { UploadedFile } from "./uploads.js";

// Zou's media routes: uploads of preview files and avatars, and the binary
// downloads, streamed from the file store. These are plain Fastify routes
// because they send bytes, not JSON.

/** Splits "<uuid>.<ext>"; an id without an extension gets `fallback`. */
function parseFileParam(file: string, fallback?: string): { id: string; extension: string } {
  const dot = file.indexOf(".");
  const id = dot === -1 ? file : file.slice(0, dot);
  const extension = dot === -1 ? fallback : file.slice(dot + 1).toLowerCase();
  if (!isUuid(id) || extension === undefined) throw new NotFoundError();
  return { id: id.toLowerCase(), extension };
}

async function readFilePart(request: FastifyRequest): Promise<UploadedFile> {
  if (!request.isMultipart()) throw new BadRequestError("File not provided.");
  // The first file part whatever its field name; Zou names it `file`.
  const part = await request.file();
  if (part === undefined) throw new BadRequestError("File not provided.");
  return { fileName: part.filename, stream: part.file };
}

const MOVIE_FALLBACKS = {
  originals: ["previews", "lowdef", "source"],
  low: ["lowdef", "previews", "source"],
} as const;

/** Zou's content types for the originals of non-picture previews. */
const ORIGINAL_CONTENT_TYPES: Record<string, string> = { pdf: "application/pdf", png: "image/png" };

/** Attachments shown in the browser; every other type is sent as a download, so uploaded HTML or SVG never runs in the site's origin. */
const INLINE_SAFE_TYPES = new Set(["image/png", "image/jpeg", "image/gif", "image/webp"]);

function isMoviePreview(preview: PreviewFileRow): boolean {
  return preview.extension === "mp4";
}

export function registerPreviewRoutes(app: FastifyInstance, services: AppServices): void {
  const { config } = services;

  app.register(fastifyMultipart, {
    limits: { fileSize: config.maxUploadSize, files: 50, fields: 200, fieldSize: 1024 * 1024 },
  });

  // GraphQL multipart requests (the GraphQL multipart request spec): the
  // operations and their files are read here, before Apollo sees the body.
  app.addHook("preValidation", async (request, reply) => {
    if (request.routeOptions.url !== "/graphql" || request.method !== "POST" || !request.isMultipart()) return;
    request.body = await processRequest(request.raw, reply.raw, { maxFileSize: config.maxUploadSize, maxFiles: 10 });
  });

  app.addHook("onReady", async () => {
    const media = await createMediaServices(services, app.log);
    media.worker.register(TRANSCODE_JOB, createTranscodeHandler(services, media));
    await media.worker.start();
  });
  app.addHook("onClose", async () => {
    const media = getMediaServices(services);
    await media.worker.stop();
    await media.store.close();
  });

  const storeOf = (ctx: RequestContext) => getMediaServices(ctx.services).store;

  // Uploads.

  app.post<{ Params: { id: string } }>("/pictures/preview-files/:id", async (request, reply) => {
    const upload = await readFilePart(request);
    const row = await uploadPreviewFile(request.ctx, request.params.id, upload);
    return reply.status(201).send(toZouJson(previewFile, row, "PreviewFile"));
  });

  for (const owner of ["persons", "organisations"] as const) {
    app.post<{ Params: { file: string } }>(`/pictures/thumbnails/${owner}/:file`, async (request, reply) => {
      const id = request.params.file.replace(/\.png$/i, "");
      const upload = await readFilePart(request);
      const thumbnailPath = owner === "persons"
        ? await setPersonAvatar(request.ctx, id, upload)
        : await setOrganisationAvatar(request.ctx, id, upload);
      return reply.status(201).send({ thumbnail_path: thumbnailPath });
    });

    app.get<{ Params: { file: string } }>(`/pictures/thumbnails/${owner}/:file`, async (request, reply) => {
      const { id } = parseFileParam(request.params.file, "png");
      const row = await getAvatarOwner(request.ctx, owner as AvatarOwner, id);
      return sendStoredFile(request, reply, storeOf(request.ctx), [pictureKey("thumbnails", row.id)], {
        contentType: "image/png",
        cache: "private",
        lastModified: row.updatedAt,
      });
    });
  }

  app.delete<{ Params: { id: string } }>("/actions/persons/:id/clear-avatar", async (request, reply) => {
    await clearPersonAvatar(request.ctx, request.params.id);
    return reply.status(204).send();
  });

  // Movies.

  const sendMovie = async (request: FastifyRequest<{ Params: { file: string } }>, reply: FastifyReply, version: "originals" | "low", asDownload: boolean, id: string) => {
    const preview = await getPreviewFileOrThrow(request.ctx, id);
    await assertCanReadPreview(request.ctx, preview);
    if (!isMoviePreview(preview)) throw new NotFoundError();
    const keys = MOVIE_FALLBACKS[version].map((prefix) => movieKey(prefix, preview.id));
    return sendStoredFile(request, reply, storeOf(request.ctx), keys, {
      contentType: "video/mp4",
      cache: "private",
      lastModified: preview.updatedAt,
      downloadName: asDownload ? await previewDownloadName(request.ctx, preview, "mp4") : undefined,
    });
  };

  app.get<{ Params: { file: string } }>("/movies/originals/preview-files/:file", async (request, reply) => {
    const { id, extension } = parseFileParam(request.params.file);
    if (extension !== "mp4") throw new NotFoundError();
    return sendMovie(request, reply, "originals", false, id);
  });
  app.get<{ Params: { file: string } }>("/movies/originals/preview-files/:file/download", async (request, reply) =>
    sendMovie(request, reply, "originals", true, request.params.file),
  );
  app.get<{ Params: { file: string } }>("/movies/low/preview-files/:file", async (request, reply) => {
    const { id, extension } = parseFileParam(request.params.file);
    if (extension !== "mp4") throw new NotFoundError();
    return sendMovie(request, reply, "low", false, id);
  });

  // Pictures.

  for (const prefix of ["thumbnails", "thumbnails-square", "previews"] as const) {
    app.get<{ Params: { file: string } }>(`/pictures/${prefix}/preview-files/:file`, async (request, reply) => {
      const { id, extension } = parseFileParam(request.params.file);
      if (extension !== "png") throw new NotFoundError();
      const preview = await getPreviewFileOrThrow(request.ctx, id);
      if (prefix === "previews") await assertCanReadPreview(request.ctx, preview);
      else await assertCanReadThumbnail(request.ctx, preview);
      return sendStoredFile(request, reply, storeOf(request.ctx), [pictureKey(prefix, preview.id)], {
        contentType: "image/png",
        cache: "private",
        lastModified: preview.updatedAt,
      });
    });
  }

  const sendOriginal = async (request: FastifyRequest, reply: FastifyReply, preview: PreviewFileRow, extension: string, asDownload: boolean) => {
    const keys: StoredFileKey[] = extension === "png" ? [pictureKey("original", preview.id)] : [previewFileKey(preview.id)];
    return sendStoredFile(request, reply, storeOf(request.ctx), keys, {
      contentType: ORIGINAL_CONTENT_TYPES[extension] ?? "application/octet-stream",
      cache: "private",
      lastModified: preview.updatedAt,
      downloadName: asDownload ? await previewDownloadName(request.ctx, preview, extension) : undefined,
    });
  };

  app.get<{ Params: { file: string } }>("/pictures/originals/preview-files/:file", async (request, reply) => {
    const { id, extension } = parseFileParam(request.params.file);
    const preview = await getPreviewFileOrThrow(request.ctx, id);
    if (extension === "png") await assertCanReadThumbnail(request.ctx, preview);
    else await assertCanReadPreview(request.ctx, preview);
    if (extension !== "png" && extension !== preview.extension) throw new NotFoundError();
    return sendOriginal(request, reply, preview, extension, false);
  });

  app.get<{ Params: { file: string } }>("/pictures/originals/preview-files/:file/download", async (request, reply) => {
    const preview = await getPreviewFileOrThrow(request.ctx, request.params.file);
    await assertCanReadPreview(request.ctx, preview);
    if (isMoviePreview(preview)) return sendMovie(request as FastifyRequest<{ Params: { file: string } }>, reply, "originals", true, preview.id);
    return sendOriginal(request, reply, preview, preview.extension ?? "png", true);
  });

  // Comment attachments.

  app.get<{ Params: { id: string; fileName: string } }>("/data/attachment-files/:id/file/:fileName", async (request, reply) => {
    if (!isUuid(request.params.id)) throw new NotFoundError();
    const [attachment] = await request.ctx.db.orm.select().from(attachmentFile).where(eq(attachmentFile.id, request.params.id.toLowerCase()));
    if (attachment === undefined) throw new NotFoundError();
    await assertCanReadAttachment(request.ctx, attachment);
    const mimetype = attachment.mimetype ?? "application/octet-stream";
    return sendStoredFile(request, reply, storeOf(request.ctx), [{ bucket: "files", prefix: "attachments", id: attachment.id }], {
      contentType: mimetype,
      cache: "private",
      lastModified: attachment.updatedAt,
      downloadName: INLINE_SAFE_TYPES.has(mimetype) ? undefined : (attachment.name ?? request.params.fileName),
    });
  });
}

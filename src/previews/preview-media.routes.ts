import { createReadStream } from "node:fs";
import { readFile } from "node:fs/promises";
import type { FastifyInstance, FastifyRequest } from "fastify";
import sharp from "sharp";
import type { AppServices } from "../context.js";
import { BadRequestError, NotFoundError } from "../errors.js";
import { writeZip } from "../playlists/zip-writer.js";
import { renderAnnotatedFrames } from "./annotated-frames.js";
import { contentDisposition, sendStoredFile } from "./downloads.js";
import { ensureFrameTile, tileKey } from "./frame-tiles.js";
import { getMediaServices } from "./media.js";
import { writePicturesPdf } from "./pdf-writer.js";
import {
  backgroundKey,
  backgroundThumbnailKey,
  getPreviewBackgroundFileOrThrow,
  uploadPreviewBackgroundFile,
} from "./preview-backgrounds.service.js";
import { assertCanReadPreview, getPreviewFileOrThrow } from "./previews.access.js";
import type { UploadedFile } from "./uploads.js";

// Plain routes of preview media: frame tiles, annotated frames and 3D backgrounds.

/** Zou's resolution of the annotated frames PDF, in pixels per inch. */
const PDF_DPI = 150;

/** Splits "<id>.<ext>" into the id and the lower-cased extension ("" when there is none). */
function splitFileParam(file: string): { id: string; extension: string } {
  const dot = file.indexOf(".");
  if (dot === -1) return { id: file, extension: "" };
  return { id: file.slice(0, dot), extension: file.slice(dot + 1).toLowerCase() };
}

async function readFilePart(request: FastifyRequest): Promise<UploadedFile> {
  if (!request.isMultipart()) throw new BadRequestError("File not provided.");
  const part = await request.file();
  if (part === undefined) throw new BadRequestError("File not provided.");
  return { fileName: part.filename, stream: part.file };
}

export function registerPreviewMediaRoutes(app: FastifyInstance, services: AppServices): void {
  // Frame tiles.

  app.get<{ Params: { file: string } }>("/movies/tiles/preview-files/:file", async (request, reply) => {
    const { id, extension } = splitFileParam(request.params.file);
    if (extension !== "png") throw new NotFoundError();
    const preview = await getPreviewFileOrThrow(request.ctx, id);
    await assertCanReadPreview(request.ctx, preview);
    if (preview.extension !== "mp4") throw new NotFoundError("Only movie previews have a frame tile.");
    const media = getMediaServices(services);
    if (!(await ensureFrameTile(media, preview.id, services.config.tmpDir))) throw new NotFoundError("The movie of this preview file is not stored.");
    return sendStoredFile(request, reply, media.store, [tileKey(preview.id)], { contentType: "image/png", cache: "private", lastModified: preview.updatedAt });
  });

  // Annotated frames, for the project's managers.

  app.get<{ Params: { id: string } }>("/actions/preview-files/:id/extract-annotated-frames", async (request, reply) => {
    const rendered = await renderAnnotatedFrames(request.ctx, request.params.id);
    const archive = writeZip(rendered.frames.map((frame) => ({ name: frame.name, open: async () => createReadStream(frame.path) })));
    archive.once("close", () => void rendered.discard());
    archive.once("error", (error) => {
      request.log.error({ err: error, previewFileId: request.params.id }, "writing the annotated frames archive failed");
      void rendered.discard();
    });
    return reply
      .header("Content-Type", "application/zip")
      .header("Content-Disposition", contentDisposition(`${rendered.baseName}_annotated_frames.zip`))
      .header("Cache-Control", "no-store")
      .send(archive);
  });

  app.get<{ Params: { id: string } }>("/actions/preview-files/:id/extract-annotated-frames-pdf", async (request, reply) => {
    const rendered = await renderAnnotatedFrames(request.ctx, request.params.id);
    let pdf: Buffer;
    try {
      const pages = [];
      for (const frame of rendered.frames) {
        // PDF pictures have no alpha channel: each frame is flattened to RGB.
        const jpeg = await sharp(await readFile(frame.path)).flatten({ background: "#ffffff" }).jpeg({ quality: 90 }).toBuffer();
        pages.push({ jpeg, width: frame.width, height: frame.height });
      }
      pdf = writePicturesPdf(pages, PDF_DPI);
    } finally {
      await rendered.discard();
    }
    return reply
      .header("Content-Type", "application/pdf")
      .header("Content-Disposition", contentDisposition(`${rendered.baseName}_annotated_frames.pdf`))
      .header("Cache-Control", "no-store")
      .send(pdf);
  });

  // 3D backgrounds.

  app.post<{ Params: { id: string } }>("/pictures/preview-background-files/:id", async (request, reply) => {
    const upload = await readFilePart(request);
    const json = await uploadPreviewBackgroundFile(request.ctx, request.params.id, upload);
    return reply.status(201).send(json);
  });

  app.get<{ Params: { file: string } }>("/pictures/thumbnails/preview-background-files/:file", async (request, reply) => {
    const { id, extension } = splitFileParam(request.params.file);
    if (extension !== "png") throw new NotFoundError();
    const row = await getPreviewBackgroundFileOrThrow(request.ctx, id);
    return sendStoredFile(request, reply, getMediaServices(services).store, [backgroundThumbnailKey(row.id)], {
      contentType: "image/png",
      cache: "private",
      lastModified: row.updatedAt,
    });
  });

  app.get<{ Params: { file: string } }>("/pictures/preview-background-files/:file", async (request, reply) => {
    const { id, extension } = splitFileParam(request.params.file);
    const row = await getPreviewBackgroundFileOrThrow(request.ctx, id);
    if (extension === "" || row.extension !== extension) throw new NotFoundError("Preview background file not found.");
    return sendStoredFile(request, reply, getMediaServices(services).store, [backgroundKey(row.id)], {
      contentType: "image/vnd.radiance",
      cache: "private",
      lastModified: row.updatedAt,
      downloadName: `${row.originalName ?? row.id}.${extension}`,
    });
  });
}

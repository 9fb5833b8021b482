import { eq } from "drizzle-orm";
import type { FastifyInstance, FastifyRequest } from "fastify";
import { attachmentFile } from "../../schema/comments.js";
import { workingFile } from "../../schema/files.js";
import { BadRequestError, NotFoundError } from "../errors.js";
import { isUuid } from "../ids.js";
import { sendStoredFile } from "../previews/downloads.js";
import { getMediaServices } from "../previews/media.js";
import { assertCanReadAttachment } from "../previews/previews.access.js";
import { pictureKey } from "../previews/previews.service.js";
import type { UploadedFile } from "../previews/uploads.js";
import { toZouJson } from "../rest/zou-json.js";
import { assertCanSetProjectThumbnail, getProjectThumbnailOwner, setProjectThumbnail } from "./project-thumbnail.js";
import { getWorkingFileForContent, storeWorkingFileContent, workingFileKey } from "./working-file-content.js";

// Zou's binary routes of the files area: a working file's content, project
// thumbnails and attachment thumbnails. Plain Fastify routes, because they
// carry bytes; the multipart parser is registered with the preview routes.

/** Strips the ".png" Zou's thumbnail paths end with. */
function thumbnailId(file: string): string {
  return file.replace(/\.png$/i, "");
}

async function readFilePart(request: FastifyRequest): Promise<UploadedFile> {
  if (!request.isMultipart()) throw new BadRequestError("File not provided.");
  const part = await request.file();
  if (part === undefined) throw new BadRequestError("File not provided.");
  return { fileName: part.filename, stream: part.file };
}

export function registerFileRoutes(app: FastifyInstance): void {
  app.post<{ Params: { id: string } }>("/data/working-files/:id/file", async (request, reply) => {
    // Access is checked before the body is read, so a forbidden upload stores nothing.
    await getWorkingFileForContent(request.ctx, request.params.id);
    const row = await storeWorkingFileContent(request.ctx, request.params.id, await readFilePart(request));
    const { projectId: _projectId, ...columns } = row;
    return reply.status(201).send(toZouJson(workingFile, columns, "WorkingFile"));
  });

  app.get<{ Params: { id: string } }>("/data/working-files/:id/file", async (request, reply) => {
    const row = await getWorkingFileForContent(request.ctx, request.params.id);
    const store = getMediaServices(request.ctx.services).store;
    try {
      return await sendStoredFile(request, reply, store, [workingFileKey(row.id)], {
        contentType: "application/octet-stream",
        cache: "public",
        lastModified: row.updatedAt,
      });
    } catch (error) {
      // Zou's lookup error escapes its handler (500) when nothing was uploaded, so Kumiki sends a 404 that names the missing content.
      if (error instanceof NotFoundError) throw new NotFoundError(`Working file not found for: ${row.id}`);
      throw error;
    }
  });

  app.post<{ Params: { file: string } }>("/pictures/thumbnails/projects/:file", async (request, reply) => {
    // The role is checked before the upload is read, so a forbidden upload writes nothing.
    const id = thumbnailId(request.params.file);
    await assertCanSetProjectThumbnail(request.ctx, id);
    const thumbnailPath = await setProjectThumbnail(request.ctx, id, await readFilePart(request));
    return reply.status(201).send({ thumbnail_path: thumbnailPath });
  });

  app.get<{ Params: { file: string } }>("/pictures/thumbnails/projects/:file", async (request, reply) => {
    const owner = await getProjectThumbnailOwner(request.ctx, thumbnailId(request.params.file));
    return sendStoredFile(request, reply, getMediaServices(request.ctx.services).store, [pictureKey("thumbnails", owner.id)], {
      contentType: "image/png",
      cache: "private",
      lastModified: owner.updatedAt,
    });
  });

  app.get<{ Params: { file: string } }>("/pictures/thumbnails/attachment-files/:file", async (request, reply) => {
    const id = thumbnailId(request.params.file);
    if (!isUuid(id)) throw new NotFoundError();
    const [attachment] = await request.ctx.db.orm.select().from(attachmentFile).where(eq(attachmentFile.id, id.toLowerCase()));
    if (attachment === undefined) throw new NotFoundError();
    await assertCanReadAttachment(request.ctx, attachment);
    return sendStoredFile(request, reply, getMediaServices(request.ctx.services).store, [pictureKey("thumbnails", attachment.id)], {
      contentType: "image/png",
      cache: "private",
      lastModified: attachment.updatedAt,
    });
  });
}

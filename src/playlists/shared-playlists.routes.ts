import { eq } from "drizzle-orm";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { attachmentFile, comment } from "../../schema/comments.js";
import { person } from "../../schema/people.js";
import type { AppServices } from "../context.js";
import { discardAttachments, readCommentForm } from "../comments/comment-attachments.js";
import { BadRequestError, NotFoundError } from "../errors.js";
import { isUuid } from "../ids.js";
import { personToZouJson } from "../people/person.json.js";
import { previewDownloadName } from "../previews/download-names.js";
import { sendStoredFile } from "../previews/downloads.js";
import { getMediaServices } from "../previews/media.js";
import type { PreviewFileRow } from "../previews/previews.access.js";
import { FILE_EXTENSIONS, movieKey, PICTURE_EXTENSIONS, pictureKey, previewFileKey } from "../previews/previews.service.js";
import type { StoredFileKey } from "../storage/file-store.js";
import { findOrCreateGuest, getLinkGuest, getSharedPreview, openSharedPlaylist, sharedTaskIds, type SharedPlaylist } from "./shared-playlist-access.js";
import { addGuestAttachments, assertCanAttachAsGuest } from "./shared-playlist-comments.service.js";

// Plain routes of shared playlists: guest registration (200 for a known
// guest_id, 201 otherwise), attachment uploads and
// downloads, and the media of the playlist's previews. None needs a login:
// the share token, and the `password` query parameter of a protected link,
// are the credential.

type TokenRequest<P = object> = FastifyRequest<{ Params: { token: string } & P; Querystring: Record<string, string | undefined> }>;

const PUBLIC = { config: { auth: "public" as const } };

/** Attachment types shown in the browser. Any other type is sent as a download, so an uploaded HTML or SVG file never runs in the site's origin. */
const INLINE_SAFE_TYPES = new Set(["image/png", "image/jpeg", "image/gif", "image/webp"]);

/** Content types of originals, as Zou sends them; other extensions are sent as bytes. */
const ORIGINAL_CONTENT_TYPES: Record<string, string> = { png: "image/png", pdf: "application/pdf" };

/** Movie files tried in order for an original movie, as the authenticated route does. */
const MOVIE_PREFIXES = ["previews", "lowdef", "source"] as const;

function openLink(request: TokenRequest): Promise<SharedPlaylist> {
  return openSharedPlaylist(request.ctx, request.params.token, request.query.password);
}

/** Splits "<uuid>.<ext>"; anything else is NOT_FOUND, as an unknown route is. */
function parseFileParam(file: string): { id: string; extension: string } {
  const dot = file.indexOf(".");
  if (dot === -1) throw new NotFoundError();
  const id = file.slice(0, dot);
  if (!isUuid(id)) throw new NotFoundError();
  return { id: id.toLowerCase(), extension: file.slice(dot + 1).toLowerCase() };
}

function readText(value: unknown, field: string, fallback: string): string {
  if (value === undefined || value === null) return fallback;
  if (typeof value !== "string") throw new BadRequestError("Validation error.", { errors: [{ field, message: "Input should be a valid string" }] });
  return value;
}

export function registerSharedPlaylistRoutes(app: FastifyInstance, services: AppServices): void {
  const store = () => getMediaServices(services).store;

  const sendMovie = async (request: FastifyRequest, reply: FastifyReply, preview: PreviewFileRow, asDownload: boolean) => {
    if (preview.extension !== "mp4") throw new NotFoundError();
    return sendStoredFile(request, reply, store(), MOVIE_PREFIXES.map((prefix) => movieKey(prefix, preview.id)), {
      contentType: "video/mp4",
      cache: "private",
      lastModified: preview.updatedAt,
      downloadName: asDownload ? await previewDownloadName(request.ctx, preview, "mp4") : undefined,
    });
  };

  const sendOriginal = async (request: FastifyRequest, reply: FastifyReply, preview: PreviewFileRow, extension: string, asDownload: boolean) => {
    const keys: StoredFileKey[] = extension === "png" ? [pictureKey("original", preview.id)] : [previewFileKey(preview.id)];
    return sendStoredFile(request, reply, store(), keys, {
      contentType: ORIGINAL_CONTENT_TYPES[extension] ?? "application/octet-stream",
      cache: "private",
      lastModified: preview.updatedAt,
      downloadName: asDownload ? await previewDownloadName(request.ctx, preview, extension) : undefined,
    });
  };

  const sendPicture = (request: FastifyRequest, reply: FastifyReply, preview: PreviewFileRow, prefix: string) =>
    sendStoredFile(request, reply, store(), [pictureKey(prefix, preview.id)], { contentType: "image/png", cache: "private", lastModified: preview.updatedAt });

  // Guests.

  app.post("/shared/playlists/:token/guest", PUBLIC, async (request: TokenRequest, reply) => {
    const shared = await openLink(request);
    const body = request.body;
    const data = typeof body === "object" && body !== null && !Array.isArray(body) ? (body as Record<string, unknown>) : {};
    // A guest_id of this link returns that guest; an id of another link or an unknown one registers a new guest, as in Zou.
    if (data.guest_id !== undefined && data.guest_id !== null && data.guest_id !== "") {
      if (!isUuid(data.guest_id)) throw new BadRequestError("Validation error.", { errors: [{ field: "guest_id", message: "Input should be a valid UUID" }] });
      const known = await getLinkGuest(request.ctx, shared, data.guest_id).catch(() => null);
      if (known !== null) return reply.status(200).send(personToZouJson(known));
    }
    const firstName = readText(data.first_name, "first_name", "Guest").trim() || "Guest";
    const lastName = readText(data.last_name, "last_name", "").trim();
    if (firstName.length > 80 || lastName.length > 80) throw new BadRequestError("Names must be at most 80 characters long.");
    // Zou returns 201 here even when a guest of this link already has these names and is returned.
    const row = await findOrCreateGuest(request.ctx, shared, { firstName, lastName });
    return reply.status(201).send(personToZouJson(row));
  });

  // Comment attachments.

  app.post("/shared/playlists/:token/comments/:comment_id/attachments", PUBLIC, async (request: TokenRequest<{ comment_id: string }>, reply) => {
    const ctx = request.ctx;
    const shared = await openLink(request);
    // Checked before the upload is read when guest_id is in the query string, so a rejected upload stores nothing.
    const queryGuest = request.query.guest_id;
    if (queryGuest !== undefined) await assertCanAttachAsGuest(ctx, shared, request.params.comment_id, queryGuest);
    if (!request.isMultipart()) throw new BadRequestError("File not provided: send the files as multipart/form-data.");

    const form = await readCommentForm(ctx, request);
    try {
      const guestId = form.fields.guest_id ?? queryGuest;
      if (guestId === undefined) throw new BadRequestError("Validation error.", { errors: [{ field: "guest_id", message: "Field required" }] });
      if (form.files.length === 0) throw new BadRequestError("File not provided.");
      const updated = await addGuestAttachments(ctx, shared, request.params.comment_id, guestId, form.files);
      return reply.status(201).send(updated);
    } catch (error) {
      await discardAttachments(ctx, form.files);
      throw error;
    }
  });

  // Zou serves an attachment of a comment on one of the playlist's tasks when the comment is shown to clients or written by a guest.
  app.get("/shared/playlists/:token/attachment-files/:attachment_file_id/file/:file_name", PUBLIC, async (request: TokenRequest<{ attachment_file_id: string; file_name: string }>, reply) => {
    const ctx = request.ctx;
    const shared = await openLink(request);
    const id = request.params.attachment_file_id;
    if (!isUuid(id)) throw new NotFoundError("Attachment not found.");
    const [found] = await ctx.db.orm
      .select({ attachment: attachmentFile, taskId: comment.objectId, forClient: comment.forClient, authorIsGuest: person.isGuest })
      .from(attachmentFile)
      .innerJoin(comment, eq(comment.id, attachmentFile.commentId))
      .leftJoin(person, eq(person.id, comment.personId))
      .where(eq(attachmentFile.id, id.toLowerCase()))
      .limit(1);
    if (found === undefined) throw new NotFoundError("Attachment not found.");
    const taskIds = await sharedTaskIds(ctx, shared.playlist);
    if (!taskIds.has(found.taskId) || !(found.forClient === true || found.authorIsGuest === true)) throw new NotFoundError("Attachment not found.");
    const attachment = found.attachment;
    const mimetype = attachment.mimetype ?? "application/octet-stream";
    return sendStoredFile(request, reply, store(), [{ bucket: "files", prefix: "attachments", id: attachment.id }], {
      contentType: mimetype,
      cache: "private",
      lastModified: attachment.updatedAt,
      downloadName: INLINE_SAFE_TYPES.has(mimetype) ? undefined : (attachment.name ?? request.params.file_name),
    });
  });

  // Preview media, each only for a preview of the shared playlist.

  app.get("/shared/playlists/:token/movies/originals/preview-files/:file", PUBLIC, async (request: TokenRequest<{ file: string }>, reply) => {
    const { id, extension } = parseFileParam(request.params.file);
    if (extension !== "mp4") throw new NotFoundError();
    const preview = await getSharedPreview(request.ctx, await openLink(request), id);
    return sendMovie(request, reply, preview, false);
  });

  app.get("/shared/playlists/:token/pictures/thumbnails/preview-files/:file", PUBLIC, async (request: TokenRequest<{ file: string }>, reply) => {
    const { id, extension } = parseFileParam(request.params.file);
    if (extension !== "png") throw new NotFoundError();
    const preview = await getSharedPreview(request.ctx, await openLink(request), id);
    return sendPicture(request, reply, preview, "thumbnails");
  });

  app.get("/shared/playlists/:token/movies/tiles/preview-files/:file", PUBLIC, async (request: TokenRequest<{ file: string }>, reply) => {
    const { id, extension } = parseFileParam(request.params.file);
    if (extension !== "png") throw new NotFoundError();
    const preview = await getSharedPreview(request.ctx, await openLink(request), id);
    // NOTE: tiles are sent when the store contains them, and a movie without tiles is NOT_FOUND.
    return sendPicture(request, reply, preview, "tiles");
  });

  // The .png original and the original in its own extension share one path pattern.
  app.get("/shared/playlists/:token/pictures/originals/preview-files/:file", PUBLIC, async (request: TokenRequest<{ file: string }>, reply) => {
    const { id, extension } = parseFileParam(request.params.file);
    if (!PICTURE_EXTENSIONS.has(extension) && !FILE_EXTENSIONS.has(extension) && extension !== "gif" && extension !== "svg") {
      throw new BadRequestError(`Extension not allowed: ${extension.slice(0, 20)}.`);
    }
    const preview = await getSharedPreview(request.ctx, await openLink(request), id);
    if (extension !== "png" && extension !== preview.extension) throw new NotFoundError();
    return sendOriginal(request, reply, preview, extension, false);
  });

  app.get("/shared/playlists/:token/preview-files/:preview_file_id/download", PUBLIC, async (request: TokenRequest<{ preview_file_id: string }>, reply) => {
    const preview = await getSharedPreview(request.ctx, await openLink(request), request.params.preview_file_id);
    if (preview.extension === "mp4") return sendMovie(request, reply, preview, true);
    return sendOriginal(request, reply, preview, preview.extension ?? "png", true);
  });
}

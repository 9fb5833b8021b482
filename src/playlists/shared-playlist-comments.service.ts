import { and, eq } from "drizzle-orm";
import { attachmentFile, comment, previewFile } from "../../schema/comments.js";
import { news } from "../../schema/notifications.js";
import { task } from "../../schema/tasks.js";
import { attachmentKey, insertAttachmentRows, type StoredAttachment } from "../comments/comment-attachments.js";
import { createdCommentJson } from "../comments/comment.json.js";
import type { CommentRow } from "../comments/comments.loaders.js";
import { notifyComment } from "../comments/comments.service.js";
import type { RequestContext } from "../context.js";
import { BadRequestError, ForbiddenError, NotFoundError } from "../errors.js";
import { toPlainJson } from "../entities/entities.service.js";
import { recordEvent } from "../events/events.service.js";
import { applyAnnotationChanges, parseAnnotationChanges } from "../files/annotations.service.js";
import { isUuid } from "../ids.js";
import { getMediaServices } from "../previews/media.js";
import { toZouJson, type ZouJson } from "../rest/zou-json.js";
import type { TaskRow, TaskStatusRow } from "../tasks/tasks.loaders.js";
import { writeTaskUpdate } from "../tasks/tasks.service.js";
import { assertLinkAllowsComments, getLinkGuest, getSharedPreview, sharedTaskIds, type SharedPlaylist } from "./shared-playlist-access.js";
import { deleteCommentRows, resetTaskFromComments } from "../comments/comment-removal.js";

// What a guest writes through a share link: comments on the playlist's
// tasks with a status open to clients, their attachments, and drawings on
// the playlist's previews. Each write checks the link allows comments, the
// guest was created through this link, and the target is in the playlist.

export interface GuestCommentInput {
  guestId: string;
  taskId: string;
  taskStatusId: string;
  text: string;
  checklist: unknown[];
}

export interface GuestCommentPatch {
  text?: string;
  checklist?: unknown[];
  taskStatusId?: string;
}

type Annotation = Parameters<typeof applyAnnotationChanges>[0][number];

async function loadTask(ctx: RequestContext, taskId: string): Promise<TaskRow> {
  const row = await ctx.loaders.taskById.load(taskId);
  if (row === null) throw new NotFoundError("Task not found.");
  return row;
}

/** Loads a status a guest may set: BAD_USER_INPUT when unknown or not open to clients, as Zou returns 400 for both. */
async function loadClientStatus(ctx: RequestContext, statusId: string): Promise<TaskStatusRow> {
  const status = isUuid(statusId) ? await ctx.loaders.taskStatusById.load(statusId.toLowerCase()) : null;
  if (status === null) throw new BadRequestError("Task status not found.");
  if (status.isClientAllowed !== true) throw new BadRequestError(`The status "${status.name}" is not open to guests.`);
  return status;
}

/**
 * Loads a comment of the guest on one of the playlist's tasks. The guest is
 * checked first (FORBIDDEN), then the comment (NOT_FOUND), then its author
 * and task (FORBIDDEN), in Zou's order.
 */
async function loadGuestComment(ctx: RequestContext, shared: SharedPlaylist, commentId: string, guestId: string): Promise<{ row: CommentRow; taskRow: TaskRow }> {
  const guest = await getLinkGuest(ctx, shared, guestId);
  const row = isUuid(commentId) ? await ctx.loaders.commentById.load(commentId.toLowerCase()) : null;
  if (row === null) throw new NotFoundError("Comment not found.");
  if (row.personId !== guest.id) throw new ForbiddenError("The comment belongs to someone else.");
  const taskIds = await sharedTaskIds(ctx, shared.playlist);
  if (!taskIds.has(row.objectId)) throw new ForbiddenError("The comment is not part of this shared playlist.");
  return { row, taskRow: await loadTask(ctx, row.objectId) };
}

/** Re-reads a comment after a write, for the JSON Zou returns. */
async function commentJson(ctx: RequestContext, commentId: string): Promise<ZouJson> {
  ctx.loaders.commentById.clear(commentId);
  ctx.loaders.attachmentsByCommentId.clear(commentId);
  const row = await ctx.loaders.commentById.load(commentId);
  if (row === null) throw new NotFoundError("Comment not found.");
  return createdCommentJson(ctx, row);
}

/**
 * Posts a guest's comment on a task of the playlist, sets the task to the
 * comment's status and notifies the assignees and followers, as a comment
 * from the studio does. Events comment:new, task:update and, on a status
 * change, task:status-changed.
 */
export async function postGuestComment(ctx: RequestContext, shared: SharedPlaylist, input: GuestCommentInput): Promise<ZouJson> {
  assertLinkAllowsComments(shared);
  const guest = await getLinkGuest(ctx, shared, input.guestId);
  const taskIds = await sharedTaskIds(ctx, shared.playlist);
  if (!isUuid(input.taskId) || !taskIds.has(input.taskId.toLowerCase())) throw new ForbiddenError("Task not part of this shared playlist.");
  const current = await loadTask(ctx, input.taskId.toLowerCase());
  const status = await loadClientStatus(ctx, input.taskStatusId);
  const projectId = shared.playlist.projectId;
  // Read before the transaction: PGlite has one connection, so a loader query inside it would wait for it to end.
  const target = current.entityId === null ? null : await ctx.loaders.entityById.load(current.entityId);

  const created = await ctx.db.transaction(async (tx) => {
    const [row] = await tx
      .insert(comment)
      .values({ personId: guest.id, objectId: current.id, objectType: "Task", text: input.text, checklist: toPlainJson(input.checklist) ?? [], links: [], forClient: false, taskStatusId: status.id, replies: [] })
      .returning();
    await recordEvent(tx, ctx, { name: "comment:new", projectId, data: { comment_id: row.id, task_id: current.id, task_status_id: status.id } });

    const statusChanged = status.id !== current.taskStatusId;
    const changes: Partial<typeof task.$inferInsert> = { taskStatusId: status.id, lastCommentDate: row.createdAt };
    if (statusChanged && status.isRetake) changes.retakeCount = (current.retakeCount ?? 0) + 1;
    await writeTaskUpdate(tx, ctx, current, changes, status);
    if (statusChanged) {
      const change = { task_id: current.id, new_task_status_id: status.id, previous_task_status_id: current.taskStatusId, person_id: guest.id };
      await recordEvent(tx, ctx, { name: "task:status-changed", projectId, data: change });
    }
    await notifyComment(tx, current, row, [], statusChanged);
    // As for studio comments, concepts stay out of the news feed.
    if (target !== null && target.entityTypeName !== "Concept") {
      await tx.insert(news).values({ change: statusChanged, authorId: guest.id, commentId: row.id, taskId: current.id });
    }
    return row;
  });
  return commentJson(ctx, created.id);
}

/**
 * Edits the text, checklist or status of the guest's own comment. A new
 * status must be open to clients (FORBIDDEN otherwise, as in Zou) and moves
 * the task to it. Events comment:update and, on a status change, task:status-changed.
 */
export async function updateGuestComment(ctx: RequestContext, shared: SharedPlaylist, commentId: string, guestId: string, patch: GuestCommentPatch): Promise<ZouJson> {
  assertLinkAllowsComments(shared);
  const { row, taskRow } = await loadGuestComment(ctx, shared, commentId, guestId);
  let status: TaskStatusRow | undefined;
  if (patch.taskStatusId !== undefined && patch.taskStatusId.toLowerCase() !== row.taskStatusId) {
    try {
      status = await loadClientStatus(ctx, patch.taskStatusId);
    } catch {
      throw new ForbiddenError("The status is not open to guests.");
    }
  }
  const values: Partial<typeof comment.$inferInsert> = { editorId: row.personId };
  if (patch.text !== undefined) values.text = patch.text;
  if (patch.checklist !== undefined) values.checklist = toPlainJson(patch.checklist) ?? [];
  if (status !== undefined) values.taskStatusId = status.id;

  await ctx.db.transaction(async (tx) => {
    await tx.update(comment).set(values).where(eq(comment.id, row.id));
    if (status !== undefined && status.id !== taskRow.taskStatusId) {
      await writeTaskUpdate(tx, ctx, taskRow, { taskStatusId: status.id }, status);
      const change = { task_id: taskRow.id, new_task_status_id: status.id, previous_task_status_id: taskRow.taskStatusId, person_id: row.personId };
      await recordEvent(tx, ctx, { name: "task:status-changed", projectId: taskRow.projectId, data: change });
    }
    await recordEvent(tx, ctx, { name: "comment:update", projectId: taskRow.projectId, data: { comment_id: row.id, task_id: taskRow.id } });
  });
  return commentJson(ctx, row.id);
}

/**
 * Deletes the guest's own comment with its attachments, then sets the task
 * back to the status of its latest remaining comment. Events comment:delete,
 * task:update and, when the status moves, task:status-changed.
 */
export async function deleteGuestComment(ctx: RequestContext, shared: SharedPlaylist, commentId: string, guestId: string): Promise<void> {
  assertLinkAllowsComments(shared);
  const { row, taskRow } = await loadGuestComment(ctx, shared, commentId, guestId);
  const files = await ctx.db.orm.select({ id: attachmentFile.id }).from(attachmentFile).where(eq(attachmentFile.commentId, row.id));

  await ctx.db.transaction(async (tx) => {
    // A parallel deletion of the same comment waits on the row lock, then finds no row.
    const [locked] = await tx.select({ id: comment.id }).from(comment).where(eq(comment.id, row.id)).for("update");
    if (locked === undefined) throw new NotFoundError("Comment not found.");
    await deleteCommentRows(tx, row.id);
    await recordEvent(tx, ctx, { name: "comment:delete", projectId: taskRow.projectId, data: { comment_id: row.id, task_id: taskRow.id } });
    const latestStatusId = await resetTaskFromComments(tx, ctx, taskRow);
    if (latestStatusId !== null && latestStatusId !== taskRow.taskStatusId) {
      const change = { task_id: taskRow.id, new_task_status_id: latestStatusId, previous_task_status_id: taskRow.taskStatusId, person_id: row.personId };
      await recordEvent(tx, ctx, { name: "task:status-changed", projectId: taskRow.projectId, data: change });
    }
  });
  await removeStoredFiles(ctx, files.map((file) => file.id));
}

/** Checks the guest may attach files to the comment, before the upload is read. */
export async function assertCanAttachAsGuest(ctx: RequestContext, shared: SharedPlaylist, commentId: string, guestId: string): Promise<void> {
  assertLinkAllowsComments(shared);
  await loadGuestComment(ctx, shared, commentId, guestId);
}

/** Links stored files to the guest's own comment and returns the comment. Event comment:update. */
export async function addGuestAttachments(ctx: RequestContext, shared: SharedPlaylist, commentId: string, guestId: string, files: readonly StoredAttachment[]): Promise<ZouJson> {
  assertLinkAllowsComments(shared);
  const { row, taskRow } = await loadGuestComment(ctx, shared, commentId, guestId);
  await ctx.db.transaction(async (tx) => {
    await insertAttachmentRows(tx, row.id, files);
    await recordEvent(tx, ctx, { name: "comment:update", projectId: taskRow.projectId, data: { comment_id: row.id, task_id: taskRow.id } });
  });
  return commentJson(ctx, row.id);
}

/** Removes one attachment of the guest's own comment; NOT_FOUND when the file belongs to another comment. Event comment:update. */
export async function removeGuestAttachment(ctx: RequestContext, shared: SharedPlaylist, commentId: string, guestId: string, attachmentFileId: string): Promise<void> {
  assertLinkAllowsComments(shared);
  const { row, taskRow } = await loadGuestComment(ctx, shared, commentId, guestId);
  const [file] = isUuid(attachmentFileId)
    ? await ctx.db.orm.select().from(attachmentFile).where(and(eq(attachmentFile.id, attachmentFileId.toLowerCase()), eq(attachmentFile.commentId, row.id))).limit(1)
    : [];
  if (file === undefined) throw new NotFoundError("Attachment file not found.");
  await ctx.db.transaction(async (tx) => {
    await tx.delete(attachmentFile).where(eq(attachmentFile.id, file.id));
    await recordEvent(tx, ctx, { name: "comment:update", projectId: taskRow.projectId, data: { comment_id: row.id, task_id: taskRow.id } });
  });
  await removeStoredFiles(ctx, [file.id]);
}

/**
 * Applies a guest's drawing changes (Zou's additions, updates and deletions)
 * to a preview of the playlist, with the row locked while they are merged.
 * Event preview-file:annotation-update. Returns the preview file.
 */
export async function updateGuestAnnotations(ctx: RequestContext, shared: SharedPlaylist, guestId: string, previewFileId: string, body: unknown): Promise<ZouJson> {
  assertLinkAllowsComments(shared);
  const guest = await getLinkGuest(ctx, shared, guestId);
  const preview = await getSharedPreview(ctx, shared, previewFileId);
  const changes = parseAnnotationChanges(body);

  return ctx.db.transaction(async (tx) => {
    const [locked] = await tx.select({ annotations: previewFile.annotations }).from(previewFile).where(eq(previewFile.id, preview.id)).for("update");
    const previous = Array.isArray(locked?.annotations) ? (locked.annotations as Annotation[]) : [];
    const [row] = await tx
      .update(previewFile)
      .set({ annotations: applyAnnotationChanges(previous, changes), updatedAt: new Date() })
      .where(eq(previewFile.id, preview.id))
      .returning();
    const json = toZouJson(previewFile, row, "PreviewFile");
    await recordEvent(tx, ctx, {
      name: "preview-file:annotation-update",
      projectId: shared.playlist.projectId,
      data: { preview_file_id: preview.id, person_id: guest.id, updated_at: json.updated_at },
    });
    return json;
  });
}

/** Removes stored attachment files whose rows are gone; a failure is logged, because no row points at them any more. */
async function removeStoredFiles(ctx: RequestContext, ids: readonly string[]): Promise<void> {
  if (ids.length === 0) return;
  const store = getMediaServices(ctx.services).store;
  const results = await Promise.allSettled(ids.map((id) => store.delete(attachmentKey(id))));
  const failed = results.filter((result) => result.status === "rejected").length;
  if (failed > 0) ctx.log.warn({ failed, total: ids.length }, "Failed to remove stored attachment files of a guest comment.");
}

import { randomUUID } from "node:crypto";
import { and, count, desc, eq, max } from "drizzle-orm";
import { comment, commentAcknoledgments, commentMentions, commentPreviewLink, previewFile } from "../../schema/comments.js";
import { news, notification } from "../../schema/notifications.js";
import { task, taskStatus } from "../../schema/tasks.js";
import { effectiveProjectRole } from "../auth/permissions.js";
import type { RequestContext } from "../context.js";
import { requireViewer } from "../context.js";
import type { Orm } from "../db/index.js";
import { BadRequestError, ForbiddenError, NotFoundError } from "../errors.js";
import { recordEvent } from "../events/events.service.js";
import { parseId } from "../ids.js";
import { getReadableTask, getTaskOrThrow, writeTaskUpdate } from "../tasks/tasks.service.js";
import type { TaskRow } from "../tasks/tasks.loaders.js";
import { insertAttachmentRows, type StoredAttachment } from "./comment-attachments.js";
import { resetTaskFromComments } from "./comment-removal.js";
import { assertCanComment, getCommentOrThrow, getReadableComment, notifyComment } from "./comments.service.js";
import type { CommentRow, PreviewFileRow } from "./comments.loaders.js";

// Actions on an existing comment, as Zou's comment and task routes run them:
// adding an empty preview revision for the client to upload into, toggling
// the viewer's acknowledgement, and attaching files.

/** Loads a comment and checks that it belongs to the task of the path, so one task's rights never reach another task's comment. */
async function getCommentOfTask(ctx: RequestContext, taskRow: TaskRow, commentId: string, readable: boolean): Promise<CommentRow> {
  const row = readable ? await getReadableComment(ctx, commentId) : await getCommentOrThrow(ctx, commentId);
  if (row.objectId !== taskRow.id) throw new NotFoundError("Comment not found.");
  return row;
}

interface RevisionSlot {
  revision: number;
  position: number;
}

/**
 * Picks the revision and position of a comment's next preview as Zou does.
 * The first preview of a comment opens the task's next revision, or the one
 * given, which must be free. Later previews join the comment's revision at
 * the next position.
 */
async function pickRevisionSlot(tx: Orm, taskId: string, commentId: string, requested: number | null): Promise<RevisionSlot> {
  const existing = await tx
    .select({ revision: previewFile.revision })
    .from(commentPreviewLink)
    .innerJoin(previewFile, eq(previewFile.id, commentPreviewLink.previewFile))
    .where(eq(commentPreviewLink.comment, commentId))
    .orderBy(previewFile.revision, previewFile.position)
    .limit(1);
  const commentRevision = existing[0]?.revision ?? null;

  const nextPosition = async (revision: number): Promise<number> => {
    const [row] = await tx.select({ total: count() }).from(previewFile).where(and(eq(previewFile.taskId, taskId), eq(previewFile.revision, revision)));
    return (row?.total ?? 0) + 1;
  };

  if (requested === null && commentRevision === null) {
    const [row] = await tx.select({ highest: max(previewFile.revision) }).from(previewFile).where(eq(previewFile.taskId, taskId));
    return { revision: (row?.highest ?? 0) + 1, position: 1 };
  }
  if (requested === null) {
    const revision = commentRevision as number;
    return { revision, position: await nextPosition(revision) };
  }
  if (commentRevision === null) {
    const taken = await tx
      .select({ id: previewFile.id })
      .from(previewFile)
      .where(and(eq(previewFile.taskId, taskId), eq(previewFile.revision, requested), eq(previewFile.position, 1)))
      .limit(1);
    if (taken.length > 0) throw new BadRequestError(`Revision ${requested} already exists for this task.`);
  }
  return { revision: requested, position: await nextPosition(requested) };
}

/**
 * Adds an empty preview file to a comment (Zou's add-preview): a revision
 * row in the processing status, which the client then fills through
 * POST /pictures/preview-files/{id}. Needs task action access. Records
 * preview-file:new and comment:update.
 */
export async function addPreviewToComment(ctx: RequestContext, taskId: string, commentId: string, revision: number | null): Promise<PreviewFileRow> {
  const viewer = requireViewer(ctx);
  const taskRow = await getTaskOrThrow(ctx, taskId);
  await assertCanComment(ctx, taskRow);
  const commentRow = await getCommentOfTask(ctx, taskRow, commentId, false);
  if (revision !== null && (!Number.isInteger(revision) || revision < 0)) {
    throw new BadRequestError("revision must be a whole number of at least 0.", { field: "revision" });
  }
  const projectId = taskRow.projectId as string;
  const project = await ctx.loaders.projectById.load(projectId);

  return ctx.db.transaction(async (tx) => {
    const slot = await pickRevisionSlot(tx, taskRow.id, commentRow.id, revision);
    if (slot.position > 1 && project?.isSinglePreviewPerRevision === true) {
      throw new BadRequestError("Only one preview file is allowed per revision for this project.");
    }
    // NOTE(compat): Zou names a new preview with 13 characters of a UUID and
    // defaults its extension to mp4 until the upload sets the real one.
    const [created] = await tx
      .insert(previewFile)
      .values({
        name: randomUUID().slice(0, 13),
        revision: slot.revision,
        position: slot.position,
        taskId: taskRow.id,
        personId: viewer.id,
        source: "webgui",
        extension: "mp4",
        status: "processing",
      })
      .returning();
    await tx.insert(commentPreviewLink).values({ comment: commentRow.id, previewFile: created.id });
    await tx.update(news).set({ previewFileId: created.id }).where(eq(news.commentId, commentRow.id));
    await recordEvent(tx, ctx, { name: "preview-file:new", projectId, data: { preview_file_id: created.id, comment_id: commentRow.id } });
    await recordEvent(tx, ctx, { name: "comment:update", projectId, data: { comment_id: commentRow.id } });
    return created;
  });
}

/**
 * Adds the viewer's acknowledgement to a comment, or removes it when present
 * (Zou's ack toggle). Needs read access to the task and the comment. Records
 * comment:acknowledge or comment:unacknowledge.
 */
export async function toggleCommentAcknowledgement(ctx: RequestContext, taskId: string, commentId: string): Promise<CommentRow> {
  const viewer = requireViewer(ctx);
  const taskRow = await getReadableTask(ctx, taskId);
  const commentRow = await getCommentOfTask(ctx, taskRow, commentId, true);

  return ctx.db.transaction(async (tx) => {
    const removed = await tx
      .delete(commentAcknoledgments)
      .where(and(eq(commentAcknoledgments.comment, commentRow.id), eq(commentAcknoledgments.person, viewer.id)))
      .returning();
    if (removed.length === 0) await tx.insert(commentAcknoledgments).values({ comment: commentRow.id, person: viewer.id });
    const name = removed.length === 0 ? "comment:acknowledge" : "comment:unacknowledge";
    await recordEvent(tx, ctx, { name, projectId: taskRow.projectId, data: { comment_id: commentRow.id, person_id: viewer.id } });
    return commentRow;
  });
}

/** Throws unless the viewer wrote the comment or manages its project, Zou's rule for attaching files afterwards. */
export async function assertCanAttachFiles(ctx: RequestContext, taskId: string, commentId: string): Promise<{ task: TaskRow; comment: CommentRow }> {
  const viewer = requireViewer(ctx);
  const taskRow = await getReadableTask(ctx, parseId(taskId));
  const commentRow = await getCommentOfTask(ctx, taskRow, commentId, true);
  if (commentRow.personId !== viewer.id) {
    const role = await effectiveProjectRole(ctx, taskRow.projectId ?? "");
    if (role !== "admin" && role !== "manager") throw new ForbiddenError();
  }
  return { task: taskRow, comment: commentRow };
}

/**
 * Attaches stored files to an existing comment. The caller stored the files
 * and removes them if this throws, so a failure leaves neither rows nor
 * files. Records comment:update.
 */
export async function addAttachmentsToComment(ctx: RequestContext, target: { task: TaskRow; comment: CommentRow }, files: readonly StoredAttachment[]) {
  return ctx.db.transaction(async (tx) => {
    const rows = await insertAttachmentRows(tx, target.comment.id, files);
    await tx.update(comment).set({ updatedAt: new Date() }).where(eq(comment.id, target.comment.id));
    await recordEvent(tx, ctx, { name: "comment:update", projectId: target.task.projectId, data: { comment_id: target.comment.id } });
    return rows;
  });
}

/** Lists the preview files of a task the viewer may read, newest revision first as Zou lists them. */
export async function listTaskPreviewFiles(ctx: RequestContext, taskId: string): Promise<PreviewFileRow[]> {
  const taskRow = await getReadableTask(ctx, taskId);
  return ctx.db.orm.select().from(previewFile).where(eq(previewFile.taskId, taskRow.id)).orderBy(desc(previewFile.revision), previewFile.position);
}

/**
 * Moves a comment to another task of the same entity (Zou's move route):
 * admins and managers of the project only, never a comment that carries
 * previews. Both tasks get their status and last comment date back from
 * their latest comment; the comment's notifications and news are rebuilt on
 * the target task. Records comment:delete then comment:new.
 */
export async function moveCommentToTask(ctx: RequestContext, taskId: string, commentId: string, targetTaskId: string): Promise<CommentRow> {
  const source = await getReadableTask(ctx, taskId);
  const role = await effectiveProjectRole(ctx, source.projectId ?? "");
  if (role !== "admin" && role !== "manager") throw new ForbiddenError();
  const moved = await getCommentOfTask(ctx, source, commentId, true);
  const target = await getReadableTask(ctx, parseId(targetTaskId));

  if (target.id === source.id) throw new BadRequestError("Source and target tasks must be different.");
  if (target.entityId !== source.entityId) throw new BadRequestError("A comment can only be moved between tasks of the same entity.");
  if (moved.previewFileId !== null || moved.hasPreviews) throw new BadRequestError("A comment attached to a preview revision cannot be moved.");
  const entityRow = target.entityId === null ? null : await ctx.loaders.entityById.load(target.entityId);

  return ctx.db.transaction(async (tx) => {
    await tx.delete(notification).where(eq(notification.commentId, moved.id));
    await tx.delete(news).where(eq(news.commentId, moved.id));
    const [updated] = await tx.update(comment).set({ objectId: target.id }).where(eq(comment.id, moved.id)).returning();
    await resetTaskFromComments(tx, ctx, source);
    await resetTaskFromComments(tx, ctx, target);

    await recordEvent(tx, ctx, { name: "comment:delete", projectId: source.projectId, data: { comment_id: moved.id } });
    await recordEvent(tx, ctx, { name: "comment:new", projectId: target.projectId, data: { comment_id: moved.id, task_id: target.id, task_status_id: updated.taskStatusId } });
    const mentions = await tx.select({ person: commentMentions.person }).from(commentMentions).where(eq(commentMentions.comment, moved.id));
    await notifyComment(tx, target, updated, mentions.map((row) => row.person), false);
    // Zou leaves concepts out of the news feed.
    if (entityRow !== null && entityRow.entityTypeName !== "Concept") {
      await tx.insert(news).values({ change: false, authorId: updated.personId, commentId: updated.id, taskId: target.id, createdAt: updated.createdAt ?? undefined });
    }
    return { ...updated, projectId: target.projectId, hasPreviews: false, authorRole: moved.authorRole };
  });
}

/** Finds the status Zou's to-review route sets: the one named "To review", else the one with short name "pndng", created when missing. */
async function getOrCreateToReviewStatus(tx: Orm): Promise<typeof taskStatus.$inferSelect> {
  const [byName] = await tx.select().from(taskStatus).where(and(eq(taskStatus.name, TO_REVIEW_STATUS_NAME), eq(taskStatus.forConcept, false))).limit(1);
  if (byName !== undefined) return byName;
  const [byShortName] = await tx.select().from(taskStatus).where(and(eq(taskStatus.shortName, "pndng"), eq(taskStatus.forConcept, false))).limit(1);
  if (byShortName !== undefined) return byShortName;
  const [created] = await tx.insert(taskStatus).values({ name: TO_REVIEW_STATUS_NAME, shortName: "pndng", color: "#f5f5f5" }).returning();
  return created;
}

const TO_REVIEW_STATUS_NAME = "To review";

export interface ToReviewInput {
  personId: string | null;
  comment: string | null;
  changeStatus: boolean;
}

/**
 * Zou's deprecated to-review action: moves the task to the "To review"
 * status (unless changeStatus is false) and records task:to-review with the
 * comment. Kumiki needs task action access here, where Zou only checks that
 * the caller can read the task.
 */
export async function sendTaskToReview(ctx: RequestContext, taskId: string, input: ToReviewInput) {
  const viewer = requireViewer(ctx);
  const current = await getReadableTask(ctx, taskId);
  await assertCanComment(ctx, current);
  const person = input.personId === null ? viewer.person : await ctx.loaders.personById.load(parseId(input.personId));
  if (person === null) throw new BadRequestError("Cannot find given person.");

  const updated = await ctx.db.transaction(async (tx) => {
    let row: TaskRow = current;
    if (input.changeStatus) {
      const status = await getOrCreateToReviewStatus(tx);
      row = { ...current, ...(await writeTaskUpdate(tx, ctx, current, { taskStatusId: status.id }, status)) };
    }
    await recordEvent(tx, ctx, {
      name: "task:to-review",
      projectId: current.projectId,
      data: { task_id: current.id, previous_task_status_id: current.taskStatusId, person_id: person.id, comment: input.comment ?? "", change_status: input.changeStatus },
    });
    return row;
  });
  return { task: updated, person };
}

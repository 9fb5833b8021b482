import { and, asc, desc, eq } from "drizzle-orm";
import { comment, commentPreviewLink, previewFile } from "../../schema/comments.js";
import { entity } from "../../schema/entities.js";
import { news } from "../../schema/notifications.js";
import { task } from "../../schema/tasks.js";
import type { RequestContext } from "../context.js";
import { NotFoundError } from "../errors.js";
import { recordEvent } from "../events/events.service.js";
import { getReadableTask } from "../tasks/tasks.service.js";
import { getCommentOrThrow } from "./comments.service.js";

// Removing a preview file from a comment of the task panel, as Zou's
// preview deletion does: the entity and news rows stop pointing at it, and
// the task's last preview falls back to its newest remaining preview.

export interface RemovedCommentPreview {
  previewFileId: string;
  /** The task's last_preview_file_id after the removal. */
  lastPreviewFileId: string | null;
}

/**
 * Deletes a preview file attached to a comment of the task. Any member of
 * the task's project who may read the task may do it, as in Zou (vendors only on
 * their tasks). NOT_FOUND when the comment is not on the task, or the
 * preview is not on the comment or belongs to another task.
 */
export async function removeCommentPreview(ctx: RequestContext, taskId: string, commentId: string, previewFileId: string): Promise<RemovedCommentPreview> {
  const taskRow = await getReadableTask(ctx, taskId);
  const commentRow = await getCommentOrThrow(ctx, commentId);
  if (commentRow.objectId !== taskRow.id) throw new NotFoundError("Comment not found.");
  const [preview] = await ctx.db.orm.select({ taskId: previewFile.taskId }).from(previewFile).where(eq(previewFile.id, previewFileId)).limit(1);
  const attached = preview?.taskId === taskRow.id && (commentRow.previewFileId === previewFileId || (await isLinked(ctx, commentId, previewFileId)));
  if (!attached) throw new NotFoundError("Preview file not found on this comment.");

  return ctx.db.transaction(async (tx) => {
    await tx.update(entity).set({ previewFileId: null }).where(eq(entity.previewFileId, previewFileId));
    await tx.update(news).set({ previewFileId: null }).where(eq(news.previewFileId, previewFileId));
    await tx.update(comment).set({ previewFileId: null }).where(eq(comment.previewFileId, previewFileId));
    await tx.delete(commentPreviewLink).where(eq(commentPreviewLink.previewFile, previewFileId));
    await tx.delete(previewFile).where(eq(previewFile.id, previewFileId));
    await recordEvent(tx, ctx, { name: "preview-file:delete", projectId: taskRow.projectId, data: { preview_file_id: previewFileId, task_id: taskRow.id } });

    let lastPreviewFileId = taskRow.lastPreviewFileId;
    if (taskRow.lastPreviewFileId === previewFileId) {
      const [newest] = await tx
        .select({ id: previewFile.id })
        .from(previewFile)
        .where(eq(previewFile.taskId, taskRow.id))
        .orderBy(desc(previewFile.createdAt), asc(previewFile.id))
        .limit(1);
      lastPreviewFileId = newest?.id ?? null;
      await tx.update(task).set({ lastPreviewFileId }).where(eq(task.id, taskRow.id));
      await recordEvent(tx, ctx, { name: "task:update", projectId: taskRow.projectId, data: { task_id: taskRow.id } });
    }
    return { previewFileId, lastPreviewFileId };
  });
}

async function isLinked(ctx: RequestContext, commentId: string, previewFileId: string): Promise<boolean> {
  const rows = await ctx.db.orm
    .select({ comment: commentPreviewLink.comment })
    .from(commentPreviewLink)
    .where(and(eq(commentPreviewLink.comment, commentId), eq(commentPreviewLink.previewFile, previewFileId)))
    .limit(1);
  return rows.length > 0;
}

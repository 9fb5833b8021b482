import { desc, eq } from "drizzle-orm";
import { attachmentFile, comment, commentAcknoledgments, commentDepartmentMentions, commentMentions, commentPreviewLink } from "../../schema/comments.js";
import { news, notification } from "../../schema/notifications.js";
import { task, taskStatus } from "../../schema/tasks.js";
import type { RequestContext } from "../context.js";
import type { Orm } from "../db/index.js";
import { writeTaskUpdate } from "../tasks/tasks.service.js";
import type { TaskRow } from "../tasks/tasks.loaders.js";

// What every way of removing a comment from a task shares: the rows that
// reference the comment, and the task's status and date, which follow its
// latest remaining comment.

/** Deletes a comment with its notifications, news, preview links, mentions, acknowledgements and attachment rows. */
export async function deleteCommentRows(tx: Orm, commentId: string): Promise<void> {
  await tx.delete(notification).where(eq(notification.commentId, commentId));
  await tx.delete(news).where(eq(news.commentId, commentId));
  await tx.delete(commentPreviewLink).where(eq(commentPreviewLink.comment, commentId));
  await tx.delete(commentMentions).where(eq(commentMentions.comment, commentId));
  await tx.delete(commentDepartmentMentions).where(eq(commentDepartmentMentions.comment, commentId));
  await tx.delete(commentAcknoledgments).where(eq(commentAcknoledgments.comment, commentId));
  await tx.delete(attachmentFile).where(eq(attachmentFile.commentId, commentId));
  await tx.delete(comment).where(eq(comment.id, commentId));
}

/**
 * Sets a task back to the status and date of its latest comment, as Zou
 * resets task data after a comment leaves it. Returns the status of that
 * comment, or null when the task has no comment with a status left.
 */
export async function resetTaskFromComments(tx: Orm, ctx: RequestContext, taskRow: TaskRow): Promise<string | null> {
  const [latest] = await tx
    .select({ taskStatusId: comment.taskStatusId, createdAt: comment.createdAt })
    .from(comment)
    .where(eq(comment.objectId, taskRow.id))
    .orderBy(desc(comment.createdAt))
    .limit(1);
  const changes: Partial<typeof task.$inferInsert> = { lastCommentDate: latest?.createdAt ?? null };
  const latestStatusId = latest?.taskStatusId ?? null;
  if (latestStatusId !== null) changes.taskStatusId = latestStatusId;
  const [status] = latestStatusId === null ? [] : await tx.select().from(taskStatus).where(eq(taskStatus.id, latestStatusId));
  await writeTaskUpdate(tx, ctx, taskRow, changes, status);
  return latestStatusId;
}

import { randomUUID } from "node:crypto";
import { and, eq, inArray } from "drizzle-orm";
import { attachmentFile, comment, commentMentions } from "../../schema/comments.js";
import { notification, subscription } from "../../schema/notifications.js";
import { person } from "../../schema/people.js";
import { projectPersonLink } from "../../schema/projects.js";
import { taskPersonLink } from "../../schema/tasks.js";
import { effectiveProjectRole, isAdmin } from "../auth/permissions.js";
import type { RequestContext } from "../context.js";
import { requireViewer } from "../context.js";
import type { Orm } from "../db/index.js";
import { AppError, ForbiddenError, NotFoundError } from "../errors.js";
import { recordEvent } from "../events/events.service.js";
import { getMediaServices } from "../previews/media.js";
import { formatZouTimestamp, toZouJson, type ZouJson } from "../rest/zou-json.js";
import { fullName, type PersonRow } from "../people/person.json.js";
import { getTaskOrThrow } from "../tasks/tasks.service.js";
import type { TaskRow } from "../tasks/tasks.loaders.js";
import { attachmentKey } from "./comment-attachments.js";
import { assertCanComment, getCommentOrThrow } from "./comments.service.js";
import type { CommentRow } from "./comments.loaders.js";

// Replies live inside comment.replies (a JSON list), as in Zou: each reply
// has its own id, author, text, date and mentions. Deleting one also removes
// its attachment files and notifications. Deleting an attachment removes its
// row first and its stored file after the commit.

interface StoredReply {
  id: string;
  person_id: string;
  text: string;
  date: string;
  created_at: string;
  mentions: string[];
  department_mentions: string[];
  [key: string]: unknown;
}

function repliesOf(row: CommentRow): StoredReply[] {
  return Array.isArray(row.replies) ? (row.replies as StoredReply[]) : [];
}

/** Builds the short person Zou embeds in a reply. */
function shortPersonJson(row: PersonRow): ZouJson {
  return {
    id: row.id,
    type: "Person",
    first_name: row.firstName,
    last_name: row.lastName,
    full_name: fullName(row),
    has_avatar: row.hasAvatar,
    active: row.active,
    departments: [],
    studio_id: row.studioId,
  };
}

/** Loads the comment and checks it belongs to the task, as Zou does (FORBIDDEN otherwise). */
async function getTaskComment(ctx: RequestContext, taskId: string, commentId: string): Promise<{ task: TaskRow; comment: CommentRow }> {
  const row = await getCommentOrThrow(ctx, commentId);
  if (row.objectId !== taskId) throw new ForbiddenError();
  const taskRow = await getTaskOrThrow(ctx, taskId);
  return { task: taskRow, comment: row };
}

/** Checks whether a comment of the task mentions the person. */
async function isMentionedOnTask(ctx: RequestContext, taskId: string, personId: string): Promise<boolean> {
  const rows = await ctx.db.orm
    .select({ id: commentMentions.comment })
    .from(commentMentions)
    .innerJoin(comment, eq(comment.id, commentMentions.comment))
    .where(and(eq(comment.objectId, taskId), eq(commentMentions.person, personId)))
    .limit(1);
  return rows.length > 0;
}

/**
 * Zou's reply rule: the comment's author, anyone who may act on the task, or
 * a person (not a vendor) mentioned on the task.
 */
async function assertCanReply(ctx: RequestContext, target: { task: TaskRow; comment: CommentRow }): Promise<void> {
  const viewer = requireViewer(ctx);
  if (target.comment.personId === viewer.id) return;
  try {
    await assertCanComment(ctx, target.task);
    return;
  } catch (error) {
    if (!(error instanceof AppError) || error.code !== "FORBIDDEN") throw error;
  }
  const role = target.task.projectId === null ? null : await effectiveProjectRole(ctx, target.task.projectId);
  if (role === null || role === "vendor") throw new ForbiddenError();
  if (!(await isMentionedOnTask(ctx, target.task.id, viewer.id))) throw new ForbiddenError();
}

/** Finds the team members whose full name follows an @ in the text. */
async function findMentionedPeople(tx: Orm, projectId: string, text: string): Promise<string[]> {
  if (!text.includes("@")) return [];
  const team = await tx
    .select({ id: person.id, firstName: person.firstName, lastName: person.lastName })
    .from(projectPersonLink)
    .innerJoin(person, eq(person.id, projectPersonLink.personId))
    .where(eq(projectPersonLink.projectId, projectId));
  return team.filter((member) => text.includes(`@${fullName(member)}`)).map((member) => member.id);
}

/**
 * Notifies the task's assignees and followers, earlier repliers and the
 * comment's author (type "reply"), then the people mentioned in the reply
 * (type "reply-mention"). The reply's author is never notified.
 */
async function notifyReply(tx: Orm, target: { task: TaskRow; comment: CommentRow }, reply: StoredReply, earlier: StoredReply[]): Promise<void> {
  // NOTE(compat): Zou also notifies the followers of the shot's sequence for this task type; they are left out here.
  const recipients = new Set<string>();
  const assignees = await tx.select({ personId: taskPersonLink.personId }).from(taskPersonLink).where(eq(taskPersonLink.taskId, target.task.id));
  for (const link of assignees) recipients.add(link.personId);
  const followers = await tx.select({ personId: subscription.personId }).from(subscription).where(eq(subscription.taskId, target.task.id));
  for (const link of followers) recipients.add(link.personId);
  for (const previous of earlier) recipients.add(previous.person_id);
  recipients.add(target.comment.personId);
  recipients.delete(reply.person_id);

  const base = { authorId: reply.person_id, commentId: target.comment.id, taskId: target.task.id, replyId: reply.id, read: false, change: false };
  const rows = [
    ...[...recipients].map((personId) => ({ ...base, personId, type: "reply" })),
    ...reply.mentions.filter((personId) => personId !== reply.person_id).map((personId) => ({ ...base, personId, type: "reply-mention" })),
  ];
  if (rows.length > 0) await tx.insert(notification).values(rows).onConflictDoNothing();
}

/** Adds a reply to a comment; event comment:reply. Returns the reply with its author, as Zou does. */
export async function replyToComment(ctx: RequestContext, taskId: string, commentId: string, text: string): Promise<ZouJson> {
  const viewer = requireViewer(ctx);
  const target = await getTaskComment(ctx, taskId, commentId);
  await assertCanReply(ctx, target);
  const projectId = target.task.projectId as string;
  const now = formatZouTimestamp(new Date()) as string;

  return ctx.db.transaction(async (tx) => {
    const mentions = await findMentionedPeople(tx, projectId, text);
    const reply: StoredReply = { id: randomUUID(), date: now, person_id: viewer.id, text, mentions, department_mentions: [], created_at: now };
    const earlier = repliesOf(target.comment);
    await tx.update(comment).set({ replies: [...earlier, reply] }).where(eq(comment.id, target.comment.id));
    await recordEvent(tx, ctx, { name: "comment:reply", projectId, data: { task_id: target.task.id, comment_id: target.comment.id, reply_id: reply.id } });
    await notifyReply(tx, target, reply, earlier);
    return { ...reply, person: shortPersonJson(viewer.person) };
  });
}

/** Deletes a reply (its author or an admin) with its attachments and notifications; event comment:delete-reply. */
export async function deleteCommentReply(ctx: RequestContext, taskId: string, commentId: string, replyId: string): Promise<ZouJson> {
  const viewer = requireViewer(ctx);
  const target = await getTaskComment(ctx, taskId, commentId);
  const replies = repliesOf(target.comment);
  const reply = replies.find((candidate) => candidate.id === replyId);
  if (reply === undefined) throw new NotFoundError("Reply not found.");
  if (reply.person_id !== viewer.id && !isAdmin(viewer)) throw new ForbiddenError();

  const removed = await ctx.db.transaction(async (tx) => {
    const files = await tx
      .delete(attachmentFile)
      .where(and(eq(attachmentFile.commentId, target.comment.id), eq(attachmentFile.replyId, replyId)))
      .returning({ id: attachmentFile.id });
    const [updated] = await tx.update(comment).set({ replies: replies.filter((candidate) => candidate.id !== replyId) }).where(eq(comment.id, target.comment.id)).returning();
    await tx.delete(notification).where(eq(notification.replyId, replyId));
    await recordEvent(tx, ctx, { name: "comment:delete-reply", projectId: target.task.projectId, data: { task_id: target.task.id, comment_id: target.comment.id, reply_id: replyId } });
    return { files, updated };
  });
  await removeStoredAttachments(ctx, removed.files.map((file) => file.id));
  return toZouJson(comment, removed.updated, "Comment");
}

/** Deletes one attachment of a comment: the comment's author or a manager of the project. */
export async function deleteCommentAttachment(ctx: RequestContext, taskId: string, commentId: string, attachmentFileId: string): Promise<boolean> {
  const viewer = requireViewer(ctx);
  const target = await getTaskComment(ctx, taskId, commentId);
  const [file] = await ctx.db.orm.select().from(attachmentFile).where(eq(attachmentFile.id, attachmentFileId)).limit(1);
  if (file === undefined) throw new NotFoundError("Attachment file not found.");
  if (file.commentId !== target.comment.id) throw new ForbiddenError();
  if (target.comment.personId !== viewer.id) {
    const role = target.task.projectId === null ? null : await effectiveProjectRole(ctx, target.task.projectId);
    if (role !== "admin" && role !== "manager") throw new ForbiddenError();
  }

  await ctx.db.transaction(async (tx) => {
    await tx.delete(attachmentFile).where(inArray(attachmentFile.id, [file.id]));
    await recordEvent(tx, ctx, { name: "comment:update", projectId: target.task.projectId, data: { comment_id: target.comment.id, task_id: target.task.id } });
  });
  await removeStoredAttachments(ctx, [file.id]);
  return true;
}

/** Removes stored files whose rows are gone; a failure is logged, because the rows no longer point at them. */
async function removeStoredAttachments(ctx: RequestContext, ids: readonly string[]): Promise<void> {
  const store = getMediaServices(ctx.services).store;
  const results = await Promise.allSettled(ids.map((id) => store.delete(attachmentKey(id))));
  const failed = results.filter((result) => result.status === "rejected").length;
  if (failed > 0) ctx.log.warn({ failed, total: ids.length }, "Failed to remove stored attachment files after their rows were deleted.");
}

import { and, eq, sql } from "drizzle-orm";
import { attachmentFile, chat, chatMessage, comment, commentPreviewLink, previewFile } from "../../schema/comments.js";
import { entity } from "../../schema/entities.js";
import { departmentLink } from "../../schema/people.js";
import { task, taskPersonLink, taskType } from "../../schema/tasks.js";
import { effectiveProjectRole, getReadableProject, isAdmin } from "../auth/permissions.js";
import { requireViewer, type RequestContext } from "../context.js";
import { ForbiddenError, NotFoundError } from "../errors.js";
import { isUuid } from "../ids.js";

// Who may read or change a preview: the rules of the task it belongs to, as
// Zou checks them (task access to read, task action access to upload).

export type PreviewFileRow = typeof previewFile.$inferSelect;
export type TaskRow = typeof task.$inferSelect;
export type AttachmentFileRow = typeof attachmentFile.$inferSelect;

/** Loads a preview file; an unknown or malformed id is a 404, as on Zou's preview routes. */
export async function getPreviewFileOrThrow(ctx: RequestContext, id: string): Promise<PreviewFileRow> {
  requireViewer(ctx);
  if (!isUuid(id)) throw new NotFoundError("Preview file not found.");
  const [row] = await ctx.db.orm.select().from(previewFile).where(eq(previewFile.id, id.toLowerCase()));
  if (row === undefined) throw new NotFoundError("Preview file not found.");
  return row;
}

export async function getTaskOrThrow(ctx: RequestContext, taskId: string | null): Promise<TaskRow> {
  if (taskId === null) throw new NotFoundError("Task not found.");
  const [row] = await ctx.db.orm.select().from(task).where(eq(task.id, taskId));
  if (row === undefined) throw new NotFoundError("Task not found.");
  return row;
}

async function isAssignedToEntityTask(ctx: RequestContext, personId: string, entityId: string | null): Promise<boolean> {
  if (entityId === null) return false;
  const rows = await ctx.db.orm
    .select({ taskId: task.id })
    .from(task)
    .innerJoin(taskPersonLink, eq(taskPersonLink.taskId, task.id))
    .where(and(eq(task.entityId, entityId), eq(taskPersonLink.personId, personId)))
    .limit(1);
  return rows.length > 0;
}

/** Task access: project access, and for a vendor an assignment on one of the entity's tasks. */
export async function assertTaskAccess(ctx: RequestContext, row: TaskRow): Promise<void> {
  const viewer = requireViewer(ctx);
  if (row.projectId === null) throw new ForbiddenError();
  await getReadableProject(ctx, row.projectId);
  const role = await effectiveProjectRole(ctx, row.projectId);
  if (role === "vendor" && !(await isAssignedToEntityTask(ctx, viewer.id, row.entityId))) throw new ForbiddenError();
}

/**
 * Task action access (uploading a preview): admins; the project's managers
 * and clients; the task's assignees; supervisors of the task type's
 * department (or of every department when they belong to none); and the
 * entity's creator.
 */
export async function assertTaskAction(ctx: RequestContext, row: TaskRow): Promise<void> {
  const viewer = requireViewer(ctx);
  if (isAdmin(viewer)) return;
  if (row.projectId === null) throw new ForbiddenError();
  await getReadableProject(ctx, row.projectId);
  const role = await effectiveProjectRole(ctx, row.projectId);
  if (role === "manager" || role === "client") return;

  const assigned = await ctx.db.orm
    .select({ personId: taskPersonLink.personId })
    .from(taskPersonLink)
    .where(and(eq(taskPersonLink.taskId, row.id), eq(taskPersonLink.personId, viewer.id)));
  if (assigned.length > 0) return;

  if (role === "supervisor") {
    const departments = await ctx.db.orm.select({ id: departmentLink.departmentId }).from(departmentLink).where(eq(departmentLink.personId, viewer.id));
    if (departments.length === 0) return;
    const [type] = row.taskTypeId === null ? [] : await ctx.db.orm.select({ departmentId: taskType.departmentId }).from(taskType).where(eq(taskType.id, row.taskTypeId));
    if (type?.departmentId != null && departments.some((department) => department.id === type.departmentId)) return;
  }

  if (row.entityId !== null) {
    const [owner] = await ctx.db.orm.select({ createdBy: entity.createdBy }).from(entity).where(eq(entity.id, row.entityId));
    if (owner?.createdBy === viewer.id) return;
  }
  throw new ForbiddenError();
}

/** Reading a preview's files needs task access on its task. */
export async function assertCanReadPreview(ctx: RequestContext, preview: PreviewFileRow): Promise<void> {
  await assertTaskAccess(ctx, await getTaskOrThrow(ctx, preview.taskId));
}

/**
 * Thumbnails follow the task rule too, except that the main preview of an
 * entity shared with other productions is readable by any non-vendor.
 */
export async function assertCanReadThumbnail(ctx: RequestContext, preview: PreviewFileRow): Promise<void> {
  const viewer = requireViewer(ctx);
  if (viewer.role !== "vendor") {
    const shared = await ctx.db.orm
      .select({ id: entity.id })
      .from(entity)
      .where(and(eq(entity.previewFileId, preview.id), eq(entity.isShared, true)))
      .limit(1);
    if (shared.length > 0) return;
  }
  await assertCanReadPreview(ctx, preview);
}

/** Comment attachments follow their task; chat attachments their entity; any other attachment is refused. */
export async function assertCanReadAttachment(ctx: RequestContext, attachment: AttachmentFileRow): Promise<void> {
  if (attachment.commentId !== null) {
    const [parent] = await ctx.db.orm.select({ taskId: comment.objectId }).from(comment).where(eq(comment.id, attachment.commentId));
    if (parent === undefined) throw new NotFoundError("Comment not found.");
    await assertTaskAccess(ctx, await getTaskOrThrow(ctx, parent.taskId));
    return;
  }
  if (attachment.chatMessageId !== null) {
    const [parent] = await ctx.db.orm
      .select({ entityId: chat.objectId, projectId: entity.projectId })
      .from(chatMessage)
      .innerJoin(chat, eq(chat.id, chatMessage.chatId))
      .innerJoin(entity, eq(entity.id, chat.objectId))
      .where(eq(chatMessage.id, attachment.chatMessageId));
    if (parent === undefined) throw new NotFoundError("Chat message not found.");
    const viewer = requireViewer(ctx);
    await getReadableProject(ctx, parent.projectId);
    const role = await effectiveProjectRole(ctx, parent.projectId);
    if (role === "vendor" && !(await isAssignedToEntityTask(ctx, viewer.id, parent.entityId))) throw new ForbiddenError();
    return;
  }
  throw new ForbiddenError();
}

/** The comment a preview file is attached to, if any (directly or through comment_preview_link). */
export async function findCommentOfPreview(ctx: Pick<RequestContext, "db">, previewFileId: string): Promise<string | null> {
  const rows = await ctx.db.orm
    .select({ id: comment.id })
    .from(comment)
    .where(
      sql`${comment.previewFileId} = ${previewFileId} or exists (select 1 from ${commentPreviewLink} where ${commentPreviewLink.comment} = ${comment.id} and ${commentPreviewLink.previewFile} = ${previewFileId})`,
    )
    .limit(1);
  return rows[0]?.id ?? null;
}

import { and, eq, sql } from "drizzle-orm";
import { comment, commentDepartmentMentions, commentMentions } from "../../schema/comments.js";
import { notification, news, subscription } from "../../schema/notifications.js";
import { person } from "../../schema/people.js";
import { projectPersonLink } from "../../schema/projects.js";
import { task, taskPersonLink } from "../../schema/tasks.js";
import { effectiveProjectRole, getReadableProject } from "../auth/permissions.js";
import type { GlobalRole, RequestContext } from "../context.js";
import { requireViewer } from "../context.js";
import type { Orm } from "../db/index.js";
import { BadRequestError, ForbiddenError, NotFoundError } from "../errors.js";
import { recordEvent } from "../events/events.service.js";
import { toPlainJson } from "../entities/entities.service.js";
import { parseId } from "../ids.js";
import { fullName } from "../people/person.json.js";
import { getTaskOrThrow, getTaskStatusOrThrow, writeTaskUpdate } from "../tasks/tasks.service.js";
import type { TaskRow, TaskStatusRow } from "../tasks/tasks.loaders.js";
import { insertAttachmentRows, type StoredAttachment } from "./comment-attachments.js";
import { findMentionedDepartments, listDepartmentTeam, mentionsName } from "./comment-mentions.js";
import { redactComment, type CommentRow } from "./comments.loaders.js";
import { deleteCommentRows, resetTaskFromComments } from "./comment-removal.js";

// Commenting a task follows Zou's flow. Check who may act on the task and
// which status they may set, then insert the comment with its mentions.
// Then move the task to the comment's status (dates, retake count) and
// notify the assignees, the followers and the people mentioned.

export interface CommentTaskInput {
  taskId: string;
  /** The status set with the comment; the task's current status when absent. */
  taskStatusId?: string | null;
  text?: string | null;
  checklist?: unknown[] | null;
  links?: string[] | null;
  forClient?: boolean | null;
  /** Files already in the store, attached to the comment in the same transaction. */
  attachments?: readonly StoredAttachment[];
  /** The author when a manager posts for someone else, as Zou's person_id; ignored for other roles. */
  personId?: string | null;
  /** The creation time when a manager replays history, as Zou's created_at; ignored for other roles. */
  createdAt?: Date | null;
}

export interface UpdateCommentPatch {
  text?: string | null;
  checklist?: unknown[] | null;
  pinned?: boolean | null;
  forClient?: boolean | null;
  links?: string[] | null;
}

/** Loads a comment or throws NOT_FOUND. */
export async function getCommentOrThrow(ctx: RequestContext, id: string): Promise<CommentRow> {
  const row = await ctx.loaders.commentById.load(parseId(id));
  if (row === null) throw new NotFoundError("Comment not found.");
  return row;
}

/**
 * Loads a comment the viewer may read: NOT_FOUND, then FORBIDDEN by the
 * project, vendor, artist and client rules. A client reading a comment only
 * for its previews gets it redacted.
 */
export async function getReadableComment(ctx: RequestContext, id: string): Promise<CommentRow> {
  const row = await getCommentOrThrow(ctx, id);
  const scope = await ctx.loaders.viewerAccess();
  if (!scope.canReadComment(row)) throw new ForbiddenError();
  return redactComment(scope, row);
}

/**
 * Zou's task action access: admins, managers and clients of the project,
 * the task's assignees, supervisors of the task type's department (or of no
 * department) and the creator of the task's entity.
 */
export async function assertCanComment(ctx: RequestContext, row: TaskRow): Promise<GlobalRole> {
  const viewer = requireViewer(ctx);
  if (row.projectId === null) throw new ForbiddenError();
  await getReadableProject(ctx, row.projectId);
  const role = await effectiveProjectRole(ctx, row.projectId);
  if (role === null) throw new ForbiddenError();
  if (role === "admin" || role === "manager" || role === "client") return role;

  const assignees = await ctx.loaders.assigneesByTaskId.load(row.id);
  if (assignees.some((assignee) => assignee.id === viewer.id)) return role;

  if (role === "supervisor") {
    const departments = await ctx.loaders.departmentLinksByPersonId.load(viewer.id);
    const type = row.taskTypeId === null ? null : await ctx.loaders.taskTypeById.load(row.taskTypeId);
    if (departments.length === 0 || departments.some((link) => link.departmentId === type?.departmentId)) return role;
  }

  const target = row.entityId === null ? null : await ctx.loaders.entityById.load(row.entityId);
  if (target !== null && target.createdBy === viewer.id) return role;
  throw new ForbiddenError();
}

/**
 * Zou's access for posting a comment: task action access, or else a team
 * member (not a vendor) mentioned in a comment of the task, who may reply
 * as long as the comment keeps the task's status. Pass no status to check
 * only the person, before the body with the status has been read.
 */
export async function assertCanPostComment(ctx: RequestContext, row: TaskRow, statusId?: string | null): Promise<GlobalRole> {
  const viewer = requireViewer(ctx);
  try {
    return await assertCanComment(ctx, row);
  } catch (error) {
    if (!(error instanceof ForbiddenError) || row.projectId === null) throw error;
    const role = await effectiveProjectRole(ctx, row.projectId);
    if (role === null || role === "vendor") throw error;
    if (statusId !== undefined && statusId !== null && statusId.toLowerCase() !== row.taskStatusId) throw error;
    const mentioned = await ctx.db.orm
      .select({ comment: commentMentions.comment })
      .from(commentMentions)
      .innerJoin(comment, eq(comment.id, commentMentions.comment))
      .where(and(eq(comment.objectId, row.id), eq(commentMentions.person, viewer.id)))
      .limit(1);
    if (mentioned.length === 0) throw error;
    return role;
  }
}

/** Artists and vendors may only set statuses open to artists, clients those open to clients. */
function assertStatusAllowed(role: GlobalRole, status: TaskStatusRow): void {
  if ((role === "user" || role === "vendor") && status.isArtistAllowed === false) {
    throw new ForbiddenError(`The status "${status.name}" is not open to artists.`);
  }
  if (role === "client" && status.isClientAllowed === false) throw new ForbiddenError(`The status "${status.name}" is not open to clients.`);
}

/** Zou's retake cap: the entity's data.max_retakes, else the project's max_retakes; zero means no cap. */
async function assertRetakeAllowed(ctx: RequestContext, row: TaskRow, status: TaskStatusRow): Promise<void> {
  if (!status.isRetake || row.projectId === null) return;
  const project = await ctx.loaders.projectById.load(row.projectId);
  const projectCap = project?.maxRetakes ?? 0;
  if (projectCap <= 0) return;
  const target = row.entityId === null ? null : await ctx.loaders.entityById.load(row.entityId);
  const entityCap = Number((target?.data as Record<string, unknown> | null)?.max_retakes ?? 0);
  const cap = entityCap > 0 ? entityCap : projectCap;
  if ((row.retakeCount ?? 0) >= cap) throw new BadRequestError("No more retakes allowed on this task.");
}

/** Finds the team members of the project whose full name follows an @ and ends with a space or the text. */
async function findMentionedPeople(tx: Orm, projectId: string, text: string): Promise<string[]> {
  if (!text.includes("@")) return [];
  const team = await tx
    .select({ id: person.id, firstName: person.firstName, lastName: person.lastName })
    .from(projectPersonLink)
    .innerJoin(person, eq(person.id, projectPersonLink.personId))
    .where(eq(projectPersonLink.projectId, projectId));
  return team.filter((member) => mentionsName(text, fullName(member))).map((member) => member.id);
}

/**
 * Notifies the task's assignees and followers (of the task, or of the shot's
 * sequence for this task type) of a new comment, then the people mentioned,
 * as Zou's notifications service does. The author is never notified.
 */
export async function notifyComment(tx: Orm, row: TaskRow, created: { id: string; personId: string }, mentionIds: string[], statusChanged: boolean): Promise<void> {
  const recipients = new Set<string>();
  const assignees = await tx.select({ personId: taskPersonLink.personId }).from(taskPersonLink).where(eq(taskPersonLink.taskId, row.id));
  for (const link of assignees) recipients.add(link.personId);
  const followers = await tx.select({ personId: subscription.personId }).from(subscription).where(eq(subscription.taskId, row.id));
  for (const link of followers) recipients.add(link.personId);
  if (row.entityId !== null && row.taskTypeId !== null) {
    const sequenceFollowers = await tx
      .select({ personId: subscription.personId })
      .from(subscription)
      .where(
        and(
          eq(subscription.taskTypeId, row.taskTypeId),
          sql`${subscription.entityId} = (select parent_id from entity where id = ${row.entityId})`,
        ),
      );
    for (const link of sequenceFollowers) recipients.add(link.personId);
  }
  recipients.delete(created.personId);

  const base = { authorId: created.personId, commentId: created.id, taskId: row.id, read: false };
  const rows = [
    ...[...recipients].map((personId) => ({ ...base, personId, change: statusChanged, type: "comment" })),
    ...mentionIds.filter((personId) => personId !== created.personId).map((personId) => ({ ...base, personId, change: false, type: "mention" })),
  ];
  if (rows.length > 0) await tx.insert(notification).values(rows).onConflictDoNothing();
}

/**
 * Picks the author and creation time of a new comment: the viewer and now, except
 * that admins and managers may post for another person or with an earlier
 * date, as Zou lets them when they synchronise or import comments.
 */
async function pickCommentAuthor(ctx: RequestContext, role: GlobalRole, input: CommentTaskInput): Promise<{ personId: string; createdAt?: Date }> {
  const viewer = requireViewer(ctx);
  if (role !== "admin" && role !== "manager") return { personId: viewer.id };
  let personId = viewer.id;
  if (input.personId !== undefined && input.personId !== null && input.personId !== "") {
    const author = await ctx.loaders.personById.load(parseId(input.personId));
    if (author === null) throw new NotFoundError("Person not found.");
    personId = author.id;
  }
  if (input.createdAt === undefined || input.createdAt === null) return { personId };
  return { personId, createdAt: input.createdAt };
}

/** Comments a task, optionally changing its status, and notifies the people concerned. */
export async function commentTask(ctx: RequestContext, input: CommentTaskInput): Promise<CommentRow> {
  const viewer = requireViewer(ctx);
  const current = await getTaskOrThrow(ctx, input.taskId);
  const role = await assertCanPostComment(ctx, current, input.taskStatusId);

  const statusId = input.taskStatusId ?? current.taskStatusId;
  if (statusId === null) throw new BadRequestError("The task has no status; send taskStatusId.");
  const status = await getTaskStatusOrThrow(ctx, statusId);
  assertStatusAllowed(role, status);
  await assertRetakeAllowed(ctx, current, status);
  if (input.checklist !== undefined && input.checklist !== null && !Array.isArray(input.checklist)) throw new BadRequestError("checklist must be a list.");
  const text = input.text ?? "";
  const projectId = current.projectId as string;
  // Read before the transaction: PGlite has one connection, so a loader
  // query issued outside the transaction would wait for it to end.
  const target = current.entityId === null ? null : await ctx.loaders.entityById.load(current.entityId);
  const author = await pickCommentAuthor(ctx, role, input);
  const authorRole = (await ctx.loaders.personById.load(author.personId))?.role ?? null;

  return ctx.db.transaction(async (tx) => {
    const [created] = await tx
      .insert(comment)
      .values({
        ...author,
        objectId: current.id,
        objectType: "Task",
        text,
        checklist: toPlainJson(input.checklist) ?? [],
        links: input.links ?? [],
        // As Zou, only admins and managers show a new comment to clients.
        forClient: role === "admin" || role === "manager" ? (input.forClient ?? false) : false,
        taskStatusId: status.id,
        replies: [],
      })
      .returning();
    await insertAttachmentRows(tx, created.id, input.attachments ?? []);
    const mentionIds = await findMentionedPeople(tx, projectId, text);
    if (mentionIds.length > 0) await tx.insert(commentMentions).values(mentionIds.map((personId) => ({ comment: created.id, person: personId })));
    const departmentIds = await findMentionedDepartments(tx, text);
    if (departmentIds.length > 0) await tx.insert(commentDepartmentMentions).values(departmentIds.map((departmentId) => ({ comment: created.id, department: departmentId })));
    const notifiedIds = [...new Set([...mentionIds, ...(await listDepartmentTeam(tx, projectId, departmentIds))])];
    await recordEvent(tx, ctx, { name: "comment:new", projectId, data: { comment_id: created.id, task_id: current.id, task_status_id: status.id } });

    const statusChanged = status.id !== current.taskStatusId;
    const taskChanges: Partial<typeof task.$inferInsert> = { taskStatusId: status.id, lastCommentDate: created.createdAt };
    if (statusChanged && status.isRetake) taskChanges.retakeCount = (current.retakeCount ?? 0) + 1;
    if (statusChanged && status.isWip && current.realStartDate === null) taskChanges.realStartDate = new Date();
    await writeTaskUpdate(tx, ctx, current, taskChanges, status);
    if (statusChanged) {
      const change = { task_id: current.id, new_task_status_id: status.id, previous_task_status_id: current.taskStatusId, person_id: viewer.id };
      await recordEvent(tx, ctx, { name: "task:status-changed", projectId, data: change });
      if (status.isFeedbackRequest) await recordEvent(tx, ctx, { name: "task:to-review", projectId, data: { ...change, comment_id: created.id } });
    }

    await notifyComment(tx, current, created, notifiedIds, statusChanged);
    // Zou leaves concepts out of the news feed.
    if (target !== null && target.entityTypeName !== "Concept") {
      await tx.insert(news).values({ change: statusChanged, authorId: created.personId, commentId: created.id, taskId: current.id });
    }
    return { ...created, projectId, hasPreviews: false, authorRole };
  });
}

/** Updates a comment's text, checklist, pin or client flag: its author or a manager of the project. */
export async function updateComment(ctx: RequestContext, id: string, patch: UpdateCommentPatch): Promise<CommentRow> {
  const viewer = requireViewer(ctx);
  const current = await getReadableComment(ctx, id);
  const role = await effectiveProjectRole(ctx, current.projectId ?? "");
  const isManagerRole = role === "admin" || role === "manager";
  if (current.personId !== viewer.id && !isManagerRole) throw new ForbiddenError();
  // As Zou: only managers show a comment to clients, and pinning needs a supervisor.
  if (patch.forClient !== undefined && patch.forClient !== null && patch.forClient !== current.forClient && !isManagerRole) throw new ForbiddenError();
  if (patch.pinned !== undefined && patch.pinned !== current.pinned && !isManagerRole && role !== "supervisor") throw new ForbiddenError();
  if (patch.checklist !== undefined && patch.checklist !== null && !Array.isArray(patch.checklist)) throw new BadRequestError("checklist must be a list.");

  const values: Partial<typeof comment.$inferInsert> = {};
  if (patch.text !== undefined) values.text = patch.text ?? "";
  if (patch.checklist !== undefined) values.checklist = toPlainJson(patch.checklist) ?? [];
  if (patch.pinned !== undefined) values.pinned = patch.pinned;
  if (patch.forClient !== undefined && patch.forClient !== null) values.forClient = patch.forClient;
  if (patch.links !== undefined) values.links = patch.links ?? [];
  if (patch.text !== undefined && current.personId !== viewer.id) values.editorId = viewer.id;

  return ctx.db.transaction(async (tx) => {
    const [updated] = await tx.update(comment).set(values).where(eq(comment.id, current.id)).returning();
    await recordEvent(tx, ctx, { name: "comment:update", projectId: current.projectId, data: { comment_id: current.id, task_id: current.objectId } });
    return { ...updated, projectId: current.projectId, hasPreviews: current.hasPreviews, authorRole: current.authorRole };
  });
}

/**
 * Deletes a comment (its author or a manager of the project), then sets the
 * task back to the status and date of its latest remaining comment, as Zou
 * resets task data after a deletion.
 */
export async function deleteComment(ctx: RequestContext, id: string): Promise<CommentRow> {
  const viewer = requireViewer(ctx);
  const current = await getReadableComment(ctx, id);
  const role = await effectiveProjectRole(ctx, current.projectId ?? "");
  if (current.personId !== viewer.id && role !== "admin" && role !== "manager") throw new ForbiddenError();
  const taskRow = await ctx.loaders.taskById.load(current.objectId);

  return ctx.db.transaction(async (tx) => {
    await deleteCommentRows(tx, current.id);
    await recordEvent(tx, ctx, { name: "comment:delete", projectId: current.projectId, data: { comment_id: current.id, task_id: current.objectId } });
    if (taskRow !== null) await resetTaskFromComments(tx, ctx, taskRow);
    return current;
  });
}

import { commentDepartmentMentions, comment, previewFile } from "../../schema/comments.js";
import type { RequestContext } from "../context.js";
import { idIn } from "../db/loader.js";
import { fullName } from "../people/person.json.js";
import { toZouJson, type ZouJson } from "../rest/zou-json.js";
import type { CommentRow, PreviewFileRow } from "./comments.loaders.js";

// Comments in Zou's JSON with the relations Kitsu and gazu read: the author
// and status as small objects, and the ids or summaries of previews,
// mentions, acknowledgements and attachments. Every relation is read through
// a batched loader or one query for the whole list.

export function previewFileJson(row: PreviewFileRow): ZouJson {
  return toZouJson(previewFile, row as unknown as Record<string, unknown>, "PreviewFile");
}

/** Builds the preview summary Zou puts in a task's comment list. */
function commentPreviewJson(row: PreviewFileRow) {
  return {
    id: row.id,
    task_id: row.taskId,
    revision: row.revision,
    extension: row.extension,
    width: row.width,
    height: row.height,
    duration: row.duration,
    status: row.status,
    validation_status: row.validationStatus,
    original_name: row.originalName,
    position: row.position,
    annotations: row.annotations,
  };
}

/** Department ids mentioned in each comment, in one query. */
async function departmentMentionsOf(ctx: RequestContext, commentIds: readonly string[]): Promise<Map<string, string[]>> {
  const byComment = new Map<string, string[]>();
  if (commentIds.length === 0) return byComment;
  const rows = await ctx.db.orm.select().from(commentDepartmentMentions).where(idIn(commentDepartmentMentions.comment, commentIds));
  for (const row of rows) byComment.set(row.comment, [...(byComment.get(row.comment) ?? []), row.department]);
  return byComment;
}

/**
 * Serializes comments as Zou does with relations, for the ack route and a
 * project's comment list. Previews, mentions, department mentions,
 * acknowledgements and attachment files become lists of ids.
 */
export async function commentsRelationsJson(ctx: RequestContext, rows: readonly CommentRow[]): Promise<ZouJson[]> {
  const departments = await departmentMentionsOf(ctx, rows.map((row) => row.id));
  return Promise.all(
    rows.map(async (row) => {
      const [previews, mentions, acknowledgements, attachments] = await Promise.all([
        ctx.loaders.previewsByCommentId.load(row.id),
        ctx.loaders.mentionsByCommentId.load(row.id),
        ctx.loaders.acknowledgementsByCommentId.load(row.id),
        ctx.loaders.attachmentsByCommentId.load(row.id),
      ]);
      return {
        ...toZouJson(comment, row as unknown as Record<string, unknown>, "Comment"),
        previews: previews.map((preview) => preview.id),
        mentions: mentions.map((person) => person.id),
        department_mentions: departments.get(row.id) ?? [],
        acknowledgements: acknowledgements.map((person) => person.id),
        attachment_files: row.isRedacted === true ? [] : attachments.map((attachment) => attachment.id),
      };
    }),
  );
}

export async function commentRelationsJson(ctx: RequestContext, row: CommentRow): Promise<ZouJson> {
  const [json] = await commentsRelationsJson(ctx, [row]);
  return json;
}

/** The comment Zou returns from its comment route: relations as ids, with the status and author as objects. */
export async function createdCommentJson(ctx: RequestContext, row: CommentRow): Promise<ZouJson> {
  const json = await commentRelationsJson(ctx, row);
  const [author, status, attachments] = await Promise.all([
    ctx.loaders.personById.load(row.personId),
    row.taskStatusId === null ? null : ctx.loaders.taskStatusById.load(row.taskStatusId),
    ctx.loaders.attachmentsByCommentId.load(row.id),
  ]);
  json.person = author === null ? null : { id: author.id, first_name: author.firstName, last_name: author.lastName, full_name: fullName(author), has_avatar: author.hasAvatar, role: author.role };
  json.task_status = status === null ? null : { id: status.id, name: status.name, short_name: status.shortName, color: status.color };
  const visibleAttachments = row.isRedacted === true ? [] : attachments;
  json.attachment_files = visibleAttachments.map((attachment) => ({ id: attachment.id, name: attachment.name, extension: attachment.extension, size: attachment.size, reply_id: attachment.replyId }));
  return json;
}

export interface CommentListOptions {
  /** The viewer is a client of the project: Zou hides studio authors and rejected previews from clients. */
  asClient: boolean;
}

/** Builds a task's comments in the shape of Zou's GET /data/tasks/{task_id}/comments, newest first. */
export async function taskCommentListJson(ctx: RequestContext, rows: readonly CommentRow[], options: CommentListOptions): Promise<ZouJson[]> {
  const departments = await departmentMentionsOf(ctx, rows.map((row) => row.id));
  return Promise.all(
    rows.map(async (row) => {
      const [author, editor, status, previews, mentions, acknowledgements, attachments] = await Promise.all([
        ctx.loaders.personById.load(row.personId),
        row.editorId === null ? null : ctx.loaders.personById.load(row.editorId),
        row.taskStatusId === null ? null : ctx.loaders.taskStatusById.load(row.taskStatusId),
        ctx.loaders.previewsByCommentId.load(row.id),
        ctx.loaders.mentionsByCommentId.load(row.id),
        ctx.loaders.acknowledgementsByCommentId.load(row.id),
        ctx.loaders.attachmentsByCommentId.load(row.id),
      ]);
      const json: ZouJson = toZouJson(comment, row as unknown as Record<string, unknown>, "Comment");
      const byClient = author?.role === "client";
      json.person = author === null || (options.asClient && !byClient)
        ? null
        : { id: author.id, first_name: author.firstName, last_name: author.lastName, full_name: fullName(author), has_avatar: author.hasAvatar, role: author.role };
      if (editor !== null && !(options.asClient && editor.role !== "client")) {
        json.editor = { id: editor.id, first_name: editor.firstName, last_name: editor.lastName, has_avatar: editor.hasAvatar, role: editor.role };
      } else if (options.asClient && editor !== null) {
        json.editor_id = null;
      }
      json.task_status = status === null ? null : { id: status.id, name: status.name, short_name: status.shortName, color: status.color };
      const visiblePreviews = options.asClient ? previews.filter((preview) => preview.validationStatus !== "rejected") : previews;
      json.previews = visiblePreviews.map(commentPreviewJson);
      json.mentions = mentions.map((person) => person.id);
      json.department_mentions = departments.get(row.id) ?? [];
      json.acknowledgements = acknowledgements.map((person) => person.id);
      json.attachment_files = attachments.map((attachment) => ({ id: attachment.id, name: attachment.name, extension: attachment.extension, reply_id: attachment.replyId, size: attachment.size }));
      // The loader redacts a comment that a client reads only for its previews, so its files are hidden too.
      if (row.isRedacted === true) {
        json.text = "";
        json.checklist = [];
        json.replies = [];
        json.attachment_files = [];
      }
      return json;
    }),
  );
}

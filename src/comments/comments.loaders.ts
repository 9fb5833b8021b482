import DataLoader from "dataloader";
import { asc, desc, eq, getTableColumns, sql } from "drizzle-orm";
import { attachmentFile, comment, commentAcknoledgments, commentDepartmentMentions, commentMentions, commentPreviewLink, previewFile } from "../../schema/comments.js";
import { department, person } from "../../schema/people.js";
import { task } from "../../schema/tasks.js";
import type { RequestContext } from "../context.js";
import type { AccessScope } from "../entities/entity.access.js";
import { groupByKey, groupLoader, idIn, rowLoader } from "../db/loader.js";
import type { PersonRow } from "../people/person.json.js";

// Comment rows carry the project of their task, whether previews are
// attached and the author's role, the facts the access rules need, read in
// the same query.

export type CommentRow = typeof comment.$inferSelect & {
  projectId: string | null;
  hasPreviews: boolean;
  authorRole: string | null;
  /** Set when the viewer reads the comment only for its previews: text, checklist and replies are blanked and attachments hidden. */
  isRedacted?: boolean;
};
export type PreviewFileRow = typeof previewFile.$inferSelect;
export type AttachmentFileRow = typeof attachmentFile.$inferSelect;
export type DepartmentRow = typeof department.$inferSelect;

export const commentColumns = {
  ...getTableColumns(comment),
  projectId: task.projectId,
  hasPreviews: sql<boolean>`exists (select 1 from comment_preview_link where comment_preview_link.comment = ${comment.id})`.as("has_previews"),
  authorRole: sql<string | null>`(select person.role from person where person.id = ${comment.personId})`.as("author_role"),
};

/**
 * Applies the viewer's reading rule to a readable comment: a client who reads
 * a comment only because it carries previews gets it without its text,
 * checklist, replies and attachments, as Zou shows studio comments to clients.
 */
export function redactComment(scope: AccessScope, row: CommentRow): CommentRow {
  if (!scope.isCommentRedacted(row)) return row;
  return { ...row, text: "", checklist: [], replies: [], isRedacted: true };
}

/** Selects comments joined with their task's project. */
export function selectComments(ctx: RequestContext) {
  return ctx.db.orm.select(commentColumns).from(comment).leftJoin(task, eq(task.id, comment.objectId));
}

/** People linked to each comment through a link table (mentions, acknowledgements). */
function peopleByComment(ctx: RequestContext, table: typeof commentMentions | typeof commentAcknoledgments) {
  return new DataLoader<string, PersonRow[]>(async (ids) => {
    const rows = await ctx.db.orm
      .select({ commentId: table.comment, person })
      .from(table)
      .innerJoin(person, eq(person.id, table.person))
      .where(idIn(table.comment, ids));
    return groupByKey(ids, rows, (row) => row.commentId).map((group) => group.map((row) => row.person as PersonRow));
  });
}

export function createCommentLoaders(ctx: RequestContext) {
  const orm = ctx.db.orm;
  return {
    /** Any comment by id, unfiltered: services and root queries check access themselves. */
    commentById: rowLoader(
      (ids) => selectComments(ctx).where(idIn(comment.id, ids)),
      (row) => row.id,
    ),
    /** Readable comments of each task, newest first, as Zou lists them. */
    commentsByTaskId: new DataLoader<string, CommentRow[]>(async (ids) => {
      const scope: AccessScope = await ctx.loaders.viewerAccess();
      const rows = await selectComments(ctx).where(idIn(comment.objectId, ids)).orderBy(desc(comment.createdAt), desc(comment.id));
      const visible: CommentRow[] = scope.isAdmin ? rows : rows.filter(scope.canReadComment).map((row) => redactComment(scope, row));
      return groupByKey(ids, visible, (row) => row.objectId);
    }),
    previewsByCommentId: new DataLoader<string, PreviewFileRow[]>(async (ids) => {
      const rows = await orm
        .select({ commentId: commentPreviewLink.comment, preview: previewFile })
        .from(commentPreviewLink)
        .innerJoin(previewFile, eq(previewFile.id, commentPreviewLink.previewFile))
        .where(idIn(commentPreviewLink.comment, ids))
        .orderBy(asc(previewFile.revision), asc(previewFile.position));
      return groupByKey(ids, rows, (row) => row.commentId).map((group) => group.map((row) => row.preview));
    }),
    attachmentsByCommentId: groupLoader(
      (ids) => orm.select().from(attachmentFile).where(idIn(attachmentFile.commentId, ids)).orderBy(asc(attachmentFile.name)),
      (row) => row.commentId as string,
    ),
    mentionsByCommentId: peopleByComment(ctx, commentMentions),
    departmentMentionsByCommentId: new DataLoader<string, DepartmentRow[]>(async (ids) => {
      const rows = await orm
        .select({ commentId: commentDepartmentMentions.comment, department })
        .from(commentDepartmentMentions)
        .innerJoin(department, eq(department.id, commentDepartmentMentions.department))
        .where(idIn(commentDepartmentMentions.comment, ids))
        .orderBy(asc(department.name));
      return groupByKey(ids, rows, (row) => row.commentId).map((group) => group.map((row) => row.department));
    }),
    acknowledgementsByCommentId: peopleByComment(ctx, commentAcknoledgments),
  };
}

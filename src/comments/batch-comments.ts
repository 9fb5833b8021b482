import { createReadStream } from "node:fs";
import type { RequestContext } from "../context.js";
import { getReadableProject } from "../auth/permissions.js";
import { AppError, BadRequestError, ForbiddenError } from "../errors.js";
import { isUuid } from "../ids.js";
import { FILE_EXTENSIONS, MOVIE_EXTENSIONS, PICTURE_EXTENSIONS, uploadPreviewFile } from "../previews/previews.service.js";
import { splitFileName } from "../previews/uploads.js";
import type { ZouJson } from "../rest/zou-json.js";
import { getTaskOrThrow, getTaskStatusOrThrow } from "../tasks/tasks.service.js";
import { addPreviewToComment } from "./comment-actions.service.js";
import type { ScratchFile, StoredAttachment } from "./comment-attachments.js";
import { createdCommentJson, previewFileJson } from "./comment.json.js";
import { assertCanComment, assertCanPostComment, commentTask, type CommentTaskInput } from "./comments.service.js";
import { readCommentFields } from "./comment-fields.js";

// Zou's batch comments: several comments in one request, on one task or on
// the task each names, with attachments and previews sent as the form files
// attachment_file-{i}-{j} and preview_file-{i}-{j} of comment i. Every
// comment, permission, status and preview file type is checked before the
// first comment is written.

interface PlannedComment {
  input: CommentTaskInput;
  previews: ScratchFile[];
}

/** Tells whether a form field carries a file of comment `index` with the given prefix: `attachment_file-2` or `attachment_file-2-0`. */
function belongsTo(field: string, prefix: string, index: number): boolean {
  const base = `${prefix}-${index}`;
  return field === base || field.startsWith(`${base}-`);
}

export function isPreviewField(field: string): boolean {
  return field.startsWith("preview_file-");
}

function assertPreviewType(file: ScratchFile): void {
  const { extension } = splitFileName(file.fileName);
  if (PICTURE_EXTENSIONS.has(extension) || MOVIE_EXTENSIONS.has(extension) || FILE_EXTENSIONS.has(extension)) return;
  throw new BadRequestError(`Wrong file format, extension: ${extension === "" ? "(none)" : extension}`);
}

/** Reads and checks every comment of the batch; throws before anything is written. */
async function planComments(ctx: RequestContext, pathTaskId: string | null, comments: unknown, files: readonly StoredAttachment[], previews: readonly ScratchFile[]): Promise<PlannedComment[]> {
  if (!Array.isArray(comments)) throw new BadRequestError("Validation error.", { errors: [{ field: "comments", message: "Not a valid list." }] });
  const planned: PlannedComment[] = [];
  for (const [index, raw] of comments.entries()) {
    if (typeof raw !== "object" || raw === null || Array.isArray(raw)) {
      throw new BadRequestError("Validation error.", { errors: [{ field: `comments.${index}`, message: "Not a valid object." }] });
    }
    const fields = raw as Record<string, unknown>;
    const taskId = pathTaskId ?? fields.task_id;
    if (!isUuid(taskId)) throw new BadRequestError("Validation error.", { errors: [{ field: `comments.${index}.task_id`, message: "Not a valid UUID." }] });
    const taskRow = await getTaskOrThrow(ctx, taskId);
    const input = readCommentFields(taskRow.id, { ...fields, comment: fields.text ?? "" }, false);
    await assertCanPostComment(ctx, taskRow, input.taskStatusId);

    await getTaskStatusOrThrow(ctx, input.taskStatusId as string);
    const own = previews.filter((file) => belongsTo(file.field, "preview_file", index));
    own.forEach(assertPreviewType);
    planned.push({ input: { ...input, attachments: files.filter((file) => belongsTo(file.field, "attachment_file", index)) }, previews: own });
  }
  return planned;
}

/**
 * Creates the comments of a batch in order, each with its attachments, then
 * its previews: a new revision per preview file, filled as
 * POST /pictures/preview-files/{id} fills it. Returns Zou's list of created
 * comments, each with `preview_files`.
 */
export async function createBatchComments(
  ctx: RequestContext,
  pathTaskId: string | null,
  comments: unknown,
  files: readonly StoredAttachment[],
  previews: readonly ScratchFile[],
): Promise<ZouJson[]> {
  const planned = await planComments(ctx, pathTaskId, comments, files, previews);

  // NOTE: each comment is written in a transaction of its own, as Zou does.
  // A check that only the write makes (the retake cap) can still stop the
  // batch after earlier comments are stored.
  const created: ZouJson[] = [];
  for (const item of planned) {
    const row = await commentTask(ctx, item.input);
    const previewFiles: ZouJson[] = [];
    for (const file of item.previews) {
      const preview = await addPreviewToComment(ctx, item.input.taskId, row.id, null);
      try {
        previewFiles.push(previewFileJson(await uploadPreviewFile(ctx, preview.id, { fileName: file.fileName, stream: createReadStream(file.path) })));
      } catch (error) {
        // NOTE(compat): as in Zou, a preview whose content cannot be read
        // does not undo the comments already written. It stays on the comment,
        // marked broken with the reason, where Zou deletes it.
        if (!(error instanceof AppError) || error.status >= 500) throw error;
      }
    }
    created.push({ ...(await createdCommentJson(ctx, row)), preview_files: previewFiles });
  }
  return created;
}

/**
 * Comments several tasks of a project at once (Zou's comment-many), each
 * comment naming its task as object_id. Managers of the project comment any
 * task. Others comment only the tasks they may comment, and the rest are
 * skipped, as are comments on unknown tasks or tasks of another project.
 * Every kept comment is checked before the first is written.
 */
export async function createProjectComments(ctx: RequestContext, projectId: string, comments: unknown): Promise<ZouJson[]> {
  await getReadableProject(ctx, projectId);
  if (!Array.isArray(comments)) throw new BadRequestError("Validation error.", { errors: [{ field: "comments", message: "Not a valid list." }] });

  const planned: CommentTaskInput[] = [];
  for (const raw of comments) {
    if (typeof raw !== "object" || raw === null || Array.isArray(raw)) continue;
    const fields = raw as Record<string, unknown>;
    if (!isUuid(fields.object_id) || fields.task_status_id === undefined) continue;
    const taskRow = await ctx.loaders.taskById.load(fields.object_id.toLowerCase());
    if (taskRow === null || taskRow.projectId !== projectId) continue;
    try {
      await assertCanComment(ctx, taskRow);
    } catch (error) {
      if (error instanceof ForbiddenError) continue;
      throw error;
    }
    // Zou takes only the status, text and links here: no author, date or checklist.
    const input = readCommentFields(taskRow.id, { task_status_id: fields.task_status_id, comment: fields.comment ?? "", links: fields.links }, false);
    await getTaskStatusOrThrow(ctx, input.taskStatusId as string);
    planned.push(input);
  }

  const created: ZouJson[] = [];
  for (const input of planned) created.push(await createdCommentJson(ctx, await commentTask(ctx, input)));
  return created;
}

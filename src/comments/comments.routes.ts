import { readFile } from "node:fs/promises";
import type { FastifyInstance, FastifyRequest } from "fastify";
import { attachmentFile } from "../../schema/comments.js";
import type { RequestContext } from "../context.js";
import { BadRequestError } from "../errors.js";
import { isUuid, parseId } from "../ids.js";
import { toZouJson } from "../rest/zou-json.js";
import { getTaskOrThrow } from "../tasks/tasks.service.js";
import { addAttachmentsToComment, assertCanAttachFiles } from "./comment-actions.service.js";
import { createBatchComments, createProjectComments, isPreviewField } from "./batch-comments.js";
import { discardAttachments, discardUnlinkedAttachments, readCommentForm, type CommentForm, type StoredAttachment } from "./comment-attachments.js";
import { createdCommentJson } from "./comment.json.js";
import { assertCanPostComment, commentTask } from "./comments.service.js";
import { readCommentFields } from "./comment-fields.js";

// Zou's comment routes that take uploads. They are plain Fastify routes, as
// the other upload routes are. A comment may come as JSON or as Kitsu's
// multipart form with attachment files, and the files are streamed to the
// store rather than passed through a GraphQL document.

async function readBodyFields(ctx: RequestContext, request: FastifyRequest): Promise<{ fields: Record<string, unknown>; files: StoredAttachment[]; fromForm: boolean }> {
  if (request.isMultipart()) {
    const form = await readCommentForm(ctx, request);
    return { fields: form.fields, files: form.files, fromForm: true };
  }
  const body = request.body;
  if (body !== undefined && body !== null && (typeof body !== "object" || Array.isArray(body))) throw new BadRequestError("The request body must be a JSON object.");
  return { fields: (body ?? {}) as Record<string, unknown>, files: [], fromForm: false };
}

/** Reads the JSON list of comments of a batch form: a text field, or a file part as gazu sends it. */
async function readCommentsPart(form: CommentForm): Promise<unknown> {
  const filePart = form.scratchFiles.find((file) => file.field === "comments");
  const text = form.fields.comments ?? (filePart === undefined ? undefined : await readFile(filePart.path, "utf8"));
  if (text === undefined) throw new BadRequestError("Validation error.", { errors: [{ field: "comments", message: "Field required" }] });
  try {
    return JSON.parse(text);
  } catch {
    throw new BadRequestError("Validation error.", { errors: [{ field: "comments", message: "Not valid JSON." }] });
  }
}

export function registerCommentRoutes(app: FastifyInstance): void {
  app.post<{ Params: { task_id: string } }>("/actions/tasks/:task_id/comment", async (request, reply) => {
    const ctx = request.ctx;
    // Permission first, so a refused comment never stores its files. The
    // status is checked again once the body is read.
    const taskRow = await getTaskOrThrow(ctx, parseId(request.params.task_id));
    await assertCanPostComment(ctx, taskRow);

    const { fields, files, fromForm } = await readBodyFields(ctx, request);
    try {
      const input = { ...readCommentFields(taskRow.id, fields, fromForm), attachments: files };
      const created = await commentTask(ctx, input);
      return reply.status(201).send(await createdCommentJson(ctx, created));
    } catch (error) {
      await discardAttachments(ctx, files);
      throw error;
    }
  });

  app.post<{ Params: { task_id: string; comment_id: string } }>("/actions/tasks/:task_id/comments/:comment_id/add-attachment", async (request, reply) => {
    const ctx = request.ctx;
    const target = await assertCanAttachFiles(ctx, request.params.task_id, request.params.comment_id);
    if (!request.isMultipart()) throw new BadRequestError("File not provided: send the files as multipart/form-data.");

    const form = await readCommentForm(ctx, request);
    try {
      if (form.files.length === 0) throw new BadRequestError("File not provided.");
      const rows = await addAttachmentsToComment(ctx, target, form.files);
      return reply.status(201).send(rows.map((row) => toZouJson(attachmentFile, row, "AttachmentFile")));
    } catch (error) {
      await discardAttachments(ctx, form.files);
      throw error;
    }
  });

  // Kitsu posts the batch as a form with a JSON-encoded `comments` field; gazu may post JSON.
  const batchComment = async (request: FastifyRequest, pathTaskId: string | null): Promise<unknown> => {
    const ctx = request.ctx;
    if (pathTaskId !== null) await assertCanPostComment(ctx, await getTaskOrThrow(ctx, pathTaskId));
    if (!request.isMultipart()) {
      const body = request.body as Record<string, unknown> | undefined;
      return createBatchComments(ctx, pathTaskId, body?.comments, [], []);
    }

    const form = await readCommentForm(ctx, request, (field) => field === "comments" || isPreviewField(field));
    try {
      const comments = await readCommentsPart(form);
      const previews = form.scratchFiles.filter((file) => isPreviewField(file.field));
      return await createBatchComments(ctx, pathTaskId, comments, form.files, previews);
    } finally {
      // Files of a failed batch, and files named for no comment, keep no row: remove them.
      await discardUnlinkedAttachments(ctx, form.files);
      await form.removeScratch();
    }
  };

  app.post("/actions/tasks/batch-comment", async (request, reply) => reply.status(201).send(await batchComment(request, null)));
  app.post<{ Params: { task_id: string } }>("/actions/tasks/:task_id/batch-comment", async (request, reply) =>
    reply.status(201).send(await batchComment(request, parseId(request.params.task_id))),
  );

  // gazu posts the list as a `comments` part of a form; Zou's own route reads a JSON list.
  app.post<{ Params: { project_id: string } }>("/actions/projects/:project_id/tasks/comment-many", async (request, reply) => {
    const ctx = request.ctx;
    const projectId = parseId(request.params.project_id);
    let comments: unknown;
    if (request.isMultipart()) {
      const form = await readCommentForm(ctx, request, (field) => field === "comments");
      try {
        comments = await readCommentsPart(form);
      } finally {
        await discardAttachments(ctx, form.files);
        await form.removeScratch();
      }
    } else {
      const body = request.body;
      comments = Array.isArray(body) ? body : (body as Record<string, unknown> | undefined)?.comments;
    }
    return reply.status(201).send(await createProjectComments(ctx, projectId, comments));
  });
}

import GraphQLUpload from "graphql-upload/GraphQLUpload.mjs";
import type { FileUpload } from "graphql-upload/Upload.mjs";
import { Arg, Ctx, ID, Int, Mutation, Resolver } from "type-graphql";
import { PreviewFile } from "../comments/comment.type.js";
import type { RequestContext } from "../context.js";
import { BadRequestError, PayloadTooLargeError } from "../errors.js";
import { addCommentPreviewWithFile } from "./comment-preview-upload.service.js";
import type { PreviewFileRow } from "./previews.access.js";
import type { UploadedFile } from "./uploads.js";

// The GraphQL multipart request spec carries the file: the preValidation hook
// in previews.routes.ts parses the body, and Apollo's CSRF guard accepts a
// multipart request only with an `Apollo-Require-Preflight` (or
// `X-Apollo-Operation-Name`) header.

@Resolver()
export class CommentPreviewUploadResolver {
  @Mutation(() => PreviewFile, {
    description:
      "Adds a preview revision to a comment with its file (an `Upload` sent as a GraphQL multipart request): the comment's revision or the task's next one, or `revision`. Pictures are ready on return and become the task's last preview; movies are transcoded in the background. Needs task action access. A wrong file type or an unreadable picture is BAD_USER_INPUT, a file over the upload limit PAYLOAD_TOO_LARGE; either way nothing is written.",
  })
  async addCommentPreviewFile(
    @Arg("taskId", () => ID) taskId: string,
    @Arg("commentId", () => ID) commentId: string,
    @Arg("file", () => GraphQLUpload) file: Promise<FileUpload>,
    @Arg("revision", () => Int, { nullable: true }) revision: number | null,
    @Ctx() ctx: RequestContext,
  ): Promise<PreviewFileRow> {
    return addCommentPreviewWithFile(ctx, { taskId, commentId, revision: revision ?? null, file: await openUpload(file, ctx.config.maxUploadSize) });
  }
}

/**
 * Opens the stream of a multipart upload. graphql-upload fails the file with
 * an HTTP 413 error once it passes its size limit, which may happen before
 * the resolver requests the stream.
 */
async function openUpload(file: Promise<FileUpload>, maxSize: number): Promise<UploadedFile> {
  try {
    const upload = await file;
    return { fileName: upload.filename, stream: upload.createReadStream() };
  } catch (error) {
    if ((error as { status?: number }).status === 413) throw new PayloadTooLargeError(`The file is larger than the ${maxSize} bytes allowed.`);
    throw new BadRequestError(`The upload was interrupted: ${(error as Error).message}`);
  }
}

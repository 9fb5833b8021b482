import { Arg, Ctx, ID, Mutation, Resolver } from "type-graphql";
import type { RequestContext } from "../context.js";
import { JSON } from "../graphql/scalars.js";
import { parseId } from "../ids.js";
import { removeCommentPreview, type RemovedCommentPreview } from "./comment-preview-removal.service.js";

@Resolver()
export class CommentPreviewRemovalResolver {
  @Mutation(() => JSON, {
    description:
      "Deletes a preview file attached to a comment of the task; the task's last preview falls back to its newest remaining one. Returns the deleted id and the task's last preview id.",
  })
  removeCommentPreview(
    @Arg("taskId", () => ID) taskId: string,
    @Arg("commentId", () => ID) commentId: string,
    @Arg("previewFileId", () => ID) previewFileId: string,
    @Ctx() ctx: RequestContext,
  ): Promise<RemovedCommentPreview> {
    return removeCommentPreview(ctx, parseId(taskId), parseId(commentId), parseId(previewFileId));
  }
}

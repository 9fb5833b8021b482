import { Arg, Ctx, ID, Mutation, Resolver } from "type-graphql";
import type { RequestContext } from "../context.js";
import { JSON } from "../graphql/scalars.js";
import { parseId } from "../ids.js";
import { deleteCommentAttachment, deleteCommentReply, replyToComment } from "./comment-replies.service.js";

@Resolver()
export class CommentRepliesResolver {
  @Mutation(() => JSON, { description: "Adds a reply to a comment of the task; returns the reply in Zou's JSON with its author. Event comment:reply." })
  async replyToCommentJson(
    @Arg("taskId", () => ID) taskId: string,
    @Arg("commentId", () => ID) commentId: string,
    @Arg("text", () => String, { nullable: true }) text: string | null,
    @Ctx() ctx: RequestContext,
  ) {
    return replyToComment(ctx, parseId(taskId), parseId(commentId), text ?? "");
  }

  @Mutation(() => JSON, { description: "Deletes a reply (its author or an admin) with its attachments; returns the comment in Zou's JSON. Event comment:delete-reply." })
  async deleteCommentReplyJson(
    @Arg("taskId", () => ID) taskId: string,
    @Arg("commentId", () => ID) commentId: string,
    @Arg("replyId", () => ID) replyId: string,
    @Ctx() ctx: RequestContext,
  ) {
    return deleteCommentReply(ctx, parseId(taskId), parseId(commentId), parseId(replyId));
  }

  @Mutation(() => Boolean, { description: "Deletes one attachment file of a comment: the comment's author or a manager of the project." })
  async deleteCommentAttachment(
    @Arg("taskId", () => ID) taskId: string,
    @Arg("commentId", () => ID) commentId: string,
    @Arg("attachmentFileId", () => ID) attachmentFileId: string,
    @Ctx() ctx: RequestContext,
  ) {
    return deleteCommentAttachment(ctx, parseId(taskId), parseId(commentId), parseId(attachmentFileId));
  }
}

import { Arg, Ctx, ID, Query, Resolver } from "type-graphql";
import { comment } from "../../schema/comments.js";
import type { RequestContext } from "../context.js";
import { ForbiddenError, NotFoundError } from "../errors.js";
import { JSON } from "../graphql/scalars.js";
import { isUuid } from "../ids.js";
import { getReadableTask } from "../tasks/tasks.service.js";
import { toZouJson, type ZouJson } from "../rest/zou-json.js";

// One comment of a task in Zou's JSON, with Zou's per-role reading rule.

@Resolver()
export class CommentJsonResolver {
  @Query(() => JSON, {
    description:
      "A comment of a task in Zou's JSON. NOT_FOUND unless the comment is on that task; then supervisors and managers read every comment, clients those by clients or for clients (only their own or for clients in a project isolating clients), others every comment not written by a client.",
  })
  async taskCommentJson(@Arg("taskId", () => ID) taskId: string, @Arg("commentId", () => ID) commentId: string, @Ctx() ctx: RequestContext): Promise<ZouJson> {
    const row = isUuid(commentId) ? await ctx.loaders.commentById.load(commentId.toLowerCase()) : null;
    if (row === null || row.objectId !== taskId.toLowerCase()) throw new NotFoundError("Comment not found.");
    const taskRow = await getReadableTask(ctx, row.objectId);
    const scope = await ctx.loaders.viewerAccess();
    const role = scope.roleIn(taskRow.projectId);
    if (role !== "admin" && role !== "manager" && role !== "supervisor") {
      const author = await ctx.loaders.personById.load(row.personId);
      const byClient = author?.role === "client";
      if (role === "client") {
        const projectRow = taskRow.projectId === null ? null : await ctx.loaders.projectById.load(taskRow.projectId);
        const allowed = projectRow?.isClientsIsolated === true ? row.personId === scope.viewerId || row.forClient === true : byClient || row.forClient === true;
        if (!allowed) throw new ForbiddenError();
      } else if (byClient) {
        throw new ForbiddenError();
      }
    }
    return toZouJson(comment, row as unknown as Record<string, unknown>, "Comment");
  }
}

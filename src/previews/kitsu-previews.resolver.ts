import { Arg, Ctx, Int, Mutation, Query, Resolver } from "type-graphql";
import type { RequestContext } from "../context.js";
import { BadRequestError } from "../errors.js";
import { JSON } from "../graphql/scalars.js";
import { isUuid } from "../ids.js";
import { listRunningPreviewFiles } from "./running-previews.service.js";
import { clearViewerAvatar } from "./viewer-avatar.service.js";

@Resolver()
export class KitsuPreviewsResolver {
  @Mutation(() => Boolean, { description: "Removes the logged-in person's avatar and records person:update. FORBIDDEN for bots." })
  async clearViewerAvatar(@Ctx() ctx: RequestContext) {
    return clearViewerAvatar(ctx);
  }

  @Query(() => JSON, { description: "Previews of open projects still processing, broken or missing, newest first, older than the cursor preview when given; admins only." })
  async runningPreviewFilesJson(
    @Arg("cursorPreviewFileId", () => String, { nullable: true }) cursorPreviewFileId: string | null,
    @Arg("limit", () => Int, { nullable: true }) limit: number | null,
    @Ctx() ctx: RequestContext,
  ) {
    if (cursorPreviewFileId != null && !isUuid(cursorPreviewFileId)) throw new BadRequestError("The cursor_preview_file_id parameter is not a valid id");
    if (limit != null && limit < 1) throw new BadRequestError("limit must be at least 1.");
    return listRunningPreviewFiles(ctx, cursorPreviewFileId == null ? null : cursorPreviewFileId.toLowerCase(), limit ?? null);
  }
}

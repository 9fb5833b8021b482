import { Arg, Ctx, Mutation, Resolver } from "type-graphql";
import type { RequestContext } from "../context.js";
import { JSON } from "../graphql/scalars.js";
import { updatePreviewPosition } from "./preview-position.service.js";

@Resolver()
export class PreviewPositionResolver {
  @Mutation(() => JSON, {
    description: "Moves a preview file to a 1-based position among the files of its revision and renumbers the others. Returns the revision's preview files in Zou's JSON. Needs task action access.",
  })
  async updatePreviewFilePosition(
    @Arg("previewFileId", () => String) previewFileId: string,
    @Arg("body", () => JSON, { nullable: true, description: "Zou's body: {position}, where 0 leaves the order unchanged." }) body: unknown,
    @Ctx() ctx: RequestContext,
  ) {
    return updatePreviewPosition(ctx, previewFileId, body);
  }
}

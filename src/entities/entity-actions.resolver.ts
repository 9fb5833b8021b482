import { Arg, Ctx, Mutation, Resolver } from "type-graphql";
import { entityLink } from "../../schema/entities.js";
import type { RequestContext } from "../context.js";
import { JSON } from "../graphql/scalars.js";
import { toZouJson, type ZouJson } from "../rest/zou-json.js";
import { entityJson } from "./entity-json.resolver.js";
import { deleteProjectEntityLink, shareProjectAssetTypeAssets } from "./entity-actions.service.js";

// Project-level entity actions that return Zou's JSON, for the REST routes
// that run them.

@Resolver()
export class EntityActionsResolver {
  @Mutation(() => JSON, {
    description: "Shares (or, with is_shared false, unshares) every asset of an asset type in a project; returns the updated assets in Zou's JSON. Project managers only.",
  })
  async shareProjectAssetTypeAssets(
    @Arg("projectId", () => String) projectId: string,
    @Arg("assetTypeId", () => String) assetTypeId: string,
    @Arg("body", () => JSON, { nullable: true, description: "Zou's request body: `{is_shared}`, true when absent." }) body: unknown,
    @Ctx() ctx: RequestContext,
  ): Promise<ZouJson[]> {
    const assets = await shareProjectAssetTypeAssets(ctx, projectId, assetTypeId, body);
    return assets.map(entityJson);
  }

  @Mutation(() => JSON, { description: "Deletes one casting link of a project and returns it in Zou's JSON. Project managers only." })
  async deleteProjectEntityLink(
    @Arg("projectId", () => String) projectId: string,
    @Arg("entityLinkId", () => String) entityLinkId: string,
    @Ctx() ctx: RequestContext,
  ): Promise<ZouJson> {
    const link = await deleteProjectEntityLink(ctx, projectId, entityLinkId);
    return toZouJson(entityLink, link as unknown as Record<string, unknown>, "EntityLink");
  }
}

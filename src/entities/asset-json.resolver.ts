import { Arg, Ctx, ID, Int, Mutation, Query, Resolver } from "type-graphql";
import type { RequestContext } from "../context.js";
import { JSON } from "../graphql/scalars.js";
import { parseId } from "../ids.js";
import type { ZouJson } from "../rest/zou-json.js";
import { getAssetType, getFullAsset, listAssets, listAssetTypes, listProjectAssetTypes, listShotAssets, listShotAssetTypes } from "./asset-reads.service.js";
import {
  getAssetTypeCasting,
  getCastIn,
  getEntityCasting,
  getEpisodesCasting,
  getSequenceCasting,
  listProjectEntityLinks,
  replaceCasting,
} from "./casting.service.js";
import { createAsset } from "./entities.service.js";
import { entityJson } from "./entity-json.resolver.js";

// Assets, asset types and casting in Zou's JSON, for the Zou routes of the
// assets and breakdown areas.

/** Query-string filters as GraphQL receives them: a JSON object of strings. */
function stringFilters(filters: unknown): Record<string, string> {
  if (filters === null || filters === undefined) return {};
  return Object.fromEntries(Object.entries(filters as Record<string, unknown>).map(([key, value]) => [key, String(value)]));
}

@Resolver()
export class AssetJsonResolver {
  @Query(() => JSON, {
    description:
      "Assets in Zou's JSON, by name, filtered by entity columns (`name` ignores case) and `episode_id` (assets of the episode or cast in it). Non-admins see their projects only, vendors the assets with a task assigned to them.",
  })
  assetsJson(
    @Arg("filters", () => JSON, { nullable: true }) filters: unknown,
    @Arg("projectId", () => ID, { nullable: true }) projectId: string | undefined,
    @Arg("assetTypeId", () => ID, { nullable: true }) assetTypeId: string | undefined,
    @Ctx() ctx: RequestContext,
  ): Promise<ZouJson[]> {
    return listAssets(ctx, { filters: stringFilters(filters), projectId: projectId === undefined || projectId === null ? undefined : parseId(projectId), assetTypeId: assetTypeId ?? undefined });
  }

  @Query(() => JSON, { description: "An asset in Zou's JSON with its links, project and asset type names and tasks." })
  assetJson(@Arg("id", () => ID) id: string, @Ctx() ctx: RequestContext): Promise<ZouJson> {
    return getFullAsset(ctx, id);
  }

  @Query(() => JSON, { description: "The assets cast in a shot, in Zou's JSON, by name." })
  shotAssetsJson(@Arg("shotId", () => ID) shotId: string, @Ctx() ctx: RequestContext): Promise<ZouJson[]> {
    return listShotAssets(ctx, shotId);
  }

  @Query(() => JSON, { description: "Asset types in Zou's JSON (type AssetType, with their task type ids), filtered by entity type columns." })
  assetTypesJson(@Arg("filters", () => JSON, { nullable: true }) filters: unknown, @Ctx() ctx: RequestContext): Promise<ZouJson[]> {
    return listAssetTypes(ctx, stringFilters(filters));
  }

  @Query(() => JSON, { description: "One asset type in Zou's JSON; NOT_FOUND for a built-in kind such as Shot." })
  assetTypeJson(@Arg("id", () => ID) id: string, @Ctx() ctx: RequestContext): Promise<ZouJson> {
    return getAssetType(ctx, id);
  }

  @Query(() => JSON, { description: "The asset types of a project's assets, in Zou's JSON." })
  projectAssetTypesJson(@Arg("projectId", () => ID) projectId: string, @Ctx() ctx: RequestContext): Promise<ZouJson[]> {
    return listProjectAssetTypes(ctx, projectId);
  }

  @Query(() => JSON, { description: "The asset types of the assets cast in a shot, in Zou's JSON." })
  shotAssetTypesJson(@Arg("shotId", () => ID) shotId: string, @Ctx() ctx: RequestContext): Promise<ZouJson[]> {
    return listShotAssetTypes(ctx, shotId);
  }

  @Query(() => JSON, { description: "The casting of an entity of a project (assets with occurrences and labels). Vendors get FORBIDDEN." })
  entityCastingJson(@Arg("projectId", () => ID) projectId: string, @Arg("entityId", () => ID) entityId: string, @Ctx() ctx: RequestContext): Promise<ZouJson[]> {
    return getEntityCasting(ctx, projectId, entityId);
  }

  @Query(() => JSON, { description: "The casting of every shot of a sequence, keyed by shot id. Vendors get FORBIDDEN." })
  sequenceCastingJson(@Arg("projectId", () => ID) projectId: string, @Arg("sequenceId", () => ID) sequenceId: string, @Ctx() ctx: RequestContext) {
    return getSequenceCasting(ctx, projectId, sequenceId);
  }

  @Query(() => JSON, { description: "The casting of every asset of an asset type in a project, keyed by asset id. Vendors get FORBIDDEN." })
  assetTypeCastingJson(@Arg("projectId", () => ID) projectId: string, @Arg("assetTypeId", () => ID) assetTypeId: string, @Ctx() ctx: RequestContext) {
    return getAssetTypeCasting(ctx, projectId, assetTypeId);
  }

  @Query(() => JSON, { description: "The casting of every episode of a project, keyed by episode id. Vendors get FORBIDDEN." })
  episodesCastingJson(@Arg("projectId", () => ID) projectId: string, @Ctx() ctx: RequestContext) {
    return getEpisodesCasting(ctx, projectId);
  }

  @Query(() => JSON, { description: "Where an asset is cast: shots and scenes first, then assets." })
  assetCastInJson(@Arg("assetId", () => ID) assetId: string, @Ctx() ctx: RequestContext): Promise<ZouJson[]> {
    return getCastIn(ctx, assetId);
  }

  @Query(() => JSON, { description: "A project's casting links, oldest first: a page object with `page`, links after an instant with `cursorCreatedAt`. Project managers only." })
  projectEntityLinksJson(
    @Arg("projectId", () => ID) projectId: string,
    @Arg("page", () => Int, { nullable: true }) page: number | undefined,
    @Arg("limit", () => Int, { nullable: true }) limit: number | undefined,
    @Arg("cursorCreatedAt", () => String, { nullable: true }) cursorCreatedAt: string | undefined,
    @Ctx() ctx: RequestContext,
  ) {
    return listProjectEntityLinks(ctx, projectId, { page: page ?? undefined, limit: limit ?? undefined, cursorCreatedAt: cursorCreatedAt ?? undefined });
  }

  @Mutation(() => JSON, { description: "Creates an asset from Zou's body (name, description, data, is_shared, episode_id) and returns it in Zou's JSON. Records asset:new." })
  async createAssetJson(
    @Arg("projectId", () => ID) projectId: string,
    @Arg("assetTypeId", () => ID) assetTypeId: string,
    @Arg("name", () => String) name: string,
    @Arg("description", () => String, { nullable: true }) description: string | undefined,
    @Arg("data", () => JSON, { nullable: true }) data: Record<string, unknown> | undefined,
    @Arg("isShared", () => Boolean, { nullable: true }) isShared: boolean | undefined,
    @Arg("episodeId", () => ID, { nullable: true }) episodeId: string | undefined,
    @Ctx() ctx: RequestContext,
  ): Promise<ZouJson> {
    const row = await createAsset(ctx, {
      projectId,
      assetTypeId,
      name,
      description: description ?? null,
      data: data ?? {},
      isShared: isShared ?? false,
      episodeId: episodeId ?? null,
    });
    return entityJson(row);
  }

  @Mutation(() => JSON, { description: "Replaces the casting of an entity of a project with a list of {asset_id, nb_occurences, label}; returns the list. Project managers only." })
  replaceCastingJson(
    @Arg("projectId", () => ID) projectId: string,
    @Arg("entityId", () => ID) entityId: string,
    @Arg("casting", () => JSON, { nullable: true }) casting: unknown,
    @Ctx() ctx: RequestContext,
  ): Promise<unknown[]> {
    return replaceCasting(ctx, projectId, entityId, casting);
  }
}

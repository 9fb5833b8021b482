import { Arg, Ctx, ID, Mutation, Query, Resolver } from "type-graphql";
import type { RequestContext } from "../context.js";
import { JSON } from "../graphql/scalars.js";
import {
  addInstanceToAsset,
  addInstanceToScene,
  attachInstanceToShot,
  detachInstanceFromShot,
  getInstancesInsideAsset,
  getSceneInstances,
  getSceneInstancesOfAsset,
  getShotInstances,
  getShotInstancesOfAsset,
} from "./asset-instances.service.js";

// Asset instances in Zou's JSON: lists grouped by asset, shot or scene id,
// and the creation and shot attachment of instances.

@Resolver()
export class AssetInstanceJsonResolver {
  @Query(() => JSON, { description: "The instances of an asset attached to shots, keyed by shot id." })
  assetShotInstancesJson(@Arg("assetId", () => ID) assetId: string, @Ctx() ctx: RequestContext) {
    return getShotInstancesOfAsset(ctx, assetId);
  }

  @Query(() => JSON, { description: "The instances of an asset placed in scenes, keyed by scene id." })
  assetSceneInstancesJson(@Arg("assetId", () => ID) assetId: string, @Ctx() ctx: RequestContext) {
    return getSceneInstancesOfAsset(ctx, assetId);
  }

  @Query(() => JSON, { description: "The instances placed inside an asset, keyed by instantiated asset id." })
  assetInnerInstancesJson(@Arg("assetId", () => ID) assetId: string, @Ctx() ctx: RequestContext) {
    return getInstancesInsideAsset(ctx, assetId);
  }

  @Query(() => JSON, { description: "The instances attached to a shot, keyed by asset id." })
  shotAssetInstancesJson(@Arg("shotId", () => ID) shotId: string, @Ctx() ctx: RequestContext) {
    return getShotInstances(ctx, shotId);
  }

  @Query(() => JSON, { description: "The instances placed in a scene, keyed by asset id; `cameras` keeps the assets of type Camera." })
  sceneAssetInstancesJson(@Arg("sceneId", () => ID) sceneId: string, @Arg("cameras", () => Boolean, { nullable: true }) cameras: boolean | undefined, @Ctx() ctx: RequestContext) {
    return getSceneInstances(ctx, sceneId, cameras === true ? "Camera" : undefined);
  }

  @Mutation(() => JSON, { description: "Creates the next instance of an asset in a scene and returns it. Records asset_instance:new." })
  createSceneAssetInstance(
    @Arg("sceneId", () => ID) sceneId: string,
    @Arg("assetId", () => ID) assetId: string,
    @Arg("description", () => String, { nullable: true }) description: string | undefined,
    @Ctx() ctx: RequestContext,
  ) {
    return addInstanceToScene(ctx, sceneId, assetId, description ?? null);
  }

  @Mutation(() => JSON, { description: "Creates the next instance of an asset inside another asset and returns it. Records asset_instance:new." })
  createAssetAssetInstance(
    @Arg("targetAssetId", () => ID) targetAssetId: string,
    @Arg("assetId", () => ID) assetId: string,
    @Arg("description", () => String, { nullable: true }) description: string | undefined,
    @Ctx() ctx: RequestContext,
  ) {
    return addInstanceToAsset(ctx, targetAssetId, assetId, description ?? null);
  }

  @Mutation(() => JSON, { description: "Attaches an asset instance to a shot and returns the shot in Zou's JSON." })
  attachAssetInstanceToShot(@Arg("shotId", () => ID) shotId: string, @Arg("assetInstanceId", () => ID) assetInstanceId: string, @Ctx() ctx: RequestContext) {
    return attachInstanceToShot(ctx, shotId, assetInstanceId);
  }

  @Mutation(() => Boolean, { description: "Detaches an asset instance from a shot; NOT_FOUND when it was not attached." })
  detachAssetInstanceFromShot(@Arg("shotId", () => ID) shotId: string, @Arg("assetInstanceId", () => ID) assetInstanceId: string, @Ctx() ctx: RequestContext) {
    return detachInstanceFromShot(ctx, shotId, assetInstanceId);
  }
}

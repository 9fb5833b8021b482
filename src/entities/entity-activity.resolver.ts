import { Arg, Ctx, ID, Query, Resolver } from "type-graphql";
import type { RequestContext } from "../context.js";
import { JSON } from "../graphql/scalars.js";
import { parseId } from "../ids.js";
import { listEntityPreviewFiles, listEntityTimeSpents } from "./entity-activity.service.js";
import { listEntityVersions } from "./entity-versions.service.js";
import { listSharedAssetsUsedInProject } from "./shared-assets.service.js";

@Resolver()
export class EntityActivityResolver {
  @Query(() => JSON, { description: "Every preview file of an entity's tasks in Zou's JSON, by task type name and newest revision first." })
  async entityTaskPreviewFilesJson(@Arg("entityId", () => ID) entityId: string, @Ctx() ctx: RequestContext) {
    return listEntityPreviewFiles(ctx, parseId(entityId));
  }

  @Query(() => JSON, { description: "The time logged on an entity's tasks in Zou's JSON; roles below supervisor see only their own." })
  async entityTimeSpentsJson(@Arg("entityId", () => ID) entityId: string, @Ctx() ctx: RequestContext) {
    return listEntityTimeSpents(ctx, parseId(entityId));
  }

  @Query(() => JSON, { description: "The stored versions (history snapshots) of a shot in Zou's JSON, newest first." })
  async shotVersionsJson(@Arg("shotId", () => ID) shotId: string, @Ctx() ctx: RequestContext) {
    return listEntityVersions(ctx, "Shot", parseId(shotId));
  }

  @Query(() => JSON, { description: "The stored versions (history snapshots) of an edit in Zou's JSON, newest first." })
  async editVersionsJson(@Arg("editId", () => ID) editId: string, @Ctx() ctx: RequestContext) {
    return listEntityVersions(ctx, "Edit", parseId(editId));
  }

  @Query(() => JSON, { description: "Shared assets of other projects cast in the project's shots (of one episode when given) in Zou's JSON." })
  async sharedAssetsUsedInProjectJson(
    @Arg("projectId", () => ID) projectId: string,
    @Arg("episodeId", () => String, { nullable: true, description: "An episode id, or \"main\" or \"all\" for every episode." }) episodeId: string | null,
    @Ctx() ctx: RequestContext,
  ) {
    const episode = episodeId === null || episodeId === undefined || episodeId === "main" || episodeId === "all" ? (episodeId ?? null) : parseId(episodeId);
    return listSharedAssetsUsedInProject(ctx, parseId(projectId), episode);
  }
}

import { Arg, Ctx, ID, Mutation, Query, Resolver } from "type-graphql";
import type { RequestContext } from "../context.js";
import { BadRequestError } from "../errors.js";
import { JSON } from "../graphql/scalars.js";
import { parseId } from "../ids.js";
import { getEpisodeShotsCasting, replaceCastings } from "./castings-batch.service.js";
import { getEpisodeRetakeStats, getEpisodeStats } from "./episode-stats.service.js";

@Resolver()
export class ProductionBreakdownResolver {
  @Query(() => JSON, { description: "The casting of every shot of an episode, keyed by shot id, in Zou's JSON; empty for Kitsu's \"main\" pseudo-episode. FORBIDDEN for vendors." })
  async episodeShotsCastingJson(@Arg("projectId", () => ID) projectId: string, @Arg("episodeId", () => ID) episodeId: string, @Ctx() ctx: RequestContext) {
    return getEpisodeShotsCasting(ctx, parseId(projectId), episodeId === "main" ? "main" : parseId(episodeId));
  }

  @Mutation(() => JSON, { description: "Replaces the castings of several entities of a project, given as an object of entity id to casting list (manager of the project)." })
  async replaceCastingsJson(@Arg("projectId", () => ID) projectId: string, @Arg("castings", () => JSON) castings: unknown, @Ctx() ctx: RequestContext) {
    if (castings === null || typeof castings !== "object" || Array.isArray(castings) || !Object.values(castings).every((casting) => Array.isArray(casting))) {
      throw new BadRequestError("Request body must be a JSON object mapping entity ids to casting arrays");
    }
    return replaceCastings(ctx, parseId(projectId), castings as Record<string, unknown[]>);
  }

  @Query(() => JSON, { description: "Task counts, frames and drawings by episode, task type and status, with \"all\" totals; vendors count their assigned tasks only." })
  async episodeStatsJson(@Arg("projectId", () => ID) projectId: string, @Ctx() ctx: RequestContext) {
    return getEpisodeStats(ctx, parseId(projectId));
  }

  @Query(() => JSON, { description: "Done, retake and other counts by episode and task type with their evolution take by take; vendors count their assigned tasks only." })
  async episodeRetakeStatsJson(@Arg("projectId", () => ID) projectId: string, @Ctx() ctx: RequestContext) {
    return getEpisodeRetakeStats(ctx, parseId(projectId));
  }
}

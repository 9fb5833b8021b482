import { Arg, Ctx, ID, Int, Query, Resolver } from "type-graphql";
import type { RequestContext } from "../context.js";
import { BadRequestError } from "../errors.js";
import { JSON } from "../graphql/scalars.js";
import { parseId } from "../ids.js";
import type { ZouJson } from "../rest/zou-json.js";
import { SEARCH_INDEXES, searchEntities, type SearchIndex } from "./search.service.js";

@Resolver()
export class SearchResolver {
  @Query(() => JSON, {
    description: "Assets and shots of the viewer's open projects, and persons, whose name contains the query (3 characters or more), in Zou's JSON keyed by index name.",
  })
  searchJson(
    @Arg("query", () => String) query: string,
    @Arg("projectId", () => ID, { nullable: true }) projectId: string | null,
    @Arg("limit", () => Int, { nullable: true, description: "Results per index, 3 by default, at most 100." }) limit: number | null,
    @Arg("offset", () => Int, { nullable: true }) offset: number | null,
    @Arg("indexNames", () => [String], { nullable: true, description: "assets, shots and persons by default." }) indexNames: string[] | null,
    @Ctx() ctx: RequestContext,
  ): Promise<Record<string, ZouJson[]>> {
    const indexes = indexNames ?? [...SEARCH_INDEXES];
    const unknown = indexes.filter((name) => !(SEARCH_INDEXES as readonly string[]).includes(name));
    if (unknown.length > 0) throw new BadRequestError(`Unknown index name ${unknown[0].slice(0, 40)}: expected ${SEARCH_INDEXES.join(", ")}.`);
    if (limit !== null && (limit < 1 || limit > 100)) throw new BadRequestError("limit must be between 1 and 100.");
    if (offset !== null && offset < 0) throw new BadRequestError("offset must be zero or more.");
    return searchEntities(ctx, {
      query,
      projectId: projectId == null || projectId === "" ? null : parseId(projectId),
      limit: limit ?? 3,
      offset: offset ?? 0,
      indexes: indexes as SearchIndex[],
    });
  }
}

import { Arg, Ctx, ID, Int, Query, Resolver } from "type-graphql";
import type { RequestContext } from "../context.js";
import { JSON } from "../graphql/scalars.js";
import { parseId } from "../ids.js";
import { getProjectNewsItem, listEntityNews, listProjectNews } from "./news-json.service.js";

function optionalId(value: string | null | undefined): string | null {
  return value === null || value === undefined ? null : parseId(value);
}

@Resolver()
export class NewsJsonResolver {
  @Query(() => JSON, { description: "A project's news feed in Zou's JSON: one page of items with total, nb_pages and status counts. FORBIDDEN for vendors." })
  async projectNewsJson(
    @Arg("projectId", () => ID) projectId: string,
    @Arg("onlyPreview", () => Boolean, { nullable: true }) onlyPreview: boolean | null,
    @Arg("taskTypeId", () => ID, { nullable: true }) taskTypeId: string | null,
    @Arg("taskStatusId", () => ID, { nullable: true }) taskStatusId: string | null,
    @Arg("episodeId", () => ID, { nullable: true }) episodeId: string | null,
    @Arg("authorId", () => ID, { nullable: true }) authorId: string | null,
    @Arg("after", () => String, { nullable: true }) after: string | null,
    @Arg("before", () => String, { nullable: true }) before: string | null,
    @Arg("page", () => Int, { nullable: true }) page: number | null,
    @Arg("limit", () => Int, { nullable: true }) limit: number | null,
    @Ctx() ctx: RequestContext,
  ) {
    return listProjectNews(ctx, parseId(projectId), {
      onlyPreview: onlyPreview ?? false,
      taskTypeId: optionalId(taskTypeId),
      taskStatusId: optionalId(taskStatusId),
      episodeId: optionalId(episodeId),
      authorId: optionalId(authorId),
      after,
      before,
      page: page ?? 1,
      limit: limit ?? 50,
    });
  }

  @Query(() => JSON, { description: "One news item of a project in Zou's JSON; NOT_FOUND when it is not in that project's feed." })
  async projectNewsItemJson(@Arg("projectId", () => ID) projectId: string, @Arg("newsId", () => ID) newsId: string, @Ctx() ctx: RequestContext) {
    return getProjectNewsItem(ctx, parseId(projectId), parseId(newsId));
  }

  @Query(() => JSON, { description: "The news about one entity's tasks in Zou's JSON, newest first, at most 2000 items." })
  async entityNewsJson(@Arg("entityId", () => ID) entityId: string, @Ctx() ctx: RequestContext) {
    return listEntityNews(ctx, parseId(entityId));
  }
}

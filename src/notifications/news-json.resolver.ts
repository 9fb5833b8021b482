import { Arg, Args, ArgsType, Ctx, Field, ID, Int, Query, Resolver } from "type-graphql";
import type { RequestContext } from "../context.js";
import { JSON } from "../graphql/scalars.js";
import { parseId } from "../ids.js";
import { getProjectNewsItem, listEntityNews, listProjectNews, type NewsFilters } from "./news-json.service.js";

function optionalId(value: string | null | undefined): string | null {
  return value === null || value === undefined ? null : parseId(value);
}

/** The filters and page of a news feed, shared by the project feed and the feed of all open projects. */
@ArgsType()
export class NewsFilterArgs {
  @Field(() => Boolean, { nullable: true })
  onlyPreview?: boolean | null;

  @Field(() => ID, { nullable: true })
  taskTypeId?: string | null;

  @Field(() => ID, { nullable: true })
  taskStatusId?: string | null;

  @Field(() => ID, { nullable: true })
  episodeId?: string | null;

  @Field(() => ID, { nullable: true })
  authorId?: string | null;

  @Field(() => String, { nullable: true })
  after?: string | null;

  @Field(() => String, { nullable: true })
  before?: string | null;

  @Field(() => Int, { nullable: true })
  page?: number | null;

  @Field(() => Int, { nullable: true })
  limit?: number | null;
}

/** Turns the feed arguments into the service's filters, with Zou's defaults: every item, page 1, 50 items. */
export function newsFilters(args: NewsFilterArgs): NewsFilters {
  return {
    onlyPreview: args.onlyPreview ?? false,
    taskTypeId: optionalId(args.taskTypeId),
    taskStatusId: optionalId(args.taskStatusId),
    episodeId: optionalId(args.episodeId),
    authorId: optionalId(args.authorId),
    after: args.after ?? null,
    before: args.before ?? null,
    page: args.page ?? 1,
    limit: args.limit ?? 50,
  };
}

@Resolver()
export class NewsJsonResolver {
  @Query(() => JSON, { description: "A project's news feed in Zou's JSON: one page of items with total, nb_pages and status counts. FORBIDDEN for vendors." })
  async projectNewsJson(@Arg("projectId", () => ID) projectId: string, @Args(() => NewsFilterArgs) filters: NewsFilterArgs, @Ctx() ctx: RequestContext) {
    return listProjectNews(ctx, parseId(projectId), newsFilters(filters));
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

import { Ctx, Query, Resolver } from "type-graphql";
import type { RequestContext } from "../context.js";
import { JSON } from "../graphql/scalars.js";
import { getUserContext } from "./user-context.service.js";

@Resolver()
export class UserContextResolver {
  @Query(() => JSON, {
    description: "Zou's user context as one JSON object: the viewer's open projects with their settings, and the studio's reference lists.",
  })
  userContext(@Ctx() ctx: RequestContext): Promise<unknown> {
    return getUserContext(ctx);
  }
}

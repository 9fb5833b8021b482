import { Ctx, Query, Resolver } from "type-graphql";
import type { RequestContext } from "../context.js";
import { requireViewer } from "../context.js";
import { Person } from "./person.type.js";

@Resolver(() => Person)
export class PersonResolver {
  @Query(() => Person, { description: "The logged-in person." })
  me(@Ctx() ctx: RequestContext): Person {
    return requireViewer(ctx).person as unknown as Person;
  }
}

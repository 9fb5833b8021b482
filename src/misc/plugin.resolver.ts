import { asc, eq } from "drizzle-orm";
import { Arg, Ctx, Field, ID, ObjectType, Query, Resolver } from "type-graphql";
import { plugin } from "../../schema/misc.js";
import { assertAdmin } from "../auth/permissions.js";
import type { RequestContext } from "../context.js";
import { NotFoundError } from "../errors.js";
import { DateTime } from "../graphql/scalars.js";
import { parseId } from "../ids.js";

@ObjectType({ description: "An installed server plugin, as its manifest describes it. Admins only." })
export class Plugin {
  @Field(() => ID)
  id!: string;

  @Field(() => String)
  pluginId!: string;

  @Field(() => String)
  name!: string;

  @Field(() => String, { nullable: true })
  description!: string | null;

  @Field(() => String)
  version!: string;

  @Field(() => String)
  maintainerName!: string;

  @Field(() => String, { nullable: true })
  maintainerEmail!: string | null;

  @Field(() => String, { nullable: true })
  website!: string | null;

  @Field(() => String)
  license!: string;

  @Field(() => String, { nullable: true })
  revision!: string | null;

  @Field(() => Boolean, { nullable: true })
  frontendProjectEnabled!: boolean | null;

  @Field(() => Boolean, { nullable: true })
  frontendStudioEnabled!: boolean | null;

  @Field(() => String, { nullable: true })
  icon!: string | null;

  @Field(() => DateTime, { nullable: true })
  createdAt!: Date | null;
}

@Resolver(() => Plugin)
export class PluginResolver {
  @Query(() => [Plugin], { description: "Installed plugins, by name (admins only)." })
  async plugins(@Ctx() ctx: RequestContext) {
    assertAdmin(ctx);
    return ctx.db.orm.select().from(plugin).orderBy(asc(plugin.name));
  }

  @Query(() => Plugin, { description: "One installed plugin (admins only)." })
  async plugin(@Arg("id", () => ID) id: string, @Ctx() ctx: RequestContext) {
    assertAdmin(ctx);
    const [row] = await ctx.db.orm.select().from(plugin).where(eq(plugin.id, parseId(id))).limit(1);
    if (row === undefined) throw new NotFoundError("Plugin not found.");
    return row;
  }
}

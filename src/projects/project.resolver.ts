import { and, count, eq, ilike, inArray, type SQL } from "drizzle-orm";
import { Arg, Args, ArgsType, Ctx, Field, ID, Query, Resolver } from "type-graphql";
import { project, projectStatus } from "../../schema/projects.js";
import { readableProjectIds, getReadableProject } from "../auth/permissions.js";
import type { RequestContext } from "../context.js";
import { idIn } from "../db/loader.js";
import { PageArgs, paginate } from "../graphql/connection.js";
import { parseId } from "../ids.js";
import { Project, ProjectConnection } from "./project.type.js";
import type { ProjectRow } from "./projects.loaders.js";

@ArgsType()
class ProjectsArgs extends PageArgs {
  @Field(() => String, { nullable: true, description: "Only projects whose name contains this text (case-insensitive)." })
  name?: string;

  @Field(() => ID, { nullable: true })
  projectStatusId?: string;

  @Field(() => Boolean, { nullable: true, description: "Only open (true) or closed (false) projects." })
  open?: boolean;
}

@Resolver(() => Project)
export class ProjectResolver {
  @Query(() => ProjectConnection, { description: "Projects the logged-in person may see: every project for admins, their teams' for others." })
  async projects(@Args(() => ProjectsArgs) args: ProjectsArgs, @Ctx() ctx: RequestContext) {
    const readable = await readableProjectIds(ctx);
    const conditions: SQL[] = [];
    if (readable !== undefined) conditions.push(idIn(project.id, readable));
    if (args.name !== undefined && args.name !== null) conditions.push(ilike(project.name, `%${args.name.replace(/[%_\\]/g, "\\$&")}%`));
    if (args.projectStatusId !== undefined && args.projectStatusId !== null) {
      conditions.push(eq(project.projectStatusId, parseId(args.projectStatusId)));
    }
    if (args.open !== undefined && args.open !== null) {
      const statusName = args.open ? "Open" : "Closed";
      const statusIds = ctx.db.orm.select({ id: projectStatus.id }).from(projectStatus).where(eq(projectStatus.name, statusName));
      conditions.push(inArray(project.projectStatusId, statusIds));
    }
    const where = conditions.length > 0 ? and(...conditions) : undefined;

    return paginate<ProjectRow>({
      ctx,
      args,
      sortColumn: project.name,
      idColumn: project.id,
      sortKey: (row) => row.name,
      fetch: (keyset, order, limit) =>
        ctx.db.orm
          .select()
          .from(project)
          .where(and(where, keyset))
          .orderBy(...order)
          .limit(limit),
      count: async () => {
        const [row] = await ctx.db.orm.select({ total: count() }).from(project).where(where);
        return row?.total ?? 0;
      },
    });
  }

  @Query(() => Project, { description: "One project; FORBIDDEN unless the logged-in person is admin or on its team." })
  async project(@Arg("id", () => ID) id: string, @Ctx() ctx: RequestContext) {
    return getReadableProject(ctx, parseId(id));
  }
}

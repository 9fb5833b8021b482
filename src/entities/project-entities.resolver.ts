import { Ctx, FieldResolver, Resolver, Root } from "type-graphql";
import type { RequestContext } from "../context.js";
import { Project } from "../projects/project.type.js";
import type { ProjectRow } from "../projects/projects.loaders.js";
import { Asset, Concept, Edit, Episode, Scene, Sequence, Shot } from "./entity.type.js";

// The project's entities, batched across projects and filtered by the
// viewer's access (a vendor sees only the entities of their tasks).

@Resolver(() => Project)
export class ProjectEntitiesResolver {
  @FieldResolver(() => [Episode])
  episodes(@Root() project: ProjectRow, @Ctx() ctx: RequestContext) {
    return ctx.loaders.episodesByProjectId.load(project.id);
  }

  @FieldResolver(() => [Sequence])
  sequences(@Root() project: ProjectRow, @Ctx() ctx: RequestContext) {
    return ctx.loaders.sequencesByProjectId.load(project.id);
  }

  @FieldResolver(() => [Shot])
  shots(@Root() project: ProjectRow, @Ctx() ctx: RequestContext) {
    return ctx.loaders.shotsByProjectId.load(project.id);
  }

  @FieldResolver(() => [Scene])
  scenes(@Root() project: ProjectRow, @Ctx() ctx: RequestContext) {
    return ctx.loaders.scenesByProjectId.load(project.id);
  }

  @FieldResolver(() => [Edit])
  edits(@Root() project: ProjectRow, @Ctx() ctx: RequestContext) {
    return ctx.loaders.editsByProjectId.load(project.id);
  }

  @FieldResolver(() => [Concept])
  concepts(@Root() project: ProjectRow, @Ctx() ctx: RequestContext) {
    return ctx.loaders.conceptsByProjectId.load(project.id);
  }

  @FieldResolver(() => [Asset])
  assets(@Root() project: ProjectRow, @Ctx() ctx: RequestContext) {
    return ctx.loaders.assetsByProjectId.load(project.id);
  }
}

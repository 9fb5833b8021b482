import { and, asc, eq, inArray } from "drizzle-orm";
import { Arg, Ctx, ID, Query, Resolver } from "type-graphql";
import { entity, entityType } from "../../schema/entities.js";
import { project, projectStatus } from "../../schema/projects.js";
import { task, taskPersonLink } from "../../schema/tasks.js";
import type { RequestContext } from "../context.js";
import { NotFoundError } from "../errors.js";
import { JSON } from "../graphql/scalars.js";
import { parseId } from "../ids.js";
import { getUserContext } from "../lists/user-context.service.js";
import { requirePerson } from "../people/people-actions.service.js";
import { toZouJson, type ZouJson } from "../rest/zou-json.js";
import { BUILT_IN_KINDS, kindCondition, selectEntities } from "./entities.loaders.js";
import { getEntityOfKindOrThrow } from "./entities.service.js";
import { entityJson, maskMetadataForVendor } from "./entity-json.resolver.js";

// The viewer's "my tasks" navigation of Zou's user routes: open projects,
// and the asset types, assets, episodes and shots holding a task assigned to
// the viewer in an open project. Each list is one statement.

/** Ids of the entities with a task assigned to the viewer, in open projects. */
function assignedEntityIds(ctx: RequestContext, viewerId: string) {
  const orm = ctx.db.orm;
  const openProjects = orm
    .select({ id: project.id })
    .from(project)
    .innerJoin(projectStatus, eq(projectStatus.id, project.projectStatusId))
    .where(eq(projectStatus.name, "Open"));
  return orm
    .select({ id: task.entityId })
    .from(task)
    .innerJoin(taskPersonLink, eq(taskPersonLink.taskId, task.id))
    .where(and(eq(taskPersonLink.personId, viewerId), inArray(task.projectId, openProjects)));
}

async function assertProjectExists(ctx: RequestContext, projectId: string): Promise<void> {
  if ((await ctx.loaders.projectById.load(projectId)) === null) throw new NotFoundError("Project not found.");
}

@Resolver()
export class ViewerEntitiesResolver {
  @Query(() => JSON, {
    description: "Open projects the viewer is on the team of (every open project for an admin), with their settings, in Zou's JSON; `name` keeps the project of that exact name.",
  })
  async viewerOpenProjectsJson(@Arg("name", () => String, { nullable: true }) name: string | null, @Ctx() ctx: RequestContext): Promise<ZouJson[]> {
    requirePerson(ctx);
    // TODO(perf): the user context also reads the studio's reference lists;
    // split its project part out if this route gets hot.
    const context = await getUserContext(ctx);
    const projects = context.projects as ZouJson[];
    return name === null ? projects : projects.filter((item) => item.name === name);
  }

  @Query(() => JSON, { description: "Asset types of a project having an asset with a task assigned to the viewer (open projects only), in Zou's JSON." })
  async viewerAssetTypesJson(@Arg("projectId", () => ID) projectId: string, @Ctx() ctx: RequestContext): Promise<ZouJson[]> {
    const viewer = requirePerson(ctx);
    const id = parseId(projectId);
    await assertProjectExists(ctx, id);
    const assetTypeIds = ctx.db.orm
      .select({ id: entity.entityTypeId })
      .from(entity)
      .where(and(eq(entity.projectId, id), inArray(entity.id, assignedEntityIds(ctx, viewer.id))));
    const rows = await ctx.db.orm
      .select()
      .from(entityType)
      .where(and(inArray(entityType.id, assetTypeIds), kindCondition("Asset")))
      .orderBy(asc(entityType.name));
    return rows.map((row) => toZouJson(entityType, row as unknown as Record<string, unknown>, "AssetType"));
  }

  @Query(() => JSON, { description: "Assets of one type in a project with a task assigned to the viewer (open projects only), in Zou's JSON." })
  async viewerAssetsJson(
    @Arg("projectId", () => ID) projectId: string,
    @Arg("assetTypeId", () => ID) assetTypeId: string,
    @Ctx() ctx: RequestContext,
  ): Promise<ZouJson[]> {
    const viewer = requirePerson(ctx);
    const id = parseId(projectId);
    await assertProjectExists(ctx, id);
    const assetType = await ctx.loaders.entityTypeById.load(parseId(assetTypeId));
    if (assetType === null || (BUILT_IN_KINDS as readonly string[]).includes(assetType.name)) throw new NotFoundError("Asset type not found.");
    const rows = await selectEntities(ctx)
      .where(and(eq(entity.projectId, id), eq(entity.entityTypeId, assetType.id), inArray(entity.id, assignedEntityIds(ctx, viewer.id))))
      .orderBy(asc(entity.name));
    return maskMetadataForVendor(ctx, id, "Asset", rows.map((row) => ({ ...entityJson(row), type: "Asset" })));
  }

  @Query(() => JSON, { description: "Episodes of a project holding a shot with a task assigned to the viewer (open projects only), in Zou's JSON." })
  async viewerEpisodesJson(@Arg("projectId", () => ID) projectId: string, @Ctx() ctx: RequestContext): Promise<ZouJson[]> {
    const viewer = requirePerson(ctx);
    const id = parseId(projectId);
    await assertProjectExists(ctx, id);
    const orm = ctx.db.orm;
    const shotType = orm.select({ id: entityType.id }).from(entityType).where(eq(entityType.name, "Shot"));
    const sequencesOfAssignedShots = orm
      .select({ id: entity.parentId })
      .from(entity)
      .where(and(inArray(entity.entityTypeId, shotType), inArray(entity.id, assignedEntityIds(ctx, viewer.id))));
    const episodeIds = orm.select({ id: entity.parentId }).from(entity).where(inArray(entity.id, sequencesOfAssignedShots));
    const rows = await selectEntities(ctx)
      .where(and(kindCondition("Episode"), eq(entity.projectId, id), inArray(entity.id, episodeIds)))
      .orderBy(asc(entity.name));
    return maskMetadataForVendor(ctx, id, "Episode", rows.map(entityJson));
  }

  @Query(() => JSON, { description: "Shots of a sequence with a task assigned to the viewer (open projects only), in Zou's JSON." })
  async viewerSequenceShotsJson(@Arg("sequenceId", () => ID) sequenceId: string, @Ctx() ctx: RequestContext): Promise<ZouJson[]> {
    const viewer = requirePerson(ctx);
    const sequence = await getEntityOfKindOrThrow(ctx, "Sequence", sequenceId);
    const rows = await selectEntities(ctx)
      .where(and(kindCondition("Shot"), eq(entity.parentId, sequence.id), inArray(entity.id, assignedEntityIds(ctx, viewer.id))))
      .orderBy(asc(entity.name));
    return maskMetadataForVendor(ctx, sequence.projectId, "Shot", rows.map(entityJson));
  }
}

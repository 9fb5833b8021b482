import { and, asc, eq, inArray } from "drizzle-orm";
import { Arg, Ctx, ID, Query, Resolver } from "type-graphql";
import { entity, entityConceptLink } from "../../schema/entities.js";
import { project, projectStatus } from "../../schema/projects.js";
import { task, taskPersonLink } from "../../schema/tasks.js";
import { effectiveProjectRole, getReadableProject } from "../auth/permissions.js";
import { requireViewer, type RequestContext } from "../context.js";
import { ForbiddenError, NotFoundError } from "../errors.js";
import { JSON } from "../graphql/scalars.js";
import { parseId } from "../ids.js";
import { toZouJson, type ZouJson } from "../rest/zou-json.js";
import { hiddenMetadataFields, withoutHiddenFields } from "./entity-metadata.service.js";
import { kindCondition, kindOfTypeName, selectEntities, type EntityRow } from "./entities.loaders.js";
import { getEntityOfKindOrThrow, getReadableEntity } from "./entities.service.js";

// Entity reads in Zou's JSON, for the Zou routes that list entities by their
// parent or by the viewer's assignments.

/** Serializes an entity as Zou does, typed by its kind ("Scene", "Sequence", "Asset"...). */
export function entityJson(row: EntityRow): ZouJson {
  return toZouJson(entity, row as unknown as Record<string, unknown>, kindOfTypeName(row.entityTypeName));
}

function byName(a: { name: string | null }, b: { name: string | null }): number {
  return (a.name ?? "").localeCompare(b.name ?? "");
}

/** Returns the viewer's id, or throws FORBIDDEN for a bot, because the "my tasks" lists are for persons. */
function requirePerson(ctx: RequestContext): string {
  const viewer = requireViewer(ctx);
  if (viewer.person.isBot === true) throw new ForbiddenError();
  return viewer.id;
}

/** Lists the sequences (through their shots) or scenes (through their own tasks) with a task assigned to the viewer, in open projects. */
async function assignedEntities(ctx: RequestContext, kind: "Sequence" | "Scene", where: { projectId?: string; parentId?: string }): Promise<EntityRow[]> {
  const viewerId = requirePerson(ctx);
  const orm = ctx.db.orm;
  const openProjects = orm
    .select({ id: project.id })
    .from(project)
    .innerJoin(projectStatus, eq(projectStatus.id, project.projectStatusId))
    .where(eq(projectStatus.name, "Open"));
  const assignedTaskEntities = orm
    .select({ id: task.entityId })
    .from(task)
    .innerJoin(taskPersonLink, eq(taskPersonLink.taskId, task.id))
    .where(and(eq(taskPersonLink.personId, viewerId), inArray(task.projectId, openProjects)));
  const idCondition =
    kind === "Sequence"
      ? inArray(entity.id, orm.select({ id: entity.parentId }).from(entity).where(inArray(entity.id, assignedTaskEntities)))
      : inArray(entity.id, assignedTaskEntities);
  return selectEntities(ctx)
    .where(
      and(
        kindCondition(kind),
        idCondition,
        where.projectId === undefined ? undefined : eq(entity.projectId, where.projectId),
        where.parentId === undefined ? undefined : eq(entity.parentId, where.parentId),
      ),
    )
    .orderBy(asc(entity.name));
}

/**
 * Removes from a vendor's or client's copy of the entities the metadata they
 * may not read (see hiddenMetadataFields). Other roles get the entities
 * unchanged.
 */
export async function maskMetadataForVendor(ctx: RequestContext, projectId: string, kind: string, items: ZouJson[]): Promise<ZouJson[]> {
  const hidden = await hiddenMetadataFields(ctx, projectId, kind);
  if (hidden.size === 0) return items;
  return items.map((item) => ({ ...item, data: withoutHiddenFields(item.data ?? {}, hidden) }));
}

@Resolver()
export class EntityJsonResolver {
  @Query(() => JSON, { description: "A scene in Zou's JSON, with its project, sequence and episode names." })
  async sceneJson(@Arg("id", () => ID) id: string, @Ctx() ctx: RequestContext): Promise<ZouJson> {
    const scene = await getReadableEntity(ctx, "Scene", id);
    const json = entityJson(scene);
    const projectRow = await ctx.loaders.projectById.load(scene.projectId);
    json.project_name = projectRow?.name ?? null;
    const sequence = scene.parentId === null ? null : await ctx.loaders.entityById.load(scene.parentId);
    json.sequence_id = sequence?.id ?? null;
    json.sequence_name = sequence?.name ?? null;
    if (sequence?.parentId != null) {
      const episode = await ctx.loaders.entityById.load(sequence.parentId);
      if (episode !== null && kindOfTypeName(episode.entityTypeName) === "Episode") {
        json.episode_id = episode.id;
        json.episode_name = episode.name;
      }
    }
    return json;
  }

  @Query(() => JSON, { description: "The scenes of a sequence in Zou's JSON, by name. A vendor does not see the metadata restricted to departments they are not in." })
  async sequenceScenesJson(@Arg("sequenceId", () => ID) sequenceId: string, @Ctx() ctx: RequestContext): Promise<ZouJson[]> {
    const sequence = await getReadableEntity(ctx, "Sequence", sequenceId);
    const rows = await selectEntities(ctx).where(and(kindCondition("Scene"), eq(entity.parentId, sequence.id)));
    return maskMetadataForVendor(ctx, sequence.projectId, "Scene", rows.sort(byName).map(entityJson));
  }

  @Query(() => JSON, { description: "The concepts of a project in Zou's JSON, by name, each with the ids of its linked entities. Vendors and clients get FORBIDDEN." })
  async projectConceptsJson(@Arg("projectId", () => ID) projectId: string, @Ctx() ctx: RequestContext): Promise<ZouJson[]> {
    const id = parseId(projectId);
    await getReadableProject(ctx, id);
    const role = await effectiveProjectRole(ctx, id);
    if (role === "vendor" || role === "client") throw new ForbiddenError();
    const rows = await selectEntities(ctx).where(and(kindCondition("Concept"), eq(entity.projectId, id)));
    const ids = rows.map((row) => row.id);
    const links = ids.length === 0 ? [] : await ctx.db.orm.select().from(entityConceptLink).where(inArray(entityConceptLink.entityInId, ids));
    return rows.sort(byName).map((row) => ({
      ...entityJson(row),
      entity_concept_links: links.filter((link) => link.entityInId === row.id).map((link) => link.entityOutId),
    }));
  }

  @Query(() => JSON, { description: "Sequences of a project with a shot whose task is assigned to the viewer (open projects only), in Zou's JSON." })
  async viewerSequencesJson(@Arg("projectId", () => ID) projectId: string, @Ctx() ctx: RequestContext): Promise<ZouJson[]> {
    requirePerson(ctx);
    const id = parseId(projectId);
    if ((await ctx.loaders.projectById.load(id)) === null) throw new NotFoundError("Project not found.");
    return maskMetadataForVendor(ctx, id, "Sequence", (await assignedEntities(ctx, "Sequence", { projectId: id })).map(entityJson));
  }

  @Query(() => JSON, { description: "Scenes of a sequence with a task assigned to the viewer (open projects only), in Zou's JSON." })
  async viewerSequenceScenesJson(@Arg("sequenceId", () => ID) sequenceId: string, @Ctx() ctx: RequestContext): Promise<ZouJson[]> {
    requirePerson(ctx);
    const sequence = await getEntityOfKindOrThrow(ctx, "Sequence", sequenceId);
    return (await assignedEntities(ctx, "Scene", { parentId: sequence.id })).map(entityJson);
  }
}

import { and, eq, inArray } from "drizzle-orm";
import { entity, entityConceptLink } from "../../schema/entities.js";
import { assertProjectManager, effectiveProjectRole, getReadableProject } from "../auth/permissions.js";
import { requireViewer, type RequestContext } from "../context.js";
import { BadRequestError, ConflictError, ForbiddenError, NotFoundError } from "../errors.js";
import { recordEvent } from "../events/events.service.js";
import { parseId } from "../ids.js";
import { lockTransactionOn } from "../db/advisory-lock.js";
import { entityColumns, type EntityKind, type EntityRow } from "./entities.loaders.js";
import { entityType } from "../../schema/entities.js";
import * as entities from "./entities.service.js";
import { findSibling } from "./shots-json.reads.js";

// Writes behind Zou's shot, sequence, episode, scene, edit and concept
// routes. Zou's creations return the existing entity when one of the same
// kind already has the name under the same parent, so a script that runs
// twice creates nothing the second time. These functions keep that rule and
// leave the rest to the entity service.

export interface CreateNamedInput extends entities.EntityFields {
  projectId: string;
  name: string;
}

function trimmedName(name: string): string {
  const trimmed = name.trim();
  if (trimmed === "") throw new BadRequestError("The name is missing or empty.");
  return trimmed;
}

/** Returns the entity of `kind` named `name` under `parentId`, or creates it with `create`. */
async function getOrCreate(ctx: RequestContext, kind: EntityKind, input: CreateNamedInput, parentId: string | null, create: () => Promise<EntityRow>): Promise<EntityRow> {
  const projectId = parseId(input.projectId);
  await assertProjectManager(ctx, projectId);
  const name = trimmedName(input.name);
  const existing = await findSibling(ctx, kind, projectId, parentId, name);
  if (existing !== undefined) return existing;
  try {
    return await create();
  } catch (error) {
    // A parallel request created the same name first: return its entity, as a later request would get it.
    if (!(error instanceof ConflictError)) throw error;
    const created = await findSibling(ctx, kind, projectId, parentId, name);
    if (created === undefined) throw error;
    return created;
  }
}

/** Checks that a parent exists with the expected kind and returns its id, for the sibling lookup. */
async function parentIdOf(ctx: RequestContext, kind: EntityKind, id: string | null | undefined): Promise<string | null> {
  if (id === undefined || id === null) return null;
  return (await entities.getEntityOfKindOrThrow(ctx, kind, id)).id;
}

export async function getOrCreateEpisode(ctx: RequestContext, input: CreateNamedInput): Promise<EntityRow> {
  return getOrCreate(ctx, "Episode", input, null, () => entities.createEpisode(ctx, input));
}

export async function getOrCreateSequence(ctx: RequestContext, input: CreateNamedInput & { episodeId?: string | null }): Promise<EntityRow> {
  const episodeId = await parentIdOf(ctx, "Episode", input.episodeId);
  return getOrCreate(ctx, "Sequence", input, episodeId, () => entities.createSequence(ctx, input));
}

export async function getOrCreateShot(ctx: RequestContext, input: CreateNamedInput & { sequenceId: string }): Promise<EntityRow> {
  const sequenceId = await parentIdOf(ctx, "Sequence", input.sequenceId);
  return getOrCreate(ctx, "Shot", input, sequenceId, () => entities.createShot(ctx, input));
}

export async function getOrCreateScene(ctx: RequestContext, input: CreateNamedInput & { sequenceId: string }): Promise<EntityRow> {
  const sequenceId = await parentIdOf(ctx, "Sequence", input.sequenceId);
  return getOrCreate(ctx, "Scene", input, sequenceId, () => entities.createScene(ctx, input));
}

export async function getOrCreateEdit(ctx: RequestContext, input: CreateNamedInput & { episodeId?: string | null }): Promise<EntityRow> {
  const episodeId = await parentIdOf(ctx, "Episode", input.episodeId);
  return getOrCreate(ctx, "Edit", input, episodeId, () => entities.createEdit(ctx, input));
}

/**
 * Creates a concept linked to existing entities of its project, or returns
 * the concept of that name. As in Zou, any team member but vendors and
 * clients may create one; unknown ids among the links are skipped.
 */
export async function getOrCreateConcept(ctx: RequestContext, input: CreateNamedInput & { entityConceptLinks?: string[] | null }): Promise<EntityRow> {
  const viewer = requireViewer(ctx);
  const projectId = parseId(input.projectId);
  await getReadableProject(ctx, projectId);
  const role = await effectiveProjectRole(ctx, projectId);
  if (role === "vendor" || role === "client") throw new ForbiddenError();
  const name = trimmedName(input.name);
  const linkIds = [...new Set((input.entityConceptLinks ?? []).map((id) => parseId(id)))];

  const existing = await findSibling(ctx, "Concept", projectId, null, name);
  if (existing !== undefined) return existing;

  return ctx.db.transaction(async (tx) => {
    // A parallel request for the same name waits here, then returns the concept the first one made.
    await lockTransactionOn(tx, `concept-name:${projectId}:${name}`);
    const created = await findSibling(ctx, "Concept", projectId, null, name);
    if (created !== undefined) return created;
    const entityTypeId = await entities.getOrCreateEntityTypeId(tx, "Concept");
    const [inserted] = await tx
      .insert(entity)
      .values({ name, projectId, entityTypeId, description: input.description ?? null, data: entities.toPlainJson(input.data) ?? {}, createdBy: viewer.id })
      .returning({ id: entity.id });
    const linked = linkIds.length === 0 ? [] : await tx.select({ id: entity.id }).from(entity).where(and(inArray(entity.id, linkIds), eq(entity.projectId, projectId)));
    if (linked.length > 0) await tx.insert(entityConceptLink).values(linked.map((row) => ({ entityInId: inserted.id, entityOutId: row.id })));
    await recordEvent(tx, ctx, { name: "concept:new", projectId, data: { concept_id: inserted.id } });
    const [row] = await tx.select(entityColumns).from(entity).innerJoin(entityType, eq(entityType.id, entity.entityTypeId)).where(eq(entity.id, inserted.id));
    return row;
  });
}

/** Loads a scene and a shot of the same project for a scene link change; the viewer must be on the team. */
async function prepareSceneLink(ctx: RequestContext, sceneId: string, shotId: string) {
  const scene = await entities.getEntityOfKindOrThrow(ctx, "Scene", sceneId);
  await getReadableProject(ctx, scene.projectId);
  const role = await effectiveProjectRole(ctx, scene.projectId);
  if (role === "vendor" || role === "client") throw new ForbiddenError();
  const shot = await entities.getEntityOfKindOrThrow(ctx, "Shot", shotId);
  if (shot.projectId !== scene.projectId) throw new NotFoundError("Shot not found.");
  return { scene, shot };
}

async function setShotSource(ctx: RequestContext, shot: EntityRow, sourceId: string | null, eventName: string, sceneId: string): Promise<EntityRow> {
  return ctx.db.transaction(async (tx) => {
    await tx.update(entity).set({ sourceId }).where(eq(entity.id, shot.id));
    await recordEvent(tx, ctx, { name: "shot:update", projectId: shot.projectId, data: { shot_id: shot.id } });
    await recordEvent(tx, ctx, { name: eventName, projectId: shot.projectId, data: { scene_id: sceneId, shot_id: shot.id } });
    const [row] = await tx.select(entityColumns).from(entity).innerJoin(entityType, eq(entityType.id, entity.entityTypeId)).where(eq(entity.id, shot.id));
    return row;
  });
}

/**
 * Marks a shot as issued from a scene (Zou stores the scene as the shot's
 * source). Zou lets any team member do it; Kumiki keeps vendors and clients out.
 */
export async function addShotToScene(ctx: RequestContext, sceneId: string, shotId: string): Promise<EntityRow> {
  const { scene, shot } = await prepareSceneLink(ctx, sceneId, shotId);
  return setShotSource(ctx, shot, scene.id, "shot:add-to-scene", scene.id);
}

/** Removes the scene link of a shot; a shot linked to another scene is left unchanged. */
export async function removeShotFromScene(ctx: RequestContext, sceneId: string, shotId: string): Promise<EntityRow> {
  const { scene, shot } = await prepareSceneLink(ctx, sceneId, shotId);
  if (shot.sourceId !== scene.id) return shot;
  return setShotSource(ctx, shot, null, "shot:remove-from-scene", scene.id);
}

import { and, asc, eq, inArray, isNull, type SQL } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import { entity, entityConceptLink } from "../../schema/entities.js";
import { subscription } from "../../schema/notifications.js";
import { task } from "../../schema/tasks.js";
import { effectiveProjectRole, getReadableProject } from "../auth/permissions.js";
import { requireViewer, type RequestContext } from "../context.js";
import { buildFilterConditions } from "../crud/crud.filters.js";
import { serializeRows } from "../crud/crud.json.js";
import { getCrudModel } from "../crud/crud.service.js";
import { idIn } from "../db/loader.js";
import { ForbiddenError } from "../errors.js";
import { toZouJson, type ZouJson } from "../rest/zou-json.js";
import type { TaskRow } from "../tasks/tasks.loaders.js";
import { kindCondition, kindOfTypeName, selectEntities, type EntityKind, type EntityRow } from "./entities.loaders.js";
import { getEntityOfKindOrThrow, getReadableEntity } from "./entities.service.js";
import { entityJson, maskMetadataForVendor } from "./entity-json.resolver.js";

// Reads of episodes, sequences, shots, scenes, edits and concepts in Zou's
// JSON, for the Zou routes of the shots, edits, scenes and concepts areas:
// single objects with their names and tasks, and lists filtered as Zou's
// query strings filter them.

/** Kinds that vendors and clients may not read at all, as in Zou's concept routes. */
const STAFF_ONLY_KINDS: ReadonlySet<EntityKind> = new Set(["Concept"]);

/** Keys of each task Zou embeds in a full shot, edit or concept. */
const EMBEDDED_TASK_KEYS = [
  "id",
  "duration",
  "due_date",
  "end_date",
  "entity_id",
  "estimation",
  "last_comment_date",
  "nb_assets_ready",
  "priority",
  "real_start_date",
  "retake_count",
  "start_date",
  "task_status_id",
  "task_type_id",
];

export interface EntityJsonFilters {
  /** Zou's column filters from the query string (project_id, name, parent_id...). */
  columns: Record<string, string>;
  /** Shots only: the episode of their sequence. */
  episodeId?: string;
  /** Adds project_name, and sequence_name for shots and scenes, as Zou's filtered lists do. */
  withNames?: boolean;
}

async function assertKindReadable(ctx: RequestContext, kind: EntityKind, projectId: string): Promise<void> {
  if (!STAFF_ONLY_KINDS.has(kind)) return;
  const role = await effectiveProjectRole(ctx, projectId);
  if (role === "vendor" || role === "client") throw new ForbiddenError();
}

/**
 * Loads an entity of a kind in a project the viewer is on: NOT_FOUND when
 * unknown, FORBIDDEN outside the team. A vendor passes even when none of
 * their tasks is on it, because the lists under it are filtered row by row.
 */
export async function getEntityInReadableProject(ctx: RequestContext, kind: EntityKind | undefined, id: string): Promise<EntityRow> {
  const row = await getEntityOfKindOrThrow(ctx, kind, id);
  await getReadableProject(ctx, row.projectId);
  return row;
}

/**
 * Ids a vendor may see in lists: the entities of their tasks, and the
 * sequences and episodes above them, so that a vendor finds the sequence of
 * an assigned shot as in Zou's "assigned only" lists. Two batched reads.
 */
async function vendorVisibleIds(ctx: RequestContext): Promise<Set<string>> {
  const scope = await ctx.loaders.viewerAccess();
  const visible = new Set(scope.assignedEntityIds);
  let level = [...scope.assignedEntityIds];
  for (let depth = 0; depth < 2 && level.length > 0; depth += 1) {
    const rows = await ctx.loaders.entityById.loadMany(level);
    const above = new Set<string>();
    for (const row of rows) {
      if (row === null || row instanceof Error) continue;
      for (const id of [row.parentId, row.sourceId]) if (id !== null && !visible.has(id)) above.add(id);
    }
    for (const id of above) visible.add(id);
    level = [...above];
  }
  return visible;
}

/** Keeps the rows the viewer may see in a list: everything for full members, the assigned branch for vendors. */
async function visibleRows(ctx: RequestContext, rows: EntityRow[]): Promise<EntityRow[]> {
  const scope = await ctx.loaders.viewerAccess();
  if (scope.isAdmin) return rows;
  let vendorIds: Set<string> | undefined;
  const readable: EntityRow[] = [];
  for (const row of rows) {
    const role = scope.roleIn(row.projectId);
    if (role === null) continue;
    if (role === "vendor") {
      vendorIds ??= await vendorVisibleIds(ctx);
      if (!vendorIds.has(row.id)) continue;
    }
    readable.push(row);
  }
  return readable;
}

/** Masks restricted metadata for vendors, project by project (a filtered list may span projects). */
async function maskRows(ctx: RequestContext, kind: EntityKind, rows: EntityRow[], items: ZouJson[]): Promise<ZouJson[]> {
  const masked = [...items];
  for (const projectId of new Set(rows.map((row) => row.projectId))) {
    const indexes = rows.flatMap((row, index) => (row.projectId === projectId ? [index] : []));
    const result = await maskMetadataForVendor(ctx, projectId, kind, indexes.map((index) => items[index]));
    indexes.forEach((index, position) => (masked[index] = result[position]));
  }
  return masked;
}

async function addNames(ctx: RequestContext, kind: EntityKind, rows: EntityRow[], items: ZouJson[]): Promise<void> {
  const projects = await ctx.loaders.projectById.loadMany(rows.map((row) => row.projectId));
  const withSequence = kind === "Shot" || kind === "Scene";
  const parents = withSequence ? await ctx.loaders.entityById.loadMany(rows.map((row) => row.parentId ?? row.id)) : [];
  items.forEach((item, index) => {
    const project = projects[index];
    item.project_name = project === null || project instanceof Error ? null : project.name;
    if (!withSequence) return;
    const parent = parents[index];
    item.sequence_name = rows[index].parentId === null || parent === null || parent instanceof Error ? null : parent.name;
  });
}

/**
 * Turns Zou's parent filters into column filters: `sequence_id` names the
 * parent of shots and scenes, `episode_id` the parent of sequences and edits
 * or the grandparent of shots. The parent (and a `parent_id`) must exist
 * (NOT_FOUND otherwise) and gives the project when the query names none, so a
 * team member may look a shot up by its sequence alone, as gazu does.
 */
async function resolveParentFilters(ctx: RequestContext, kind: EntityKind, filters: EntityJsonFilters): Promise<{ columns: Record<string, string>; episodeId?: string }> {
  const { sequence_id: sequenceId, episode_id: episodeId, ...columns } = filters.columns;
  let grandparentId = filters.episodeId;
  const useParent = (parent: EntityRow) => {
    columns.project_id ??= parent.projectId;
  };
  if (sequenceId !== undefined) {
    const sequence = await getEntityInReadableProject(ctx, "Sequence", sequenceId);
    useParent(sequence);
    columns.parent_id = sequence.id;
  }
  if (episodeId !== undefined) {
    const episode = await getEntityInReadableProject(ctx, "Episode", episodeId);
    useParent(episode);
    if (kind === "Shot" || kind === "Scene") grandparentId = episode.id;
    else columns.parent_id = episode.id;
  }
  if (columns.parent_id !== undefined && columns.project_id === undefined) {
    useParent(await getEntityInReadableProject(ctx, undefined, columns.parent_id));
  }
  return { columns, episodeId: grandparentId };
}

/**
 * Lists entities of one kind in Zou's JSON, sorted by name. Non-admins must
 * name a project, directly or through a parent, because Zou's routes reject
 * a list across projects from them.
 */
export async function listEntitiesJson(ctx: RequestContext, kind: EntityKind, filters: EntityJsonFilters): Promise<ZouJson[]> {
  const viewer = requireViewer(ctx);
  const { columns, episodeId } = await resolveParentFilters(ctx, kind, filters);
  const columnConditions = buildFilterConditions(getCrudModel("entities"), columns);
  const projectId = columns.project_id;
  if (projectId !== undefined) {
    await getReadableProject(ctx, projectId.toLowerCase());
    await assertKindReadable(ctx, kind, projectId.toLowerCase());
  } else if (viewer.role !== "admin") {
    throw new ForbiddenError();
  }

  const conditions: (SQL | undefined)[] = [kindCondition(kind), ...columnConditions];
  if (episodeId !== undefined) {
    const sequence = alias(entity, "sequence");
    const inEpisode = ctx.db.orm.select({ id: sequence.id }).from(sequence).where(eq(sequence.parentId, episodeId));
    conditions.push(inArray(entity.parentId, inEpisode));
  }
  const rows = await selectEntities(ctx)
    .where(and(...conditions))
    .orderBy(asc(entity.name), asc(entity.id));

  const visible = await visibleRows(ctx, rows);
  const items = await maskRows(ctx, kind, visible, visible.map(entityJson));
  if (filters.withNames === true) await addNames(ctx, kind, visible, items);
  return items;
}

/** Lists the shots of an episode (through its sequences), sorted by name. */
export async function listEpisodeShotsJson(ctx: RequestContext, episodeId: string): Promise<ZouJson[]> {
  const episode = await getEntityInReadableProject(ctx, "Episode", episodeId);
  return listEntitiesJson(ctx, "Shot", { columns: { project_id: episode.projectId }, episodeId: episode.id });
}

/** Serializes an entity with Zou's relation lists (entities_out, entities_in, entity_concept_links, instance_casting). */
async function withRelations(ctx: RequestContext, row: EntityRow): Promise<ZouJson> {
  const [json] = await serializeRows(ctx, getCrudModel("entities"), [row as unknown as Record<string, unknown>], { relations: true, variant: "full" });
  json.type = kindOfTypeName(row.entityTypeName);
  return json;
}

/** Lists the tasks of an entity the viewer may read, with assignees and the viewer's subscriptions. */
async function embeddedTasks(ctx: RequestContext, entityId: string): Promise<ZouJson[]> {
  const viewer = requireViewer(ctx);
  const tasks: TaskRow[] = await ctx.loaders.tasksByEntityId.load(entityId);
  if (tasks.length === 0) return [];
  const taskIds = tasks.map((row) => row.id);
  const [assignees, subscribed] = await Promise.all([
    ctx.loaders.assigneesByTaskId.loadMany(taskIds),
    ctx.db.orm
      .select({ taskId: subscription.taskId })
      .from(subscription)
      .where(and(eq(subscription.personId, viewer.id), idIn(subscription.taskId, taskIds))),
  ]);
  const subscribedIds = new Set(subscribed.map((row) => row.taskId));
  return tasks.map((row, index) => {
    const full = toZouJson(task, row as unknown as Record<string, unknown>, "Task");
    const embedded: ZouJson = Object.fromEntries(EMBEDDED_TASK_KEYS.map((key) => [key, full[key] ?? null]));
    embedded.priority = full.priority ?? 0;
    embedded.is_subscribed = subscribedIds.has(row.id);
    const people = assignees[index];
    embedded.assignees = people instanceof Error ? [] : people.map((person) => person.id);
    return embedded;
  });
}

async function projectName(ctx: RequestContext, projectId: string): Promise<string | null> {
  return (await ctx.loaders.projectById.load(projectId))?.name ?? null;
}

async function parentOfKind(ctx: RequestContext, id: string | null, kind: EntityKind): Promise<EntityRow | null> {
  if (id === null) return null;
  const row = await ctx.loaders.entityById.load(id);
  return row !== null && kindOfTypeName(row.entityTypeName) === kind ? row : null;
}

/** Frame range keys Zou copies out of a shot's data. */
function frameKeys(row: EntityRow): ZouJson {
  const data = (row.data as Record<string, unknown> | null) ?? {};
  return { fps: data.fps ?? null, frame_in: data.frame_in ?? null, frame_out: data.frame_out ?? null };
}

/** Masks the metadata of one full object that a vendor or client may not read, as the lists of the same kind do. */
async function maskOne(ctx: RequestContext, kind: EntityKind, row: EntityRow, json: ZouJson): Promise<ZouJson> {
  const [masked] = await maskMetadataForVendor(ctx, row.projectId, kind, [json]);
  return masked;
}

/** Reads an episode in Zou's JSON, with its project's name. */
export async function fullEpisodeJson(ctx: RequestContext, id: string): Promise<ZouJson> {
  const episode = await getReadableEntity(ctx, "Episode", id);
  return maskOne(ctx, "Episode", episode, { ...entityJson(episode), project_name: await projectName(ctx, episode.projectId) });
}

/** Reads a sequence in Zou's JSON, with its project's name and, when it has one, its episode. */
export async function fullSequenceJson(ctx: RequestContext, id: string): Promise<ZouJson> {
  const sequence = await getReadableEntity(ctx, "Sequence", id);
  const json: ZouJson = { ...entityJson(sequence), project_name: await projectName(ctx, sequence.projectId) };
  const episode = await parentOfKind(ctx, sequence.parentId, "Episode");
  if (episode !== null) {
    json.episode_id = episode.id;
    json.episode_name = episode.name;
  }
  return maskOne(ctx, "Sequence", sequence, json);
}

/** Reads Zou's full shot: relations, project, sequence and episode names, frame range and tasks. */
export async function fullShotJson(ctx: RequestContext, id: string): Promise<ZouJson> {
  const shot = await getReadableEntity(ctx, "Shot", id);
  const sequence = await parentOfKind(ctx, shot.parentId, "Sequence");
  const [base, name, episode, tasks] = await Promise.all([
    withRelations(ctx, shot),
    projectName(ctx, shot.projectId),
    parentOfKind(ctx, sequence?.parentId ?? null, "Episode"),
    embeddedTasks(ctx, shot.id),
  ]);
  return maskOne(ctx, "Shot", shot, {
    ...base,
    ...frameKeys(shot),
    project_name: name,
    sequence_id: sequence?.id ?? null,
    sequence_name: sequence?.name ?? null,
    episode_id: episode?.id ?? null,
    episode_name: episode?.name ?? "",
    tasks,
  });
}

/** Reads Zou's full edit: relations, project and episode names, frame range and tasks. */
export async function fullEditJson(ctx: RequestContext, id: string): Promise<ZouJson> {
  const edit = await getReadableEntity(ctx, "Edit", id);
  const [base, name, episode, tasks] = await Promise.all([
    withRelations(ctx, edit),
    projectName(ctx, edit.projectId),
    parentOfKind(ctx, edit.parentId, "Episode"),
    embeddedTasks(ctx, edit.id),
  ]);
  return maskOne(ctx, "Edit", edit, { ...base, ...frameKeys(edit), project_name: name, episode_id: episode?.id ?? null, episode_name: episode?.name ?? "", tasks });
}

/** Reads Zou's full concept: relations (its linked entities included), project name and tasks. Clients get FORBIDDEN. */
export async function fullConceptJson(ctx: RequestContext, id: string): Promise<ZouJson> {
  const concept = await getReadableEntity(ctx, "Concept", id);
  if ((await effectiveProjectRole(ctx, concept.projectId)) === "client") throw new ForbiddenError();
  const [base, name, tasks] = await Promise.all([withRelations(ctx, concept), projectName(ctx, concept.projectId), embeddedTasks(ctx, concept.id)]);
  return maskOne(ctx, "Concept", concept, { ...base, ...frameKeys(concept), project_name: name, tasks });
}

/** Lists the shots whose source is a scene (Zou's "shots issued from a scene"), with project and sequence names. */
export async function sceneShotsJson(ctx: RequestContext, sceneId: string): Promise<ZouJson[]> {
  const scene = await getEntityInReadableProject(ctx, "Scene", sceneId);
  return listEntitiesJson(ctx, "Shot", { columns: { project_id: scene.projectId, source_id: scene.id }, withNames: true });
}

/** Ids of the entities linked to a concept, in one statement. */
export async function conceptLinkIds(ctx: RequestContext, conceptId: string): Promise<string[]> {
  const rows = await ctx.db.orm.select({ id: entityConceptLink.entityOutId }).from(entityConceptLink).where(eq(entityConceptLink.entityInId, conceptId));
  return rows.map((row) => row.id);
}

/** Finds an entity of a kind by name under the same parent (a null parent matches top-level entities only). */
export async function findSibling(ctx: RequestContext, kind: EntityKind, projectId: string, parentId: string | null, name: string): Promise<EntityRow | undefined> {
  const [row] = await selectEntities(ctx)
    .where(and(kindCondition(kind), eq(entity.projectId, projectId), eq(entity.name, name), parentId === null ? isNull(entity.parentId) : eq(entity.parentId, parentId)))
    .limit(1);
  return row;
}

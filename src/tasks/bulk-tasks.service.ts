import { and, asc, eq, type SQL } from "drizzle-orm";
import { entity, entityType } from "../../schema/entities.js";
import { task, taskType } from "../../schema/tasks.js";
import { assertAdmin, assertProjectManager } from "../auth/permissions.js";
import { requireViewer, type RequestContext } from "../context.js";
import { idIn } from "../db/loader.js";
import { BadRequestError, NotFoundError } from "../errors.js";
import { recordEvents } from "../events/events.service.js";
import { parseId } from "../ids.js";
import { taskJson } from "./task-lists.json.js";
import { getDefaultStatus } from "./entity-tasks.service.js";
import { deleteTasksWithDependents } from "./tasks.service.js";
import type { TaskTypeRow } from "./tasks.loaders.js";
import type { ZouJson } from "../rest/zou-json.js";

// Creation and deletion of many tasks at once, as Kitsu's entity lists do
// when a task type column is added or removed.

export interface CreateEntityTypeTasksInput {
  projectId: string;
  taskTypeId: string;
  /** Entity type name as in the path ("episode", "sequence"); Zou capitalizes it. */
  entityTypeName: string;
  /** The entities to give a task; null means every entity of the type in the project. */
  entityIds: string[] | null;
  /** With entityIds null, keeps only the entities whose parent is this episode. */
  episodeId: string | null;
}

/** Capitalizes a name as Python's str.capitalize does: first letter upper case, the rest lower case. */
function capitalize(name: string): string {
  return name.charAt(0).toUpperCase() + name.slice(1).toLowerCase();
}

async function getTaskTypeOrThrow(ctx: RequestContext, taskTypeId: string): Promise<TaskTypeRow> {
  const row = await ctx.loaders.taskTypeById.load(parseId(taskTypeId));
  if (row === null) throw new NotFoundError("Task type not found.");
  return row;
}

/**
 * Creates a "main" task of one task type for each entity of a type (all of
 * the project's, or the listed ones), skipping the entities that already
 * have a task of that type. Returns the new tasks in Zou's JSON with their
 * status and type names. Needs the manager role on the project, as in Zou.
 * Records task:new for each task.
 */
export async function createTasksForEntityType(ctx: RequestContext, input: CreateEntityTypeTasksInput): Promise<ZouJson[]> {
  const viewer = requireViewer(ctx);
  const projectId = parseId(input.projectId);
  await assertProjectManager(ctx, projectId);
  const type = await getTaskTypeOrThrow(ctx, input.taskTypeId);
  const typeName = capitalize(input.entityTypeName);
  const [targetType] = await ctx.db.orm.select().from(entityType).where(eq(entityType.name, typeName)).limit(1);
  if (targetType === undefined) throw new NotFoundError(`Entity type ${typeName} not found.`);

  let entities: (typeof entity.$inferSelect)[];
  if (input.entityIds !== null && input.entityIds.length > 0) {
    const ids = [...new Set(input.entityIds.map(parseId))];
    const rows = await ctx.db.orm.select().from(entity).where(idIn(entity.id, ids));
    const missing = ids.find((id) => !rows.some((row) => row.id === id));
    if (missing !== undefined) throw new NotFoundError(`Entity ${missing} not found.`);
    // As in Zou, entities of another project are left out without an error.
    entities = rows.filter((row) => row.projectId === projectId);
    const otherType = entities.find((row) => row.entityTypeId !== targetType.id);
    // NOTE(compat): Zou would create the task on an entity of another type too; Kumiki rejects it.
    if (otherType !== undefined) throw new BadRequestError(`Entity ${otherType.id} is not of type ${typeName}.`);
  } else {
    const ofEpisode = input.episodeId === null ? undefined : eq(entity.parentId, parseId(input.episodeId));
    entities = await ctx.db.orm
      .select()
      .from(entity)
      .where(and(eq(entity.projectId, projectId), eq(entity.entityTypeId, targetType.id), ofEpisode))
      .orderBy(asc(entity.name));
  }
  if (entities.length === 0) return [];

  return ctx.db.transaction(async (tx) => {
    const existing = await tx
      .select({ entityId: task.entityId })
      .from(task)
      .where(and(idIn(task.entityId, entities.map((row) => row.id)), eq(task.taskTypeId, type.id)));
    const withTask = new Set(existing.map((row) => row.entityId));
    const targets = entities.filter((row) => !withTask.has(row.id));
    if (targets.length === 0) return [];

    const status = await getDefaultStatus(tx, typeName === "Concept");
    const created = await tx
      .insert(task)
      .values(targets.map((row) => ({ name: "main", projectId, entityId: row.id, taskTypeId: type.id, taskStatusId: status.id, assignerId: viewer.id, data: {} })))
      .returning();
    await recordEvents(tx, ctx, created.map((row) => ({ name: "task:new", projectId, data: { task_id: row.id } })));

    return created.map((row) => ({
      ...taskJson(row),
      assignees: [],
      task_status_name: status.name,
      task_status_short_name: status.shortName,
      task_status_color: status.color,
      task_type_name: type.name,
      task_type_color: type.color,
      task_type_priority: type.priority,
    }));
  });
}

/** Deletes tasks with their dependents in one transaction and records task:delete for each. */
async function deleteTaskRows(ctx: RequestContext, projectId: string, condition: SQL): Promise<string[]> {
  return ctx.db.transaction(async (tx) => {
    // Locks the tasks so that two deletions of the same tasks cannot both report them.
    const rows = await tx
      .select({ id: task.id, entityId: task.entityId, taskTypeId: task.taskTypeId })
      .from(task)
      .where(and(eq(task.projectId, projectId), condition))
      .for("update");
    await deleteTasksWithDependents(
      tx,
      rows.map((row) => row.id),
    );
    await recordEvents(
      tx,
      ctx,
      rows.map((row) => ({ name: "task:delete", projectId, data: { task_id: row.id, entity_id: row.entityId, task_type_id: row.taskTypeId } })),
    );
    return rows.map((row) => row.id);
  });
}

/**
 * Deletes every task of a task type in a project, with their comments,
 * previews and the other rows pointing at them. Admins only, as in Zou.
 * Returns the ids of the deleted tasks.
 */
export async function deleteTasksOfTaskType(ctx: RequestContext, projectId: string, taskTypeId: string): Promise<string[]> {
  assertAdmin(ctx);
  const project = parseId(projectId);
  const found = await ctx.loaders.projectById.load(project);
  if (found === null) throw new NotFoundError("Project not found.");
  const type = await getTaskTypeOrThrow(ctx, taskTypeId);
  return deleteTaskRows(ctx, project, eq(task.taskTypeId, type.id));
}

/**
 * Deletes the listed tasks of a project with their dependents. Ids of tasks
 * in other projects or of no task are ignored, as in Zou. Needs the manager
 * role on the project. Returns the ids of the deleted tasks.
 */
// NOTE(compat): Zou returns every valid id it was sent, deleted or not; Kumiki returns only the deleted ones, so a client never drops a task that still exists.
export async function deleteProjectTasks(ctx: RequestContext, projectId: string, taskIds: string[]): Promise<string[]> {
  const project = parseId(projectId);
  await assertProjectManager(ctx, project);
  const ids = [...new Set(taskIds.map(parseId))];
  if (ids.length === 0) return [];
  return deleteTaskRows(ctx, project, idIn(task.id, ids));
}

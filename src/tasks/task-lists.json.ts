import { and, asc, desc, eq, inArray, sql, type SQL } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import { comment } from "../../schema/comments.js";
import { entity, entityType } from "../../schema/entities.js";
import { person } from "../../schema/people.js";
import { project, projectPersonLink, projectStatus } from "../../schema/projects.js";
import { task, taskPersonLink, taskStatus, taskType } from "../../schema/tasks.js";
import type { RequestContext } from "../context.js";
import { idIn } from "../db/loader.js";
import { formatZouTimestamp, toZouJson, type ZouJson } from "../rest/zou-json.js";

// Task lists in Zou's JSON, each built from one query (plus one for the
// assignees when asked), whatever the number of tasks.

export function taskJson(row: typeof task.$inferSelect): ZouJson {
  return toZouJson(task, row, "Task");
}

export function taskTypeJson(row: typeof taskType.$inferSelect): ZouJson {
  return toZouJson(taskType, row, "TaskType");
}

function compareText(a: string | null | undefined, b: string | null | undefined): number {
  return (a ?? "").localeCompare(b ?? "");
}

/** Builds a subquery of the ids of the projects whose status is "Open". */
export function openProjectIds(ctx: RequestContext) {
  return ctx.db.orm
    .select({ id: project.id })
    .from(project)
    .innerJoin(projectStatus, eq(projectStatus.id, project.projectStatusId))
    .where(eq(projectStatus.name, "Open"));
}

/** Maps each task id to the ids of its assignees, in one query. */
export async function assigneeIdsByTaskId(ctx: RequestContext, taskIds: string[]): Promise<Map<string, string[]>> {
  const assignees = new Map<string, string[]>();
  if (taskIds.length === 0) return assignees;
  const links = await ctx.db.orm.select().from(taskPersonLink).where(idIn(taskPersonLink.taskId, taskIds));
  for (const link of links) assignees.set(link.taskId, [...(assignees.get(link.taskId) ?? []), link.personId]);
  return assignees;
}

/**
 * Lists the tasks matching `where` with the display names Zou adds (project,
 * task type, status, entity type and entity), ordered as Zou orders them:
 * by task name, then those names. With `relations`, each task also carries
 * its assignee ids.
 */
export async function listDetailedTasksJson(ctx: RequestContext, where: SQL | undefined, relations: boolean): Promise<ZouJson[]> {
  const rows = await ctx.db.orm
    .select({ task, projectName: project.name, taskTypeName: taskType.name, taskStatusName: taskStatus.name, entityTypeName: entityType.name, entityName: entity.name })
    .from(task)
    .innerJoin(entity, eq(entity.id, task.entityId))
    .innerJoin(entityType, eq(entityType.id, entity.entityTypeId))
    .innerJoin(project, eq(project.id, task.projectId))
    .innerJoin(taskType, eq(taskType.id, task.taskTypeId))
    .innerJoin(taskStatus, eq(taskStatus.id, task.taskStatusId))
    .where(where);
  rows.sort(
    (a, b) =>
      compareText(a.task.name, b.task.name) ||
      compareText(a.projectName, b.projectName) ||
      compareText(a.taskTypeName, b.taskTypeName) ||
      compareText(a.entityTypeName, b.entityTypeName) ||
      compareText(a.entityName, b.entityName),
  );

  const assignees = relations ? await assigneeIdsByTaskId(ctx, rows.map((row) => row.task.id)) : new Map<string, string[]>();
  return rows.map((row) => ({
    ...taskJson(row.task),
    project_name: row.projectName,
    task_type_name: row.taskTypeName,
    task_status_name: row.taskStatusName,
    entity_type_name: row.entityTypeName,
    entity_name: row.entityName,
    ...(relations ? { assignees: assignees.get(row.task.id) ?? [] } : {}),
  }));
}

/** Lists the distinct task types of the tasks matching `where`, by name. */
export async function listTaskTypesOfTasksJson(ctx: RequestContext, where: SQL | undefined): Promise<ZouJson[]> {
  const rows = await ctx.db.orm
    .selectDistinct({ taskType })
    .from(task)
    .innerJoin(taskType, eq(taskType.id, task.taskTypeId))
    .innerJoin(entity, eq(entity.id, task.entityId))
    .where(where);
  return rows.map((row) => taskTypeJson(row.taskType)).sort((a, b) => compareText(a.name as string, b.name as string));
}

/**
 * Lists a person's tasks in the projects `projectCondition` keeps, done or not done, in the
 * shape of Zou's to-do list: the task with its entity, sequence, episode,
 * type and status names and colours, assignee ids and last comment. Done
 * tasks come most recently ended first; the others by task type and entity
 * name.
 */
export async function listPersonTasksJson(ctx: RequestContext, personId: string, projectCondition: SQL | undefined, done: boolean): Promise<ZouJson[]> {
  const assigned = ctx.db.orm.select({ taskId: taskPersonLink.taskId }).from(taskPersonLink).where(eq(taskPersonLink.personId, personId));
  const where = and(inArray(task.id, assigned), projectCondition, eq(taskStatus.isDone, done));
  return listToDoTasksJson(ctx, where, done ? [desc(task.endDate), asc(taskType.name), asc(entity.name)] : [asc(taskType.name), asc(entity.name)]);
}

const toDoSequence = alias(entity, "sequence");
const toDoEpisode = alias(entity, "episode");

/**
 * Starts a select of task rows with what Zou's task lists show of each: the
 * project, entity, type and status, and the shot's sequence and episode.
 * Callers add the condition, the order and the paging.
 */
export function selectToDoTasks(ctx: RequestContext) {
  return ctx.db.orm
    .select({
      task,
      projectName: project.name,
      projectHasAvatar: project.hasAvatar,
      entity: { id: entity.id, name: entity.name, description: entity.description, data: entity.data, previewFileId: entity.previewFileId, canceled: entity.canceled, parentId: entity.parentId, sourceId: entity.sourceId },
      entityTypeName: entityType.name,
      sequenceName: toDoSequence.name,
      episodeId: toDoEpisode.id,
      episodeName: toDoEpisode.name,
      taskTypeName: taskType.name,
      taskTypeForEntity: taskType.forEntity,
      taskTypeColor: taskType.color,
      taskStatusName: taskStatus.name,
      taskStatusColor: taskStatus.color,
      taskStatusShortName: taskStatus.shortName,
    })
    .from(task)
    .innerJoin(project, eq(project.id, task.projectId))
    .innerJoin(taskType, eq(taskType.id, task.taskTypeId))
    .innerJoin(taskStatus, eq(taskStatus.id, task.taskStatusId))
    .innerJoin(entity, eq(entity.id, task.entityId))
    .innerJoin(entityType, eq(entityType.id, entity.entityTypeId))
    .leftJoin(toDoSequence, eq(toDoSequence.id, entity.parentId))
    .leftJoin(toDoEpisode, eq(toDoEpisode.id, toDoSequence.parentId));
}

/** The sequence and episode names a select of selectToDoTasks can order by. */
export const toDoOrderNames = { sequenceName: toDoSequence.name, episodeName: toDoEpisode.name };

/** Lists the tasks matching `where` in the shape of Zou's to-do list, in one query plus three for assignees, last comments and episode names. */
export async function listToDoTasksJson(ctx: RequestContext, where: SQL | undefined, orderBy: SQL[]): Promise<ZouJson[]> {
  const rows = await selectToDoTasks(ctx)
    .where(where)
    .orderBy(...orderBy);

  const taskIds = rows.map((row) => row.task.id);
  const assignees = await assigneeIdsByTaskId(ctx, taskIds);
  const lastComments = await lastCommentsByTaskId(ctx, taskIds);
  const episodeIds = rows.map((row) => (row.entityTypeName === "Sequence" ? row.entity.parentId : row.entity.sourceId));
  const episodeNames = await entityNames(ctx, episodeIds.filter((id): id is string => id !== null));

  return rows.map((row) => {
    // A sequence's episode is its parent, and an asset's episode is its source episode.
    const isSequence = row.entityTypeName === "Sequence";
    const episodeId = isSequence ? row.entity.parentId : (row.episodeId ?? row.entity.sourceId);
    const episodeName = isSequence
      ? (episodeNames.get(row.entity.parentId ?? "") ?? null)
      : row.episodeId !== null
        ? row.episodeName
        : (episodeNames.get(row.entity.sourceId ?? "") ?? null);
    return {
      ...taskJson(row.task),
      project_name: row.projectName,
      project_has_avatar: row.projectHasAvatar,
      entity_name: row.entity.name,
      entity_description: row.entity.description,
      entity_data: row.entity.data,
      entity_preview_file_id: row.entity.previewFileId ?? "",
      entity_source_id: row.entity.sourceId ?? "",
      entity_type_name: row.entityTypeName,
      entity_canceled: row.entity.canceled,
      sequence_name: row.sequenceName,
      episode_id: episodeId ?? "",
      episode_name: episodeName,
      task_type_for_entity: row.taskTypeForEntity,
      task_estimation: row.task.estimation,
      task_duration: row.task.duration,
      task_start_date: formatZouTimestamp(row.task.startDate),
      task_due_date: formatZouTimestamp(row.task.dueDate),
      task_type_name: row.taskTypeName,
      task_status_name: row.taskStatusName,
      task_type_color: row.taskTypeColor,
      task_status_color: row.taskStatusColor,
      task_status_short_name: row.taskStatusShortName,
      assignees: assignees.get(row.task.id) ?? [],
      last_comment: lastComments.get(row.task.id) ?? {},
    };
  });
}

/** Fetches the names of the given entities in one query. */
export async function entityNames(ctx: RequestContext, ids: string[]): Promise<Map<string, string>> {
  const names = new Map<string, string>();
  if (ids.length === 0) return names;
  const rows = await ctx.db.orm.select({ id: entity.id, name: entity.name }).from(entity).where(idIn(entity.id, [...new Set(ids)]));
  for (const row of rows) names.set(row.id, row.name);
  return names;
}

/**
 * Fetches the last comment of each task (text, date, author) in one query,
 * skipping comments by clients as Zou's to-do list does.
 */
async function lastCommentsByTaskId(ctx: RequestContext, taskIds: string[]): Promise<Map<string, ZouJson>> {
  const comments = new Map<string, ZouJson>();
  if (taskIds.length === 0) return comments;
  const rows = await ctx.db.orm
    .selectDistinctOn([comment.objectId], { taskId: comment.objectId, text: comment.text, createdAt: comment.createdAt, personId: comment.personId })
    .from(comment)
    .innerJoin(person, eq(person.id, comment.personId))
    .innerJoin(task, eq(task.id, comment.objectId))
    .leftJoin(projectPersonLink, and(eq(projectPersonLink.personId, person.id), eq(projectPersonLink.projectId, task.projectId)))
    .where(and(idIn(comment.objectId, taskIds), sql`coalesce(${projectPersonLink.role}, ${person.role}) <> 'client'`))
    .orderBy(comment.objectId, desc(comment.createdAt));
  for (const row of rows) comments.set(row.taskId, { text: row.text, date: formatZouTimestamp(row.createdAt), person_id: row.personId });
  return comments;
}

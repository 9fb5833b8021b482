import { and, asc, count, eq, gte, inArray, isNull, lte, ne, or, sql, type SQL } from "drizzle-orm";
import { entity, entityType } from "../../schema/entities.js";
import { departmentLink, person } from "../../schema/people.js";
import { project } from "../../schema/projects.js";
import { task, taskPersonLink, taskType } from "../../schema/tasks.js";
import { getReadableProject, isAdmin } from "../auth/permissions.js";
import type { RequestContext } from "../context.js";
import { requireViewer } from "../context.js";
import { idIn } from "../db/loader.js";
import { formatZouTimestamp, type ZouJson } from "../rest/zou-json.js";
import { assigneeIdsByTaskId, entityNames, openProjectIds, selectToDoTasks, taskJson, toDoOrderNames } from "./task-lists.json.js";

// Kitsu's studio-wide task list: one page of the tasks of the open projects
// the viewer belongs to, with their entity and person context, and the totals
// of every matching task. Beside the permission reads, at most five statements
// whatever the number of tasks: the page, its assignees, the episode names of
// assets and sequences, the totals and the counts by status.

export interface OpenTasksFilters {
  projectId: string | null;
  taskTypeId: string | null;
  taskStatusId: string | null;
  /** "unassigned", or assignee person ids of which any one matches. */
  personIds: string[] | "unassigned" | null;
  studioId: string | null;
  departmentId: string | null;
  /** Earliest task start date, an ISO date-time in UTC. */
  startDate: string | null;
  /** Latest task due date, an ISO date-time in UTC. */
  dueDate: string | null;
  /** Priority of the task type, compared as Zou compares it. */
  priority: number | null;
  page: number;
  limit: number;
}


function assignedTo(personCondition: SQL): SQL {
  return sql`exists (select 1 from ${taskPersonLink} inner join ${person} on ${person.id} = ${taskPersonLink.personId} where ${taskPersonLink.taskId} = ${task.id} and ${personCondition})`;
}

/** Builds the project scope: the given project, else the open projects for admins and the viewer's open team projects for others. */
async function projectScope(ctx: RequestContext, projectId: string | null): Promise<SQL | null> {
  const viewer = requireViewer(ctx);
  if (projectId !== null) {
    await getReadableProject(ctx, projectId);
  }
  let scope: SQL = projectId !== null ? eq(task.projectId, projectId) : inArray(task.projectId, openProjectIds(ctx));
  if (isAdmin(viewer)) return scope;

  const links = await ctx.loaders.viewerTeamLinks();
  const memberProjectIds: string[] = [];
  const vendorProjectIds: string[] = [];
  for (const [linkedProjectId, link] of links) {
    if ((link.role ?? viewer.role) === "vendor") vendorProjectIds.push(linkedProjectId);
    else memberProjectIds.push(linkedProjectId);
  }
  if (memberProjectIds.length === 0 && vendorProjectIds.length === 0) return null;

  // NOTE(security): Zou lists every task of the project to vendors; Kumiki keeps them to their assigned tasks.
  const visible: SQL[] = [];
  if (memberProjectIds.length > 0) visible.push(idIn(task.projectId, memberProjectIds));
  if (vendorProjectIds.length > 0) visible.push(and(idIn(task.projectId, vendorProjectIds), assignedTo(eq(person.id, viewer.id)))!);
  scope = and(scope, or(...visible))!;
  return scope;
}

function filterConditions(scope: SQL, filters: OpenTasksFilters): SQL[] {
  // Zou leaves concept tasks out of the list when no task type is given, but
  // counts them in the stats. Kumiki applies the rule to both, so the totals
  // describe the listed tasks.
  const conditions: SQL[] = [scope];
  if (filters.taskTypeId !== null) conditions.push(eq(task.taskTypeId, filters.taskTypeId));
  else conditions.push(or(isNull(taskType.forEntity), ne(taskType.forEntity, "Concept"))!);
  if (filters.taskStatusId !== null) conditions.push(eq(task.taskStatusId, filters.taskStatusId));
  if (filters.personIds === "unassigned") {
    conditions.push(sql`not exists (select 1 from ${taskPersonLink} where ${taskPersonLink.taskId} = ${task.id})`);
  } else if (filters.personIds !== null) {
    conditions.push(assignedTo(idIn(person.id, filters.personIds)));
  }
  if (filters.studioId !== null) conditions.push(assignedTo(eq(person.studioId, filters.studioId)));
  if (filters.departmentId !== null) {
    conditions.push(
      assignedTo(sql`exists (select 1 from ${departmentLink} where ${departmentLink.personId} = ${person.id} and ${departmentLink.departmentId} = ${filters.departmentId})`),
    );
  }
  if (filters.startDate !== null) conditions.push(gte(task.startDate, new Date(`${filters.startDate}Z`)));
  if (filters.dueDate !== null) conditions.push(lte(task.dueDate, new Date(`${filters.dueDate}Z`)));
  if (filters.priority !== null) conditions.push(eq(taskType.priority, filters.priority));
  return conditions;
}

function emptyResult(filters: OpenTasksFilters): ZouJson {
  return { data: [], stats: { total_duration: 0, total_estimation: 0, total: 0, status: [] }, limit: filters.limit, is_more: false, page: filters.page };
}

/** Lists one page of the open tasks the viewer may see, with the totals of all matching tasks, as Zou's open tasks route. */
export async function listOpenTasks(ctx: RequestContext, filters: OpenTasksFilters): Promise<ZouJson> {
  const scope = await projectScope(ctx, filters.projectId);
  if (scope === null) return emptyResult(filters);
  const where = and(...filterConditions(scope, filters));
  const orm = ctx.db.orm;

  const rows = await selectToDoTasks(ctx)
    .where(where)
    // Zou's order, then the task id so that pages do not overlap.
    .orderBy(asc(project.name), asc(toDoOrderNames.episodeName), asc(toDoOrderNames.sequenceName), asc(entityType.name), asc(entity.name), asc(taskType.name), asc(task.id))
    .limit(filters.limit)
    .offset((filters.page - 1) * filters.limit);
  // As in Zou, a page past the end carries no stats.
  if (rows.length === 0) return emptyResult(filters);

  const assignees = await assigneeIdsByTaskId(ctx, rows.map((row) => row.task.id));
  // A sequence's episode is its parent, and an asset's episode is its source episode.
  const lookedUpEpisodeIds = new Set<string>();
  for (const row of rows) {
    if (row.entityTypeName === "Sequence" && row.entity.parentId !== null) lookedUpEpisodeIds.add(row.entity.parentId);
    else if (row.episodeId === null && row.entity.sourceId !== null) lookedUpEpisodeIds.add(row.entity.sourceId);
  }
  const names = await entityNames(ctx, [...lookedUpEpisodeIds]);

  const data = rows.map((row) => {
    let episodeId = row.episodeId ?? row.entity.sourceId ?? "";
    let episodeName = row.episodeName;
    if (row.episodeId === null && episodeId !== "") episodeName = names.get(episodeId) ?? "MP";
    if (row.entityTypeName === "Sequence" && row.entity.parentId !== null) {
      episodeId = row.entity.parentId;
      episodeName = names.get(episodeId) ?? null;
    }
    return {
      ...taskJson(row.task),
      project_name: row.projectName,
      project_id: row.task.projectId,
      project_has_avatar: row.projectHasAvatar,
      entity_id: row.entity.id,
      entity_name: row.entity.name,
      entity_description: row.entity.description,
      entity_data: row.entity.data,
      entity_preview_file_id: row.entity.previewFileId ?? "",
      entity_source_id: row.entity.sourceId ?? "",
      entity_type_name: row.entityTypeName,
      entity_canceled: row.entity.canceled,
      sequence_name: row.sequenceName,
      episode_id: episodeId,
      episode_name: episodeName,
      task_type_for_entity: row.taskTypeForEntity,
      estimation: row.task.estimation,
      duration: row.task.duration,
      start_date: formatZouTimestamp(row.task.startDate),
      due_date: formatZouTimestamp(row.task.dueDate),
      done_date: formatZouTimestamp(row.task.doneDate),
      type_name: row.taskTypeName,
      status_name: row.taskStatusName,
      type_color: row.taskTypeColor,
      status_color: row.taskStatusColor,
      status_short_name: row.taskStatusShortName,
      assignees: assignees.get(row.task.id) ?? [],
    };
  });

  const [totals] = await orm
    .select({
      total: count(),
      totalDuration: sql<number>`coalesce(sum(${task.duration}), 0)`.mapWith(Number),
      totalEstimation: sql<number>`coalesce(sum(${task.estimation}), 0)`.mapWith(Number),
    })
    .from(task)
    .innerJoin(taskType, eq(taskType.id, task.taskTypeId))
    .innerJoin(entity, eq(entity.id, task.entityId))
    .where(where);
  const byStatus = await orm
    .select({ taskStatusId: task.taskStatusId, amount: count() })
    .from(task)
    .innerJoin(taskType, eq(taskType.id, task.taskTypeId))
    .innerJoin(entity, eq(entity.id, task.entityId))
    .where(where)
    .groupBy(task.taskStatusId)
    .orderBy(task.taskStatusId);

  return {
    data,
    stats: {
      total_duration: totals.totalDuration,
      total_estimation: totals.totalEstimation,
      total: Number(totals.total),
      status: byStatus.map((row) => ({ task_status_id: row.taskStatusId, amount: Number(row.amount) })),
    },
    limit: filters.limit,
    is_more: rows.length === filters.limit,
    page: filters.page,
  };
}

import { and, asc, eq, exists, inArray, notInArray, sql, type SQL } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import { entity, entityType } from "../../schema/entities.js";
import { person } from "../../schema/people.js";
import { metadataDescriptor } from "../../schema/projects.js";
import { task, taskPersonLink, taskStatus, taskType } from "../../schema/tasks.js";
import { effectiveProjectRole, getReadableProject } from "../auth/permissions.js";
import type { RequestContext } from "../context.js";
import { ForbiddenError } from "../errors.js";
import { BUILT_IN_KINDS } from "../entities/entities.loaders.js";
import type { CsvValue } from "./csv.js";

// The shot and asset CSV exports of a project, laid out as Zou's. Fixed
// columns come first, then one column per metadata descriptor of the kind,
// then a status column and an "Assignations" column per task type found in
// the rows, ordered by task type priority then name. Every list is read with a fixed
// number of queries, whatever the size of the project.

export interface EntityExportFilters {
  /** Only the shots of this episode, or the assets used in it. */
  episodeId?: string;
  /** Only the entities with a task assigned to this person, and only those tasks. */
  assignedTo?: string;
}

export interface CsvExport {
  projectName: string;
  lines: CsvValue[][];
}

interface ExportTask {
  entityId: string;
  taskTypeName: string;
  taskTypePriority: number | null;
  statusShortName: string;
  duration: number | null;
  assignees: string[];
}

/** Checks the viewer may export from the project: a team member who is not a vendor, or an admin. */
async function getExportableProject(ctx: RequestContext, projectId: string) {
  const project = await getReadableProject(ctx, projectId);
  const role = await effectiveProjectRole(ctx, projectId);
  if (role === "vendor") throw new ForbiddenError();
  return project;
}

/** Writes a value as Python's str() does for the JSON scalars stored in metadata. */
function pythonText(value: unknown): string {
  if (value === null || value === undefined) return "";
  if (typeof value === "boolean") return value ? "True" : "False";
  if (typeof value === "string") return value;
  if (typeof value === "number") return String(value);
  return JSON.stringify(value);
}

/** Zou's "Time Spent" column: the tasks' minutes in 8-hour days, two decimals. */
function timeSpentDays(tasks: ExportTask[]): string {
  const minutes = tasks.reduce((total, item) => total + (item.duration ?? 0), 0);
  return (minutes > 0 ? minutes / 8 / 60 : 0).toFixed(2);
}

function comparePython(a: string, b: string): number {
  if (a === b) return 0;
  return a < b ? -1 : 1;
}

/** Reads the tasks of the listed entities with their type, status and assignees' full names, in two queries. */
async function readExportTasks(ctx: RequestContext, projectId: string, entityIds: string[], assignedTo: string | undefined): Promise<Map<string, ExportTask[]>> {
  const byEntity = new Map<string, ExportTask[]>();
  if (entityIds.length === 0) return byEntity;
  const orm = ctx.db.orm;
  const conditions: SQL[] = [eq(task.projectId, projectId), sql`${task.entityId} = any(${sql.param(entityIds)}::uuid[])`];
  if (assignedTo !== undefined) {
    conditions.push(exists(orm.select({ one: sql`1` }).from(taskPersonLink).where(and(eq(taskPersonLink.taskId, task.id), eq(taskPersonLink.personId, assignedTo)))));
  }
  const rows = await orm
    .select({
      id: task.id,
      entityId: task.entityId,
      taskTypeName: taskType.name,
      taskTypePriority: taskType.priority,
      statusShortName: taskStatus.shortName,
      duration: task.duration,
    })
    .from(task)
    .innerJoin(taskType, eq(taskType.id, task.taskTypeId))
    .innerJoin(taskStatus, eq(taskStatus.id, task.taskStatusId))
    .where(and(...conditions));
  const taskIds = rows.map((row) => row.id);
  const links =
    taskIds.length === 0
      ? []
      : await orm
          .select({ taskId: taskPersonLink.taskId, firstName: person.firstName, lastName: person.lastName })
          .from(taskPersonLink)
          .innerJoin(person, eq(person.id, taskPersonLink.personId))
          .where(inArray(taskPersonLink.taskId, taskIds))
          .orderBy(asc(person.lastName), asc(person.firstName));
  const assignees = new Map<string, string[]>();
  for (const link of links) {
    const names = assignees.get(link.taskId) ?? [];
    names.push(`${link.firstName} ${link.lastName}`.trim());
    assignees.set(link.taskId, names);
  }
  for (const row of rows) {
    const list = byEntity.get(row.entityId as string) ?? [];
    list.push({ ...row, entityId: row.entityId as string, assignees: assignees.get(row.id) ?? [] });
    byEntity.set(row.entityId as string, list);
  }
  return byEntity;
}

/** Lists the task type columns: every type found in the tasks, by priority then name. */
function taskTypeColumns(tasksByEntity: Map<string, ExportTask[]>): string[] {
  const types = new Map<string, number>();
  for (const tasks of tasksByEntity.values()) for (const item of tasks) types.set(item.taskTypeName, item.taskTypePriority ?? 0);
  return [...types.entries()].sort((a, b) => a[1] - b[1] || comparePython(a[0], b[0])).map(([name]) => name);
}

function taskCells(tasks: ExportTask[], columns: string[]): string[] {
  const byType = new Map(tasks.map((item) => [item.taskTypeName, item]));
  return columns.flatMap((column) => {
    const found = byType.get(column);
    return found === undefined ? ["", ""] : [found.statusShortName, found.assignees.join(",")];
  });
}

async function readDescriptors(ctx: RequestContext, projectId: string, kind: "Shot" | "Asset") {
  return ctx.db.orm
    .select({ name: metadataDescriptor.name, fieldName: metadataDescriptor.fieldName, dataType: metadataDescriptor.dataType })
    .from(metadataDescriptor)
    .where(and(eq(metadataDescriptor.projectId, projectId), eq(metadataDescriptor.entityType, kind)))
    .orderBy(asc(metadataDescriptor.name));
}

function withTaskHeaders(headers: string[], columns: string[]): string[] {
  return [...headers, ...columns.flatMap((column) => [column, "Assignations"])];
}

/** Builds the shot export of a project, sorted by episode, sequence and shot name. */
export async function exportShotsCsv(ctx: RequestContext, projectId: string, filters: EntityExportFilters): Promise<CsvExport> {
  const project = await getExportableProject(ctx, projectId);
  const sequence = alias(entity, "sequence");
  const episode = alias(entity, "episode");
  const shotType = alias(entityType, "shot_type");

  const conditions: (SQL | undefined)[] = [eq(entity.projectId, projectId), eq(shotType.name, "Shot")];
  if (filters.episodeId !== undefined) conditions.push(eq(episode.id, filters.episodeId));
  const shots = await ctx.db.orm
    .select({
      id: entity.id,
      name: entity.name,
      description: entity.description,
      nbFrames: entity.nbFrames,
      data: entity.data,
      sequenceName: sequence.name,
      episodeName: episode.name,
    })
    .from(entity)
    .innerJoin(shotType, eq(shotType.id, entity.entityTypeId))
    .leftJoin(sequence, eq(sequence.id, entity.parentId))
    .leftJoin(episode, eq(episode.id, sequence.parentId))
    .where(and(...conditions));

  const tasksByShot = await readExportTasks(ctx, projectId, shots.map((shot) => shot.id), filters.assignedTo);
  const listed = filters.assignedTo === undefined ? shots : shots.filter((shot) => tasksByShot.has(shot.id));
  listed.sort((a, b) => comparePython(a.episodeName ?? "", b.episodeName ?? "") || comparePython(a.sequenceName ?? "", b.sequenceName ?? "") || comparePython(a.name, b.name));
  const descriptors = await readDescriptors(ctx, projectId, "Shot");
  const columns = taskTypeColumns(tasksByShot);

  const headers = ["Project", "Episode", "Sequence", "Name", "Description", "Time Spent", "Frames", "Frame In", "Frame Out", "FPS", ...descriptors.map((descriptor) => descriptor.name)];
  const lines: CsvValue[][] = [withTaskHeaders(headers, columns)];
  for (const shot of listed) {
    const data = (shot.data as Record<string, unknown> | null) ?? {};
    const tasks = tasksByShot.get(shot.id) ?? [];
    lines.push([
      project.name,
      shot.episodeName ?? "",
      shot.sequenceName ?? "",
      shot.name,
      shot.description ?? "",
      timeSpentDays(tasks),
      shot.nbFrames === null ? "" : String(shot.nbFrames),
      pythonText(data.frame_in),
      pythonText(data.frame_out),
      pythonText(data.fps),
      ...descriptors.map((descriptor) => pythonText(data[descriptor.fieldName])),
      ...taskCells(tasks, columns),
    ]);
  }
  return { projectName: project.name, lines };
}

/** Builds the asset export of a project, sorted by asset type and name. */
export async function exportAssetsCsv(ctx: RequestContext, projectId: string, filters: EntityExportFilters): Promise<CsvExport> {
  const project = await getExportableProject(ctx, projectId);

  const conditions: (SQL | undefined)[] = [eq(entity.projectId, projectId), notInArray(entityType.name, [...BUILT_IN_KINDS])];
  // NOTE(compat): an episode keeps the assets created in it (source_id), as Kitsu's episode asset list does.
  if (filters.episodeId !== undefined) conditions.push(eq(entity.sourceId, filters.episodeId));
  const assets = await ctx.db.orm
    .select({ id: entity.id, name: entity.name, description: entity.description, data: entity.data, typeName: entityType.name })
    .from(entity)
    .innerJoin(entityType, eq(entityType.id, entity.entityTypeId))
    .where(and(...conditions));

  const tasksByAsset = await readExportTasks(ctx, projectId, assets.map((asset) => asset.id), filters.assignedTo);
  const listed = filters.assignedTo === undefined ? assets : assets.filter((asset) => tasksByAsset.has(asset.id));
  listed.sort((a, b) => comparePython(a.typeName, b.typeName) || comparePython(a.name, b.name));
  const descriptors = await readDescriptors(ctx, projectId, "Asset");
  const columns = taskTypeColumns(tasksByAsset);

  const headers = ["Project", "Type", "Name", "Description", "Time Spent", ...descriptors.map((descriptor) => descriptor.name)];
  const lines: CsvValue[][] = [withTaskHeaders(headers, columns)];
  for (const asset of listed) {
    const data = (asset.data as Record<string, unknown> | null) ?? {};
    const tasks = tasksByAsset.get(asset.id) ?? [];
    lines.push([
      project.name,
      asset.typeName,
      asset.name,
      asset.description ?? "",
      timeSpentDays(tasks),
      ...descriptors.map((descriptor) => {
        const value = pythonText(data[descriptor.fieldName]);
        if (descriptor.dataType !== "boolean") return value;
        return value.toLowerCase() === "true" ? "true" : "false";
      }),
      ...taskCells(tasks, columns),
    ]);
  }
  return { projectName: project.name, lines };
}

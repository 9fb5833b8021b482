import { and, asc, eq, inArray } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import { entity, entityType } from "../../schema/entities.js";
import { person } from "../../schema/people.js";
import { project, projectStatus } from "../../schema/projects.js";
import { timeSpent } from "../../schema/schedules.js";
import { task, taskType } from "../../schema/tasks.js";
import { assertManager } from "../auth/permissions.js";
import type { RequestContext } from "../context.js";

// Reads behind the CSV exports. Zou lets global managers and admins export,
// and does not consult project roles.

/** Project statuses whose projects count as open for the exports, as Zou lists them. */
const OPEN_STATUS_NAMES = ["Active", "open", "Open"];

export interface TimeSpentExportRow {
  projectName: string;
  personName: string;
  entityTypeName: string;
  /** Entity name, which for a shot is its full name: "SQ01 / SH010" or "EP01 / SQ01 / SH010". */
  entityName: string;
  taskTypeName: string;
  date: string;
  /** Minutes. */
  duration: number;
}

/**
 * Lists every time spent of the open projects, ordered as Zou orders its
 * export: by date, person last name, project, entity type and entity name.
 */
export async function listOpenProjectTimeSpents(ctx: RequestContext): Promise<TimeSpentExportRow[]> {
  assertManager(ctx);

  // A shot's full name needs its sequence and, when there is one, the
  // sequence's episode. Two self-joins fetch them instead of a query per row.
  const sequence = alias(entity, "sequence");
  const episode = alias(entity, "episode");
  // TODO(perf): the rows are read at once; stream them in pages if studios export millions of entries.
  const rows = await ctx.db.orm
    .select({
      projectName: project.name,
      firstName: person.firstName,
      lastName: person.lastName,
      entityTypeName: entityType.name,
      entityName: entity.name,
      sequenceName: sequence.name,
      episodeName: episode.name,
      taskTypeName: taskType.name,
      date: timeSpent.date,
      duration: timeSpent.duration,
    })
    .from(timeSpent)
    .innerJoin(task, eq(timeSpent.taskId, task.id))
    .innerJoin(entity, eq(task.entityId, entity.id))
    .innerJoin(entityType, eq(entity.entityTypeId, entityType.id))
    .innerJoin(project, eq(task.projectId, project.id))
    .innerJoin(projectStatus, eq(project.projectStatusId, projectStatus.id))
    .innerJoin(taskType, eq(task.taskTypeId, taskType.id))
    .innerJoin(person, eq(timeSpent.personId, person.id))
    .leftJoin(sequence, and(eq(entityType.name, "Shot"), eq(sequence.id, entity.parentId)))
    .leftJoin(episode, eq(episode.id, sequence.parentId))
    .where(inArray(projectStatus.name, OPEN_STATUS_NAMES))
    .orderBy(asc(timeSpent.date), asc(person.lastName), asc(project.name), asc(entityType.name), asc(entity.name), asc(timeSpent.id));

  return rows.map((row) => ({
    projectName: row.projectName,
    personName: `${row.firstName} ${row.lastName}`.trim(),
    entityTypeName: row.entityTypeName,
    entityName: [row.episodeName, row.sequenceName, row.entityName].filter((name) => name !== null).join(" / "),
    taskTypeName: row.taskTypeName,
    date: row.date,
    duration: row.duration,
  }));
}

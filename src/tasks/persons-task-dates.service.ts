import { and, asc, eq, isNotNull, max, min, notInArray, inArray, type SQL } from "drizzle-orm";
import { person } from "../../schema/people.js";
import { task, taskPersonLink } from "../../schema/tasks.js";
import { isAdmin } from "../auth/permissions.js";
import type { RequestContext } from "../context.js";
import { requireViewer } from "../context.js";
import { ForbiddenError } from "../errors.js";
import { idIn } from "../db/loader.js";
import { openProjectIds } from "./task-lists.json.js";

// Kitsu's team schedule: for each active person, the first start date and the
// last due date of their tasks. Admins see every open project, or the one
// requested. Supervisors and managers see their own teams' open projects, and
// the other open projects only as anonymous busy periods. Three statements at
// most: the viewer's team links, the dates and the busy periods.

interface PersonTaskDates {
  person_id: string;
  min_date: string | null;
  max_date: string | null;
  busy_periods: { start_date: string; end_date: string }[];
}

/** Formats a date as Python's str(datetime) does, which is how Zou returns these dates. */
function pythonDateTime(value: Date | null): string | null {
  if (value === null) return null;
  return value.toISOString().slice(0, 19).replace("T", " ");
}

/** Merges overlapping periods, so a busy period reveals neither how many tasks there are nor how they split. */
function mergePeriods(periods: [Date, Date][]): [Date, Date][] {
  const merged: [Date, Date][] = [];
  for (const [start, end] of [...periods].sort((a, b) => a[0].getTime() - b[0].getTime() || a[1].getTime() - b[1].getTime())) {
    const last = merged.at(-1);
    if (last !== undefined && start <= last[1]) {
      if (end > last[1]) last[1] = end;
    } else {
      merged.push([start, end]);
    }
  }
  return merged;
}

/** Lists the first and last task dates of each active person; FORBIDDEN below supervisor, or for a project outside the viewer's teams. */
export async function listPersonsTaskDates(ctx: RequestContext, projectId: string | null): Promise<PersonTaskDates[]> {
  const viewer = requireViewer(ctx);
  let scope: SQL;
  let busyScope: SQL | null = null;
  if (isAdmin(viewer)) {
    // As in Zou, an explicit project is honoured even when closed.
    scope = projectId !== null ? eq(task.projectId, projectId) : inArray(task.projectId, openProjectIds(ctx));
  } else {
    if (viewer.role !== "manager" && viewer.role !== "supervisor") throw new ForbiddenError();
    const teamProjectIds = [...(await ctx.loaders.viewerTeamLinks()).keys()];
    if (projectId !== null) {
      if (!teamProjectIds.includes(projectId)) throw new ForbiddenError();
      scope = eq(task.projectId, projectId);
    } else {
      scope = and(inArray(task.projectId, openProjectIds(ctx)), idIn(task.projectId, teamProjectIds))!;
      busyScope = inArray(task.projectId, openProjectIds(ctx));
      if (teamProjectIds.length > 0) busyScope = and(busyScope, notInArray(task.projectId, teamProjectIds))!;
    }
  }

  const orm = ctx.db.orm;
  const rows = await orm
    .select({ personId: person.id, minDate: min(task.startDate), maxDate: max(task.dueDate) })
    .from(task)
    .innerJoin(taskPersonLink, eq(taskPersonLink.taskId, task.id))
    .innerJoin(person, eq(person.id, taskPersonLink.personId))
    .where(and(scope, eq(person.active, true)))
    .groupBy(person.id)
    .orderBy(asc(person.id));

  const entries = new Map<string, PersonTaskDates>();
  for (const row of rows) {
    entries.set(row.personId, { person_id: row.personId, min_date: pythonDateTime(row.minDate), max_date: pythonDateTime(row.maxDate), busy_periods: [] });
  }
  if (busyScope === null) return [...entries.values()];

  const busyRows = await orm
    .select({ personId: person.id, startDate: task.startDate, dueDate: task.dueDate })
    .from(task)
    .innerJoin(taskPersonLink, eq(taskPersonLink.taskId, task.id))
    .innerJoin(person, eq(person.id, taskPersonLink.personId))
    .where(and(busyScope, eq(person.active, true), isNotNull(task.startDate), isNotNull(task.dueDate)));
  const periodsByPerson = new Map<string, [Date, Date][]>();
  for (const row of busyRows) {
    const periods = periodsByPerson.get(row.personId) ?? [];
    periods.push([row.startDate!, row.dueDate!]);
    periodsByPerson.set(row.personId, periods);
  }
  for (const [personId, periods] of periodsByPerson) {
    const entry = entries.get(personId) ?? { person_id: personId, min_date: null, max_date: null, busy_periods: [] };
    entry.busy_periods = mergePeriods(periods).map(([start, end]) => ({ start_date: pythonDateTime(start)!, end_date: pythonDateTime(end)! }));
    entries.set(personId, entry);
  }
  return [...entries.values()];
}

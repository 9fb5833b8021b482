import { assertAdmin } from "../auth/permissions.js";
import type { RequestContext } from "../context.js";
import { NotFoundError } from "../errors.js";

// The time spent on a production, for the actuals of Kitsu's budget page:
// per department, per person and per month. Admins only, as in Zou.

/** Time spent of one department: `total`, then per person id `total` and one entry per "YYYY-MM" month. */
export type DepartmentTimeSpents = Record<string, number | Record<string, number>> & { total: number };

interface MonthRow {
  department_id: string;
  person_id: string;
  month: string;
  duration: number;
}

/**
 * Sums the time spent on the project's tasks by department, person and month.
 * A task type without a department is left out, as Zou leaves it out. Time
 * spent rows are whole days, so the month needs no time zone conversion.
 */
export async function projectMonthTimeSpents(ctx: RequestContext, projectId: string): Promise<Record<string, DepartmentTimeSpents>> {
  assertAdmin(ctx);
  if ((await ctx.loaders.projectById.load(projectId)) === null) throw new NotFoundError("Project not found.");

  // One row per department, person and month, so the row count is bounded by
  // the team size times the production's length in months.
  const rows = await ctx.db.query<MonthRow>(
    `select tt.department_id::text as department_id, ts.person_id::text as person_id,
       to_char(ts.date, 'YYYY-MM') as month, sum(ts.duration)::float8 as duration
     from time_spent ts
     join task t on t.id = ts.task_id
     join task_type tt on tt.id = t.task_type_id
     where t.project_id = $1 and tt.department_id is not null and ts.person_id is not null
     group by 1, 2, 3
     order by 1, 2, 3`,
    [projectId],
  );

  const byDepartment: Record<string, DepartmentTimeSpents> = {};
  for (const row of rows) {
    const department = (byDepartment[row.department_id] ??= { total: 0 });
    const person = (department[row.person_id] ??= { total: 0 }) as Record<string, number>;
    person[row.month] = row.duration;
    person.total += row.duration;
    department.total += row.duration;
  }
  return byDepartment;
}

import { and, eq } from "drizzle-orm";
import { timeSpent } from "../../schema/schedules.js";
import type { RequestContext } from "../context.js";
import { NotFoundError } from "../errors.js";
import { requireDate } from "../misc/input-checks.js";
import { toZouJson, type ZouJson } from "../rest/zou-json.js";
import { deleteTimeSpent } from "./time-spents.service.js";

// Kitsu clears a day of a timesheet by task, person and date rather than by
// time spent id.

/** Deletes the time a person logged on a task on a date, under the rules of logging it. Returns it with a duration of 0, as Zou does. */
export async function deleteTimeSpentOfDay(ctx: RequestContext, taskId: string, personId: string, date: string): Promise<ZouJson> {
  const day = requireDate(date, "date");
  const [row] = await ctx.db.orm
    .select({ id: timeSpent.id })
    .from(timeSpent)
    .where(and(eq(timeSpent.taskId, taskId), eq(timeSpent.personId, personId), eq(timeSpent.date, day)))
    .limit(1);
  if (row === undefined) throw new NotFoundError("Time spent not found.");

  const deleted = await deleteTimeSpent(ctx, row.id);
  const { projectId: _projectId, ...columns } = deleted;
  return { ...toZouJson(timeSpent, columns, "TimeSpent"), duration: 0 };
}

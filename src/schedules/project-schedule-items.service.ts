import { asc, eq } from "drizzle-orm";
import { scheduleItem } from "../../schema/schedules.js";
import { effectiveProjectRole, getReadableProject } from "../auth/permissions.js";
import type { RequestContext } from "../context.js";
import { ForbiddenError } from "../errors.js";
import { toZouJson, type ZouJson } from "../rest/zou-json.js";

/** Lists every schedule item of a project in one query; FORBIDDEN for vendors, as in Zou. */
export async function listProjectScheduleItems(ctx: RequestContext, projectId: string): Promise<ZouJson[]> {
  await getReadableProject(ctx, projectId);
  if ((await effectiveProjectRole(ctx, projectId)) === "vendor") throw new ForbiddenError();
  const rows = await ctx.db.orm.select().from(scheduleItem).where(eq(scheduleItem.projectId, projectId)).orderBy(asc(scheduleItem.startDate), asc(scheduleItem.id));
  return rows.map((row) => toZouJson(scheduleItem, row, "ScheduleItem"));
}

import { and, asc, eq, inArray } from "drizzle-orm";
import { productionScheduleVersion, productionScheduleVersionTaskLink } from "../../schema/schedules.js";
import { task } from "../../schema/tasks.js";
import { effectiveProjectRole, getReadableProject } from "../auth/permissions.js";
import type { RequestContext } from "../context.js";
import { ForbiddenError, NotFoundError } from "../errors.js";
import { toZouJson, type ZouJson } from "../rest/zou-json.js";

/**
 * Lists the task links (planned dates of tasks) of a production schedule
 * version, optionally for one task type's tasks. Vendors and clients are
 * rejected with FORBIDDEN, as in Zou. One query after the checks.
 */
export async function listScheduleVersionTaskLinks(ctx: RequestContext, versionId: string, taskTypeId: string | null): Promise<ZouJson[]> {
  const [version] = await ctx.db.orm.select().from(productionScheduleVersion).where(eq(productionScheduleVersion.id, versionId)).limit(1);
  if (version === undefined) throw new NotFoundError("Production schedule version not found.");
  await getReadableProject(ctx, version.projectId);
  const role = await effectiveProjectRole(ctx, version.projectId);
  if (role === "vendor" || role === "client") throw new ForbiddenError();

  const ofTaskType = taskTypeId === null ? undefined : inArray(productionScheduleVersionTaskLink.taskId, ctx.db.orm.select({ id: task.id }).from(task).where(eq(task.taskTypeId, taskTypeId)));
  const rows = await ctx.db.orm
    .select()
    .from(productionScheduleVersionTaskLink)
    .where(and(eq(productionScheduleVersionTaskLink.productionScheduleVersionId, version.id), ofTaskType))
    .orderBy(asc(productionScheduleVersionTaskLink.startDate), asc(productionScheduleVersionTaskLink.id));
  // TODO(compat): Zou adds the assignees with relations=true; they are not read here yet.
  return rows.map((row) => toZouJson(productionScheduleVersionTaskLink, row, "ProductionScheduleVersionTaskLink"));
}

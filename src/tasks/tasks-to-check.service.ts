import { and, asc, eq, inArray } from "drizzle-orm";
import { entity } from "../../schema/entities.js";
import { task, taskStatus, taskType } from "../../schema/tasks.js";
import { isAdmin } from "../auth/permissions.js";
import type { RequestContext } from "../context.js";
import { requireViewer } from "../context.js";
import { ForbiddenError } from "../errors.js";
import type { ZouJson } from "../rest/zou-json.js";
import { listToDoTasksJson, openProjectIds } from "./task-lists.json.js";

// Kitsu's "My Checks" page: tasks waiting for feedback that the viewer
// should review. As in Zou, admins see every open project and managers the
// open projects they belong to. Supervisors see those projects restricted to
// their departments' task types, or all task types when they have no
// department. Artists, clients and vendors get an empty list.

/** Lists the tasks in a feedback-request status the viewer should review, in the shape of Zou's to-do list. */
export async function listTasksToCheck(ctx: RequestContext): Promise<ZouJson[]> {
  const viewer = requireViewer(ctx);
  if (viewer.person.isBot === true) throw new ForbiddenError();
  if (viewer.role !== "admin" && viewer.role !== "manager" && viewer.role !== "supervisor") return [];

  const open = inArray(task.projectId, openProjectIds(ctx));
  const conditions = [eq(taskStatus.isFeedbackRequest, true), open];
  if (!isAdmin(viewer)) {
    const links = await ctx.loaders.viewerTeamLinks();
    const projectIds = [...links.keys()];
    if (projectIds.length === 0) return [];
    conditions.push(inArray(task.projectId, projectIds));
  }
  if (viewer.role === "supervisor") {
    const departments = await ctx.loaders.departmentLinksByPersonId.load(viewer.id);
    const departmentIds = departments.map((link) => link.departmentId);
    if (departmentIds.length > 0) conditions.push(inArray(taskType.departmentId, departmentIds));
  }

  return listToDoTasksJson(ctx, and(...conditions), [asc(taskType.name), asc(entity.name)]);
}

import { inArray } from "drizzle-orm";
import { projectTemplateTaskStatusLink, projectTemplateTaskTypeLink } from "../../schema/projects.js";
import { taskStatus, taskType } from "../../schema/tasks.js";
import { assertAdmin } from "../auth/permissions.js";
import type { RequestContext } from "../context.js";
import { BadRequestError } from "../errors.js";
import { recordEvent } from "../events/events.service.js";
import { isUuid } from "../ids.js";
import { toZouJson, type ZouJson } from "../rest/zou-json.js";
import { getTemplateOrThrow } from "./project-templates.service.js";

// Kitsu's template settings order a template's task types or statuses by
// drag and drop. As in Zou, each listed id gets priority 1, 2, 3... in list
// order, and a listed id not yet in the template is added. Every id is
// checked before anything is written.

export type TemplateOrdering = "taskType" | "taskStatus";

/** Checks every id is a valid, existing task type or status, with Zou's messages. */
async function assertTargetsExist(ctx: RequestContext, kind: TemplateOrdering, ids: readonly unknown[]): Promise<string[]> {
  const field = kind === "taskType" ? "task_type_id" : "task_status_id";
  const label = kind === "taskType" ? "Task type" : "Task status";
  for (const id of ids) if (!isUuid(id)) throw new BadRequestError(`${field} is required and must be a valid UUID`);
  const parsed = (ids as string[]).map((id) => id.toLowerCase());
  const table = kind === "taskType" ? taskType : taskStatus;
  const found = new Set((await ctx.db.orm.select({ id: table.id }).from(table).where(inArray(table.id, parsed))).map((row) => row.id));
  const missing = parsed.find((id) => !found.has(id));
  if (missing !== undefined) throw new BadRequestError(`${label} ${missing} does not exist`);
  return parsed;
}

/** Sets the priorities of a template's task types or statuses from an ordered id list (admins); returns the links; event project-template:update. */
export async function setTemplatePriorities(ctx: RequestContext, templateId: string, kind: TemplateOrdering, ids: readonly unknown[]): Promise<ZouJson[]> {
  assertAdmin(ctx);
  const template = await getTemplateOrThrow(ctx, templateId);
  const targetIds = await assertTargetsExist(ctx, kind, ids);

  return ctx.db.transaction(async (tx) => {
    const links: ZouJson[] = [];
    for (const [index, targetId] of targetIds.entries()) {
      const priority = index + 1;
      if (kind === "taskType") {
        const [link] = await tx
          .insert(projectTemplateTaskTypeLink)
          .values({ projectTemplateId: template.id, taskTypeId: targetId, priority })
          .onConflictDoUpdate({ target: [projectTemplateTaskTypeLink.projectTemplateId, projectTemplateTaskTypeLink.taskTypeId], set: { priority } })
          .returning();
        links.push(toZouJson(projectTemplateTaskTypeLink, link, "ProjectTemplateTaskTypeLink"));
      } else {
        const [link] = await tx
          .insert(projectTemplateTaskStatusLink)
          .values({ projectTemplateId: template.id, taskStatusId: targetId, priority })
          .onConflictDoUpdate({ target: [projectTemplateTaskStatusLink.projectTemplateId, projectTemplateTaskStatusLink.taskStatusId], set: { priority } })
          .returning();
        links.push(toZouJson(projectTemplateTaskStatusLink, link, "ProjectTemplateTaskStatusLink"));
      }
    }
    await recordEvent(tx, ctx, { name: "project-template:update", data: { project_template_id: template.id } });
    return links;
  });
}

import { and, eq } from "drizzle-orm";
import { projectTaskStatusLink, projectTaskTypeLink } from "../../schema/projects.js";
import { taskType } from "../../schema/tasks.js";
import { assertAdmin, assertProjectManager } from "../auth/permissions.js";
import type { RequestContext } from "../context.js";
import type { Orm } from "../db/index.js";
import { BadRequestError } from "../errors.js";
import { recordEvent } from "../events/events.service.js";
import { isUuid, parseId } from "../ids.js";
import { toZouJson, type ZouJson } from "../rest/zou-json.js";

// The routes of Zou's crud area that are not generic: linking task types and
// task statuses to a project, and ordering them. Zou announces these link
// changes as a `project:update` of the project, since clients read the links
// through it.

export interface TaskTypeLinkInput {
  projectId: string;
  taskTypeId: string;
  priority?: number | null;
}

export interface TaskStatusLinkInput {
  projectId: string;
  taskStatusId: string;
  priority?: number | null;
  rolesForBoard?: string[] | null;
}

function requireLinkedId(value: string, name: string): string {
  if (!isUuid(value)) throw new BadRequestError(`${name} is required and must be a valid UUID`);
  return value.toLowerCase();
}

async function announceProjectChange(tx: Orm, ctx: RequestContext, projectId: string): Promise<void> {
  await recordEvent(tx, ctx, { name: "project:update", projectId, data: {} });
}

/** Links a task type to a project with a priority, or updates the priority of the existing link. */
export async function linkTaskTypeToProject(ctx: RequestContext, input: TaskTypeLinkInput): Promise<ZouJson> {
  const projectId = parseId(input.projectId);
  await assertProjectManager(ctx, projectId);
  const taskTypeId = requireLinkedId(input.taskTypeId, "task_type_id");
  const priority = input.priority ?? 1;

  return ctx.db.transaction(async (tx) => {
    const [row] = await tx
      .insert(projectTaskTypeLink)
      .values({ projectId, taskTypeId, priority })
      .onConflictDoUpdate({ target: [projectTaskTypeLink.projectId, projectTaskTypeLink.taskTypeId], set: { priority, updatedAt: new Date() } })
      .returning();
    await announceProjectChange(tx, ctx, projectId);
    return toZouJson(projectTaskTypeLink, row, "ProjectTaskTypeLink");
  });
}

/** Links a task status to a project with a priority and board roles, or updates the existing link. */
export async function linkTaskStatusToProject(ctx: RequestContext, input: TaskStatusLinkInput): Promise<ZouJson> {
  const projectId = parseId(input.projectId);
  await assertProjectManager(ctx, projectId);
  const taskStatusId = requireLinkedId(input.taskStatusId, "task_status_id");
  const priority = input.priority ?? 1;
  const rolesForBoard = input.rolesForBoard ?? [];

  return ctx.db.transaction(async (tx) => {
    const [row] = await tx
      .insert(projectTaskStatusLink)
      .values({ projectId, taskStatusId, priority, rolesForBoard })
      .onConflictDoUpdate({
        target: [projectTaskStatusLink.projectId, projectTaskStatusLink.taskStatusId],
        set: { priority, rolesForBoard, updatedAt: new Date() },
      })
      .returning();
    await announceProjectChange(tx, ctx, projectId);
    return toZouJson(projectTaskStatusLink, row, "ProjectTaskStatusLink");
  });
}

function orderedIds(ids: string[]): string[] {
  return ids.map((id) => parseId(id));
}

/** Sets task types' global priorities from their order in the list (1-based); unknown ids are skipped. */
export async function reorderTaskTypes(ctx: RequestContext, taskTypeIds: string[]): Promise<ZouJson[]> {
  assertAdmin(ctx);
  const ids = orderedIds(taskTypeIds);
  return ctx.db.transaction(async (tx) => {
    const updated: ZouJson[] = [];
    for (const [index, id] of ids.entries()) {
      const [row] = await tx.update(taskType).set({ priority: index + 1, updatedAt: new Date() }).where(eq(taskType.id, id)).returning();
      if (row === undefined) continue;
      await recordEvent(tx, ctx, { name: "task-type:update", data: { task_type_id: id } });
      updated.push(toZouJson(taskType, row, "TaskType"));
    }
    return updated;
  });
}

/** Sets the priorities of a project's task type links from the list order; ids without a link are skipped. */
export async function reorderProjectTaskTypeLinks(ctx: RequestContext, projectId: string, taskTypeIds: string[]): Promise<ZouJson[]> {
  const project = parseId(projectId);
  await assertProjectManager(ctx, project);
  const ids = orderedIds(taskTypeIds);
  return ctx.db.transaction(async (tx) => {
    const updated: ZouJson[] = [];
    for (const [index, id] of ids.entries()) {
      const [row] = await tx
        .update(projectTaskTypeLink)
        .set({ priority: index + 1, updatedAt: new Date() })
        .where(and(eq(projectTaskTypeLink.projectId, project), eq(projectTaskTypeLink.taskTypeId, id)))
        .returning();
      if (row !== undefined) updated.push(toZouJson(projectTaskTypeLink, row, "ProjectTaskTypeLink"));
    }
    await announceProjectChange(tx, ctx, project);
    return updated;
  });
}

/** Sets the priorities of a project's task status links from the list order; board roles are kept. */
export async function reorderProjectTaskStatusLinks(ctx: RequestContext, projectId: string, taskStatusIds: string[]): Promise<ZouJson[]> {
  const project = parseId(projectId);
  await assertProjectManager(ctx, project);
  const ids = orderedIds(taskStatusIds);
  return ctx.db.transaction(async (tx) => {
    const updated: ZouJson[] = [];
    for (const [index, id] of ids.entries()) {
      const [row] = await tx
        .update(projectTaskStatusLink)
        .set({ priority: index + 1, updatedAt: new Date() })
        .where(and(eq(projectTaskStatusLink.projectId, project), eq(projectTaskStatusLink.taskStatusId, id)))
        .returning();
      if (row !== undefined) updated.push(toZouJson(projectTaskStatusLink, row, "ProjectTaskStatusLink"));
    }
    await announceProjectChange(tx, ctx, project);
    return updated;
  });
}

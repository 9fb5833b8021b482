import { asc, desc, inArray } from "drizzle-orm";
import { previewFile } from "../../schema/comments.js";
import { effectiveProjectRole } from "../auth/permissions.js";
import type { RequestContext } from "../context.js";
import { BadRequestError, ForbiddenError } from "../errors.js";
import { assertTaskAccess, getTaskOrThrow } from "../previews/previews.access.js";
import type { ZouJson } from "../rest/zou-json.js";
import { setMainPreview } from "./main-preview.service.js";

// Kitsu's action bar makes the last preview of a task (highest revision,
// first uploaded among equals) the thumbnail of the task's entity.

/** Checks the task can be read and the viewer is not a client of its project, as Zou requires. */
async function assertCanSetTaskPreview(ctx: RequestContext, taskId: string): Promise<void> {
  const row = await getTaskOrThrow(ctx, taskId);
  await assertTaskAccess(ctx, row);
  if ((await effectiveProjectRole(ctx, row.projectId!)) === "client") throw new ForbiddenError();
}

/** Finds the last preview file of each task, in one query. */
async function lastPreviewIds(ctx: RequestContext, taskIds: readonly string[]): Promise<Map<string, string>> {
  const rows = await ctx.db.orm
    .select({ id: previewFile.id, taskId: previewFile.taskId })
    .from(previewFile)
    .where(inArray(previewFile.taskId, [...taskIds]))
    .orderBy(desc(previewFile.revision), asc(previewFile.createdAt));
  const last = new Map<string, string>();
  for (const row of rows) if (row.taskId !== null && !last.has(row.taskId)) last.set(row.taskId, row.id);
  return last;
}

/** Makes the task's last preview its entity's thumbnail; BAD_USER_INPUT when the task has no preview. Returns the entity. */
export async function setTaskMainPreview(ctx: RequestContext, taskId: string): Promise<ZouJson> {
  await assertCanSetTaskPreview(ctx, taskId);
  const previewId = (await lastPreviewIds(ctx, [taskId])).get(taskId);
  if (previewId === undefined) throw new BadRequestError("This task has no preview file to set as the main preview.");
  return setMainPreview(ctx, previewId, null);
}

/**
 * Does the same for each listed task, skipping tasks without a preview.
 * Every task is checked before any entity changes, so a forbidden or
 * unknown task leaves all thumbnails as they were.
 */
export async function setTasksMainPreview(ctx: RequestContext, taskIds: readonly string[]): Promise<ZouJson[]> {
  const ids = [...new Set(taskIds)];
  for (const taskId of ids) await assertCanSetTaskPreview(ctx, taskId);
  const last = await lastPreviewIds(ctx, ids);

  const entities: ZouJson[] = [];
  for (const taskId of ids) {
    const previewId = last.get(taskId);
    if (previewId !== undefined) entities.push(await setMainPreview(ctx, previewId, null));
  }
  return entities;
}

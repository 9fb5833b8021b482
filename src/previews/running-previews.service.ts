import { and, desc, eq, inArray, lt, type SQL } from "drizzle-orm";
import { previewFile } from "../../schema/comments.js";
import { project, projectStatus } from "../../schema/projects.js";
import { task } from "../../schema/tasks.js";
import { assertAdmin } from "../auth/permissions.js";
import type { RequestContext } from "../context.js";
import { BadRequestError } from "../errors.js";
import { fullEntityNames } from "../entities/entity-names.service.js";
import { toZouJson, type ZouJson } from "../rest/zou-json.js";

// Kitsu's admin page of preview processing: previews of open projects whose
// processing has not finished (processing), failed (broken) or lost its file
// (missing), newest first, paged by a cursor preview id.

/** Lists unfinished previews for admins, older than the cursor preview when given; at most `limit` when given. */
export async function listRunningPreviewFiles(ctx: RequestContext, cursorPreviewFileId: string | null, limit: number | null): Promise<ZouJson[]> {
  assertAdmin(ctx);
  const conditions: SQL[] = [inArray(projectStatus.name, ["Active", "open", "Open"]), inArray(previewFile.status, ["broken", "missing", "processing"])];
  if (cursorPreviewFileId !== null) {
    const [cursor] = await ctx.db.orm.select({ createdAt: previewFile.createdAt }).from(previewFile).where(eq(previewFile.id, cursorPreviewFileId)).limit(1);
    if (cursor === undefined) throw new BadRequestError(`No preview file found with id: ${cursorPreviewFileId}`);
    if (cursor.createdAt !== null) conditions.push(lt(previewFile.createdAt, cursor.createdAt));
  }

  const query = ctx.db.orm
    .select({ preview: previewFile, projectId: task.projectId, taskTypeId: task.taskTypeId, entityId: task.entityId })
    .from(previewFile)
    .innerJoin(task, eq(task.id, previewFile.taskId))
    .innerJoin(project, eq(project.id, task.projectId))
    .innerJoin(projectStatus, eq(projectStatus.id, project.projectStatusId))
    .where(and(...conditions))
    .orderBy(desc(previewFile.createdAt), desc(previewFile.id));
  const rows = limit === null ? await query : await query.limit(limit);

  const names = await fullEntityNames(ctx, [...new Set(rows.map((row) => row.entityId).filter((id): id is string => id !== null))]);
  return rows.map((row) => ({
    ...toZouJson(previewFile, row.preview, "PreviewFile"),
    project_id: row.projectId,
    task_type_id: row.taskTypeId,
    full_entity_name: row.entityId === null ? "" : (names.get(row.entityId)?.name ?? ""),
  }));
}

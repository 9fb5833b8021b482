import { asc, desc, eq } from "drizzle-orm";
import { previewFile } from "../../schema/comments.js";
import { timeSpent } from "../../schema/schedules.js";
import { task, taskType } from "../../schema/tasks.js";
import { effectiveProjectRole } from "../auth/permissions.js";
import type { RequestContext } from "../context.js";
import { requireViewer } from "../context.js";
import { formatZouTimestamp, toZouJson, type ZouJson } from "../rest/zou-json.js";
import { canReadTimeSpent } from "../schedules/time-spents.service.js";
import { getReadableEntity } from "./entities.service.js";

// The previews and time logs of every task of an entity, for the tabs of
// Kitsu's asset and shot pages. Each list is one query.

/** Lists every preview file of the entity's tasks by task type name, newest revision first, in the fields of Zou's preview presentation. */
export async function listEntityPreviewFiles(ctx: RequestContext, entityId: string): Promise<ZouJson[]> {
  const target = await getReadableEntity(ctx, undefined, entityId);
  const rows = await ctx.db.orm
    .select({ preview: previewFile })
    .from(previewFile)
    .innerJoin(task, eq(task.id, previewFile.taskId))
    .innerJoin(taskType, eq(taskType.id, task.taskTypeId))
    .where(eq(task.entityId, target.id))
    .orderBy(asc(taskType.name), desc(previewFile.revision), asc(previewFile.position));

  return rows.map(({ preview }) => ({
    id: preview.id,
    type: "PreviewFile",
    name: preview.name,
    original_name: preview.originalName,
    extension: preview.extension,
    revision: preview.revision,
    position: preview.position,
    file_size: preview.fileSize,
    status: preview.status,
    validation_status: preview.validationStatus,
    task_id: preview.taskId,
    person_id: preview.personId,
    created_at: formatZouTimestamp(preview.createdAt),
    token_in: preview.tokenIn,
    token_out: preview.tokenOut,
  }));
}

/**
 * The time logged on the entity's tasks, latest date first. Admins,
 * managers and supervisors of the project see everyone's time; other roles
 * see their own, the rule of Kumiki's other time spent reads.
 */
export async function listEntityTimeSpents(ctx: RequestContext, entityId: string): Promise<ZouJson[]> {
  const viewer = requireViewer(ctx);
  const target = await getReadableEntity(ctx, undefined, entityId);
  const role = target.projectId === null ? null : await effectiveProjectRole(ctx, target.projectId);
  const rows = await ctx.db.orm
    .select({ timeSpent })
    .from(timeSpent)
    .innerJoin(task, eq(task.id, timeSpent.taskId))
    .where(eq(task.entityId, target.id))
    .orderBy(desc(timeSpent.date), asc(timeSpent.id));

  // NOTE(security): Zou shows every person's time to any project member; artists, clients and vendors see only their own here.
  return rows.filter((row) => canReadTimeSpent(viewer, role, row.timeSpent)).map((row) => toZouJson(timeSpent, row.timeSpent, "TimeSpent"));
}

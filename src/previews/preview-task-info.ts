import { eq } from "drizzle-orm";
import { entity, entityType } from "../../schema/entities.js";
import { project } from "../../schema/projects.js";
import { task } from "../../schema/tasks.js";
import type { RequestContext } from "../context.js";
import type { Orm } from "../db/index.js";
import { kindOfTypeName } from "../entities/entities.loaders.js";
import { recordEvent } from "../events/events.service.js";
import type { PreviewFileRow } from "./previews.access.js";

/**
 * Points the task at a preview that just became ready, as Zou does once a
 * picture is processed or a movie transcoded. The first preview of a
 * revision (position 1) becomes the task's last_preview_file_id. In
 * projects with is_set_preview_automated it also becomes the entity's main preview.
 * Other files and extra previews of a revision change nothing. Runs in the
 * caller's transaction, so the preview and the task change together.
 */
export async function applyReadyPreviewToTask(tx: Orm, ctx: RequestContext, preview: PreviewFileRow, projectId: string | null): Promise<void> {
  if (preview.position !== 1 || preview.taskId === null) return;
  const [updated] = await tx.update(task).set({ lastPreviewFileId: preview.id }).where(eq(task.id, preview.taskId)).returning();
  if (updated === undefined) return;
  await recordEvent(tx, ctx, { name: "task:update", projectId, data: { task_id: updated.id } });

  if (projectId === null || updated.entityId === null) return;
  const [settings] = await tx.select({ automated: project.isSetPreviewAutomated }).from(project).where(eq(project.id, projectId));
  if (settings?.automated !== true) return;
  const [target] = await tx
    .update(entity)
    .set({ previewFileId: preview.id })
    .where(eq(entity.id, updated.entityId))
    .returning({ id: entity.id, entityTypeId: entity.entityTypeId });
  if (target === undefined) return;
  await recordEvent(tx, ctx, { name: "preview-file:set-main", projectId, data: { entity_id: target.id, preview_file_id: preview.id } });
  const [type] = target.entityTypeId === null ? [] : await tx.select({ name: entityType.name }).from(entityType).where(eq(entityType.id, target.entityTypeId));
  const kind = kindOfTypeName(type?.name ?? "").toLowerCase();
  await recordEvent(tx, ctx, { name: `${kind}:update`, projectId, data: { [`${kind}_id`]: target.id } });
}

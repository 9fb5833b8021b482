import { and, eq, inArray, notInArray } from "drizzle-orm";
import { entityType } from "../../schema/entities.js";
import { projectAssetTypeLink, projectTaskStatusLink, projectTaskTypeLink } from "../../schema/projects.js";
import { taskStatus, taskType } from "../../schema/tasks.js";
import { assertProjectManager, getReadableProject } from "../auth/permissions.js";
import type { RequestContext } from "../context.js";
import { recordEvent } from "../events/events.service.js";
import type { ProjectRow } from "./projects.loaders.js";

// Kitsu's new-production wizard enables many task types, statuses and asset
// types in one call. As in Zou, ids of unknown rows are skipped, existing
// links are kept (a task type's priority is updated when one is given), and
// `replaceTaskTypes` removes the task type links missing from the list.

export interface ProjectSettingsBatch {
  taskTypes: { taskTypeId: string; priority: number | null }[];
  taskStatusIds: string[];
  assetTypeIds: string[];
  replaceTaskTypes: boolean;
}

/** Keeps the ids of rows that exist in `table`, in one query. */
async function existingIds(ctx: RequestContext, table: typeof taskType | typeof taskStatus | typeof entityType, ids: string[]): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const rows = await ctx.db.orm.select({ id: table.id }).from(table).where(inArray(table.id, ids));
  return new Set(rows.map((row) => row.id));
}

/** Enables the listed settings in the project (manager of the project); event project:update. */
export async function updateProjectSettings(ctx: RequestContext, projectId: string, batch: ProjectSettingsBatch): Promise<ProjectRow> {
  const existing = await getReadableProject(ctx, projectId);
  await assertProjectManager(ctx, projectId);

  const knownTaskTypes = await existingIds(ctx, taskType, batch.taskTypes.map((entry) => entry.taskTypeId));
  const knownStatuses = await existingIds(ctx, taskStatus, batch.taskStatusIds);
  const knownAssetTypes = await existingIds(ctx, entityType, batch.assetTypeIds);
  const wantedTaskTypes = new Map<string, number | null>();
  for (const entry of batch.taskTypes) if (knownTaskTypes.has(entry.taskTypeId)) wantedTaskTypes.set(entry.taskTypeId, entry.priority);

  return ctx.db.transaction(async (tx) => {
    for (const [taskTypeId, priority] of wantedTaskTypes) {
      const insert = tx.insert(projectTaskTypeLink).values({ projectId, taskTypeId, priority });
      await (priority === null
        ? insert.onConflictDoNothing()
        : insert.onConflictDoUpdate({ target: [projectTaskTypeLink.projectId, projectTaskTypeLink.taskTypeId], set: { priority } }));
    }
    if (batch.replaceTaskTypes) {
      const keep = [...wantedTaskTypes.keys()];
      await tx
        .delete(projectTaskTypeLink)
        .where(and(eq(projectTaskTypeLink.projectId, projectId), keep.length === 0 ? undefined : notInArray(projectTaskTypeLink.taskTypeId, keep)));
    }
    const statusIds = [...knownStatuses];
    if (statusIds.length > 0) await tx.insert(projectTaskStatusLink).values(statusIds.map((taskStatusId) => ({ projectId, taskStatusId }))).onConflictDoNothing();
    const assetTypeIds = [...knownAssetTypes];
    if (assetTypeIds.length > 0) await tx.insert(projectAssetTypeLink).values(assetTypeIds.map((assetTypeId) => ({ projectId, assetTypeId }))).onConflictDoNothing();
    await recordEvent(tx, ctx, { name: "project:update", projectId, data: { project_id: projectId } });
    return existing;
  });
}

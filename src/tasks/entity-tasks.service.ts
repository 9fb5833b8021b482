import { and, eq, inArray } from "drizzle-orm";
import { taskTypeAssetTypeLink } from "../../schema/entities.js";
import { projectTaskTypeLink } from "../../schema/projects.js";
import { task, taskStatus, taskType } from "../../schema/tasks.js";
import { effectiveProjectRole } from "../auth/permissions.js";
import { requireViewer, type RequestContext } from "../context.js";
import type { Orm } from "../db/index.js";
import { idIn } from "../db/loader.js";
import { kindOfTypeName } from "../entities/entities.loaders.js";
import { getReadableEntity } from "../entities/entities.service.js";
import { BadRequestError, ForbiddenError, NotFoundError } from "../errors.js";
import { recordEvent } from "../events/events.service.js";
import { parseId } from "../ids.js";
import { getDefaultTaskStatusId } from "./tasks.service.js";
import type { TaskRow, TaskStatusRow, TaskTypeRow } from "./tasks.loaders.js";

// Creation of an entity's tasks from a list of task types, as Kitsu's
// "create tasks" button and gazu's create_*_tasks do.

export interface CreatedEntityTask {
  task: TaskRow;
  taskType: TaskTypeRow;
  taskStatus: TaskStatusRow;
}

/** Returns the default status of new tasks. Concepts take the default status marked for concepts when there is one, as in Zou. */
export async function getDefaultStatus(tx: Orm, isConcept: boolean): Promise<TaskStatusRow> {
  if (isConcept) {
    const [forConcept] = await tx.select().from(taskStatus).where(and(eq(taskStatus.isDefault, true), eq(taskStatus.forConcept, true))).limit(1);
    if (forConcept !== undefined) return forConcept;
  }
  const id = await getDefaultTaskStatusId(tx);
  const [row] = await tx.select().from(taskStatus).where(eq(taskStatus.id, id));
  return row;
}

/**
 * Creates a "main" task of each given task type on an entity, skipping the
 * task types that already have one. Each task type must suit the entity's
 * kind, be enabled in the project and, for an asset whose type has a
 * workflow, be in that workflow. With no task type ids, every task type that
 * passes those checks is used. Team members other than vendors and clients
 * may do it. Events task:new, one per task.
 */
export async function createTasksForEntity(ctx: RequestContext, entityId: string, taskTypeIds: string[]): Promise<CreatedEntityTask[]> {
  const viewer = requireViewer(ctx);
  const target = await getReadableEntity(ctx, undefined, entityId);
  const role = await effectiveProjectRole(ctx, target.projectId);
  if (role === "vendor" || role === "client") throw new ForbiddenError();

  const requestedIds = [...new Set(taskTypeIds.map(parseId))];
  const requested = requestedIds.length === 0 ? [] : await ctx.db.orm.select().from(taskType).where(idIn(taskType.id, requestedIds));
  if (requested.length !== requestedIds.length) throw new NotFoundError("Task type not found.");

  const kind = kindOfTypeName(target.entityTypeName);
  const enabledInProject = new Set(
    (await ctx.db.orm.select({ id: projectTaskTypeLink.taskTypeId }).from(projectTaskTypeLink).where(eq(projectTaskTypeLink.projectId, target.projectId))).map((row) => row.id),
  );
  // An asset type without a workflow accepts every task type.
  const workflowIds =
    kind === "Asset"
      ? (await ctx.db.orm.select({ id: taskTypeAssetTypeLink.taskTypeId }).from(taskTypeAssetTypeLink).where(eq(taskTypeAssetTypeLink.assetTypeId, target.entityTypeId))).map((row) => row.id)
      : [];
  const inWorkflow = workflowIds.length === 0 ? null : new Set(workflowIds);

  let types: TaskTypeRow[];
  if (requestedIds.length === 0) {
    const candidates = [...enabledInProject].filter((id) => inWorkflow === null || inWorkflow.has(id));
    const rows = candidates.length === 0 ? [] : await ctx.db.orm.select().from(taskType).where(idIn(taskType.id, candidates));
    types = rows.filter((row) => !row.forEntity || row.forEntity === kind);
  } else {
    for (const row of requested) {
      if (row.forEntity && row.forEntity !== kind) throw new BadRequestError(`Task type ${row.id} applies to ${row.forEntity} entities, not to ${kind} entities.`);
      if (!enabledInProject.has(row.id)) throw new BadRequestError(`Task type ${row.id} is not enabled in the settings of project ${target.projectId}: enable it there first.`);
      if (inWorkflow !== null && !inWorkflow.has(row.id)) throw new BadRequestError(`Task type ${row.id} is not part of the workflow of asset type ${target.entityTypeId}.`);
    }
    types = requestedIds.map((id) => requested.find((row) => row.id === id)!);
  }
  if (types.length === 0) return [];

  return ctx.db.transaction(async (tx) => {
    const existing = await tx
      .select({ taskTypeId: task.taskTypeId })
      .from(task)
      .where(and(eq(task.entityId, target.id), inArray(task.taskTypeId, types.map((row) => row.id)), eq(task.name, "main")));
    const existingTypeIds = new Set(existing.map((row) => row.taskTypeId));
    const toCreate = types.filter((row) => !existingTypeIds.has(row.id));
    if (toCreate.length === 0) return [];

    const status = await getDefaultStatus(tx, kind === "Concept");
    const created = await tx
      .insert(task)
      .values(toCreate.map((row) => ({ name: "main", projectId: target.projectId, entityId: target.id, taskTypeId: row.id, taskStatusId: status.id, assignerId: viewer.id, data: {} })))
      .returning();
    for (const row of created) {
      await recordEvent(tx, ctx, { name: "task:new", projectId: target.projectId, data: { task_id: row.id } });
    }
    return created.map((row) => ({ task: row, taskType: toCreate.find((type) => type.id === row.taskTypeId)!, taskStatus: status }));
  });
}

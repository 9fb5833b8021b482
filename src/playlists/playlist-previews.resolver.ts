import { asc, desc, eq, inArray } from "drizzle-orm";
import { Arg, Ctx, ID, Query, Resolver } from "type-graphql";
import { previewFile } from "../../schema/comments.js";
import { task, taskType } from "../../schema/tasks.js";
import type { RequestContext } from "../context.js";
import { getReadableEntity } from "../entities/entities.service.js";
import { JSON } from "../graphql/scalars.js";
import { formatZouTimestamp, type ZouJson } from "../rest/zou-json.js";

// The previews of an entity as the review room picks them for a playlist:
// grouped by task type, one item per revision, newest revision first.

type PreviewItem = ZouJson & { revision: number | null; previews?: ZouJson[] };

/** Folds previews sharing a revision into the first one's `previews`, keeping the order. */
function foldRevisions(items: PreviewItem[]): PreviewItem[] {
  const firsts = new Map<number | null, PreviewItem>();
  const result: PreviewItem[] = [];
  for (const item of items) {
    const first = firsts.get(item.revision);
    if (first === undefined) {
      const folded = { ...item, previews: [] };
      firsts.set(item.revision, folded);
      result.push(folded);
    } else {
      first.previews!.push(item);
    }
  }
  return result;
}

/**
 * Reads the previews of the entities, keyed by entity id then by task type
 * id, task types by priority then name. Each list has one item per revision,
 * newest first, and the other previews of that revision sit in its
 * `previews`. One query whatever the number of entities.
 */
export async function previewFilesByEntity(ctx: RequestContext, entityIds: string[]): Promise<Map<string, Record<string, ZouJson[]>>> {
  const result = new Map<string, Record<string, ZouJson[]>>();
  if (entityIds.length === 0) return result;
  const rows = await ctx.db.orm
    .select({ preview: previewFile, taskTypeId: task.taskTypeId, entityId: task.entityId })
    .from(previewFile)
    .innerJoin(task, eq(task.id, previewFile.taskId))
    .innerJoin(taskType, eq(taskType.id, task.taskTypeId))
    .where(inArray(task.entityId, entityIds))
    .orderBy(desc(taskType.priority), asc(taskType.name), desc(previewFile.revision), asc(previewFile.createdAt));

  const grouped = new Map<string, Map<string, PreviewItem[]>>();
  for (const { preview, taskTypeId: typeId, entityId } of rows) {
    const taskTypeId = typeId ?? "";
    const data = (preview.data as Record<string, unknown> | null) ?? {};
    const item: PreviewItem = {
      id: preview.id,
      revision: preview.revision,
      position: preview.position,
      original_name: preview.originalName,
      extension: preview.extension,
      width: preview.width,
      height: preview.height,
      duration: Number(preview.duration ?? 0),
      status: preview.status,
      annotations: preview.annotations,
      created_at: formatZouTimestamp(preview.createdAt),
      task_id: preview.taskId,
      task_type_id: taskTypeId,
      original_width: data.original_width ?? null,
      original_height: data.original_height ?? null,
      original_duration: data.original_duration ?? null,
      original_file_size: data.original_file_size ?? null,
    };
    const byTaskType = grouped.get(entityId as string) ?? new Map<string, PreviewItem[]>();
    const group = byTaskType.get(taskTypeId) ?? [];
    group.push(item);
    byTaskType.set(taskTypeId, group);
    grouped.set(entityId as string, byTaskType);
  }

  for (const [entityId, byTaskType] of grouped) {
    const answer: Record<string, ZouJson[]> = {};
    for (const [taskTypeId, items] of byTaskType) {
      answer[taskTypeId] = foldRevisions(items).map(({ position: _position, task_type_id: _taskTypeId, ...top }) => top);
    }
    result.set(entityId, answer);
  }
  return result;
}

@Resolver()
export class PlaylistPreviewsResolver {
  @Query(() => JSON, {
    description:
      "The entity's previews keyed by task type id, task types by priority then name. Each list has one item per revision, newest first, and the other previews of that revision sit in its `previews`.",
  })
  async entityPreviewFilesJson(@Arg("entityId", () => ID) entityId: string, @Ctx() ctx: RequestContext): Promise<Record<string, ZouJson[]>> {
    const target = await getReadableEntity(ctx, undefined, entityId);
    const byEntity = await previewFilesByEntity(ctx, [target.id]);
    return byEntity.get(target.id) ?? {};
  }
}

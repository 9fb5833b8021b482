import { and, count, eq, inArray, sql, type SQL } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import { entity } from "../../schema/entities.js";
import { task, taskPersonLink, taskStatus } from "../../schema/tasks.js";
import { effectiveProjectRole, getReadableProject } from "../auth/permissions.js";
import type { RequestContext } from "../context.js";
import { requireViewer } from "../context.js";

// The statistics of Kitsu's episode page, in Zou's shapes: task counts (with
// frames and drawings) by episode, task type and status with "all" totals,
// and retake counts with their evolution take by take. Shots reach their
// episode through their sequence. Vendors count only the tasks assigned to
// them. Each is one query.

interface Bucket {
  count: number;
  frames: number;
  drawings: number;
}

interface StatusBucket extends Bucket {
  name: string | null;
  color: string | null;
}

interface RetakeStats {
  max_retake_count: number;
  evolution: Record<string, { done: Bucket; retake: Bucket; other: Bucket }>;
  done: Bucket;
  retake: Bucket;
  other: Bucket;
}

const sequence = alias(entity, "stats_sequence");
const episode = alias(entity, "stats_episode");

function emptyBucket(): Bucket {
  return { count: 0, frames: 0, drawings: 0 };
}

function addToBucket(bucket: Bucket, amount: number, frames: number | null, drawings: number | null): void {
  bucket.count += amount;
  bucket.frames += frames ?? 0;
  bucket.drawings += drawings ?? 0;
}

/** Checks the viewer may read the project and returns the condition keeping vendors to their assigned tasks. */
async function statsScope(ctx: RequestContext, projectId: string): Promise<SQL> {
  const viewer = requireViewer(ctx);
  await getReadableProject(ctx, projectId);
  const projectCondition = eq(task.projectId, projectId);
  if ((await effectiveProjectRole(ctx, projectId)) !== "vendor") return projectCondition;
  const assigned = ctx.db.orm.select({ taskId: taskPersonLink.taskId }).from(taskPersonLink).where(eq(taskPersonLink.personId, viewer.id));
  return and(projectCondition, inArray(task.id, assigned))!;
}

/** Task counts by episode, task type and status, with "all" totals per episode, per task type and overall. */
export async function getEpisodeStats(ctx: RequestContext, projectId: string): Promise<Record<string, Record<string, Record<string, StatusBucket>>>> {
  const scope = await statsScope(ctx, projectId);
  const rows = await ctx.db.orm
    .select({
      episodeId: episode.id,
      taskTypeId: task.taskTypeId,
      taskStatusId: task.taskStatusId,
      name: taskStatus.shortName,
      color: taskStatus.color,
      amount: count(task.id),
      drawings: sql<number | null>`sum(${task.nbDrawings})`.mapWith(Number),
      frames: sql<number | null>`sum(${entity.nbFrames})`.mapWith(Number),
    })
    .from(task)
    .innerJoin(taskStatus, eq(taskStatus.id, task.taskStatusId))
    .innerJoin(entity, eq(entity.id, task.entityId))
    .innerJoin(sequence, eq(sequence.id, entity.parentId))
    .innerJoin(episode, eq(episode.id, sequence.parentId))
    .where(scope)
    .groupBy(episode.id, task.taskTypeId, task.taskStatusId, taskStatus.shortName, taskStatus.color);

  const results: Record<string, Record<string, Record<string, StatusBucket>>> = {};
  const bucketOf = (episodeKey: string, typeKey: string, statusId: string, row: (typeof rows)[number]): StatusBucket => {
    const byType = (results[episodeKey] ??= {});
    const byStatus = (byType[typeKey] ??= {});
    return (byStatus[statusId] ??= { name: row.name, color: row.color, ...emptyBucket() });
  };
  for (const row of rows) {
    const typeId = String(row.taskTypeId);
    const statusId = String(row.taskStatusId);
    const amount = Number(row.amount);
    const frames = Number.isNaN(row.frames) ? null : row.frames;
    const drawings = Number.isNaN(row.drawings) ? null : row.drawings;
    for (const [episodeKey, typeKey] of [[row.episodeId, typeId], [row.episodeId, "all"], ["all", typeId], ["all", "all"]]) {
      addToBucket(bucketOf(episodeKey, typeKey, statusId, row), amount, frames, drawings);
    }
  }
  return results;
}

/** Picks the bucket of a task in the retake totals: done first, then retake, else other. */
function statusBucketKey(isDone: boolean | null, isRetake: boolean | null): "done" | "retake" | "other" {
  if (isDone === true) return "done";
  if (isRetake === true) return "retake";
  return "other";
}

/** Picks the bucket of a task at one take of the evolution: retake when it was retaken at that take or later, else by its current status. */
function evolutionBucketKey(take: number, retakes: number, isDone: boolean | null): "done" | "retake" | "other" {
  if (retakes > 0 && take <= retakes) return "retake";
  if (isDone === true) return "done";
  return "other";
}

function emptyRetakeStats(): RetakeStats {
  return { max_retake_count: 0, evolution: {}, done: emptyBucket(), retake: emptyBucket(), other: emptyBucket() };
}

/**
 * Done, retake and other counts by episode and task type, with "all" totals,
 * the highest retake count, and for each take number how many tasks were
 * retaken at that take, ended done, or neither.
 */
export async function getEpisodeRetakeStats(ctx: RequestContext, projectId: string): Promise<Record<string, Record<string, RetakeStats>>> {
  const scope = await statsScope(ctx, projectId);
  const rows = await ctx.db.orm
    .select({
      episodeId: episode.id,
      drawings: task.nbDrawings,
      frames: entity.nbFrames,
      taskTypeId: task.taskTypeId,
      retakeCount: task.retakeCount,
      isDone: taskStatus.isDone,
      isRetake: taskStatus.isRetake,
    })
    .from(task)
    .innerJoin(entity, eq(entity.id, task.entityId))
    .innerJoin(sequence, eq(sequence.id, entity.parentId))
    .innerJoin(episode, eq(episode.id, sequence.parentId))
    .innerJoin(taskStatus, eq(taskStatus.id, task.taskStatusId))
    .where(scope);

  const results: Record<string, Record<string, RetakeStats>> = { all: { all: emptyRetakeStats() } };
  for (const row of rows) {
    const typeId = String(row.taskTypeId);
    const retakes = row.retakeCount ?? 0;
    const key = statusBucketKey(row.isDone, row.isRetake);
    results[row.episodeId] ??= { all: emptyRetakeStats() };
    results.all[typeId] ??= emptyRetakeStats();
    results[row.episodeId][typeId] ??= emptyRetakeStats();
    for (const [episodeKey, typeKey] of [["all", "all"], ["all", typeId], [row.episodeId, "all"], [row.episodeId, typeId]]) {
      const entry = results[episodeKey][typeKey];
      entry.max_retake_count = Math.max(entry.max_retake_count, retakes);
      addToBucket(entry[key], 1, row.frames, row.drawings);
    }
  }

  // The evolution needs each entry's final max_retake_count, so it takes a second pass, as in Zou.
  for (const row of rows) {
    const retakes = row.retakeCount ?? 0;
    for (const typeKey of ["all", String(row.taskTypeId)]) {
      const entry = results[row.episodeId][typeKey];
      for (let take = 1; take <= entry.max_retake_count; take += 1) {
        const evolution = (entry.evolution[String(take)] ??= { done: emptyBucket(), retake: emptyBucket(), other: emptyBucket() });
        const key = evolutionBucketKey(take, retakes, row.isDone);
        addToBucket(evolution[key], 1, row.frames, row.drawings);
      }
    }
  }
  return results;
}

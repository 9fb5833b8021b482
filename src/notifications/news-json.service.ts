import { and, count, desc, eq, gt, isNotNull, lt, type SQL } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import { comment, previewFile } from "../../schema/comments.js";
import { entity } from "../../schema/entities.js";
import { news } from "../../schema/notifications.js";
import { project } from "../../schema/projects.js";
import { task } from "../../schema/tasks.js";
import { effectiveProjectRole, getReadableProject } from "../auth/permissions.js";
import type { RequestContext } from "../context.js";
import { ForbiddenError, NotFoundError } from "../errors.js";
import { fullEntityNames } from "../entities/entity-names.service.js";
import { getReadableEntity } from "../entities/entities.service.js";
import { fullName } from "../people/person.json.js";
import { formatZouTimestamp, type ZouJson } from "../rest/zou-json.js";

// The activity feed (news) as Zou's news routes return it: one item per
// comment that changed or set a status, with the task's context, the entity's
// full name and the author as a short person. A page costs a fixed number of
// statements whatever its size: the page, its total, the status counts, the
// names and the authors.

export interface NewsFilters {
  onlyPreview?: boolean;
  taskTypeId?: string | null;
  taskStatusId?: string | null;
  episodeId?: string | null;
  authorId?: string | null;
  after?: string | null;
  before?: string | null;
  page?: number;
  limit?: number;
}

const sequence = alias(entity, "news_sequence");

function filterConditions(scope: SQL, filters: NewsFilters): SQL[] {
  const conditions: SQL[] = [scope];
  if (filters.episodeId != null) conditions.push(eq(sequence.parentId, filters.episodeId));
  if (filters.taskStatusId != null) conditions.push(eq(comment.taskStatusId, filters.taskStatusId));
  if (filters.taskTypeId != null) conditions.push(eq(task.taskTypeId, filters.taskTypeId));
  if (filters.authorId != null) conditions.push(eq(news.authorId, filters.authorId));
  if (filters.onlyPreview === true) conditions.push(isNotNull(news.previewFileId));
  if (filters.after != null) conditions.push(gt(news.createdAt, new Date(`${filters.after}Z`)));
  if (filters.before != null) conditions.push(lt(news.createdAt, new Date(`${filters.before}Z`)));
  return conditions;
}

/** Reads one page of news matching `scope` and the filters, in Zou's item shape. */
export async function readNewsPage(ctx: RequestContext, scope: SQL, filters: NewsFilters): Promise<{ items: ZouJson[]; total: number }> {
  const orm = ctx.db.orm;
  const limit = filters.limit ?? 50;
  const page = filters.page ?? 1;
  const where = and(...filterConditions(scope, filters));
  const base = orm
    .select({
      news,
      projectId: project.id,
      projectName: project.name,
      taskTypeId: task.taskTypeId,
      taskStatusId: comment.taskStatusId,
      entityId: task.entityId,
      previewExtension: previewFile.extension,
      previewRevision: previewFile.revision,
      entityPreviewFileId: entity.previewFileId,
    })
    .from(news)
    .innerJoin(task, eq(task.id, news.taskId))
    .innerJoin(project, eq(project.id, task.projectId))
    .innerJoin(entity, eq(entity.id, task.entityId))
    .leftJoin(sequence, eq(sequence.id, entity.parentId))
    .leftJoin(comment, eq(comment.id, news.commentId))
    .leftJoin(previewFile, eq(previewFile.id, news.previewFileId));
  const rows = await base.where(where).orderBy(desc(news.createdAt), desc(news.id)).limit(limit).offset((page - 1) * limit);
  const [{ total }] = await orm
    .select({ total: count() })
    .from(news)
    .innerJoin(task, eq(task.id, news.taskId))
    .innerJoin(entity, eq(entity.id, task.entityId))
    .leftJoin(sequence, eq(sequence.id, entity.parentId))
    .leftJoin(comment, eq(comment.id, news.commentId))
    .where(where);

  const names = await fullEntityNames(ctx, [...new Set(rows.map((row) => row.entityId).filter((id): id is string => id !== null))]);
  const authorIds = [...new Set(rows.map((row) => row.news.authorId))];
  const authors = await ctx.loaders.personById.loadMany(authorIds);
  const authorById = new Map<string, ZouJson>();
  for (const author of authors) {
    if (author === null || author instanceof Error) continue;
    authorById.set(author.id, { id: author.id, first_name: author.firstName, last_name: author.lastName, full_name: fullName(author), has_avatar: author.hasAvatar, active: author.active });
  }

  const items = rows.map((row) => {
    const name = row.entityId === null ? undefined : names.get(row.entityId);
    return {
      id: row.news.id,
      type: "News",
      author_id: row.news.authorId,
      comment_id: row.news.commentId,
      task_id: row.news.taskId,
      task_type_id: row.taskTypeId,
      task_status_id: row.taskStatusId,
      task_entity_id: row.entityId,
      preview_file_id: row.news.previewFileId,
      preview_file_extension: row.previewExtension,
      preview_file_revision: row.previewRevision,
      project_id: row.projectId,
      project_name: row.projectName,
      created_at: formatZouTimestamp(row.news.createdAt),
      change: row.news.change,
      full_entity_name: name?.name ?? "",
      episode_id: name?.episodeId ?? null,
      entity_preview_file_id: row.entityPreviewFileId,
      person: authorById.get(row.news.authorId) ?? null,
    };
  });
  return { items, total: Number(total) };
}

/** Counts the status changes matching the filters, by the status the comment set, as Zou's feed stats. */
export async function readNewsStats(ctx: RequestContext, scope: SQL, filters: NewsFilters): Promise<Record<string, number>> {
  const rows = await ctx.db.orm
    .select({ taskStatusId: comment.taskStatusId, total: count() })
    .from(news)
    .innerJoin(task, eq(task.id, news.taskId))
    .innerJoin(entity, eq(entity.id, task.entityId))
    .leftJoin(sequence, eq(sequence.id, entity.parentId))
    .innerJoin(comment, eq(comment.id, news.commentId))
    .where(and(...filterConditions(scope, filters), eq(news.change, true)))
    .groupBy(comment.taskStatusId);
  const stats: Record<string, number> = {};
  for (const row of rows) if (row.taskStatusId !== null) stats[row.taskStatusId] = Number(row.total);
  return stats;
}

/** Throws FORBIDDEN for vendors: the feed shows every task of the project, and vendors see only their own. */
async function assertCanReadProjectNews(ctx: RequestContext, projectId: string): Promise<void> {
  await getReadableProject(ctx, projectId);
  // NOTE(security): Zou lets vendors read the whole feed of a project; Kumiki keeps them to their assigned tasks.
  if ((await effectiveProjectRole(ctx, projectId)) === "vendor") throw new ForbiddenError();
}

/** Lists one page of a project's news feed, with the status counts Kitsu shows as filters. */
export async function listProjectNews(ctx: RequestContext, projectId: string, filters: NewsFilters): Promise<ZouJson> {
  await assertCanReadProjectNews(ctx, projectId);
  const scope = eq(task.projectId, projectId);
  const limit = filters.limit ?? 50;
  const page = filters.page ?? 1;

  const { items, total } = await readNewsPage(ctx, scope, filters);
  const stats = await readNewsStats(ctx, scope, filters);
  return { data: items, total, nb_pages: Math.ceil(total / limit), limit, offset: (page - 1) * limit, page, stats };
}

/** Loads one news item of a project; NOT_FOUND when the id is not in that project's feed. */
export async function getProjectNewsItem(ctx: RequestContext, projectId: string, newsId: string): Promise<ZouJson> {
  await assertCanReadProjectNews(ctx, projectId);
  const { items } = await readNewsPage(ctx, and(eq(task.projectId, projectId), eq(news.id, newsId)) as SQL, { limit: 1 });
  if (items.length === 0) throw new NotFoundError("News not found.");
  return items[0];
}

/** Lists the news about one entity's tasks, newest first, at most 2000 as in Zou. */
export async function listEntityNews(ctx: RequestContext, entityId: string): Promise<ZouJson> {
  await getReadableEntity(ctx, undefined, entityId);
  const limit = 2000;
  const { items, total } = await readNewsPage(ctx, eq(task.entityId, entityId), { limit });
  return { data: items, total, nb_pages: Math.ceil(total / limit), limit, offset: 0, page: 1 };
}

import { aliasedTable, and, desc, eq, gt, inArray, isNotNull, isNull, lt, type SQL } from "drizzle-orm";
import { comment, commentDepartmentMentions, commentMentions, commentPreviewLink } from "../../schema/comments.js";
import { notification, subscription } from "../../schema/notifications.js";
import { person } from "../../schema/people.js";
import { project } from "../../schema/projects.js";
import { task } from "../../schema/tasks.js";
import { assertAdmin } from "../auth/permissions.js";
import type { RequestContext } from "../context.js";
import { fullEntityNames } from "../entities/entity-names.service.js";
import { BadRequestError, NotFoundError } from "../errors.js";
import { isUuid } from "../ids.js";
import { requirePerson } from "../people/people-actions.service.js";
import { formatZouTimestamp, toZouJson, type ZouJson } from "../rest/zou-json.js";

// Notifications in Zou's JSON: the viewer's latest ones, enriched with the
// task, comment, entity and playlist they are about (Zou's
// get_last_notifications), and the raw rows of a project for admins.

/** Zou returns the 100 latest notifications and no more. */
const MAX_NOTIFICATIONS = 100;

export interface NotificationFilters {
  /** Only notifications created after this timestamp. */
  after?: string | null;
  before?: string | null;
  taskTypeId?: string | null;
  taskStatusId?: string | null;
  /** Zou's notification type: comment, mention, assignation, reply, reply-mention, playlist-ready. */
  type?: string | null;
  read?: boolean | null;
  /** true: only notifications of tasks the viewer follows; false: only the others. */
  watching?: boolean | null;
}

interface Reply {
  id?: string;
  text?: string;
  mentions?: string[] | null;
  department_mentions?: string[] | null;
}

function checkUuid(value: string | null | undefined, field: string): void {
  if (value === undefined || value === null || isUuid(value)) return;
  throw new BadRequestError(`Invalid UUID format for ${field}: ${String(value).slice(0, 80)}`);
}

/** Keeps the rows a loader found: neither null nor an error. */
function found<Row>(rows: (Row | null | Error)[]): Row[] {
  return rows.filter((row): row is Row => row !== null && !(row instanceof Error));
}

function parseTimestamp(value: string | null | undefined): Date | undefined {
  if (value == null) return undefined;
  const date = new Date(/[zZ]|[+-]\d\d:?\d\d$/.test(value) ? value : `${value}Z`);
  if (!/^\d{4}-\d\d-\d\d/.test(value) || Number.isNaN(date.getTime())) throw new BadRequestError("Wrong date format for after or before.");
  return date;
}

/** Returns the viewer's latest notifications (100 at most, newest first) in Zou's enriched JSON. */
export async function listViewerNotifications(ctx: RequestContext, filters: NotificationFilters, notificationId?: string): Promise<ZouJson[]> {
  const viewer = requirePerson(ctx);
  checkUuid(filters.taskTypeId, "task_type_id");
  checkUuid(filters.taskStatusId, "task_status_id");
  const after = parseTimestamp(filters.after);
  const before = parseTimestamp(filters.before);
  const orm = ctx.db.orm;
  const author = aliasedTable(person, "author");

  let watchingCondition: SQL | undefined;
  if (filters.watching === true) watchingCondition = isNotNull(subscription.id);
  if (filters.watching === false) watchingCondition = isNull(subscription.id);
  const conditions: (SQL | undefined)[] = [
    eq(notification.personId, viewer.id),
    notificationId === undefined ? undefined : eq(notification.id, notificationId),
    after === undefined ? undefined : gt(notification.createdAt, after),
    before === undefined ? undefined : lt(notification.createdAt, before),
    filters.taskTypeId == null ? undefined : eq(task.taskTypeId, filters.taskTypeId.toLowerCase()),
    filters.taskStatusId == null ? undefined : eq(task.taskStatusId, filters.taskStatusId.toLowerCase()),
    filters.type == null ? undefined : eq(notification.type, filters.type),
    filters.read == null ? undefined : eq(notification.read, filters.read),
    watchingCondition,
  ];
  const rows = await orm
    .select({
      row: notification,
      projectId: project.id,
      projectName: project.name,
      taskTypeId: task.taskTypeId,
      entityId: task.entityId,
      taskStatusId: comment.taskStatusId,
      commentText: comment.text,
      replies: comment.replies,
      subscriptionId: subscription.id,
      authorRole: author.role,
    })
    .from(notification)
    .innerJoin(author, eq(author.id, notification.authorId))
    .leftJoin(task, eq(task.id, notification.taskId))
    .leftJoin(project, eq(project.id, task.projectId))
    .leftJoin(subscription, and(eq(subscription.taskId, task.id), eq(subscription.personId, viewer.id)))
    .leftJoin(comment, eq(comment.id, notification.commentId))
    .where(and(...conditions))
    .orderBy(desc(notification.createdAt))
    .limit(MAX_NOTIFICATIONS);

  const commentIds = [...new Set(rows.map((entry) => entry.row.commentId).filter((id): id is string => id !== null))];
  const [previewLinks, mentionRows, departmentMentionRows] = commentIds.length === 0
    ? [[], [], []]
    : await Promise.all([
        orm.select().from(commentPreviewLink).where(inArray(commentPreviewLink.comment, commentIds)),
        orm.select().from(commentMentions).where(inArray(commentMentions.comment, commentIds)),
        orm.select().from(commentDepartmentMentions).where(inArray(commentDepartmentMentions.comment, commentIds)),
      ]);
  const entityNames = await fullEntityNames(ctx, rows.filter((entry) => entry.row.playlistId === null && entry.entityId !== null).map((entry) => entry.entityId!));
  const playlistRows = await ctx.loaders.playlistById.loadMany([...new Set(rows.map((entry) => entry.row.playlistId).filter((id): id is string => id !== null))]);
  const playlists = new Map(found(playlistRows).map((row) => [row.id, row]));
  const playlistProjects = await ctx.loaders.projectById.loadMany([...new Set([...playlists.values()].map((row) => row.projectId).filter((id): id is string => id !== null))]);
  const projectNames = new Map(found(playlistProjects).map((row) => [row.id, row.name]));
  // Only artists are kept from reading what clients wrote, as in Zou.
  const hideClientText = viewer.role === "user";

  return rows.map((entry) => {
    const row = entry.row;
    let projectId = entry.projectId;
    let projectName = entry.projectName;
    let names = { name: "", episodeId: null as string | null, previewFileId: null as string | null };
    let playlistName = "";
    let playlistForEntity: string | null = "";
    let playlistIsForAll: boolean | null = false;
    if (row.playlistId === null) {
      names = (entry.entityId === null ? undefined : entityNames.get(entry.entityId)) ?? names;
    } else {
      const playlist = playlists.get(row.playlistId);
      names = { ...names, episodeId: playlist?.episodeId ?? null };
      projectId = playlist?.projectId ?? null;
      projectName = projectId === null ? null : projectNames.get(projectId) ?? null;
      playlistName = playlist?.name ?? "";
      playlistForEntity = playlist?.forEntity ?? null;
      playlistIsForAll = playlist?.isForAll ?? null;
    }

    let replyText = "";
    let replyMentions: string[] = [];
    let replyDepartmentMentions: string[] = [];
    if (row.type === "reply" || row.type === "reply-mention") {
      const replies = Array.isArray(entry.replies) ? (entry.replies as Reply[]) : [];
      const reply = replies.find((item) => item.id === row.replyId);
      replyText = reply?.text ?? "";
      replyMentions = reply?.mentions ?? [];
      replyDepartmentMentions = reply?.department_mentions ?? [];
    }
    let commentText = entry.commentText;
    if (entry.authorRole === "client" && hideClientText) {
      commentText = "";
      replyText = "";
    }

    return {
      id: row.id,
      type: "Notification",
      notification_type: row.type,
      author_id: row.authorId,
      comment_id: row.commentId,
      task_id: row.taskId,
      task_type_id: entry.taskTypeId,
      task_status_id: entry.taskStatusId,
      mentions: mentionRows.filter((link) => link.comment === row.commentId).map((link) => link.person),
      department_mentions: departmentMentionRows.filter((link) => link.comment === row.commentId).map((link) => link.department),
      reply_mentions: replyMentions,
      reply_department_mentions: replyDepartmentMentions,
      preview_file_id: previewLinks.find((link) => link.comment === row.commentId)?.previewFile ?? null,
      project_id: projectId,
      project_name: projectName,
      comment_text: commentText,
      reply_text: replyText,
      created_at: formatZouTimestamp(row.createdAt),
      read: row.read,
      change: row.change,
      full_entity_name: names.name,
      episode_id: names.episodeId,
      entity_preview_file_id: names.previewFileId,
      subscription_id: entry.subscriptionId,
      playlist_id: row.playlistId,
      playlist_name: playlistName,
      playlist_for_entity: playlistForEntity,
      playlist_is_for_all: playlistIsForAll,
    };
  });
}

/** Returns one of the viewer's notifications in the enriched JSON; NOT_FOUND for anyone else's, as in Zou. */
export async function getViewerNotification(ctx: RequestContext, notificationId: string): Promise<ZouJson> {
  const [json] = await listViewerNotifications(ctx, {}, notificationId);
  if (json === undefined) throw new NotFoundError("Notification not found.");
  return json;
}

async function getProjectForAdmin(ctx: RequestContext, projectId: string): Promise<void> {
  assertAdmin(ctx);
  if ((await ctx.loaders.projectById.load(projectId)) === null) throw new NotFoundError("Project not found.");
}

export interface NotificationPage {
  data: ZouJson[];
  total: number;
  nb_pages: number;
  limit: number;
  offset: number;
  page: number;
}

/**
 * Returns the notifications of a project's tasks, most recently updated
 * first (admins only): all of them without a page, else Zou's page object.
 */
export async function listProjectNotifications(ctx: RequestContext, projectId: string, page: number | null, pageSize: number): Promise<ZouJson[] | NotificationPage> {
  await getProjectForAdmin(ctx, projectId);
  const query = ctx.db.orm
    .select({ row: notification })
    .from(notification)
    .innerJoin(task, eq(task.id, notification.taskId))
    .where(eq(task.projectId, projectId))
    .orderBy(desc(notification.updatedAt), desc(notification.id));
  const toJson = (rows: { row: typeof notification.$inferSelect }[]) => rows.map((entry) => toZouJson(notification, entry.row as unknown as Record<string, unknown>, "Notification"));
  if (page === null) return toJson(await query);

  const offset = (page - 1) * pageSize;
  const [rows, total] = await Promise.all([
    query.limit(pageSize).offset(offset),
    ctx.db.orm.$count(notification, inArray(notification.taskId, ctx.db.orm.select({ id: task.id }).from(task).where(eq(task.projectId, projectId)))),
  ]);
  // Zou reports a total of 0 for a page past the end.
  return { data: toJson(rows), total: total < offset ? 0 : total, nb_pages: Math.ceil(total / pageSize), limit: pageSize, offset, page };
}

/** Returns the task subscriptions of a project (admins only). */
export async function listProjectSubscriptions(ctx: RequestContext, projectId: string): Promise<ZouJson[]> {
  await getProjectForAdmin(ctx, projectId);
  const rows = await ctx.db.orm
    .select({ row: subscription })
    .from(subscription)
    .innerJoin(task, eq(task.id, subscription.taskId))
    .where(eq(task.projectId, projectId))
    .orderBy(subscription.createdAt);
  return rows.map((entry) => toZouJson(subscription, entry.row as unknown as Record<string, unknown>, "Subscription"));
}

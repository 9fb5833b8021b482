import { randomUUID } from "node:crypto";
import { and, asc, desc, eq, inArray, isNull, or, sql, type SQL } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import { entity, entityType } from "../../schema/entities.js";
import { notification } from "../../schema/notifications.js";
import { departmentLink, person } from "../../schema/people.js";
import { buildJob, playlist, playlistShareLink } from "../../schema/playlists.js";
import { project, projectPersonLink } from "../../schema/projects.js";
import { assertAdmin, effectiveProjectRole, getReadableProject, isManager } from "../auth/permissions.js";
import { hashPassword } from "../auth/passwords.js";
import type { RequestContext } from "../context.js";
import { requireViewer } from "../context.js";
import { BadRequestError, ForbiddenError, NotFoundError } from "../errors.js";
import { recordEvent } from "../events/events.service.js";
import { toZouJson, type ZouJson } from "../rest/zou-json.js";
import { getReadableTask } from "../tasks/tasks.service.js";
import { previewFilesByEntity } from "./playlist-previews.resolver.js";
import type { PlaylistRow } from "./playlists.loaders.js";

// Zou's playlist routes beyond the generic CRUD: the playlist lists of a
// project or an episode, build jobs, client notifications and share links.

/** Zou's page size for the project playlist list. */
const PLAYLIST_PAGE_SIZE = 20;

/** Playlist columns Zou's list routes accept as sort_by; each sorts newest or last first, as Zou does. */
const SORT_COLUMNS = { updated_at: playlist.updatedAt, created_at: playlist.createdAt, name: playlist.name } as const;

export interface PlaylistListOptions {
  page?: number;
  sortBy?: string | null;
  taskTypeId?: string | null;
}

/** Serializes a playlist as Zou does. */
export function playlistJson(row: PlaylistRow): ZouJson {
  const json = toZouJson(playlist, row as unknown as Record<string, unknown>, "Playlist");
  if (json.shots === null) json.shots = [];
  return json;
}

/** Serializes a playlist for Zou's lists: no entries, and the first entry's preview as first_preview_file_id. */
function playlistSummaryJson(row: PlaylistRow): ZouJson {
  const { shots: _shots, ...json } = playlistJson(row);
  const first = Array.isArray(row.shots) ? (row.shots[0] as { preview_file_id?: unknown } | undefined) : undefined;
  if (first !== undefined && first !== null && typeof first === "object" && "preview_file_id" in first) json.first_preview_file_id = first.preview_file_id;
  if (row.forEntity === null) json.for_entity = "shot";
  return json;
}

/**
 * Checks the viewer may list the project's playlists: team members and
 * admins, never vendors. Returns whether they see client playlists only.
 */
async function assertCanListPlaylists(ctx: RequestContext, projectId: string): Promise<boolean> {
  await getReadableProject(ctx, projectId);
  const role = await effectiveProjectRole(ctx, projectId);
  if (role === "vendor") throw new ForbiddenError();
  return role === "client";
}

function sortOrder(sortBy: string | null | undefined): SQL[] {
  if (sortBy === undefined || sortBy === null || sortBy === "") return [desc(playlist.updatedAt), asc(playlist.id)];
  const column = SORT_COLUMNS[sortBy as keyof typeof SORT_COLUMNS];
  if (column === undefined) throw new BadRequestError(`Invalid sort_by "${sortBy.slice(0, 40)}": expected one of ${Object.keys(SORT_COLUMNS).join(", ")}.`);
  return [column === playlist.name ? asc(column) : desc(column), asc(playlist.id)];
}

/** Lists one page (20 playlists) of a project's playlists, by last update unless sortBy names another column. */
export async function listProjectPlaylistsJson(ctx: RequestContext, projectId: string, options: PlaylistListOptions): Promise<ZouJson[]> {
  const clientOnly = await assertCanListPlaylists(ctx, projectId);
  const page = Math.max(options.page ?? 1, 1);
  const conditions: (SQL | undefined)[] = [eq(playlist.projectId, projectId)];
  if (clientOnly) conditions.push(eq(playlist.forClient, true));
  if (options.taskTypeId != null) conditions.push(eq(playlist.taskTypeId, options.taskTypeId));
  const rows = await ctx.db.orm
    .select()
    .from(playlist)
    .where(and(...conditions))
    .orderBy(...sortOrder(options.sortBy))
    .limit(PLAYLIST_PAGE_SIZE)
    .offset((page - 1) * PLAYLIST_PAGE_SIZE);
  return rows.map(playlistSummaryJson);
}

/**
 * Lists the playlists of an episode, whole. `main` lists the project's
 * playlists outside any episode and not for all episodes, `all` those for
 * all episodes, as Kitsu's TV show playlist page requests.
 */
export async function listEpisodePlaylistsJson(ctx: RequestContext, projectId: string, episodeId: string, options: PlaylistListOptions): Promise<ZouJson[]> {
  const clientOnly = await assertCanListPlaylists(ctx, projectId);
  const conditions: (SQL | undefined)[] = [eq(playlist.projectId, projectId)];
  if (episodeId === "main") conditions.push(isNull(playlist.episodeId), or(isNull(playlist.isForAll), eq(playlist.isForAll, false)));
  else if (episodeId === "all") conditions.push(isNull(playlist.episodeId), eq(playlist.isForAll, true));
  else {
    const [episode] = await ctx.db.orm.select({ id: entity.id }).from(entity).where(eq(entity.id, episodeId)).limit(1);
    if (episode === undefined) throw new NotFoundError("Episode not found.");
    conditions.push(eq(playlist.episodeId, episodeId));
  }
  if (clientOnly) conditions.push(eq(playlist.forClient, true));
  if (options.taskTypeId != null) conditions.push(eq(playlist.taskTypeId, options.taskTypeId));
  const rows = await ctx.db.orm
    .select()
    .from(playlist)
    .where(and(...conditions))
    .orderBy(...sortOrder(options.sortBy));
  return rows.map(playlistSummaryJson);
}

/** Lists the build jobs of a project's playlists, newest first; admins only, as in Zou. */
export async function listProjectBuildJobsJson(ctx: RequestContext, projectId: string): Promise<ZouJson[]> {
  assertAdmin(ctx);
  const [found] = await ctx.db.orm.select({ id: project.id }).from(project).where(eq(project.id, projectId));
  if (found === undefined) throw new NotFoundError("Project not found.");
  const rows = await ctx.db.orm
    .select({ job: buildJob })
    .from(buildJob)
    .innerJoin(playlist, eq(playlist.id, buildJob.playlistId))
    .where(eq(playlist.projectId, projectId))
    .orderBy(desc(buildJob.createdAt), asc(buildJob.id));
  return rows.map(({ job }) => toZouJson(buildJob, job as unknown as Record<string, unknown>, "BuildJob"));
}

async function getPlaylistOrThrow(ctx: RequestContext, playlistId: string): Promise<PlaylistRow & { projectId: string }> {
  const row = await ctx.loaders.playlistById.load(playlistId);
  if (row === null || row.projectId === null) throw new NotFoundError("Playlist not found.");
  return row as PlaylistRow & { projectId: string };
}

/** Admin, or manager of the project (project role manager). */
async function assertProjectManagerOf(ctx: RequestContext, projectId: string): Promise<void> {
  await getReadableProject(ctx, projectId);
  const role = await effectiveProjectRole(ctx, projectId);
  if (role !== "admin" && role !== "manager") throw new ForbiddenError();
}

/**
 * Notifies the project's client users (not bots), optionally only those of
 * a studio or a department, that the playlist is ready: one playlist-ready
 * notification each. Project managers only.
 */
export async function notifyClientsPlaylistReady(ctx: RequestContext, playlistId: string, filters: { studioId?: string | null; departmentId?: string | null }): Promise<number> {
  const viewer = requireViewer(ctx);
  const row = await getPlaylistOrThrow(ctx, playlistId);
  await assertProjectManagerOf(ctx, row.projectId);

  const conditions: (SQL | undefined)[] = [
    eq(projectPersonLink.projectId, row.projectId),
    or(isNull(person.isBot), eq(person.isBot, false)),
    sql`coalesce(${projectPersonLink.role}, ${person.role}) = 'client'`,
  ];
  if (filters.studioId != null) conditions.push(eq(person.studioId, filters.studioId));
  if (filters.departmentId != null) {
    conditions.push(inArray(person.id, ctx.db.orm.select({ id: departmentLink.personId }).from(departmentLink).where(eq(departmentLink.departmentId, filters.departmentId))));
  }
  const clients = await ctx.db.orm
    .select({ id: person.id })
    .from(person)
    .innerJoin(projectPersonLink, eq(projectPersonLink.personId, person.id))
    .where(and(...conditions));

  await ctx.db.transaction(async (tx) => {
    for (const client of clients) {
      const [created] = await tx
        .insert(notification)
        .values({ personId: client.id, authorId: viewer.id, playlistId, type: "playlist-ready", read: false, change: false })
        .returning({ id: notification.id });
      await recordEvent(tx, ctx, { name: "notification:new", projectId: row.projectId, data: { notification_id: created.id, person_id: client.id } });
    }
  });
  return clients.length;
}

/** Serializes a share link without its password hash. has_password is true when one is set. */
function shareLinkJson(row: typeof playlistShareLink.$inferSelect): ZouJson {
  const json = toZouJson(playlistShareLink, row as unknown as Record<string, unknown>, "PlaylistShareLink", ["password"]);
  json.has_password = row.password !== null && row.password !== "";
  return json;
}

/** Checks the viewer is a global manager or admin who also manages the playlist's project, as Zou requires for share links. */
async function assertCanShare(ctx: RequestContext, playlistId: string): Promise<PlaylistRow & { projectId: string }> {
  const viewer = requireViewer(ctx);
  if (!isManager(viewer)) throw new ForbiddenError();
  const row = await getPlaylistOrThrow(ctx, playlistId);
  await assertProjectManagerOf(ctx, row.projectId);
  return row;
}

export interface ShareLinkInput {
  canComment?: boolean | null;
  expirationDate?: Date | null;
  password?: string | null;
}

/** Creates a share link (a random UUID token) for a playlist; event playlist:share-link-new. */
export async function createShareLink(ctx: RequestContext, playlistId: string, input: ShareLinkInput): Promise<ZouJson> {
  const viewer = requireViewer(ctx);
  const row = await assertCanShare(ctx, playlistId);
  if (input.expirationDate != null && input.expirationDate.getTime() <= Date.now()) throw new BadRequestError("The expiration date is in the past.");
  const password = input.password == null || input.password === "" ? null : (await hashPassword(input.password)).toString("utf8");

  return ctx.db.transaction(async (tx) => {
    const [created] = await tx
      .insert(playlistShareLink)
      .values({ token: randomUUID(), playlistId, createdBy: viewer.id, expirationDate: input.expirationDate ?? null, canComment: input.canComment ?? true, password, isActive: true })
      .returning();
    await recordEvent(tx, ctx, { name: "playlist:share-link-new", projectId: row.projectId, data: { playlist_id: playlistId, share_link_id: created.id } });
    return shareLinkJson(created);
  });
}

/** Lists the share links of a playlist, newest first. */
export async function listShareLinks(ctx: RequestContext, playlistId: string): Promise<ZouJson[]> {
  await assertCanShare(ctx, playlistId);
  const rows = await ctx.db.orm.select().from(playlistShareLink).where(eq(playlistShareLink.playlistId, playlistId)).orderBy(desc(playlistShareLink.createdAt), asc(playlistShareLink.id));
  return rows.map(shareLinkJson);
}

/** Deactivates a share link of the playlist and returns it; NOT_FOUND when the token belongs to another playlist. */
export async function revokeShareLink(ctx: RequestContext, playlistId: string, token: string): Promise<ZouJson> {
  const row = await assertCanShare(ctx, playlistId);
  const [link] = await ctx.db.orm.select().from(playlistShareLink).where(eq(playlistShareLink.token, token)).limit(1);
  if (link === undefined || link.playlistId !== playlistId) throw new NotFoundError("Share link not found.");

  return ctx.db.transaction(async (tx) => {
    const [revoked] = await tx.update(playlistShareLink).set({ isActive: false }).where(eq(playlistShareLink.id, link.id)).returning();
    await recordEvent(tx, ctx, { name: "playlist:share-link-revoke", projectId: row.projectId, data: { playlist_id: playlistId, share_link_id: link.id } });
    return shareLinkJson(revoked);
  });
}

/** Maximum number of tasks in a temporary playlist. */
const MAX_TEMP_PLAYLIST_TASKS = 2000;

/**
 * Builds a playlist that is not stored from task ids: one entry per task,
 * for the task's entity, showing the latest preview of the task's type.
 * Every task must belong to the project and be readable by the viewer.
 * `sort` orders shots by sequence then name, assets by type then name.
 */
export async function generateTempPlaylist(ctx: RequestContext, projectId: string, taskIds: string[], sort: boolean): Promise<ZouJson[]> {
  await getReadableProject(ctx, projectId);
  if (taskIds.length > MAX_TEMP_PLAYLIST_TASKS) throw new BadRequestError(`Too many tasks: at most ${MAX_TEMP_PLAYLIST_TASKS} per playlist.`);
  if (taskIds.length === 0) return [];
  const tasks = await Promise.all(taskIds.map((id) => getReadableTask(ctx, id)));
  const foreign = tasks.find((row) => row.projectId !== projectId);
  if (foreign !== undefined) throw new NotFoundError(`Task ${foreign.id} is not in this project.`);

  const entityIds = [...new Set(tasks.map((row) => row.entityId as string))];
  const parent = alias(entity, "parent");
  const entities = await ctx.db.orm
    .select({ id: entity.id, name: entity.name, typeId: entityType.id, typeName: entityType.name, parentId: parent.id, parentName: parent.name })
    .from(entity)
    .innerJoin(entityType, eq(entityType.id, entity.entityTypeId))
    .leftJoin(parent, eq(parent.id, entity.parentId))
    .where(inArray(entity.id, entityIds));
  const byId = new Map(entities.map((row) => [row.id, row]));
  const previews = await previewFilesByEntity(ctx, entityIds);

  const entries = tasks.map((row) => {
    const target = byId.get(row.entityId as string);
    if (target === undefined) throw new NotFoundError("Entity not found.");
    const entry: ZouJson =
      target.typeName === "Shot"
        ? { id: target.id, name: target.name, preview_file_task_id: row.id, sequence_id: target.parentId, sequence_name: target.parentName, parent_name: target.parentName }
        : { id: target.id, name: target.name, preview_file_task_id: row.id, asset_type_id: target.typeId, asset_type_name: target.typeName, parent_name: target.typeName };
    const entityPreviews = previews.get(target.id) ?? {};
    const latest = entityPreviews[row.taskTypeId ?? ""]?.[0];
    if (latest !== undefined) {
      entry.preview_file_id = latest.id;
      entry.preview_file_extension = latest.extension;
      entry.preview_file_status = latest.status;
      entry.preview_file_annotations = latest.annotations;
      entry.preview_file_previews = latest.previews;
    }
    entry.preview_files = entityPreviews;
    return entry;
  });

  if (!sort || entries.length === 0) return entries;
  const groupKey = "sequence_name" in entries[0] ? "sequence_name" : "asset_type_name";
  const text = (value: unknown) => (typeof value === "string" ? value : "");
  return entries.sort((a, b) => text(a[groupKey]).localeCompare(text(b[groupKey])) || text(a.name).localeCompare(text(b.name)));
}

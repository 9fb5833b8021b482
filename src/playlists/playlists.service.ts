import { and, eq, sql } from "drizzle-orm";
import { entity } from "../../schema/entities.js";
import { previewFile } from "../../schema/comments.js";
import { buildJob, playlist, playlistShareLink } from "../../schema/playlists.js";
import { notification } from "../../schema/notifications.js";
import { task, taskType } from "../../schema/tasks.js";
import { effectiveProjectRole, getReadableProject } from "../auth/permissions.js";
import type { GlobalRole, RequestContext } from "../context.js";
import { requireViewer } from "../context.js";
import { BadRequestError, ForbiddenError, NotFoundError } from "../errors.js";
import { recordEvent } from "../events/events.service.js";
import { parseId } from "../ids.js";
import { optionalId, requireOneOf, requireText } from "../misc/input-checks.js";
import { removeBuildMovies } from "./playlist-builds.service.js";
import type { CreatePlaylistInput, UpdatePlaylistInput } from "./playlist.type.js";
import type { PlaylistRow } from "./playlists.loaders.js";

// Playlists: Zou lets supervisors and managers of the project (and admins)
// build them, blocks vendors from reading them, and shows clients only the
// playlists made for clients.

const FOR_ENTITIES = ["shot", "asset", "sequence", "episode", "edit"] as const;

export interface PlaylistEntryJson {
  entity_id: string;
  preview_file_id: string | null;
}

/** The entries stored in a playlist's `shots` column, skipping malformed ones. */
export function playlistEntries(row: PlaylistRow): PlaylistEntryJson[] {
  if (!Array.isArray(row.shots)) return [];
  return (row.shots as unknown[]).flatMap((item) => {
    const candidate = item as { entity_id?: unknown; preview_file_id?: unknown } | null;
    if (candidate === null || typeof candidate !== "object" || typeof candidate.entity_id !== "string") return [];
    return [{ entity_id: candidate.entity_id, preview_file_id: typeof candidate.preview_file_id === "string" ? candidate.preview_file_id : null }];
  });
}

/** Whether the viewer, with this role in the playlist's project, may read the playlist. */
export function canReadPlaylist(role: GlobalRole | null, row: PlaylistRow): boolean {
  if (role === null || role === "vendor") return false;
  if (role === "client") return row.forClient === true;
  return true;
}

/** Loads a playlist the viewer may read: NOT_FOUND when unknown, FORBIDDEN outside the team, for vendors, or for clients on internal playlists. */
export async function getReadablePlaylist(ctx: RequestContext, playlistId: string): Promise<PlaylistRow> {
  requireViewer(ctx);
  const row = await ctx.loaders.playlistById.load(playlistId);
  if (row === null || row.projectId === null) throw new NotFoundError("Playlist not found.");
  await getReadableProject(ctx, row.projectId);
  const role = await effectiveProjectRole(ctx, row.projectId);
  if (!canReadPlaylist(role, row)) throw new ForbiddenError();
  return row;
}

async function assertCanEditPlaylists(ctx: RequestContext, projectId: string): Promise<void> {
  await getReadableProject(ctx, projectId);
  const role = await effectiveProjectRole(ctx, projectId);
  if (role !== "admin" && role !== "manager" && role !== "supervisor") throw new ForbiddenError();
}

async function assertTaskTypeExists(ctx: RequestContext, taskTypeId: string | null | undefined): Promise<void> {
  if (taskTypeId === null || taskTypeId === undefined) return;
  const rows = await ctx.db.orm.select({ id: taskType.id }).from(taskType).where(eq(taskType.id, taskTypeId)).limit(1);
  if (rows.length === 0) throw new NotFoundError("Task type not found.");
}

async function assertNameFree(ctx: RequestContext, projectId: string, episodeId: string | null, name: string, exceptId?: string): Promise<void> {
  const rows = await ctx.db.orm
    .select({ id: playlist.id })
    .from(playlist)
    .where(
      and(
        eq(playlist.projectId, projectId),
        episodeId === null ? sql`${playlist.episodeId} is null` : eq(playlist.episodeId, episodeId),
        eq(playlist.name, name),
        exceptId === undefined ? undefined : sql`${playlist.id} <> ${exceptId}`,
      ),
    )
    .limit(1);
  if (rows.length > 0) throw new BadRequestError(`A playlist named ${name} already exists in this project.`, { field: "name" });
}

/** Creates an empty playlist (admin, or manager or supervisor of the project); event playlist:new. */
export async function createPlaylist(ctx: RequestContext, input: CreatePlaylistInput): Promise<PlaylistRow> {
  const viewer = requireViewer(ctx);
  const projectId = parseId(input.projectId);
  const name = requireText(input.name, "name", 80);
  const forEntity = input.forEntity == null ? "shot" : requireOneOf(input.forEntity, FOR_ENTITIES, "forEntity");
  const episodeId = optionalId(input.episodeId) ?? null;
  const taskTypeId = optionalId(input.taskTypeId) ?? null;
  await assertCanEditPlaylists(ctx, projectId);
  if (episodeId !== null) {
    const episode = await ctx.db.orm.select({ projectId: entity.projectId }).from(entity).where(eq(entity.id, episodeId)).limit(1);
    if (episode[0]?.projectId !== projectId) throw new NotFoundError("Episode not found in this project.");
  }
  await assertTaskTypeExists(ctx, taskTypeId);
  await assertNameFree(ctx, projectId, episodeId, name);

  return ctx.db.transaction(async (tx) => {
    const [row] = await tx
      .insert(playlist)
      .values({ name, projectId, episodeId, taskTypeId, forEntity, forClient: input.forClient ?? false, isForAll: input.isForAll ?? false, createdBy: viewer.id, shots: [] })
      .returning();
    await recordEvent(tx, ctx, { name: "playlist:new", projectId, data: { playlist_id: row.id } });
    return row;
  });
}

/** Loads a playlist the viewer may change: admins, the project's managers, and the supervisor who created it, as in Zou. */
export async function getEditablePlaylist(ctx: RequestContext, playlistId: string): Promise<PlaylistRow & { projectId: string }> {
  const viewer = requireViewer(ctx);
  const row = await ctx.loaders.playlistById.load(playlistId);
  if (row === null || row.projectId === null) throw new NotFoundError("Playlist not found.");
  await assertCanEditPlaylists(ctx, row.projectId);
  const role = await effectiveProjectRole(ctx, row.projectId);
  if (role === "supervisor" && row.createdBy !== viewer.id) throw new ForbiddenError();
  return row as PlaylistRow & { projectId: string };
}

/** Updates a playlist's name or flags; event playlist:update. */
export async function updatePlaylist(ctx: RequestContext, playlistId: string, input: UpdatePlaylistInput): Promise<PlaylistRow> {
  const existing = await getEditablePlaylist(ctx, playlistId);
  const values: Partial<typeof playlist.$inferInsert> = {};
  if (input.name != null) {
    values.name = requireText(input.name, "name", 80);
    await assertNameFree(ctx, existing.projectId, existing.episodeId, values.name, playlistId);
  }
  if (input.taskTypeId !== undefined) {
    values.taskTypeId = optionalId(input.taskTypeId) ?? null;
    await assertTaskTypeExists(ctx, values.taskTypeId);
  }
  if (input.forClient != null) values.forClient = input.forClient;
  if (input.isForAll != null) values.isForAll = input.isForAll;

  return ctx.db.transaction(async (tx) => {
    const [row] = Object.keys(values).length > 0 ? await tx.update(playlist).set(values).where(eq(playlist.id, playlistId)).returning() : [existing];
    await recordEvent(tx, ctx, { name: "playlist:update", projectId: existing.projectId, data: { playlist_id: playlistId } });
    return row;
  });
}

/**
 * Appends an entity of the playlist's project (with an optional preview of
 * it) to the playlist, or changes the preview of an entity already there.
 * Event playlist:update.
 */
export async function addEntityToPlaylist(ctx: RequestContext, playlistId: string, entityId: string, previewFileId?: string | null): Promise<PlaylistRow> {
  const existing = await getEditablePlaylist(ctx, playlistId);
  const found = await ctx.db.orm.select({ projectId: entity.projectId }).from(entity).where(eq(entity.id, entityId)).limit(1);
  if (found[0] === undefined || found[0].projectId !== existing.projectId) throw new NotFoundError("Entity not found in this playlist's project.");
  if (previewFileId != null) {
    // A preview of another project would reach guests of the playlist's share links.
    const preview = await ctx.db.orm
      .select({ id: previewFile.id })
      .from(previewFile)
      .innerJoin(task, eq(task.id, previewFile.taskId))
      .where(and(eq(previewFile.id, previewFileId), eq(task.projectId, existing.projectId)))
      .limit(1);
    if (preview.length === 0) throw new NotFoundError("Preview file not found in this playlist's project.");
  }

  const entries = playlistEntries(existing);
  const entry = { entity_id: entityId, preview_file_id: previewFileId ?? null };
  const index = entries.findIndex((item) => item.entity_id === entityId);
  if (index === -1) entries.push(entry);
  else entries[index] = entry;

  return ctx.db.transaction(async (tx) => {
    const [row] = await tx.update(playlist).set({ shots: entries }).where(eq(playlist.id, playlistId)).returning();
    await recordEvent(tx, ctx, { name: "playlist:update", projectId: existing.projectId, data: { playlist_id: playlistId } });
    return row;
  });
}

/** Removes an entity from a playlist; NOT_FOUND when it is not in it. Event playlist:update. */
export async function removeEntityFromPlaylist(ctx: RequestContext, playlistId: string, entityId: string): Promise<PlaylistRow> {
  const existing = await getEditablePlaylist(ctx, playlistId);
  const entries = playlistEntries(existing);
  const remaining = entries.filter((item) => item.entity_id !== entityId);
  if (remaining.length === entries.length) throw new NotFoundError("This entity is not in the playlist.");

  return ctx.db.transaction(async (tx) => {
    const [row] = await tx.update(playlist).set({ shots: remaining }).where(eq(playlist.id, playlistId)).returning();
    await recordEvent(tx, ctx, { name: "playlist:update", projectId: existing.projectId, data: { playlist_id: playlistId } });
    return row;
  });
}

/** Deletes a playlist with its build jobs, share links and notifications; event playlist:delete. */
export async function deletePlaylist(ctx: RequestContext, playlistId: string): Promise<PlaylistRow> {
  const existing = await getEditablePlaylist(ctx, playlistId);

  let buildJobIds: string[] = [];
  const deleted = await ctx.db.transaction(async (tx) => {
    const jobs = await tx.delete(buildJob).where(eq(buildJob.playlistId, playlistId)).returning({ id: buildJob.id });
    buildJobIds = jobs.map((job) => job.id);
    await tx.delete(playlistShareLink).where(eq(playlistShareLink.playlistId, playlistId));
    await tx.delete(notification).where(eq(notification.playlistId, playlistId));
    await tx.delete(playlist).where(eq(playlist.id, playlistId));
    await recordEvent(tx, ctx, { name: "playlist:delete", projectId: existing.projectId, data: { playlist_id: playlistId } });
    return existing;
  });
  // After the commit, so that a failed deletion keeps the built movies.
  await removeBuildMovies(ctx, buildJobIds);
  return deleted;
}

import { and, asc, desc, eq, inArray } from "drizzle-orm";
import { entity } from "../../schema/entities.js";
import { previewFile } from "../../schema/comments.js";
import { buildJob, playlist } from "../../schema/playlists.js";
import { task } from "../../schema/tasks.js";
import { effectiveProjectRole, getReadableProject } from "../auth/permissions.js";
import type { RequestContext } from "../context.js";
import { BadRequestError, ForbiddenError, NotFoundError } from "../errors.js";
import { recordEvent } from "../events/events.service.js";
import { toZouJson, type ZouJson } from "../rest/zou-json.js";
import { playlistJson } from "./playlist-json.service.js";
import { previewFilesByEntity } from "./playlist-previews.resolver.js";
import { canReadPlaylist, getEditablePlaylist, playlistEntries, type PlaylistEntryJson } from "./playlists.service.js";
import type { PlaylistRow } from "./playlists.loaders.js";

// Kitsu's playlist page: one playlist with, for each entry, every preview
// of the entity grouped by task type, and adding several entities at once.

/** Maximum number of entities one add-entities request may add. */
const MAX_ADDED_ENTITIES = 2000;

/** Copies the stored entries, giving each its entity id as `id` the way Zou's playlist page does. */
function pageEntries(row: PlaylistRow): ZouJson[] {
  if (!Array.isArray(row.shots)) return [];
  return (row.shots as unknown[]).flatMap((item) => {
    if (item === null || typeof item !== "object" || Array.isArray(item)) return [];
    const entry = { ...(item as ZouJson) };
    if (typeof entry.id !== "string") {
      const entityId = entry.shot_id ?? entry.entity_id;
      if (typeof entityId !== "string") return [];
      entry.id = entityId;
    }
    return [entry];
  });
}

/** Indexes every preview of the map by id, the revision's extra files included. */
function previewsById(previews: Map<string, Record<string, ZouJson[]>>): Map<string, ZouJson> {
  const byId = new Map<string, ZouJson>();
  for (const byTaskType of previews.values()) {
    for (const items of Object.values(byTaskType)) {
      for (const item of items) {
        byId.set(item.id as string, item);
        for (const extra of (item.previews as ZouJson[] | undefined) ?? []) byId.set(extra.id as string, { ...extra, previews: [] });
      }
    }
  }
  return byId;
}

/**
 * Reads a playlist of the project for Kitsu's playlist page. Each entry gets
 * `preview_files` (the entity's previews keyed by task type id) and the
 * details of its chosen preview. As in Zou, an entry whose preview no longer
 * exists loses its `preview_file_id`. Vendors get FORBIDDEN before the
 * playlist is looked up, clients read client playlists only, and a playlist
 * of another project is NOT_FOUND. Reads the project, the playlist, its
 * build jobs and the previews: four statements whatever the number of entries.
 */
export async function getProjectPlaylistPage(ctx: RequestContext, projectId: string, playlistId: string): Promise<ZouJson> {
  await getReadableProject(ctx, projectId);
  const role = await effectiveProjectRole(ctx, projectId);
  if (role === "vendor") throw new ForbiddenError();
  const row = await ctx.loaders.playlistById.load(playlistId);
  if (row === null || row.projectId !== projectId) throw new NotFoundError("Playlist not found.");
  if (!canReadPlaylist(role, row)) throw new ForbiddenError();

  const jobs = await ctx.db.orm.select().from(buildJob).where(eq(buildJob.playlistId, playlistId)).orderBy(desc(buildJob.createdAt), asc(buildJob.id));
  const entries = pageEntries(row);
  const entityIds = [...new Set(entries.map((entry) => entry.id as string))];
  const previews = await previewFilesByEntity(ctx, entityIds);
  const byId = previewsById(previews);

  for (const entry of entries) {
    // NOTE(compat): Zou sends an empty list, not an empty object, for an entity without previews.
    entry.preview_files = previews.get(entry.id as string) ?? [];
    const chosen = typeof entry.preview_file_id === "string" ? byId.get(entry.preview_file_id) : undefined;
    if (chosen === undefined) {
      delete entry.preview_file_id;
      continue;
    }
    entry.preview_file_extension = chosen.extension;
    entry.preview_file_status = chosen.status;
    entry.preview_file_annotations = chosen.annotations;
    entry.preview_file_task_id = chosen.task_id;
    entry.preview_file_previews = chosen.previews ?? [];
  }

  return {
    ...playlistJson(row),
    shots: entries,
    build_jobs: jobs.map((job) => toZouJson(buildJob, job as unknown as Record<string, unknown>, "BuildJob")),
  };
}

export interface PlaylistEntryInput {
  entityId: string;
  previewFileId?: string | null;
}

/**
 * Picks the preview each entry shows. As in Zou, a preview of another
 * entity is replaced by the entity's newest preview, or by none.
 * An unknown preview is NOT_FOUND.
 */
async function resolveEntryPreviews(ctx: RequestContext, items: PlaylistEntryInput[]): Promise<PlaylistEntryJson[]> {
  const previewIds = [...new Set(items.flatMap((item) => (item.previewFileId == null ? [] : [item.previewFileId])))];
  const owners =
    previewIds.length === 0
      ? []
      : await ctx.db.orm.select({ id: previewFile.id, entityId: task.entityId }).from(previewFile).leftJoin(task, eq(task.id, previewFile.taskId)).where(inArray(previewFile.id, previewIds));
  const ownerById = new Map(owners.map((owner) => [owner.id, owner.entityId]));
  const missing = previewIds.find((id) => !ownerById.has(id));
  if (missing !== undefined) throw new NotFoundError(`Preview file ${missing} not found.`);

  const foreign = items.filter((item) => item.previewFileId != null && ownerById.get(item.previewFileId) !== item.entityId);
  const latestByEntity = new Map<string, string>();
  if (foreign.length > 0) {
    const rows = await ctx.db.orm
      .select({ id: previewFile.id, entityId: task.entityId })
      .from(previewFile)
      .innerJoin(task, eq(task.id, previewFile.taskId))
      .where(inArray(task.entityId, [...new Set(foreign.map((item) => item.entityId))]))
      .orderBy(desc(previewFile.createdAt), asc(previewFile.id));
    for (const preview of rows) {
      if (preview.entityId !== null && !latestByEntity.has(preview.entityId)) latestByEntity.set(preview.entityId, preview.id);
    }
  }

  return items.map((item) => {
    const previewId = item.previewFileId ?? null;
    const own = previewId === null || ownerById.get(previewId) === item.entityId;
    return { entity_id: item.entityId, preview_file_id: own ? previewId : (latestByEntity.get(item.entityId) ?? null) };
  });
}

/**
 * Adds several entities of the playlist's project to the playlist, each
 * with an optional preview, in one transaction: every item is checked
 * before anything is written, so one bad item writes nothing. An entity
 * already in the playlist keeps its place and takes the new preview, as
 * with the single add-entity action. Event playlist:update.
 */
export async function addEntitiesToPlaylist(ctx: RequestContext, playlistId: string, items: PlaylistEntryInput[]): Promise<PlaylistRow> {
  if (items.length === 0) throw new BadRequestError("Validation error.", { errors: [{ field: "entities", message: "List should have at least 1 item after validation, not 0" }] });
  if (items.length > MAX_ADDED_ENTITIES) throw new BadRequestError(`Too many entities: at most ${MAX_ADDED_ENTITIES} per request.`);
  const existing = await getEditablePlaylist(ctx, playlistId);

  const entityIds = [...new Set(items.map((item) => item.entityId))];
  const found = await ctx.db.orm.select({ id: entity.id }).from(entity).where(and(inArray(entity.id, entityIds), eq(entity.projectId, existing.projectId)));
  const foundIds = new Set(found.map((row) => row.id));
  const unknown = entityIds.find((id) => !foundIds.has(id));
  if (unknown !== undefined) throw new NotFoundError(`Entity ${unknown} not found in this playlist's project.`);
  const added = await resolveEntryPreviews(ctx, items);

  const entries = playlistEntries(existing);
  for (const entry of added) {
    const index = entries.findIndex((item) => item.entity_id === entry.entity_id);
    if (index === -1) entries.push(entry);
    else entries[index] = entry;
  }

  return ctx.db.transaction(async (tx) => {
    const [row] = await tx.update(playlist).set({ shots: entries }).where(eq(playlist.id, playlistId)).returning();
    await recordEvent(tx, ctx, { name: "playlist:update", projectId: existing.projectId, data: { playlist_id: playlistId } });
    return row;
  });
}

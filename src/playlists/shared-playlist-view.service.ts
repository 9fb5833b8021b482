import { alias } from "drizzle-orm/pg-core";
import { asc, desc, eq, inArray } from "drizzle-orm";
import { comment } from "../../schema/comments.js";
import { entity, entityType } from "../../schema/entities.js";
import { person } from "../../schema/people.js";
import { project, projectTaskStatusLink, projectTaskTypeLink } from "../../schema/projects.js";
import { task, taskStatus, taskType } from "../../schema/tasks.js";
import type { RequestContext } from "../context.js";
import { taskCommentListJson } from "../comments/comment.json.js";
import { selectComments } from "../comments/comments.loaders.js";
import type { ZouJson } from "../rest/zou-json.js";
import { playlistJson } from "./playlist-json.service.js";
import { previewFilesByEntity } from "./playlist-previews.resolver.js";
import { playlistEntries } from "./playlists.service.js";
import { sharedTaskIds, type SharedPlaylist } from "./shared-playlist-access.js";

// What a guest reads through a share link: the playlist with the details of
// each entry's positioned preview, the comments shown to guests, and the
// project settings the review page needs to draw them.

/** Entity types whose entries show their parent's name, such as a shot's sequence. Other entries show their type's name. */
const PARENT_NAMED_TYPES = new Set(["Shot", "Sequence", "Episode", "Edit", "Concept"]);

/**
 * Builds the playlist shown to a guest. Each entry carries its entity's name,
 * parent name, the positioned preview's details, task type and status color.
 * NOTE(compat): Zou lists every preview of each entity in `preview_files` and
 * the playlist's build jobs. Here `preview_files` holds only the positioned
 * revision and `build_jobs` is empty, because a guest may open nothing else.
 */
export async function sharedPlaylistJson(ctx: RequestContext, shared: SharedPlaylist): Promise<ZouJson> {
  const row = shared.playlist;
  const entries = playlistEntries(row);
  const entityIds = [...new Set(entries.map((entry) => entry.entity_id))];
  const parent = alias(entity, "parent");
  const entities = entityIds.length === 0
    ? []
    : await ctx.db.orm
        .select({ id: entity.id, name: entity.name, typeName: entityType.name, parentName: parent.name })
        .from(entity)
        .leftJoin(entityType, eq(entityType.id, entity.entityTypeId))
        .leftJoin(parent, eq(parent.id, entity.parentId))
        .where(inArray(entity.id, entityIds));
  const entityById = new Map(entities.map((item) => [item.id, item]));
  const previews = await previewFilesByEntity(ctx, entityIds);

  const [projectRow] = await ctx.db.orm.select({ name: project.name, fps: project.fps }).from(project).where(eq(project.id, row.projectId));
  const taskIds = [...(await sharedTaskIds(ctx, row))];
  const taskRows = taskIds.length === 0
    ? []
    : await ctx.db.orm
    .select({ id: task.id, typeId: taskType.id, typeName: taskType.name, typeColor: taskType.color, forEntity: taskType.forEntity, statusColor: taskStatus.color })
    .from(task)
    .leftJoin(taskType, eq(taskType.id, task.taskTypeId))
    .leftJoin(taskStatus, eq(taskStatus.id, task.taskStatusId))
    .where(inArray(task.id, taskIds));
  const taskById = new Map(taskRows.map((item) => [item.id, item]));

  const shots = entries.map((entry) => {
    const json: ZouJson = { id: entry.entity_id, entity_id: entry.entity_id, preview_file_id: entry.preview_file_id, preview_files: {} };
    const target = entityById.get(entry.entity_id);
    if (target !== undefined) {
      json.name = target.name;
      json.parent_name = PARENT_NAMED_TYPES.has(target.typeName ?? "") ? (target.parentName ?? "") : (target.typeName ?? "");
    }
    const byTaskType = previews.get(entry.entity_id) ?? {};
    const found = Object.entries(byTaskType).flatMap(([taskTypeId, items]) => items.map((item) => ({ taskTypeId, item }))).find(({ item }) => item.id === entry.preview_file_id);
    if (found === undefined) {
      // As on the playlist page, an entry whose preview no longer exists loses its preview_file_id.
      delete json.preview_file_id;
      return json;
    }
    const chosen = found.item;
    json.preview_files = { [found.taskTypeId]: [chosen] };
    json.preview_file_extension = chosen.extension;
    json.preview_file_status = chosen.status;
    json.preview_file_annotations = chosen.annotations;
    json.preview_file_task_id = chosen.task_id;
    json.preview_file_previews = chosen.previews ?? [];
    const taskInfo = taskById.get(chosen.task_id as string);
    if (taskInfo !== undefined && taskInfo.typeId !== null) {
      json.preview_file_task_type = { id: taskInfo.typeId, name: taskInfo.typeName, color: taskInfo.typeColor, for_entity: taskInfo.forEntity };
      json.preview_file_task_type_name = taskInfo.typeName;
    }
    if (taskInfo?.statusColor != null) json.task_status_color = taskInfo.statusColor;
    return json;
  });

  return { ...playlistJson(row), shots, build_jobs: [], project_name: projectRow?.name ?? null, project_fps: projectRow?.fps ?? null };
}

/**
 * Lists the comments shown to a guest on the playlist's tasks, newest first: the
 * comments shown to clients and those written by guests. Studio authors are
 * hidden as they are from clients, and each shown author carries is_guest.
 */
export async function sharedCommentsJson(ctx: RequestContext, shared: SharedPlaylist): Promise<ZouJson[]> {
  const taskIds = [...(await sharedTaskIds(ctx, shared.playlist))];
  if (taskIds.length === 0) return [];
  const rows = await selectComments(ctx).where(inArray(comment.objectId, taskIds)).orderBy(desc(comment.createdAt), asc(comment.id));
  const authorIds = [...new Set(rows.map((row) => row.personId))];
  const authors = authorIds.length === 0 ? [] : await ctx.db.orm.select({ id: person.id, isGuest: person.isGuest }).from(person).where(inArray(person.id, authorIds));
  const guestIds = new Set(authors.filter((item) => item.isGuest).map((item) => item.id));
  const visible = rows.filter((row) => row.forClient === true || guestIds.has(row.personId));
  const list = await taskCommentListJson(ctx, visible, { asClient: true });
  for (const item of list) {
    const author = item.person as ZouJson | null;
    if (author !== null && author !== undefined) author.is_guest = guestIds.has(author.id as string);
  }
  return list;
}

/**
 * Builds what the guest review page needs to draw the playlist: the project's
 * name and frame settings, its task types and statuses, and the entities of
 * the playlist. Task types leave out department_id, as in Zou, because the
 * guest page has no departments to look them up in.
 */
export async function sharedContextJson(ctx: RequestContext, shared: SharedPlaylist): Promise<ZouJson> {
  const projectId = shared.playlist.projectId;
  const [projectRow] = await ctx.db.orm.select().from(project).where(eq(project.id, projectId));
  const taskTypes = await ctx.db.orm
    .select({ id: taskType.id, name: taskType.name, color: taskType.color, forEntity: taskType.forEntity })
    .from(projectTaskTypeLink)
    .innerJoin(taskType, eq(taskType.id, projectTaskTypeLink.taskTypeId))
    .where(eq(projectTaskTypeLink.projectId, projectId))
    .orderBy(asc(taskType.name));
  const statuses = await ctx.db.orm
    .select({ status: taskStatus })
    .from(projectTaskStatusLink)
    .innerJoin(taskStatus, eq(taskStatus.id, projectTaskStatusLink.taskStatusId))
    .where(eq(projectTaskStatusLink.projectId, projectId))
    .orderBy(asc(taskStatus.name));
  const entityIds = [...new Set(playlistEntries(shared.playlist).map((entry) => entry.entity_id))];
  const entities = entityIds.length === 0
    ? []
    : await ctx.db.orm.select({ id: entity.id, name: entity.name, previewFileId: entity.previewFileId }).from(entity).where(inArray(entity.id, entityIds));
  const entityById = new Map(entities.map((item) => [item.id, item]));

  return {
    project: {
      id: projectId,
      name: projectRow?.name ?? "",
      fps: projectRow?.fps ?? null,
      ratio: projectRow?.ratio ?? null,
      resolution: projectRow?.resolution ?? null,
      // Kitsu's guest page reads a team list, and guests are shown no one.
      team: [],
    },
    task_types: taskTypes.map((item) => ({ id: item.id, name: item.name, color: item.color, for_entity: item.forEntity })),
    task_statuses: statuses.map(({ status }) => ({
      id: status.id,
      name: status.name,
      short_name: status.shortName,
      color: status.color,
      is_client_allowed: status.isClientAllowed ?? false,
      is_default: status.isDefault ?? false,
      for_concept: status.forConcept ?? false,
    })),
    entities: entityIds.flatMap((id) => {
      const item = entityById.get(id);
      return item === undefined ? [] : [{ id: item.id, name: item.name, preview_file_id: item.previewFileId }];
    }),
  };
}

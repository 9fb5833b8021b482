import { and, asc, eq, inArray, ne, sql } from "drizzle-orm";
import { comment, previewFile } from "../../schema/comments.js";
import { entity } from "../../schema/entities.js";
import { person } from "../../schema/people.js";
import { projectPersonLink } from "../../schema/projects.js";
import { task, taskStatus, taskType } from "../../schema/tasks.js";
import { getReadableProject } from "../auth/permissions.js";
import type { RequestContext } from "../context.js";
import { requireViewer } from "../context.js";
import { fullEntityNames } from "../entities/entity-names.service.js";
import type { CsvValue } from "../exports/csv.js";
import { fullName } from "../people/person.json.js";
import { assertPlaylistAccess, getPlaylistOrThrow } from "./playlist-builds.service.js";
import { playlistEntries } from "./playlists.service.js";

// Zou's playlist CSV export: a title row, an empty row, the column names,
// then one row per playlist entry with the chosen preview's task, its
// status and the task's last comment by someone who is not a client.

const COLUMNS = ["Entity name", "Nb Frames", "Task Type", "Retake count", "Revision", "Task Status", "Last comment author", "Last comment date", "Last comment"];

export interface PlaylistCsv {
  /** The name Zou slugifies into the download name. */
  name: string;
  lines: CsvValue[][];
}

/** Writes a date as "YYYY-MM-DDTHH:MM:SS" in a time zone, or in UTC when the zone is unset or unknown. */
export function formatInTimeZone(date: Date, timeZone: string | null): string {
  const format = (zone: string) => {
    const parts = new Intl.DateTimeFormat("en-CA", {
      timeZone: zone,
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      second: "2-digit",
      hourCycle: "h23",
    }).formatToParts(date);
    const part = (type: string) => parts.find((item) => item.type === type)?.value ?? "00";
    return `${part("year")}-${part("month")}-${part("day")}T${part("hour")}:${part("minute")}:${part("second")}`;
  };
  try {
    return format(timeZone ?? "UTC");
  } catch {
    return format("UTC");
  }
}

interface LastComment {
  text: string | null;
  createdAt: Date | null;
  author: string;
}

/** Returns the latest comment of each task by someone whose role in the task's project is not client. */
async function lastComments(ctx: RequestContext, taskIds: string[]): Promise<Map<string, LastComment>> {
  if (taskIds.length === 0) return new Map();
  const rows = await ctx.db.orm
    .select({ taskId: comment.objectId, text: comment.text, createdAt: comment.createdAt, firstName: person.firstName, lastName: person.lastName })
    .from(comment)
    .innerJoin(person, eq(person.id, comment.personId))
    .innerJoin(task, eq(task.id, comment.objectId))
    .leftJoin(projectPersonLink, and(eq(projectPersonLink.personId, person.id), eq(projectPersonLink.projectId, task.projectId)))
    .where(and(inArray(comment.objectId, taskIds), ne(sql`coalesce(${projectPersonLink.role}, ${person.role})`, "client")))
    .orderBy(asc(comment.objectId), asc(comment.createdAt), asc(comment.id));
  const latest = new Map<string, LastComment>();
  for (const row of rows) latest.set(row.taskId, { text: row.text, createdAt: row.createdAt, author: fullName(row) });
  return latest;
}

/**
 * Builds the playlist's CSV rows for managers and supervisors of the
 * project, and for clients when the playlist is for clients. Vendors are rejected.
 */
export async function exportPlaylistCsv(ctx: RequestContext, playlistId: string): Promise<PlaylistCsv> {
  const viewer = requireViewer(ctx);
  const row = await getPlaylistOrThrow(ctx, playlistId);
  await assertPlaylistAccess(ctx, row, true);
  const project = await getReadableProject(ctx, row.projectId);
  const timeZone = viewer.person.timezone;

  const entries = playlistEntries(row);
  const previewIds = entries.flatMap((entry) => (entry.preview_file_id === null ? [] : [entry.preview_file_id]));
  const previews = previewIds.length === 0
    ? []
    : await ctx.db.orm
        .select({ id: previewFile.id, revision: previewFile.revision, taskId: task.id, retakeCount: task.retakeCount, taskTypeName: taskType.name, statusName: taskStatus.name })
        .from(previewFile)
        .innerJoin(task, eq(task.id, previewFile.taskId))
        .leftJoin(taskType, eq(taskType.id, task.taskTypeId))
        .leftJoin(taskStatus, eq(taskStatus.id, task.taskStatusId))
        .where(inArray(previewFile.id, previewIds));
  const previewById = new Map(previews.map((preview) => [preview.id, preview]));
  const comments = await lastComments(ctx, [...new Set(previews.map((preview) => preview.taskId))]);

  const entityIds = [...new Set(entries.map((entry) => entry.entity_id))];
  const names = await fullEntityNames(ctx, entityIds);
  const frames = entityIds.length === 0 ? [] : await ctx.db.orm.select({ id: entity.id, nbFrames: entity.nbFrames }).from(entity).where(inArray(entity.id, entityIds));
  const framesById = new Map(frames.map((item) => [item.id, item.nbFrames]));

  let context = project.name;
  if (row.episodeId !== null) {
    const [episode] = await ctx.db.orm.select({ name: entity.name }).from(entity).where(eq(entity.id, row.episodeId));
    if (episode !== undefined) context += ` - ${episode.name}`;
  }
  context += row.forEntity === "shot" ? " | for shots" : " | for assets";
  const createdAt = row.createdAt === null ? "" : formatInTimeZone(row.createdAt, timeZone);

  const lines: CsvValue[][] = [
    ["Playlist", context, row.name, createdAt, "", "", ""],
    ["", "", "", "", "", "", ""],
    COLUMNS,
  ];
  for (const entry of entries) {
    const nbFrames = framesById.get(entry.entity_id);
    const start: CsvValue[] = [names.get(entry.entity_id)?.name ?? "", nbFrames === null || nbFrames === undefined ? "" : String(nbFrames)];
    // NOTE(compat): Zou fails the whole export on an entry without a preview
    // or with a deleted one; Kumiki writes the entry with empty task columns.
    const preview = entry.preview_file_id === null ? undefined : previewById.get(entry.preview_file_id);
    if (preview === undefined) {
      lines.push([...start, "", "", "", "", "", "", ""]);
      continue;
    }
    const last = comments.get(preview.taskId);
    lines.push([
      ...start,
      preview.taskTypeName ?? "",
      String(preview.retakeCount ?? 0),
      preview.revision === null ? "" : String(preview.revision),
      preview.statusName ?? "",
      last?.author ?? "",
      last?.createdAt == null ? "" : formatInTimeZone(last.createdAt, timeZone),
      last?.text ?? "",
    ]);
  }
  return { name: `${project.name} playlist ${row.name}`, lines };
}

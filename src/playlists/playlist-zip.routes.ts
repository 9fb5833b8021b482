import { and, asc, eq, inArray, or, type SQL } from "drizzle-orm";
import type { FastifyInstance } from "fastify";
import { previewFile } from "../../schema/comments.js";
import { entity } from "../../schema/entities.js";
import { effectiveProjectRole, getReadableProject } from "../auth/permissions.js";
import type { AppServices, RequestContext } from "../context.js";
import { ForbiddenError, NotFoundError } from "../errors.js";
import { isUuid } from "../ids.js";
import { previewDownloadName, slugify } from "../previews/download-names.js";
import { getMediaServices } from "../previews/media.js";
import type { PreviewFileRow } from "../previews/previews.access.js";
import { movieKey, pictureKey, previewFileKey } from "../previews/previews.service.js";
import type { FileStore, StoredFileKey } from "../storage/file-store.js";
import { playlistEntries } from "./playlists.service.js";
import { writeZip, type ZipEntry } from "./zip-writer.js";

// Zou's playlist archive: every preview chosen in the playlist, with the
// other files of the same revision, in one ZIP. A plain route because it
// sends bytes, not JSON.

/** Returns the key of a preview's original file, by extension, as the preview download routes read it. */
function originalKey(preview: PreviewFileRow): StoredFileKey {
  if (preview.extension === "mp4") return movieKey("previews", preview.id);
  if (preview.extension === "png") return pictureKey("original", preview.id);
  return previewFileKey(preview.id);
}

/** Managers and supervisors of the project (and admins); clients only for client playlists; never vendors, as in Zou. */
async function assertCanDownload(ctx: RequestContext, projectId: string, forClient: boolean): Promise<void> {
  await getReadableProject(ctx, projectId);
  const role = await effectiveProjectRole(ctx, projectId);
  if (role === "admin" || role === "manager" || role === "supervisor") return;
  if (role === "client" && forClient) return;
  throw new ForbiddenError();
}

interface PlaylistArchive {
  fileName: string;
  entries: ZipEntry[];
}

async function buildArchive(ctx: RequestContext, store: FileStore, playlistId: string): Promise<PlaylistArchive> {
  const row = await ctx.loaders.playlistById.load(playlistId);
  if (row === null || row.projectId === null) throw new NotFoundError("Playlist not found.");
  await assertCanDownload(ctx, row.projectId, row.forClient === true);
  const project = await getReadableProject(ctx, row.projectId);

  const chosenIds = playlistEntries(row).flatMap((entry) => (entry.preview_file_id !== null && isUuid(entry.preview_file_id) ? [entry.preview_file_id] : []));
  const chosen = chosenIds.length === 0 ? [] : await ctx.db.orm.select().from(previewFile).where(inArray(previewFile.id, chosenIds));
  const revisions: SQL[] = chosen.flatMap((preview) => (preview.taskId === null || preview.revision === null ? [] : [and(eq(previewFile.taskId, preview.taskId), eq(previewFile.revision, preview.revision)) as SQL]));
  const siblings = revisions.length === 0 ? [] : await ctx.db.orm.select().from(previewFile).where(or(...revisions)).orderBy(asc(previewFile.position), asc(previewFile.createdAt));
  const byId = new Map(chosen.map((preview) => [preview.id, preview]));
  const ordered: PreviewFileRow[] = [];
  const seen = new Set<string>();
  for (const id of chosenIds) {
    const preview = byId.get(id);
    if (preview === undefined) continue;
    const group = siblings.filter((sibling) => sibling.taskId === preview.taskId && sibling.revision === preview.revision);
    for (const item of group.length === 0 ? [preview] : group) {
      if (seen.has(item.id)) continue;
      seen.add(item.id);
      ordered.push(item as PreviewFileRow);
    }
  }

  const names = new Set<string>();
  const entries: ZipEntry[] = [];
  // TODO(perf): one name query and one stat per file; batch them if playlists reach hundreds of previews.
  for (const preview of ordered) {
    const key = originalKey(preview);
    if ((await store.stat(key)) === null) continue;
    let name = await previewDownloadName(ctx, preview, preview.extension ?? "bin");
    for (let copy = 2; names.has(name); copy += 1) name = name.replace(/(\.[^.]*)?$/, `_${copy}$1`);
    names.add(name);
    entries.push({ name, open: () => store.get(key) });
  }

  let context = slugify(project.name);
  if (project.productionType === "tvshow") {
    const [episode] = row.episodeId === null ? [] : await ctx.db.orm.select({ name: entity.name }).from(entity).where(eq(entity.id, row.episodeId));
    const episodeName = episode?.name ?? (row.isForAll === true ? "all assets" : "main pack");
    context += `_${slugify(episodeName)}`;
  }
  return { fileName: `${context}_${slugify(row.name)}.zip`, entries };
}

export function registerPlaylistDownloadRoutes(app: FastifyInstance, services: AppServices): void {
  app.get<{ Params: { playlist_id: string } }>("/data/playlists/:playlist_id/download/zip", async (request, reply) => {
    if (!isUuid(request.params.playlist_id)) throw new NotFoundError();
    const store = getMediaServices(services).store;
    const archive = await buildArchive(request.ctx, store, request.params.playlist_id.toLowerCase());
    return reply
      .header("Content-Type", "application/zip")
      .header("Content-Disposition", `attachment; filename=${archive.fileName}`)
      .send(writeZip(archive.entries));
  });
}

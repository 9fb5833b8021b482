import { and, eq, inArray, sql } from "drizzle-orm";
import { entity } from "../../schema/entities.js";
import { buildJob } from "../../schema/playlists.js";
import { kumikiJob } from "../../schema/kumiki.js";
import { assertProjectManager, effectiveProjectRole, getReadableProject } from "../auth/permissions.js";
import type { RequestContext } from "../context.js";
import { BadRequestError, ConflictError, ForbiddenError, NotFoundError } from "../errors.js";
import { recordEvent } from "../events/events.service.js";
import { enqueueJob } from "../jobs/jobs.service.js";
import { getMediaServices } from "../previews/media.js";
import { slugify } from "../previews/download-names.js";
import type { StoredFileKey } from "../storage/file-store.js";
import { toZouJson, type ZouJson } from "../rest/zou-json.js";
import type { PlaylistRow } from "./playlists.loaders.js";

// Playlist movie builds: a build_job row records each build of a playlist
// into one MP4, and a queued job (kind PLAYLIST_BUILD_JOB) does the work.
// The built movie is stored as movies/playlists-<build job id>, as in Zou.

export const PLAYLIST_BUILD_JOB = "playlist-build";

export type BuildJobRow = typeof buildJob.$inferSelect;
export type LoadedPlaylist = PlaylistRow & { projectId: string };

/** Returns the store key of a build's movie. */
export function buildMovieKey(buildJobId: string): StoredFileKey {
  return { bucket: "movies", prefix: "playlists", id: buildJobId };
}

export function buildJobJson(row: BuildJobRow): ZouJson {
  return toZouJson(buildJob, row as unknown as Record<string, unknown>, "BuildJob");
}

export async function getPlaylistOrThrow(ctx: RequestContext, playlistId: string): Promise<LoadedPlaylist> {
  const row = await ctx.loaders.playlistById.load(playlistId);
  if (row === null || row.projectId === null) throw new NotFoundError("Playlist not found.");
  return row as LoadedPlaylist;
}

/**
 * Checks Zou's playlist access: a team member (or admin) whose project role
 * is manager, a client when the playlist is for clients, and, when
 * `supervisors` is set, a supervisor. Vendors are always rejected.
 */
export async function assertPlaylistAccess(ctx: RequestContext, row: LoadedPlaylist, supervisors: boolean): Promise<void> {
  await getReadableProject(ctx, row.projectId);
  const role = await effectiveProjectRole(ctx, row.projectId);
  if (role === "admin" || role === "manager") return;
  if (role === "supervisor" && supervisors) return;
  if (role === "client" && row.forClient === true) return;
  throw new ForbiddenError();
}

/** Loads a build job of the playlist. NOT_FOUND when it is unknown or belongs to another playlist. */
async function getBuildJobOf(ctx: RequestContext, playlistId: string, buildJobId: string): Promise<BuildJobRow> {
  const [row] = await ctx.db.orm.select().from(buildJob).where(eq(buildJob.id, buildJobId));
  if (row === undefined || row.playlistId !== playlistId) throw new NotFoundError("Build job not found.");
  return row;
}

/**
 * Starts a movie build of the playlist (admins and project managers): a
 * running build_job row and a queued job, in one transaction, then event
 * build-job:new. `full` re-encodes every movie even when their formats
 * already match. CONFLICT while another build of the playlist runs, as Zou
 * returns when its queue already contains one.
 */
export async function startPlaylistBuild(ctx: RequestContext, playlistId: string, full: boolean): Promise<ZouJson> {
  const row = await getPlaylistOrThrow(ctx, playlistId);
  await assertProjectManager(ctx, row.projectId);

  const created = await ctx.db.transaction(async (tx) => {
    // Serializes concurrent requests for the same playlist, so that only one of them finds no running build.
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`playlist-build:${playlistId}`}))`);
    // A build counts as running only while its queued job is pending, so a
    // row left "running" without one (imported from another Kitsu) blocks nothing.
    const [running] = await tx
      .select({ id: buildJob.id })
      .from(buildJob)
      .innerJoin(kumikiJob, and(eq(kumikiJob.kind, PLAYLIST_BUILD_JOB), sql`${kumikiJob.payload}->>'buildJobId' = ${buildJob.id}::text`))
      .where(and(eq(buildJob.playlistId, playlistId), eq(buildJob.status, "running"), inArray(kumikiJob.status, ["queued", "running"])))
      .limit(1);
    if (running !== undefined) throw new ConflictError("A build is already in progress for this playlist.");

    const [job] = await tx.insert(buildJob).values({ playlistId, status: "running", jobType: "movie" }).returning();
    await enqueueJob(tx, PLAYLIST_BUILD_JOB, { buildJobId: job.id, full });
    const json = buildJobJson(job);
    await recordEvent(tx, ctx, {
      name: "build-job:new",
      projectId: row.projectId,
      data: { build_job_id: job.id, playlist_id: playlistId, created_at: json.created_at },
    });
    return json;
  });
  ctx.log.info({ playlistId, buildJobId: created.id, full }, "playlist build queued");
  return created;
}

/** Returns a build job of the playlist, for managers of the project and clients of a client playlist. */
export async function getPlaylistBuildJob(ctx: RequestContext, playlistId: string, buildJobId: string): Promise<ZouJson> {
  const row = await getPlaylistOrThrow(ctx, playlistId);
  await assertPlaylistAccess(ctx, row, false);
  return buildJobJson(await getBuildJobOf(ctx, playlistId, buildJobId));
}

/**
 * Deletes a build job and its movie, drops its job from the queue when it
 * has not started, and emits build-job:delete. A build that is running
 * finishes, finds its row gone and removes the movie it stored.
 */
export async function deletePlaylistBuildJob(ctx: RequestContext, playlistId: string, buildJobId: string): Promise<boolean> {
  const row = await getPlaylistOrThrow(ctx, playlistId);
  await assertPlaylistAccess(ctx, row, false);
  await getBuildJobOf(ctx, playlistId, buildJobId);

  await ctx.db.transaction(async (tx) => {
    await tx.delete(buildJob).where(eq(buildJob.id, buildJobId));
    await tx
      .delete(kumikiJob)
      .where(and(eq(kumikiJob.kind, PLAYLIST_BUILD_JOB), eq(kumikiJob.status, "queued"), sql`${kumikiJob.payload}->>'buildJobId' = ${buildJobId}`));
    await recordEvent(tx, ctx, { name: "build-job:delete", projectId: row.projectId, data: { build_job_id: buildJobId, playlist_id: playlistId } });
  });
  await removeBuildMovies(ctx, [buildJobId]);
  return true;
}

/**
 * Removes the stored movies of deleted build jobs. A failure is logged and
 * not raised, because the rows are already gone and only files are left over.
 */
export async function removeBuildMovies(ctx: RequestContext, buildJobIds: readonly string[]): Promise<void> {
  if (buildJobIds.length === 0) return;
  const store = getMediaServices(ctx.services).store;
  for (const buildJobId of buildJobIds) {
    try {
      await store.delete(buildMovieKey(buildJobId));
    } catch (error) {
      ctx.log.error({ err: error, buildJobId }, "could not remove the movie of a deleted build job");
    }
  }
}

export interface BuiltMovie {
  key: StoredFileKey;
  downloadName: string;
  updatedAt: Date | null;
}

/** Formats a creation time as Zou's download names start: "20260105_143000". */
function compactTimestamp(date: Date): string {
  return date.toISOString().slice(0, 19).replace(/[-:]/g, "").replace("T", "_");
}

/**
 * Finds a finished build's movie and its download name,
 * "<created at>_<project>[_<episode>]_<playlist>.mp4" as Zou names it.
 * Managers and supervisors of the project, clients for client playlists.
 * BAD_REQUEST "Build is not finished" until the build succeeded.
 */
export async function findBuiltMovie(ctx: RequestContext, playlistId: string, buildJobId: string): Promise<BuiltMovie> {
  const row = await getPlaylistOrThrow(ctx, playlistId);
  await assertPlaylistAccess(ctx, row, true);
  const job = await getBuildJobOf(ctx, playlistId, buildJobId);
  if (job.status !== "succeeded") throw new BadRequestError("Build is not finished");

  const project = await getReadableProject(ctx, row.projectId);
  let context = slugify(project.name);
  if (project.productionType === "tvshow") {
    const [episode] = row.episodeId === null ? [] : await ctx.db.orm.select({ name: entity.name }).from(entity).where(eq(entity.id, row.episodeId));
    const episodeName = episode?.name ?? (row.isForAll === true ? "all assets" : "main pack");
    context += `_${slugify(episodeName)}`;
  }
  const createdAt = job.createdAt ?? new Date();
  return {
    key: buildMovieKey(job.id),
    downloadName: `${compactTimestamp(createdAt)}_${context}_${slugify(row.name)}.mp4`,
    updatedAt: job.updatedAt,
  };
}

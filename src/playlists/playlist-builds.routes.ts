import type { FastifyInstance } from "fastify";
import type { AppServices } from "../context.js";
import { BadRequestError } from "../errors.js";
import { csvFileName, formatCsvRow } from "../exports/csv.js";
import { isUuid } from "../ids.js";
import { sendStoredFile } from "../previews/downloads.js";
import { getMediaServices } from "../previews/media.js";
import { createPlaylistBuildHandler } from "./playlist-build.job.js";
import { findBuiltMovie, PLAYLIST_BUILD_JOB } from "./playlist-builds.service.js";
import { exportPlaylistCsv } from "./playlist-csv.service.js";

// Plain routes of playlists that send files: the built movie download and
// the playlist CSV export. Also registers the build job's handler on the
// job worker.

function pathIdOrThrow(value: string): string {
  if (!isUuid(value)) throw new BadRequestError("Malformed ID.");
  return value.toLowerCase();
}

export function registerPlaylistBuildRoutes(app: FastifyInstance, services: AppServices): void {
  // Runs after the preview routes' hook, which creates the media services and starts the worker.
  app.addHook("onReady", async () => {
    const media = getMediaServices(services);
    media.worker.register(PLAYLIST_BUILD_JOB, createPlaylistBuildHandler(services, media));
    media.worker.wake();
  });

  app.get<{ Params: { playlist_id: string; build_job_id: string } }>("/data/playlists/:playlist_id/jobs/:build_job_id/build/mp4", async (request, reply) => {
    const playlistId = pathIdOrThrow(request.params.playlist_id);
    const buildJobId = pathIdOrThrow(request.params.build_job_id);
    const movie = await findBuiltMovie(request.ctx, playlistId, buildJobId);
    return sendStoredFile(request, reply, getMediaServices(services).store, [movie.key], {
      contentType: "video/mp4",
      cache: "private",
      lastModified: movie.updatedAt,
      downloadName: movie.downloadName,
    });
  });

  app.get<{ Params: { playlist_id: string } }>("/export/csv/playlists/:playlist_id", async (request, reply) => {
    const csv = await exportPlaylistCsv(request.ctx, pathIdOrThrow(request.params.playlist_id));
    return reply
      .header("Content-Type", "text/csv; charset=utf-8")
      .header("Content-Disposition", `attachment; filename=${csvFileName(csv.name)}`)
      .send(csv.lines.map(formatCsvRow).join(""));
  });
}

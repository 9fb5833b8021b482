import { createReadStream, createWriteStream } from "node:fs";
import { rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { pipeline } from "node:stream/promises";
import { eq, inArray } from "drizzle-orm";
import { previewFile } from "../../schema/comments.js";
import { buildJob, playlist } from "../../schema/playlists.js";
import { project } from "../../schema/projects.js";
import { createContext, type AppServices, type RequestContext } from "../context.js";
import { recordEvent } from "../events/events.service.js";
import { PermanentJobError, type JobHandler, type JobRow } from "../jobs/jobs.service.js";
import type { MediaServices } from "../previews/media.js";
import { movieKey } from "../previews/previews.service.js";
import { makeScratchFolder } from "../previews/uploads.js";
import { MediaToolError, probeMovie, runTool, type MediaBinaries, type MovieInfo } from "../storage/media-tools.js";
import { parseFps, targetFrameSize, type FrameSize } from "../storage/movies.js";
import { buildMovieKey } from "./playlist-builds.service.js";
import { playlistEntries } from "./playlists.service.js";

// The playlist build job: fetch the full-definition movie of every movie
// preview chosen in the playlist, in playlist order, and join them into one
// H.264/AAC MP4 with ffmpeg. Pictures and other files are skipped, as Zou
// skips them. The build_job row goes from running to succeeded or failed.

/** Zou's frame rate when the project sets none. */
const DEFAULT_FPS = 25;
const X264_PRESET = "fast";

interface BuildInput {
  path: string;
  info: MovieInfo;
}

interface BuildSubject {
  job: typeof buildJob.$inferSelect;
  projectId: string;
  previewIds: string[];
  resolution: string | null;
  fps: string | null;
}

async function loadSubject(ctx: RequestContext, buildJobId: string): Promise<BuildSubject | null> {
  const [row] = await ctx.db.orm
    .select({ job: buildJob, playlist, resolution: project.resolution, fps: project.fps })
    .from(buildJob)
    .innerJoin(playlist, eq(playlist.id, buildJob.playlistId))
    .innerJoin(project, eq(project.id, playlist.projectId))
    .where(eq(buildJob.id, buildJobId));
  if (row === undefined) return null;
  const previewIds = playlistEntries(row.playlist).flatMap((entry) => (entry.preview_file_id === null ? [] : [entry.preview_file_id]));
  return { job: row.job, projectId: row.playlist.projectId as string, previewIds, resolution: row.resolution, fps: row.fps };
}

/** Sets the build's final status and emits build-job:update. Returns false when the build job was deleted meanwhile. */
async function endBuild(ctx: RequestContext, subject: BuildSubject, status: "succeeded" | "failed"): Promise<boolean> {
  return ctx.db.transaction(async (tx) => {
    const updated = await tx
      .update(buildJob)
      .set({ status, endedAt: new Date(), updatedAt: new Date() })
      .where(eq(buildJob.id, subject.job.id))
      .returning({ id: buildJob.id });
    if (updated.length === 0) return false;
    await recordEvent(tx, ctx, {
      name: "build-job:update",
      projectId: subject.projectId,
      data: { build_job_id: subject.job.id, playlist_id: subject.job.playlistId, status },
    });
    return true;
  });
}

/** Checks whether every input already has the output's format, so that the concat demuxer can copy the streams without re-encoding. */
function canCopyStreams(inputs: readonly BuildInput[], canvas: FrameSize, fps: number): boolean {
  const hasAudio = inputs[0].info.hasAudio;
  return inputs.every(({ info }) =>
    info.videoCodec === "h264" && info.width === canvas.width && info.height === canvas.height && Math.abs(info.fps - fps) < 0.01 && info.hasAudio === hasAudio,
  );
}

/** Joins the inputs with the concat demuxer, copying the streams. */
async function concatCopy(binaries: MediaBinaries, inputs: readonly BuildInput[], scratch: string, output: string, signal: AbortSignal): Promise<void> {
  const list = path.join(scratch, "inputs.txt");
  await writeFile(list, inputs.map((input) => `file '${input.path.replace(/'/g, "'\\''")}'\n`).join(""));
  await runTool(binaries.ffmpeg, ["-hide_banner", "-nostdin", "-y", "-f", "concat", "-safe", "0", "-i", list, "-c", "copy", "-movflags", "+faststart", "-f", "mp4", output], signal);
}

/**
 * Builds the ffmpeg arguments that join the inputs with the concat filter.
 * Each movie is fitted in the canvas with black bars and set to the frame
 * rate. A movie without sound gets a silent track, because every segment of
 * the filter needs one video and one audio stream.
 */
// NOTE: ffmpeg opens every input at once. Playlists of several hundred movies were not tried and may exceed the open-file limit.
export function concatFilterArguments(inputs: readonly BuildInput[], canvas: FrameSize, fps: number, output: string): string[] {
  const args = ["-hide_banner", "-nostdin", "-y"];
  for (const input of inputs) args.push("-i", input.path);
  const filters: string[] = [];
  const segments: string[] = [];
  let extraInput = inputs.length;
  inputs.forEach((input, index) => {
    filters.push(
      `[${index}:v:0]scale=${canvas.width}:${canvas.height}:force_original_aspect_ratio=decrease,` +
        `pad=${canvas.width}:${canvas.height}:(ow-iw)/2:(oh-ih)/2,setsar=1,fps=${fps},format=yuv420p[v${index}]`,
    );
    let audio = `${index}:a:0`;
    if (!input.info.hasAudio) {
      args.push("-f", "lavfi", "-t", String(input.info.duration), "-i", "anullsrc=channel_layout=stereo:sample_rate=48000");
      audio = `${extraInput}:a:0`;
      extraInput += 1;
    }
    filters.push(`[${audio}]aresample=48000,aformat=sample_fmts=fltp:channel_layouts=stereo[a${index}]`);
    segments.push(`[v${index}][a${index}]`);
  });
  filters.push(`${segments.join("")}concat=n=${inputs.length}:v=1:a=1[v][a]`);
  args.push("-filter_complex", filters.join(";"), "-map", "[v]", "-map", "[a]");
  args.push("-c:v", "libx264", "-preset", X264_PRESET, "-pix_fmt", "yuv420p", "-c:a", "aac", "-b:a", "192k");
  args.push("-movflags", "+faststart", "-f", "mp4", output);
  return args;
}

async function fetchInputs(ctx: RequestContext, media: MediaServices, subject: BuildSubject, scratch: string, signal: AbortSignal): Promise<BuildInput[]> {
  const rows = subject.previewIds.length === 0
    ? []
    : await ctx.db.orm.select({ id: previewFile.id, extension: previewFile.extension }).from(previewFile).where(inArray(previewFile.id, subject.previewIds));
  const movies = new Set(rows.filter((row) => row.extension === "mp4").map((row) => row.id));

  const inputs: BuildInput[] = [];
  const fetched = new Map<string, BuildInput>();
  for (const id of subject.previewIds) {
    if (!movies.has(id)) continue;
    const known = fetched.get(id);
    if (known !== undefined) {
      inputs.push(known);
      continue;
    }
    // A movie still processing, or broken, has no full-definition file yet and is left out.
    if (!(await media.store.exists(movieKey("previews", id)))) continue;
    const file = path.join(scratch, `input-${inputs.length}.mp4`);
    await pipeline(await media.store.get(movieKey("previews", id)), createWriteStream(file), { signal });
    const input = { path: file, info: await probeMovie(media.binaries(), file, signal) };
    fetched.set(id, input);
    inputs.push(input);
  }
  return inputs;
}

async function buildMovie(ctx: RequestContext, media: MediaServices, subject: BuildSubject, full: boolean, scratch: string, signal: AbortSignal): Promise<string> {
  const inputs = await fetchInputs(ctx, media, subject, scratch, signal);
  if (inputs.length === 0) throw new PermanentJobError("The playlist has no movie preview to build from.");

  const canvas = targetFrameSize(inputs[0].info, subject.resolution);
  const fps = parseFps(subject.fps) ?? DEFAULT_FPS;
  const output = path.join(scratch, "playlist.mp4");
  const binaries = media.binaries();
  if (!full && canCopyStreams(inputs, canvas, fps)) {
    await concatCopy(binaries, inputs, scratch, output, signal);
  } else {
    await runTool(binaries.ffmpeg, concatFilterArguments(inputs, canvas, fps, output), signal);
  }
  return output;
}

export function createPlaylistBuildHandler(services: AppServices, media: MediaServices): JobHandler {
  const backgroundContext = (job: JobRow): RequestContext =>
    createContext(services, { viewer: null, log: media.worker.log.child({ jobId: job.id }), requestId: `job-${job.id}` });

  return {
    async run(job, signal) {
      const ctx = backgroundContext(job);
      const subject = await loadSubject(ctx, String(job.payload.buildJobId));
      if (subject === null) return; // The build job was deleted meanwhile: nothing to do.

      const scratch = await makeScratchFolder(services.config.tmpDir);
      const key = buildMovieKey(subject.job.id);
      try {
        const output = await buildMovie(ctx, media, subject, job.payload.full === true, scratch, signal);
        await media.store.put(key, createReadStream(output));
        if (!(await endBuild(ctx, subject, "succeeded"))) await media.store.delete(key);
        ctx.log.info({ buildJobId: subject.job.id }, "playlist build done");
      } catch (error) {
        // ffmpeg failing on movies it probed fine will fail the same way next time.
        if (error instanceof MediaToolError && !signal.aborted) throw new PermanentJobError(error.message);
        throw error;
      } finally {
        await rm(scratch, { recursive: true, force: true });
      }
    },

    async giveUp(job, reason) {
      const ctx = backgroundContext(job);
      const subject = await loadSubject(ctx, String(job.payload.buildJobId));
      if (subject === null) return;
      ctx.log.warn({ buildJobId: subject.job.id, reason }, "playlist build failed");
      await endBuild(ctx, subject, "failed");
    },
  };
}

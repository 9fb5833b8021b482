import { spawn } from "node:child_process";
import { accessSync, constants } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import type { Config } from "../config.js";

// ffmpeg and ffprobe: FFMPEG_PATH/FFPROBE_PATH when set, else the binaries on
// PATH, else the static builds shipped by @ffmpeg-installer/ffmpeg and
// @ffprobe-installer/ffprobe (so that `npm ci` alone gives a working server).

export interface MediaBinaries {
  readonly ffmpeg: string;
  readonly ffprobe: string;
}

/** ffmpeg or ffprobe exited with an error: the input cannot be read or processed. */
export class MediaToolError extends Error {
  constructor(message: string, readonly stderr: string) {
    super(message);
    this.name = "MediaToolError";
  }
}

const require = createRequire(import.meta.url);

function isExecutable(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

function findOnPath(name: string): string | undefined {
  for (const folder of (process.env.PATH ?? "").split(path.delimiter)) {
    if (folder === "") continue;
    const candidate = path.join(folder, name);
    if (isExecutable(candidate)) return candidate;
  }
  return undefined;
}

function fromPackage(packageName: string): string | undefined {
  try {
    return (require(packageName) as { path: string }).path;
  } catch {
    // The package ships no binary for this platform.
    return undefined;
  }
}

function resolveBinary(name: "ffmpeg" | "ffprobe", configured: string | undefined, packageName: string): string {
  const found = configured ?? findOnPath(name) ?? fromPackage(packageName);
  if (found === undefined) {
    throw new Error(`${name} was not found: install it on PATH, set ${name.toUpperCase()}_PATH, or run npm install`);
  }
  return found;
}

export function resolveMediaBinaries(config: Config): MediaBinaries {
  return {
    ffmpeg: resolveBinary("ffmpeg", config.ffmpegPath, "@ffmpeg-installer/ffmpeg"),
    ffprobe: resolveBinary("ffprobe", config.ffprobePath, "@ffprobe-installer/ffprobe"),
  };
}

const STDERR_KEPT = 4000;

/** Runs a binary to completion and returns its standard output; rejects with MediaToolError on a non-zero exit. */
export function runTool(binary: string, args: readonly string[], signal?: AbortSignal): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(binary, args, { stdio: ["ignore", "pipe", "pipe"], signal });
    const stdout: Buffer[] = [];
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => stdout.push(chunk));
    child.stderr.on("data", (chunk: Buffer) => {
      // Only the end of stderr is kept: ffmpeg prints progress all along
      // and the reason of a failure last.
      stderr = (stderr + chunk.toString("utf8")).slice(-STDERR_KEPT);
    });
    child.on("error", reject);
    child.on("close", (code) => {
      if (code === 0) resolve(Buffer.concat(stdout).toString("utf8"));
      else reject(new MediaToolError(`${path.basename(binary)} exited with code ${code}: ${lastLine(stderr)}`, stderr));
    });
  });
}

function lastLine(text: string): string {
  const lines = text.trim().split("\n");
  return (lines[lines.length - 1] ?? "").trim().slice(0, 300);
}

export interface MovieInfo {
  readonly width: number;
  readonly height: number;
  /** Seconds. */
  readonly duration: number;
  /** Frames counted by the container, or estimated from duration and rate when it stores none. */
  readonly frameCount: number;
  readonly fps: number;
  readonly videoCodec: string;
  readonly hasAudio: boolean;
  /** Width over height as displayed, taking non-square pixels into account. */
  readonly displayAspectRatio: number;
}

interface ProbeStream {
  codec_type?: string;
  codec_name?: string;
  width?: number;
  height?: number;
  duration?: string;
  nb_frames?: string;
  avg_frame_rate?: string;
  r_frame_rate?: string;
  sample_aspect_ratio?: string;
}

function parseRate(rate: string | undefined): number {
  if (rate === undefined) return 0;
  const [numerator, denominator] = rate.split("/").map(Number);
  if (!Number.isFinite(numerator) || !Number.isFinite(denominator) || denominator === 0) return 0;
  return numerator / denominator;
}

function parseAspect(ratio: string | undefined): number {
  if (ratio === undefined || ratio === "0:1" || ratio === "N/A") return 1;
  const [numerator, denominator] = ratio.split(":").map(Number);
  if (!(numerator > 0) || !(denominator > 0)) return 1;
  return numerator / denominator;
}

/** Reads a movie's first video track with ffprobe; throws MediaToolError when the file is not a readable movie. */
export async function probeMovie(binaries: MediaBinaries, file: string, signal?: AbortSignal): Promise<MovieInfo> {
  const output = await runTool(
    binaries.ffprobe,
    ["-v", "error", "-print_format", "json", "-show_format", "-show_streams", file],
    signal,
  );
  const probe = JSON.parse(output) as { streams?: ProbeStream[]; format?: { duration?: string } };
  const streams = probe.streams ?? [];
  const video = streams.find((stream) => stream.codec_type === "video" && (stream.width ?? 0) > 0 && (stream.height ?? 0) > 0);
  if (video === undefined) throw new MediaToolError("The file has no readable video track", "");

  const duration = Number(video.duration ?? probe.format?.duration ?? 0) || 0;
  const fps = parseRate(video.avg_frame_rate) || parseRate(video.r_frame_rate);
  const counted = Number(video.nb_frames);
  const frameCount = Number.isFinite(counted) && counted > 0 ? counted : Math.round(duration * fps);
  const width = video.width as number;
  const height = video.height as number;
  return {
    width,
    height,
    duration,
    frameCount,
    fps,
    videoCodec: video.codec_name ?? "unknown",
    hasAudio: streams.some((stream) => stream.codec_type === "audio"),
    displayAspectRatio: (width * parseAspect(video.sample_aspect_ratio)) / height,
  };
}

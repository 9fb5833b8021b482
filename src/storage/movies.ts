import { runTool, type MediaBinaries, type MovieInfo } from "./media-tools.js";

// Movie normalization with ffmpeg. Every preview movie becomes an H.264 MP4
// that browsers play (yuv420p, even dimensions, AAC sound when the source
// has some), in a full-definition and a low-definition version. A poster
// frame is extracted too, and the picture thumbnails are made from it.

export interface FrameSize {
  readonly width: number;
  readonly height: number;
}

/** Zou's low-definition width. */
const LOW_DEFINITION_WIDTH = 1280;
/** Zou's bitrates for the two versions. */
const FULL_BITRATE = "28M";
const LOW_BITRATE = "6M";
// NOTE(perf): Zou encodes with preset "slow". Kumiki uses "fast", which x264
// documents as quicker for a slightly lower quality at the same bitrate (not measured here).
const X264_PRESET = "fast";

function even(value: number): number {
  const rounded = Math.max(2, Math.round(value));
  return rounded % 2 === 0 ? rounded : rounded + 1;
}

/**
 * Returns the canvas of the normalized movie. It is the project's resolution
 * when the project sets one ("1920x1080", or "x1080" for a height whose width
 * follows the source's ratio), else the source's display size. Both sides are
 * even, because yuv420p needs it.
 */
export function targetFrameSize(source: MovieInfo, resolution: string | null | undefined): FrameSize {
  const full = resolution?.match(/^(\d{3,4})x(\d{3,4})$/);
  if (full !== null && full !== undefined) return { width: even(Number(full[1])), height: even(Number(full[2])) };

  const partial = resolution?.match(/^x(\d{3,4})$/);
  if (partial !== null && partial !== undefined) {
    const height = even(Number(partial[1]));
    return { width: even(height * source.displayAspectRatio), height };
  }

  return { width: even(source.height * source.displayAspectRatio), height: even(source.height) };
}

/** Zou's low definition: 1280 wide with the canvas ratio, or the canvas itself when it is narrower. */
export function lowDefinitionSize(canvas: FrameSize): FrameSize {
  if (canvas.width <= LOW_DEFINITION_WIDTH) return canvas;
  return { width: LOW_DEFINITION_WIDTH, height: even((canvas.height / canvas.width) * LOW_DEFINITION_WIDTH) };
}

/** The project's frame rate ("25", "23,976") or undefined to keep the source's. */
export function parseFps(fps: string | null | undefined): number | undefined {
  if (fps === null || fps === undefined || fps.trim() === "") return undefined;
  const value = Number(fps.replace(",", "."));
  return Number.isFinite(value) && value > 0 && value <= 240 ? value : undefined;
}

export interface EncodeOptions {
  readonly canvas: FrameSize;
  readonly source: MovieInfo;
  readonly fps: number | undefined;
  readonly bitrate: string;
}

/** The ffmpeg arguments that encode `input` into a browser-ready MP4 at `output`. */
export function encodeArguments(input: string, output: string, options: EncodeOptions): string[] {
  const { canvas, source } = options;

  // Fit the display size inside the canvas, keeping the ratio, then pad with
  // black bars, as Zou does, instead of stretching.
  const scale = Math.min(canvas.width / (source.height * source.displayAspectRatio), canvas.height / source.height);
  const fittedWidth = Math.min(canvas.width, even(source.height * source.displayAspectRatio * scale));
  const fittedHeight = Math.min(canvas.height, even(source.height * scale));
  const filters = [
    `scale=${fittedWidth}:${fittedHeight}`,
    `pad=${canvas.width}:${canvas.height}:(ow-iw)/2:(oh-ih)/2`,
    "setsar=1",
  ].join(",");

  const args = ["-hide_banner", "-nostdin", "-y", "-i", input, "-map", "0:v:0", "-map", "0:a:0?"];
  args.push("-vf", filters, "-c:v", "libx264", "-preset", X264_PRESET, "-pix_fmt", "yuv420p", "-b:v", options.bitrate);
  // A key frame every other frame, as Zou encodes, so that reviewers can
  // step and seek to any frame without decoding a long group of pictures.
  args.push("-x264opts", "keyint=2:scenecut=0");
  if (options.fps !== undefined) args.push("-r", String(options.fps));
  args.push("-c:a", "aac", "-b:a", "192k", "-ar", "48000", "-ac", "2");
  // The index goes first so that a browser can start playing and seeking
  // before the whole file has arrived.
  args.push("-movflags", "+faststart", "-f", "mp4", output);
  return args;
}

export async function encodeMovie(binaries: MediaBinaries, input: string, output: string, options: EncodeOptions, signal?: AbortSignal): Promise<void> {
  await runTool(binaries.ffmpeg, encodeArguments(input, output, options), signal);
}

export { FULL_BITRATE, LOW_BITRATE };

/** Writes the first frame of a movie as a PNG. */
export async function extractPoster(binaries: MediaBinaries, movie: string, output: string, signal?: AbortSignal): Promise<void> {
  await runTool(
    binaries.ffmpeg,
    ["-hide_banner", "-nostdin", "-y", "-i", movie, "-frames:v", "1", "-f", "image2", "-c:v", "png", output],
    signal,
  );
}

/** Decodes the first video frame and discards it: proves that the video track can be decoded, not only parsed. */
export async function checkMovieDecodes(binaries: MediaBinaries, movie: string, signal?: AbortSignal): Promise<void> {
  await runTool(binaries.ffmpeg, ["-hide_banner", "-nostdin", "-v", "error", "-i", movie, "-map", "0:v:0", "-frames:v", "1", "-f", "null", "-"], signal);
}

/** Writes the frame at a zero-based frame number of a movie as a PNG; ffmpeg writes nothing when the movie is shorter. */
export async function extractFrame(binaries: MediaBinaries, movie: string, frameNumber: number, output: string, signal?: AbortSignal): Promise<void> {
  await runTool(
    binaries.ffmpeg,
    ["-hide_banner", "-nostdin", "-y", "-i", movie, "-vf", `select=eq(n\\,${frameNumber})`, "-frames:v", "1", "-f", "image2", "-c:v", "png", output],
    signal,
  );
}

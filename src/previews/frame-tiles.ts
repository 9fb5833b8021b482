import { createReadStream, createWriteStream } from "node:fs";
import { rm, stat } from "node:fs/promises";
import path from "node:path";
import { pipeline } from "node:stream/promises";
import type { StoredFileKey } from "../storage/file-store.js";
import { probeMovie, runTool, type MediaBinaries, type MovieInfo } from "../storage/media-tools.js";
import type { MediaServices } from "./media.js";
import { movieKey, pictureKey } from "./previews.service.js";
import { makeScratchFolder } from "./uploads.js";

// The frame tile of a movie preview: one PNG of small frame pictures, 8 per
// row, that Kitsu's player shows above its progress bar while the mouse
// moves along it. The layout is Zou's: 100-pixel-high tiles at the movie's
// display ratio and one row per 8 frames, at most 480 rows, keeping every
// n-th frame when the movie has more than 8 × 480 frames.

export const TILE_COLUMNS = 8;
export const TILE_HEIGHT = 100;
export const MAX_TILE_ROWS = 480;

export interface TileLayout {
  readonly columns: number;
  readonly rows: number;
  readonly tileWidth: number;
  readonly tileHeight: number;
  /** Every how many frames one is kept (1 keeps them all). */
  readonly frameStep: number;
}

export function tileLayout(movie: Pick<MovieInfo, "frameCount" | "displayAspectRatio">): TileLayout {
  const frames = Math.max(1, movie.frameCount);
  const rows = Math.min(Math.ceil(frames / TILE_COLUMNS), MAX_TILE_ROWS);
  const frameStep = rows === MAX_TILE_ROWS ? Math.ceil(frames / (TILE_COLUMNS * MAX_TILE_ROWS)) : 1;
  return { columns: TILE_COLUMNS, rows, tileWidth: Math.ceil(TILE_HEIGHT * movie.displayAspectRatio), tileHeight: TILE_HEIGHT, frameStep };
}

/** Writes the frame tile of a movie as a PNG at `output`. */
export async function buildFrameTile(binaries: MediaBinaries, movie: string, output: string, signal?: AbortSignal): Promise<TileLayout> {
  const layout = tileLayout(await probeMovie(binaries, movie, signal));
  const select = layout.frameStep > 1 ? `select=not(mod(n\\,${layout.frameStep})),` : "";
  const filter = `${select}scale=${layout.tileWidth}:${layout.tileHeight},setsar=1,tile=${layout.columns}x${layout.rows}`;
  await runTool(
    binaries.ffmpeg,
    ["-hide_banner", "-nostdin", "-y", "-i", movie, "-an", "-vf", filter, "-frames:v", "1", "-f", "image2", "-c:v", "png", output],
    signal,
  );
  return layout;
}

export function tileKey(previewFileId: string): StoredFileKey {
  return pictureKey("tiles", previewFileId);
}

/** Builds the frame tile from a local movie file, stores it and returns its key. */
export async function storeFrameTile(media: MediaServices, previewFileId: string, movie: string, scratch: string, signal?: AbortSignal): Promise<StoredFileKey> {
  const output = path.join(scratch, "tile.png");
  await buildFrameTile(media.binaries(), movie, output, signal);
  await stat(output);
  const key = tileKey(previewFileId);
  await media.store.put(key, createReadStream(output));
  return key;
}

const building = new Map<string, Promise<boolean>>();

/**
 * Makes sure that a movie preview has a stored frame tile, building it from
 * the stored movie when missing (previews transcoded before tiles existed).
 * Returns false when no movie is stored to build it from. Concurrent calls
 * for one preview share one build.
 */
export async function ensureFrameTile(media: MediaServices, previewFileId: string, tmpDir: string): Promise<boolean> {
  if (await media.store.exists(tileKey(previewFileId))) return true;
  const running = building.get(previewFileId);
  if (running !== undefined) return running;

  const work = (async () => {
    const source = [movieKey("previews", previewFileId), movieKey("lowdef", previewFileId)];
    let found: StoredFileKey | undefined;
    for (const key of source) {
      if (await media.store.exists(key)) {
        found = key;
        break;
      }
    }
    if (found === undefined) return false;
    const scratch = await makeScratchFolder(tmpDir);
    try {
      const movie = path.join(scratch, "movie.mp4");
      await pipeline(await media.store.get(found), createWriteStream(movie));
      await storeFrameTile(media, previewFileId, movie, scratch);
      return true;
    } finally {
      await rm(scratch, { recursive: true, force: true });
    }
  })();
  building.set(previewFileId, work);
  try {
    return await work;
  } finally {
    building.delete(previewFileId);
  }
}

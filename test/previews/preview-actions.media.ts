import { createReadStream } from "node:fs";
import path from "node:path";
import { inflateRawSync } from "node:zlib";
import { runTool } from "../../src/storage/media-tools.js";
import type { FileStore, StoredFileKey } from "../../src/storage/file-store.js";
import { mediaBinaries } from "../support/media.js";

// Media for the tests of annotated frames, frame tiles and 3D backgrounds:
// plain-colour movies (so that a drawn colour is easy to find), a ZIP reader and
// a Radiance HDR encoder.

/** Writes an H.264 MP4 of one plain colour and returns its path. */
export async function makeSolidMovie(folder: string, options: { name: string; width: number; height: number; seconds: number; fps: number; colour?: string }): Promise<string> {
  const output = path.join(folder, `${options.name}.mp4`);
  const source = `color=c=${options.colour ?? "black"}:size=${options.width}x${options.height}:rate=${options.fps}:duration=${options.seconds}`;
  await runTool(mediaBinaries().ffmpeg, ["-hide_banner", "-nostdin", "-y", "-f", "lavfi", "-i", source, "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p", output]);
  return output;
}

/** Writes an H.264 MP4 whose frame n (from 0) has the red value 10 × n, so that a test can tell which frame it got. */
export async function makeCountingMovie(folder: string, options: { width: number; height: number; seconds: number; fps: number }): Promise<string> {
  const output = path.join(folder, "counting.mp4");
  const source = `color=c=black:size=${options.width}x${options.height}:rate=${options.fps}:duration=${options.seconds}`;
  await runTool(mediaBinaries().ffmpeg, [
    "-hide_banner", "-nostdin", "-y", "-f", "lavfi", "-i", source,
    "-vf", "geq=r='10*N':g=0:b=0", "-c:v", "libx264", "-preset", "ultrafast", "-qp", "0", "-pix_fmt", "yuv444p", output,
  ]);
  return output;
}

export async function putFile(store: FileStore, key: StoredFileKey, file: string): Promise<void> {
  await store.put(key, createReadStream(file));
}

export interface ZipFileEntry {
  name: string;
  data: Buffer;
}

/** Reads the entries of a ZIP archive through its central directory (stored or deflated entries). */
export function readZip(archive: Buffer): ZipFileEntry[] {
  const end = archive.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  if (end === -1) throw new Error("no end of central directory record");
  const count = archive.readUInt16LE(end + 10);
  let offset = archive.readUInt32LE(end + 16);
  const entries: ZipFileEntry[] = [];
  for (let index = 0; index < count; index += 1) {
    if (archive.readUInt32LE(offset) !== 0x02014b50) throw new Error(`bad central directory header at ${offset}`);
    const method = archive.readUInt16LE(offset + 10);
    const compressedSize = archive.readUInt32LE(offset + 20);
    const nameLength = archive.readUInt16LE(offset + 28);
    const extraLength = archive.readUInt16LE(offset + 30);
    const commentLength = archive.readUInt16LE(offset + 32);
    const localOffset = archive.readUInt32LE(offset + 42);
    const name = archive.toString("utf8", offset + 46, offset + 46 + nameLength);
    const dataStart = localOffset + 30 + archive.readUInt16LE(localOffset + 26) + archive.readUInt16LE(localOffset + 28);
    const raw = archive.subarray(dataStart, dataStart + compressedSize);
    entries.push({ name, data: method === 0 ? Buffer.from(raw) : inflateRawSync(raw) });
    offset += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

/** Encodes one RGBE pixel: the shared exponent of the largest component and 8-bit mantissas. */
function rgbe(red: number, green: number, blue: number): number[] {
  const largest = Math.max(red, green, blue);
  if (largest < 1e-32) return [0, 0, 0, 0];
  // As C's frexp: largest = mantissa × 2^exponent with the mantissa in [0.5, 1).
  const exponent = Math.floor(Math.log2(largest)) + 1;
  const scale = 256 / 2 ** exponent;
  return [Math.floor(red * scale), Math.floor(green * scale), Math.floor(blue * scale), exponent + 128];
}

/**
 * Encodes a Radiance HDR picture with run-length encoded scanlines. `pixel`
 * gives the linear radiance of each pixel. Runs of one value are written as
 * runs and everything else as literal bytes.
 */
export function encodeHdr(width: number, height: number, pixel: (x: number, y: number) => [number, number, number]): Buffer {
  const parts: Buffer[] = [Buffer.from(`#?RADIANCE\nFORMAT=32-bit_rle_rgbe\n\n-Y ${height} +X ${width}\n`, "latin1")];
  for (let y = 0; y < height; y += 1) {
    const row = Array.from({ length: width }, (_, x) => rgbe(...pixel(x, y)));
    const bytes: number[] = [2, 2, width >> 8, width & 0xff];
    for (let component = 0; component < 4; component += 1) {
      const values = row.map((item) => item[component]);
      let x = 0;
      while (x < width) {
        let run = 1;
        while (x + run < width && run < 127 && values[x + run] === values[x]) run += 1;
        if (run > 2) {
          bytes.push(128 + run, values[x]);
          x += run;
        } else {
          const count = Math.min(128, width - x, 2);
          bytes.push(count, ...values.slice(x, x + count));
          x += count;
        }
      }
    }
    parts.push(Buffer.from(bytes));
  }
  return Buffer.concat(parts);
}

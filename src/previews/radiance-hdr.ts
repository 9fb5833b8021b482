import sharp from "sharp";

// Reads Radiance RGBE pictures (.hdr), the environment maps of Kitsu's 3D
// viewer, which sharp's prebuilt libvips cannot decode. A file is a text
// header ending with a blank line, a resolution line, then scanlines of
// 4-byte pixels: three 8-bit mantissas sharing one exponent byte. Supported:
// the 32-bit_rle_rgbe format in the standard "-Y height +X width"
// orientation, with flat scanlines or the run-length encoding that stores
// each component in turn.
// NOTE: the older run-length encoding (pixels of 1, 1, 1, count) is read as
// flat pixels, which decodes such files wrongly.

/** The file is not a Radiance RGBE picture this reader supports. */
export class HdrReadError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "HdrReadError";
  }
}

export interface HdrPicture {
  readonly width: number;
  readonly height: number;
  /** Tone-mapped 8-bit sRGB, three bytes per pixel, rows from the top. */
  readonly rgb: Buffer;
}

function toneMap(radiance: number): number {
  const clamped = Math.min(1, Math.max(0, radiance));
  return Math.round(255 * clamped ** (1 / 2.2));
}

/** Reads the header lines up to the blank line and the resolution line, and returns the offset of the pixel data. */
function readHeader(bytes: Buffer): { width: number; height: number; offset: number } {
  let offset = 0;
  const nextLine = (): string => {
    const end = bytes.indexOf(0x0a, offset);
    if (end === -1) throw new HdrReadError("The HDR header ends before the picture size.");
    const line = bytes.toString("latin1", offset, end);
    offset = end + 1;
    return line;
  };

  const magic = nextLine();
  if (!magic.startsWith("#?")) throw new HdrReadError("The file is not a Radiance HDR picture: it does not start with #?.");
  for (let line = nextLine(); line !== ""; line = nextLine()) {
    const format = /^FORMAT=(.*)$/.exec(line);
    if (format !== null && format[1].trim() !== "32-bit_rle_rgbe") throw new HdrReadError(`The HDR pixel format ${format[1].trim()} is not supported: only 32-bit_rle_rgbe is.`);
  }
  const size = /^-Y (\d+) \+X (\d+)$/.exec(nextLine().trim());
  if (size === null) throw new HdrReadError("The HDR picture size is missing or not in the standard -Y height +X width orientation.");
  const height = Number(size[1]);
  const width = Number(size[2]);
  if (width < 1 || height < 1) throw new HdrReadError("The HDR picture has no pixels.");
  return { width, height, offset };
}

/** Decodes one scanline of RGBE bytes into `row` (4 bytes per pixel) and returns the offset after it. */
function readScanline(bytes: Buffer, offset: number, width: number, row: Uint8Array): number {
  const isRunLength = width >= 8 && width < 0x8000 && bytes[offset] === 2 && bytes[offset + 1] === 2 && (bytes[offset + 2] & 0x80) === 0;
  if (!isRunLength) {
    if (offset + width * 4 > bytes.length) throw new HdrReadError("The HDR pixel data is truncated.");
    row.set(bytes.subarray(offset, offset + width * 4));
    return offset + width * 4;
  }

  if (((bytes[offset + 2] << 8) | bytes[offset + 3]) !== width) throw new HdrReadError("An HDR scanline does not match the picture width.");
  let position = offset + 4;
  // Each of the four components (R, G, B, exponent) is stored in turn, as runs or literal bytes.
  for (let component = 0; component < 4; component += 1) {
    let x = 0;
    while (x < width) {
      if (position >= bytes.length) throw new HdrReadError("The HDR pixel data is truncated.");
      let count = bytes[position++];
      const isRun = count > 128;
      if (isRun) count -= 128;
      if (count === 0 || x + count > width) throw new HdrReadError("An HDR scanline has an invalid run length.");
      if (isRun) {
        const value = bytes[position++];
        for (let index = 0; index < count; index += 1) row[(x + index) * 4 + component] = value;
      } else {
        if (position + count > bytes.length) throw new HdrReadError("The HDR pixel data is truncated.");
        for (let index = 0; index < count; index += 1) row[(x + index) * 4 + component] = bytes[position++];
      }
      x += count;
    }
  }
  return position;
}

/**
 * Decodes a Radiance HDR picture into 8-bit RGB with Zou's tone mapping:
 * radiance clamped to 0–1, then a 1/2.2 gamma. Rejects pictures of more
 * than `maxPixels` pixels.
 */
export function decodeHdr(bytes: Buffer, maxPixels: number): HdrPicture {
  const { width, height, offset: start } = readHeader(bytes);
  if (width * height > maxPixels) throw new HdrReadError(`The HDR picture is ${width}×${height} pixels, more than the ${maxPixels} pixels allowed.`);
  // The smallest scanline is run-length encoded: a 4-byte header, then per channel 2 bytes for each run of up
  // to 127 pixels. A file shorter than that for its declared size is truncated: reject it before allocating.
  const runLength = width >= 8 && width <= 0x7fff;
  const smallestScanline = runLength ? 4 + 8 * Math.ceil(width / 127) : 4 * width;
  if (bytes.length - start < smallestScanline * height) {
    throw new HdrReadError(`The HDR file is truncated: ${width}×${height} pixels need at least ${smallestScanline * height} bytes of data, and it has ${bytes.length - start}.`);
  }
  const rgb = Buffer.alloc(width * height * 3);
  const row = new Uint8Array(width * 4);
  let offset = start;
  for (let y = 0; y < height; y += 1) {
    offset = readScanline(bytes, offset, width, row);
    for (let x = 0; x < width; x += 1) {
      const exponent = row[x * 4 + 3];
      // RGBE: each mantissa byte times 2^(exponent - 128 - 8), and exponent 0 is black.
      const factor = exponent === 0 ? 0 : 2 ** (exponent - 136);
      const target = (y * width + x) * 3;
      rgb[target] = toneMap(row[x * 4] * factor);
      rgb[target + 1] = toneMap(row[x * 4 + 1] * factor);
      rgb[target + 2] = toneMap(row[x * 4 + 2] * factor);
    }
  }
  return { width, height, rgb };
}

/** Writes a PNG thumbnail of a decoded HDR picture, cropped to fill `width` × `height`. */
export async function hdrThumbnail(picture: HdrPicture, width: number, height: number): Promise<Buffer> {
  return sharp(picture.rgb, { raw: { width: picture.width, height: picture.height, channels: 3 } })
    .resize(width, height, { fit: "cover" })
    .png()
    .toBuffer();
}

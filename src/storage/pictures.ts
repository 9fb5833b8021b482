import sharp, { type Metadata, type Sharp } from "sharp";

// Pictures with sharp: every variant is an 8-bit sRGB PNG, whatever the
// source (CMYK or progressive JPEG, 16-bit PNG, WebP, TIFF...), at Zou's sizes.

export interface PictureVariant {
  /** Zou's storage prefix of the variant. */
  readonly prefix: "original" | "previews" | "thumbnails" | "thumbnails-square";
  readonly width: number;
  /** 0 keeps the ratio of the source. */
  readonly height: number;
}

/** Zou's variants: the full picture, a 1200-wide preview and two thumbnails. */
export const PREVIEW_VARIANTS: readonly PictureVariant[] = [
  { prefix: "original", width: 0, height: 0 },
  { prefix: "previews", width: 1200, height: 0 },
  { prefix: "thumbnails", width: 150, height: 100 },
  { prefix: "thumbnails-square", width: 100, height: 100 },
];

/** Zou's avatar and studio logo size. */
export const AVATAR_SIZE = 400;

/** The picture is larger than MAX_IMAGE_PIXELS allows. */
export class PictureTooLargeError extends Error {
  constructor(readonly width: number, readonly height: number, readonly limit: number) {
    super(`The picture is ${width}×${height} pixels, more than the ${limit} pixels allowed`);
    this.name = "PictureTooLargeError";
  }
}

/** sharp cannot decode the file, either because it is damaged or because its format is not built in. */
export class PictureReadError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "PictureReadError";
  }
}

export interface PictureInfo {
  readonly width: number;
  readonly height: number;
  readonly format: string;
}

/** Extensions whose format sharp decodes in this build, lower-case. */
export function sharpReadableExtensions(): Set<string> {
  const extensions = new Set<string>();
  const byFormat: Record<string, string[]> = {
    jpeg: ["jpg", "jpeg", "jpe"],
    png: ["png"],
    webp: ["webp"],
    tiff: ["tif", "tiff"],
    exr: ["exr"],
  };
  for (const [format, names] of Object.entries(byFormat)) {
    const support = (sharp.format as unknown as Record<string, { input?: { file?: boolean } } | undefined>)[format];
    if (support?.input?.file === true) for (const name of names) extensions.add(name);
  }
  return extensions;
}

/**
 * Reads a picture's size and checks that it decodes, without decoding more
 * than the pixel limit allows. Throws PictureTooLargeError or PictureReadError.
 */
export async function inspectPicture(file: string, maxPixels: number): Promise<PictureInfo> {
  let metadata: Metadata;
  try {
    metadata = await sharp(file, { limitInputPixels: false }).metadata();
  } catch (error) {
    throw new PictureReadError((error as Error).message);
  }
  const width = metadata.autoOrient?.width ?? metadata.width;
  const height = metadata.autoOrient?.height ?? metadata.height;
  if (width === undefined || height === undefined || width === 0 || height === 0) {
    throw new PictureReadError("The picture has no size");
  }
  if (width * height > maxPixels) throw new PictureTooLargeError(width, height, maxPixels);

  // The header can be fine and the pixels damaged: decode a tiny version to find out.
  try {
    await sharp(file, { limitInputPixels: maxPixels, failOn: "error" }).resize(8, 8, { fit: "inside" }).raw().toBuffer();
  } catch (error) {
    throw new PictureReadError((error as Error).message);
  }
  return { width, height, format: metadata.format ?? "unknown" };
}

function pipelineFor(file: string, maxPixels: number): Sharp {
  // autoOrient applies the EXIF orientation; toColourspace("srgb") converts
  // CMYK and wide-gamut pictures through their ICC profile and makes 16-bit
  // pictures 8-bit.
  return sharp(file, { limitInputPixels: maxPixels, autoOrient: true }).toColourspace("srgb");
}

/**
 * Writes one variant of a picture as a PNG. A bounded variant fits the
 * picture inside the box, enlarging a smaller one, and centres it on a
 * transparent canvas, as Zou's thumbnails do; a 0 height keeps the ratio.
 */
export async function writePictureVariant(file: string, variant: PictureVariant, output: string, source: PictureInfo, maxPixels: number): Promise<void> {
  let image = pipelineFor(file, maxPixels);
  if (variant.width > 0 && variant.height === 0) {
    const height = Math.max(1, Math.ceil((variant.width * source.height) / source.width));
    image = image.resize(variant.width, height, { fit: "fill" });
  } else if (variant.width > 0) {
    image = image.ensureAlpha().resize(variant.width, variant.height, { fit: "contain", background: { r: 0, g: 0, b: 0, alpha: 0 } });
  }
  await image.png().toFile(output);
}

/** Writes a square avatar or logo: the picture fitted in 400 × 400 on a transparent canvas. */
export async function writeAvatar(file: string, output: string, maxPixels: number): Promise<void> {
  await pipelineFor(file, maxPixels)
    .ensureAlpha()
    .resize(AVATAR_SIZE, AVATAR_SIZE, { fit: "contain", background: { r: 0, g: 0, b: 0, alpha: 0 } })
    .png()
    .toFile(output);
}

import { BadRequestError } from "../errors.js";

// Reads the clips of an OpenTimelineIO file (.otio, a JSON document) the way
// Zou's OTIO import reads them through the opentimelineio library. It lists
// every clip sitting directly in a video track of the timeline, with its
// position in the track and its length in frames.

export interface OtioClip {
  /** The clip name without extension, or the media file name when the clip has none. */
  name: string;
  /** First frame of the clip in its track, counted from the track start. */
  frameIn: number | null;
  /** Last frame of the clip in its track (inclusive). */
  frameOut: number | null;
  /** Length of the clip's source range in frames. */
  nbFrames: number | null;
}

interface RationalTime {
  value: number;
  rate: number;
}

interface TimeRange {
  start: RationalTime;
  duration: RationalTime;
}

type OtioObject = Record<string, unknown>;

function isObject(value: unknown): value is OtioObject {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

/** The schema name without its version: "Clip.2" is "Clip". */
function schemaOf(value: unknown): string {
  if (!isObject(value) || typeof value.OTIO_SCHEMA !== "string") return "";
  return value.OTIO_SCHEMA.split(".")[0];
}

function readTime(value: unknown): RationalTime | null {
  if (!isObject(value) || typeof value.value !== "number" || typeof value.rate !== "number" || value.rate <= 0) return null;
  return { value: value.value, rate: value.rate };
}

function readRange(value: unknown): TimeRange | null {
  if (!isObject(value)) return null;
  const start = readTime(value.start_time);
  const duration = readTime(value.duration);
  return start === null || duration === null ? null : { start, duration };
}

/** Frames of a time at its own rate, as RationalTime.to_frames() truncates them. */
function toFrames(time: RationalTime): number {
  return Math.trunc(time.value);
}

/** Converts a time to a value at another rate. */
function rescale(time: RationalTime, rate: number): number {
  return (time.value * rate) / time.rate;
}

function mediaReferenceOf(clip: OtioObject): OtioObject | null {
  if (isObject(clip.media_reference)) return clip.media_reference;
  // Clip.2 keeps several references and names the active one.
  if (isObject(clip.media_references) && typeof clip.active_media_reference_key === "string") {
    const active = clip.media_references[clip.active_media_reference_key];
    if (isObject(active)) return active;
  }
  return null;
}

function stripExtension(name: string): string {
  const dot = name.lastIndexOf(".");
  return dot > 0 ? name.slice(0, dot) : name;
}

function clipName(clip: OtioObject): string {
  const own = typeof clip.name === "string" ? stripExtension(clip.name) : "";
  if (own !== "") return own;
  const reference = mediaReferenceOf(clip);
  if (reference === null) return "";
  if (typeof reference.name_prefix === "string" && reference.name_prefix !== "") return reference.name_prefix;
  if (typeof reference.name === "string" && reference.name !== "") return stripExtension(reference.name);
  if (typeof reference.target_url === "string" && reference.target_url !== "") {
    const base = reference.target_url.split(/[\\/]/).pop() ?? "";
    return stripExtension(base);
  }
  return "";
}

/** Returns the range an item occupies: its source range, or the media's available range for a clip without one. */
function itemRange(item: OtioObject): TimeRange | null {
  const own = readRange(item.source_range);
  if (own !== null) return own;
  const reference = schemaOf(item) === "Clip" ? mediaReferenceOf(item) : null;
  return reference === null ? null : readRange(reference.available_range);
}

/** Reads the video tracks of a timeline, or throws BAD_USER_INPUT when the document is not one. */
function videoTracks(document: unknown): OtioObject[] {
  if (schemaOf(document) !== "Timeline") throw new BadRequestError("Failed to parse OTIO file: the document is not an OpenTimelineIO timeline.");
  const stack = (document as OtioObject).tracks;
  if (!isObject(stack) || !Array.isArray(stack.children)) throw new BadRequestError("Failed to parse OTIO file: the timeline has no tracks.");
  return stack.children.filter((track): track is OtioObject => schemaOf(track) === "Track" && isObject(track) && (track.kind ?? "Video") === "Video");
}

/**
 * Lists the clips of the timeline's video tracks in order. A clip's
 * position is the sum of the lengths of the items before it (transitions
 * take no time), shifted by the track's own trim when it has one.
 */
export function readOtioClips(text: string): OtioClip[] {
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch {
    throw new BadRequestError("Failed to parse OTIO file: it is not JSON. Send an OpenTimelineIO (.otio) or a CMX 3600 (.edl) file.");
  }

  const clips: OtioClip[] = [];
  for (const track of videoTracks(document)) {
    const children = Array.isArray(track.children) ? track.children : [];
    const trackTrim = readRange(track.source_range);
    let position: number | null = 0;
    let positionRate: number | null = null;
    for (const item of children) {
      if (!isObject(item)) continue;
      const kind = schemaOf(item);
      const range = kind === "Transition" ? null : itemRange(item);
      if (kind === "Clip") {
        const rate = range?.duration.rate ?? null;
        let frameIn: number | null = null;
        let frameOut: number | null = null;
        if (range !== null && position !== null && rate !== null) {
          const offset = trackTrim === null ? 0 : rescale(trackTrim.start, rate);
          const start = rescale({ value: position, rate: positionRate ?? rate }, rate) - offset;
          frameIn = Math.trunc(start);
          frameOut = Math.trunc(start + range.duration.value - 1);
        }
        clips.push({ name: clipName(item), frameIn, frameOut, nbFrames: range === null ? null : toFrames(range.duration) });
      }
      if (kind === "Transition") continue;
      if (range === null) {
        position = null;
        continue;
      }
      if (position !== null) {
        positionRate ??= range.duration.rate;
        position += rescale(range.duration, positionRate);
      }
    }
  }
  return clips;
}

/** Reads "HH:MM:SS:FF" (or ";" before the frames, for drop-frame) as a frame count at a whole frame rate. */
function timecodeFrames(timecode: string, rate: number): number | null {
  const match = /^(\d{1,2}):(\d{2}):(\d{2})[:;.](\d{2,3})$/.exec(timecode);
  if (match === null) return null;
  const [hours, minutes, seconds, frames] = match.slice(1).map(Number);
  return ((hours * 60 + minutes) * 60 + seconds) * rate + frames;
}

/**
 * Lists the clips of a CMX 3600 EDL as OpenTimelineIO's EDL reader places
 * them: positions come from the record timecodes, counted from the first
 * event, and lengths from the source timecodes. A clip is named by its
 * "FROM CLIP NAME" comment, or by its reel when it has none.
 */
export function readEdlClips(text: string, fps: number): OtioClip[] {
  const rate = Math.round(fps);
  if (!Number.isFinite(rate) || rate <= 0) throw new BadRequestError(`Failed to parse EDL file: invalid project frame rate ${fps}.`);

  const clips: (OtioClip & { recordIn: number })[] = [];
  for (const rawLine of text.split(/\r?\n/)) {
    const line = rawLine.trim();
    const event = /^(\d{1,6})\s+(\S+)\s+(\S+)\s+(C|D|W\d+|K\s*B?)\s+(?:\d+\s+)?(\S+)\s+(\S+)\s+(\S+)\s+(\S+)$/.exec(line);
    if (event !== null) {
      const [, , reel, track, , sourceIn, sourceOut, recordIn, recordOut] = event;
      if (!track.toUpperCase().startsWith("V")) continue;
      const times = [sourceIn, sourceOut, recordIn, recordOut].map((timecode) => timecodeFrames(timecode, rate));
      if (times.some((value) => value === null)) throw new BadRequestError(`Failed to parse EDL file: invalid timecode in "${line.slice(0, 80)}".`);
      const [sourceStart, sourceEnd, recordStart, recordEnd] = times as number[];
      clips.push({ name: reel, recordIn: recordStart, frameIn: recordStart, frameOut: recordEnd - 1, nbFrames: sourceEnd - sourceStart });
      continue;
    }
    const clipName = /^\*\s*FROM CLIP NAME:\s*(.+)$/i.exec(line);
    if (clipName !== null && clips.length > 0) clips[clips.length - 1].name = stripExtension(clipName[1].trim());
  }
  if (clips.length === 0) throw new BadRequestError("Failed to parse EDL file: no video event found.");

  const origin = Math.min(...clips.map((clip) => clip.recordIn));
  return clips.map(({ recordIn: _recordIn, ...clip }) => ({
    ...clip,
    frameIn: (clip.frameIn as number) - origin,
    frameOut: (clip.frameOut as number) - origin,
  }));
}

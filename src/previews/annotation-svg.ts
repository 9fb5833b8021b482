// Draws Kitsu's annotation objects as SVG, so that sharp can composite them
// over a frame. Kitsu's player stores each drawing as fabric.js objects:
// freehand paths, lines, rectangles, circles, ellipses, polylines, polygons,
// text and groups. A fabric object places its local shape with `left` and
// `top` (its origin, the top-left corner by default), `scaleX`, `scaleY` and
// `angle`. The SVG below applies the same transform. Objects are drawn in
// the coordinates of the canvas they were drawn on (`canvasWidth` ×
// `canvasHeight`), scaled to the frame.
// NOTE: shadows, gradients, patterns and erasers are not drawn, and text is
// laid out with an approximate line height.

type FabricObject = Record<string, unknown>;

interface Point {
  x: number;
  y: number;
}

/** fabric.js line height of text, in font sizes: its lineHeight (1.16) times its font size multiplier (1.13). */
const TEXT_LINE_STEP = 1.16 * 1.13;
/** Distance from the top of a text line to its baseline, in font sizes (an estimate for common sans-serif fonts). */
const TEXT_ASCENT = 0.9;

function numberOf(value: unknown, fallback: number): number {
  return typeof value === "number" && Number.isFinite(value) ? value : fallback;
}

function format(value: number): string {
  return String(Math.round(value * 1000) / 1000);
}

function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (character) => `&#${character.charCodeAt(0)};`);
}

/** Returns a CSS colour from the object, or undefined when it is missing, transparent or not a plain colour notation. */
function colourOf(value: unknown): string | undefined {
  if (typeof value !== "string") return undefined;
  const text = value.trim();
  if (text === "" || text === "transparent") return undefined;
  if (!/^(#[0-9a-fA-F]{3,8}|[a-zA-Z]{3,30}|(rgb|rgba|hsl|hsla)\([0-9.,%\s]+\))$/.test(text)) return undefined;
  return text;
}

function enumOf(value: unknown, allowed: readonly string[], fallback: string): string {
  return typeof value === "string" && allowed.includes(value) ? value : fallback;
}

/** Returns the stroke and fill attributes. Shapes whose body is their stroke (paths, lines) default to a black stroke. */
function paintAttributes(object: FabricObject, strokeIsBody: boolean): string {
  const stroke = colourOf(object.stroke) ?? (strokeIsBody ? colourOf(object.fill) ?? "#000000" : undefined);
  const fill = strokeIsBody ? undefined : colourOf(object.fill);
  const strokeWidth = Math.max(0, numberOf(object.strokeWidth, 1));
  const parts = [
    `fill="${fill === undefined ? "none" : escapeXml(fill)}"`,
    `stroke="${stroke === undefined ? "none" : escapeXml(stroke)}"`,
    `stroke-width="${format(strokeWidth)}"`,
    `stroke-linecap="${enumOf(object.strokeLineCap, ["butt", "round", "square"], strokeIsBody ? "round" : "butt")}"`,
    `stroke-linejoin="${enumOf(object.strokeLineJoin, ["miter", "round", "bevel"], strokeIsBody ? "round" : "miter")}"`,
  ];
  const opacity = numberOf(object.opacity, 1);
  if (opacity < 1) parts.push(`opacity="${format(Math.max(0, opacity))}"`);
  return parts.join(" ");
}

/**
 * Returns the SVG transform that fabric.js applies to an object whose local shape
 * is centred on `pivot`: translate to the object's centre, rotate, scale,
 * then move the pivot to the origin. fabric measures the box from `left`
 * and `top` with the stroke width included, and rotates it around that origin.
 */
function objectTransform(object: FabricObject, pivot: Point): string {
  const scaleX = numberOf(object.scaleX, 1);
  const scaleY = numberOf(object.scaleY, 1);
  const angle = numberOf(object.angle, 0);
  // fabric's default stroke width is 1.
  const strokeWidth = numberOf(object.strokeWidth, 1);
  const boxWidth = (numberOf(object.width, 0) + strokeWidth) * scaleX;
  const boxHeight = (numberOf(object.height, 0) + strokeWidth) * scaleY;
  const originShift = (origin: unknown, size: number) => {
    if (origin === "center") return 0;
    if (origin === "right" || origin === "bottom") return -size / 2;
    return size / 2;
  };
  const dx = originShift(object.originX, boxWidth);
  const dy = originShift(object.originY, boxHeight);
  const radians = (angle * Math.PI) / 180;
  const centreX = numberOf(object.left, 0) + dx * Math.cos(radians) - dy * Math.sin(radians);
  const centreY = numberOf(object.top, 0) + dx * Math.sin(radians) + dy * Math.cos(radians);
  return `translate(${format(centreX)} ${format(centreY)}) rotate(${format(angle)}) scale(${format(scaleX)} ${format(scaleY)}) translate(${format(-pivot.x)} ${format(-pivot.y)})`;
}

interface Box {
  minX: number;
  minY: number;
  maxX: number;
  maxY: number;
}

/** Returns the bounds of the points, in a loop: spreading a long path into Math.min overflows the call stack. */
function boundsOf(points: readonly Point[]): Box {
  const box = { minX: Infinity, minY: Infinity, maxX: -Infinity, maxY: -Infinity };
  for (const point of points) {
    if (point.x < box.minX) box.minX = point.x;
    if (point.x > box.maxX) box.maxX = point.x;
    if (point.y < box.minY) box.minY = point.y;
    if (point.y > box.maxY) box.maxY = point.y;
  }
  return box;
}

function boxCentre(points: readonly Point[]): Point {
  if (points.length === 0) return { x: 0, y: 0 };
  const box = boundsOf(points);
  return { x: (box.minX + box.maxX) / 2, y: (box.minY + box.maxY) / 2 };
}

/** Returns the pivot of a shape stored in canvas coordinates: fabric's `pathOffset`, else the centre of its points. */
function pointsPivot(object: FabricObject, points: readonly Point[]): Point {
  const offset = object.pathOffset as { x?: unknown; y?: unknown } | undefined;
  if (typeof offset === "object" && offset !== null) return { x: numberOf(offset.x, 0), y: numberOf(offset.y, 0) };
  return boxCentre(points);
}

/**
 * Fills a missing `left`, `top`, `width` or `height` from the box of the
 * shape's points, as fabric computes them when it loads such an object, so
 * that the shape stays where its points are.
 */
function withPointsBox(object: FabricObject, points: readonly Point[]): FabricObject {
  if (points.length === 0) return object;
  const box = boundsOf(points);
  const strokeWidth = numberOf(object.strokeWidth, 1);
  return {
    ...object,
    left: object.left ?? box.minX - strokeWidth / 2,
    top: object.top ?? box.minY - strokeWidth / 2,
    width: object.width ?? box.maxX - box.minX,
    height: object.height ?? box.maxY - box.minY,
    strokeWidth,
  };
}

const PATH_COMMANDS = /^[MLHVCSQTAZmlhvcsqtaz]$/;

interface ParsedPath {
  data: string;
  anchors: Point[];
}

/** Reads fabric's path, a list of commands such as ["M", x, y] or an SVG path string; only commands and numbers are kept. */
function parsePath(value: unknown): ParsedPath | null {
  let commands: unknown[][];
  if (typeof value === "string") {
    commands = [...value.matchAll(/([A-Za-z])([^A-Za-z]*)/g)].map((match) => [
      match[1],
      ...(match[2].match(/-?\d*\.?\d+(?:e[-+]?\d+)?/gi) ?? []).map(Number),
    ]);
  } else if (Array.isArray(value)) {
    commands = value.filter(Array.isArray) as unknown[][];
  } else {
    return null;
  }

  const parts: string[] = [];
  const anchors: Point[] = [];
  for (const command of commands) {
    const [letter, ...values] = command;
    if (typeof letter !== "string" || !PATH_COMMANDS.test(letter)) continue;
    if (!values.every((item) => typeof item === "number" && Number.isFinite(item))) continue;
    const numbers = values as number[];
    parts.push([letter, ...numbers.map(format)].join(" "));
    // The last pair of an absolute command is where the pen lands.
    if (letter === letter.toUpperCase() && numbers.length >= 2 && letter !== "A") {
      anchors.push({ x: numbers[numbers.length - 2], y: numbers[numbers.length - 1] });
    }
  }
  return parts.length === 0 ? null : { data: parts.join(" "), anchors };
}

function pointsOf(value: unknown): Point[] {
  if (!Array.isArray(value)) return [];
  return value
    .filter((item): item is { x: unknown; y: unknown } => typeof item === "object" && item !== null)
    .map((item) => ({ x: numberOf(item.x, NaN), y: numberOf(item.y, NaN) }))
    .filter((point) => Number.isFinite(point.x) && Number.isFinite(point.y));
}

function drawPath(object: FabricObject): string {
  const parsed = parsePath(object.path);
  if (parsed === null) return "";
  const transform = objectTransform(withPointsBox(object, parsed.anchors), pointsPivot(object, parsed.anchors));
  return `<path transform="${transform}" d="${parsed.data}" ${paintAttributes(object, true)}/>`;
}

function drawPoints(object: FabricObject, element: "polyline" | "polygon", source: unknown): string {
  const points = pointsOf(source);
  if (points.length < 2) return "";
  const transform = objectTransform(withPointsBox(object, points), pointsPivot(object, points));
  const list = points.map((point) => `${format(point.x)},${format(point.y)}`).join(" ");
  return `<${element} transform="${transform}" points="${list}" ${paintAttributes(object, element === "polyline")}/>`;
}

function drawLine(object: FabricObject): string {
  const x1 = numberOf(object.x1, 0);
  const y1 = numberOf(object.y1, 0);
  const x2 = numberOf(object.x2, 0);
  const y2 = numberOf(object.y2, 0);
  // fabric stores a line's ends in canvas coordinates and draws them around their middle.
  const middle = { x: (x1 + x2) / 2, y: (y1 + y2) / 2 };
  const sized = { ...object, width: object.width ?? Math.abs(x2 - x1), height: object.height ?? Math.abs(y2 - y1) };
  const transform = objectTransform(sized, middle);
  return `<line transform="${transform}" x1="${format(x1)}" y1="${format(y1)}" x2="${format(x2)}" y2="${format(y2)}" ${paintAttributes(object, true)}/>`;
}

function drawRect(object: FabricObject): string {
  const width = numberOf(object.width, 0);
  const height = numberOf(object.height, 0);
  const transform = objectTransform(object, { x: 0, y: 0 });
  const rx = numberOf(object.rx, 0);
  const ry = numberOf(object.ry, 0);
  const corners = rx > 0 || ry > 0 ? ` rx="${format(rx)}" ry="${format(ry)}"` : "";
  return `<rect transform="${transform}" x="${format(-width / 2)}" y="${format(-height / 2)}" width="${format(width)}" height="${format(height)}"${corners} ${paintAttributes(object, false)}/>`;
}

function drawEllipse(object: FabricObject, isCircle: boolean): string {
  const radius = numberOf(object.radius, NaN);
  const rx = isCircle && Number.isFinite(radius) ? radius : numberOf(object.rx, numberOf(object.width, 0) / 2);
  const ry = isCircle && Number.isFinite(radius) ? radius : numberOf(object.ry, numberOf(object.height, 0) / 2);
  const sized = { ...object, width: object.width ?? rx * 2, height: object.height ?? ry * 2 };
  const transform = objectTransform(sized, { x: 0, y: 0 });
  return `<ellipse transform="${transform}" cx="0" cy="0" rx="${format(rx)}" ry="${format(ry)}" ${paintAttributes(object, false)}/>`;
}

function drawText(object: FabricObject): string {
  if (typeof object.text !== "string" || object.text === "") return "";
  const fontSize = Math.max(1, numberOf(object.fontSize, 40));
  const lines = object.text.split(/\r?\n/);
  const width = numberOf(object.width, 0);
  const height = numberOf(object.height, lines.length * fontSize * TEXT_LINE_STEP);
  const sized = { ...object, height };
  const transform = objectTransform(sized, { x: 0, y: 0 });
  const align = enumOf(object.textAlign, ["left", "center", "right"], "left");
  let anchor = "start";
  let x = -width / 2;
  if (align === "center") {
    anchor = "middle";
    x = 0;
  } else if (align === "right") {
    anchor = "end";
    x = width / 2;
  }
  const family = typeof object.fontFamily === "string" ? object.fontFamily.replace(/[^A-Za-z0-9 _-]/g, "") : "";
  const fill = colourOf(object.fill) ?? "#000000";
  const weight = enumOf(String(object.fontWeight ?? "normal"), ["normal", "bold", "100", "200", "300", "400", "500", "600", "700", "800", "900"], "normal");
  const style = enumOf(object.fontStyle, ["normal", "italic", "oblique"], "normal");
  const tspans = lines
    .map((line, index) => `<tspan x="${format(x)}" y="${format(-height / 2 + index * fontSize * TEXT_LINE_STEP + fontSize * TEXT_ASCENT)}">${escapeXml(line)}</tspan>`)
    .join("");
  const opacity = numberOf(object.opacity, 1) < 1 ? ` opacity="${format(Math.max(0, numberOf(object.opacity, 1)))}"` : "";
  return `<text transform="${transform}" font-family="${escapeXml(family === "" ? "sans-serif" : `${family}, sans-serif`)}" font-size="${format(fontSize)}" font-weight="${weight}" font-style="${style}" text-anchor="${anchor}" fill="${escapeXml(fill)}"${opacity}>${tspans}</text>`;
}

/** Draws a group, whose children are placed around its centre. */
function drawGroup(object: FabricObject, depth: number): string {
  const children = Array.isArray(object.objects) ? object.objects : [];
  const transform = objectTransform(object, { x: 0, y: 0 });
  const inner = children.map((child) => drawObject(child, depth + 1)).join("");
  return inner === "" ? "" : `<g transform="${transform}">${inner}</g>`;
}

/** Groups nest at most this deep, so that a hostile annotation cannot exhaust the stack. */
const MAX_GROUP_DEPTH = 8;

function drawObject(value: unknown, depth: number): string {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return "";
  const object = value as FabricObject;
  if (object.visible === false) return "";
  const type = typeof object.type === "string" ? object.type.toLowerCase() : "";
  switch (type) {
    case "path":
      return drawPath(object);
    case "line":
      return drawLine(object);
    case "rect":
      return drawRect(object);
    case "circle":
      return drawEllipse(object, true);
    case "ellipse":
      return drawEllipse(object, false);
    case "polyline":
      return drawPoints(object, "polyline", object.points);
    case "polygon":
      return drawPoints(object, "polygon", object.points);
    case "psstroke":
      return drawPoints(object, "polyline", object.strokePoints);
    case "text":
    case "i-text":
    case "itext":
    case "textbox":
      return drawText(object);
    case "group":
      return depth < MAX_GROUP_DEPTH ? drawGroup(object, depth) : "";
    default:
      return "";
  }
}

/** Returns the drawing objects of one annotation ({time, drawing: {objects}}), or an empty list. */
export function annotationObjects(annotation: unknown): unknown[] {
  if (typeof annotation !== "object" || annotation === null) return [];
  const drawing = (annotation as { drawing?: unknown }).drawing;
  if (typeof drawing !== "object" || drawing === null) return [];
  const objects = (drawing as { objects?: unknown }).objects;
  return Array.isArray(objects) ? objects : [];
}

/**
 * Builds an SVG of `width` × `height` pixels with the objects drawn on a
 * transparent background. Each object is scaled from its own canvas size
 * (`canvasWidth`, `canvasHeight`, the frame's size when missing).
 */
export function annotationSvg(objects: readonly unknown[], width: number, height: number): string {
  const drawn = objects.map((value) => {
    const object = (typeof value === "object" && value !== null ? value : {}) as FabricObject;
    const shape = drawObject(value, 0);
    if (shape === "") return "";
    const scaleX = width / Math.max(1, numberOf(object.canvasWidth, width));
    const scaleY = height / Math.max(1, numberOf(object.canvasHeight, height));
    return `<g transform="scale(${format(scaleX)} ${format(scaleY)})">${shape}</g>`;
  });
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">${drawn.join("")}</svg>`;
}

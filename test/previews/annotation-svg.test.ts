import sharp from "sharp";
import { describe, expect, it } from "vitest";
import { annotationObjects, annotationSvg } from "../../src/previews/annotation-svg.js";

// Kitsu's fabric.js drawing objects rendered as SVG by sharp: each case
// checks a pixel on the shape and one off it.

const WIDTH = 200;
const HEIGHT = 100;

type Rgba = [number, number, number, number];

async function render(objects: unknown[], width = WIDTH, height = HEIGHT): Promise<(x: number, y: number) => Rgba> {
  const { data, info } = await sharp(Buffer.from(annotationSvg(objects, width, height))).ensureAlpha().raw().toBuffer({ resolveWithObject: true });
  expect([info.width, info.height]).toEqual([width, height]);
  return (x, y) => {
    const offset = (y * info.width + x) * info.channels;
    return [data[offset], data[offset + 1], data[offset + 2], data[offset + 3]];
  };
}

const RED: Rgba = [255, 0, 0, 255];
const CLEAR: Rgba = [0, 0, 0, 0];

describe("annotation SVG", () => {
  it("draws a filled rectangle at left and top", async () => {
    const pixel = await render([{ type: "rect", left: 10, top: 20, width: 30, height: 10, fill: "#ff0000", strokeWidth: 0 }]);
    expect(pixel(25, 25)).toEqual(RED);
    expect(pixel(45, 25)).toEqual(CLEAR);
  });

  it("draws only the outline of an unfilled rectangle", async () => {
    const pixel = await render([{ type: "rect", left: 10, top: 10, width: 60, height: 60, fill: "transparent", stroke: "#ff0000", strokeWidth: 4 }]);
    expect(pixel(12, 40)).toEqual(RED);
    expect(pixel(40, 40)).toEqual(CLEAR);
  });

  it("rotates a rectangle around its origin", async () => {
    // A 40 × 10 bar turned 90° around (100, 10) hangs down to the left of x = 100.
    const pixel = await render([{ type: "rect", left: 100, top: 10, width: 40, height: 10, angle: 90, fill: "#ff0000", strokeWidth: 0 }]);
    expect(pixel(95, 40)).toEqual(RED);
    expect(pixel(120, 15)).toEqual(CLEAR);
  });

  it("draws a circle from its radius", async () => {
    const pixel = await render([{ type: "circle", left: 50, top: 20, radius: 20, width: 40, height: 40, fill: "#ff0000", strokeWidth: 0 }]);
    expect(pixel(70, 40)).toEqual(RED);
    expect(pixel(52, 22)).toEqual(CLEAR);
  });

  it("draws an ellipse outline", async () => {
    const pixel = await render([{ type: "ellipse", left: 20, top: 20, rx: 40, ry: 20, width: 80, height: 40, stroke: "#ff0000", strokeWidth: 4, fill: "" }]);
    expect(pixel(62, 22)).toEqual(RED);
    expect(pixel(62, 42)).toEqual(CLEAR);
  });

  it("draws a line between its ends", async () => {
    const pixel = await render([{ type: "line", x1: 20, y1: 50, x2: 180, y2: 50, left: 17, top: 47, width: 160, height: 0, stroke: "#ff0000", strokeWidth: 6 }]);
    expect(pixel(100, 50)).toEqual(RED);
    expect(pixel(100, 70)).toEqual(CLEAR);
  });

  it("draws a freehand path given as commands", async () => {
    const pixel = await render([{ type: "path", path: [["M", 20, 80], ["Q", 60, 80, 100, 80], ["L", 150, 80]], stroke: "#ff0000", strokeWidth: 8 }]);
    expect(pixel(120, 80)).toEqual(RED);
    expect(pixel(120, 60)).toEqual(CLEAR);
  });

  it("places a moved path through its pathOffset", async () => {
    // The path was drawn around (50, 50) and then moved so that its box starts at (116, 46).
    const pixel = await render([{ type: "path", path: "M 30 50 L 70 50", pathOffset: { x: 50, y: 50 }, left: 116, top: 46, width: 40, height: 0, stroke: "#ff0000", strokeWidth: 8 }]);
    expect(pixel(140, 50)).toEqual(RED);
    expect(pixel(50, 50)).toEqual(CLEAR);
  });

  it("draws a polyline and a polygon", async () => {
    const pixel = await render([
      { type: "polyline", points: [{ x: 10, y: 10 }, { x: 90, y: 10 }], stroke: "#ff0000", strokeWidth: 6, fill: "" },
      { type: "polygon", points: [{ x: 120, y: 20 }, { x: 180, y: 20 }, { x: 150, y: 80 }], fill: "#ff0000", strokeWidth: 0 },
    ]);
    expect(pixel(50, 10)).toEqual(RED);
    expect(pixel(150, 40)).toEqual(RED);
    expect(pixel(50, 40)).toEqual(CLEAR);
  });

  it("draws text in its fill colour", async () => {
    const pixel = await render([{ type: "i-text", text: "█████", left: 10, top: 10, width: 150, height: 45, fontSize: 40, fill: "#ff0000", fontFamily: "DejaVu Sans" }]);
    let red = 0;
    for (let x = 10; x < 160; x += 1) for (let y = 10; y < 55; y += 1) if (pixel(x, y)[0] > 200 && pixel(x, y)[3] > 200) red += 1;
    expect(red).toBeGreaterThan(500);
    expect(pixel(190, 90)).toEqual(CLEAR);
  });

  it("scales objects from their canvas size", async () => {
    const pixel = await render([{ type: "rect", left: 10, top: 10, width: 10, height: 10, fill: "#ff0000", strokeWidth: 0, canvasWidth: 100, canvasHeight: 50 }]);
    // On a canvas of half the size, (10..20, 10..20) becomes (20..40, 20..40).
    expect(pixel(35, 35)).toEqual(RED);
    expect(pixel(15, 15)).toEqual(CLEAR);
  });

  it("places group children around the group centre", async () => {
    const child = { type: "rect", left: -10, top: -10, width: 20, height: 20, fill: "#ff0000", strokeWidth: 0 };
    const pixel = await render([{ type: "group", left: 80, top: 30, width: 40, height: 40, strokeWidth: 0, objects: [child] }]);
    expect(pixel(100, 50)).toEqual(RED);
    expect(pixel(85, 35)).toEqual(CLEAR);
  });

  it("escapes text and drops unsafe colours", async () => {
    const svg = annotationSvg([
      { type: "text", text: "<script>&\"", left: 0, top: 0, width: 50, height: 20, fontSize: 12, fill: "red\" onload=\"x" },
      { type: "path", path: "M 0 0 L 10 10 <bad>", stroke: "url(http://127.0.0.1/x)" },
    ], 50, 50);
    expect(svg).not.toContain("<script>");
    expect(svg).not.toContain("onload");
    expect(svg).not.toContain("url(");
    expect(svg).toContain("&#60;script&#62;");
    await render([], 50, 50);
  });

  it("ignores unknown types and broken values", async () => {
    const pixel = await render([null, 3, { type: "image", src: "x" }, { type: "rect", left: "a", width: null }, { type: "path", path: 5 }]);
    expect(pixel(10, 10)).toEqual(CLEAR);
  });

  it("reads the objects of an annotation", () => {
    expect(annotationObjects({ time: 1, drawing: { objects: [{ type: "rect" }] } })).toHaveLength(1);
    expect(annotationObjects({ time: 1 })).toEqual([]);
    expect(annotationObjects(null)).toEqual([]);
  });
});

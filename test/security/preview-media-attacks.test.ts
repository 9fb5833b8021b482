import { afterEach, describe, expect, it, vi } from "vitest";
import { annotationSvg } from "../../src/previews/annotation-svg.js";
import { decodeHdr, HdrReadError } from "../../src/previews/radiance-hdr.js";

// Hostile inputs for the HDR reader of 3D backgrounds and the SVG writer of
// annotated frames. Both run on files and drawings that users upload.

/** Default of MAX_IMAGE_PIXELS in src/config.ts. */
const DEFAULT_MAX_PIXELS = 268_402_689;

afterEach(() => {
  vi.restoreAllMocks();
});

describe("HDR reader", () => {
  it("rejects huge header before allocating", () => {
    // 16383 × 16383 pixels fit under the default limit, so the declared size alone passes the check.
    const header = Buffer.from("#?RADIANCE\nFORMAT=32-bit_rle_rgbe\n\n-Y 16383 +X 16383\n", "latin1");
    const alloc = vi.spyOn(Buffer, "alloc");
    expect(() => decodeHdr(header, DEFAULT_MAX_PIXELS)).toThrow(HdrReadError);
    const largest = Math.max(0, ...alloc.mock.calls.map((call) => Number(call[0])));
    // The file contains no pixel data, so nothing near width × height × 3 bytes (805 MB) should be allocated.
    expect(largest).toBeLessThan(64 * 1024 * 1024);
  });

  it("rejects an unsafe integer size", () => {
    const header = Buffer.from("#?RADIANCE\n\n-Y 99999999999999999999 +X 1\n", "latin1");
    expect(() => decodeHdr(header, DEFAULT_MAX_PIXELS)).toThrow(HdrReadError);
  });

  it("rejects a truncated run-length scanline", () => {
    const header = Buffer.from("#?RADIANCE\n\n-Y 1 +X 8\n", "latin1");
    const scanline = Buffer.from([2, 2, 0, 8, 0x88]);
    expect(() => decodeHdr(Buffer.concat([header, scanline]), DEFAULT_MAX_PIXELS)).toThrow(HdrReadError);
  });
});

describe("annotation SVG", () => {
  it("draws a 200000-anchor path", () => {
    const path = `M0 0${" L1 1".repeat(200_000)}`;
    expect(() => annotationSvg([{ type: "path", path }], 640, 360)).not.toThrow();
  });

  it("draws a 200000-point polyline", () => {
    const points = Array.from({ length: 200_000 }, (_, index) => ({ x: index, y: index }));
    expect(() => annotationSvg([{ type: "polyline", points }], 640, 360)).not.toThrow();
  });

  it("escapes script text and colours", () => {
    const svg = annotationSvg(
      [{ type: "i-text", text: "</text><script>alert(1)</script>", fill: "\"/><script>x</script>", left: 1e308, top: -1e308, fontSize: 1e308 }],
      640,
      360,
    );
    expect(svg).not.toContain("<script>");
  });
});

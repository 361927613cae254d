import { encodePng } from "./png.ts";

/**
 * A small raster canvas for the charts: filled rectangles, hatching, dashes, and anti-aliased lines
 * and dots, drawn at SCALE times the display size so the PNGs stay sharp on high-density screens.
 */

/** Pixels per CSS pixel of the charts. */
export const SCALE = 2;

type Rgb = readonly [number, number, number];

const hex = (value: string): Rgb => {
  const n = Number.parseInt(value.slice(1), 16);
  return [(n >> 16) & 0xff, (n >> 8) & 0xff, n & 0xff];
};

// The email's own palette (html-kit.ts): Tailwind grays, blue-700/300, red-700/300, orange-600.
export const INK = {
  card: hex("#f9fafb"),
  border: hex("#e5e7eb"),
  grid: hex("#e5e7eb"),
  axis: hex("#6b7280"),
  highlight: hex("#e0e7ff"),
  bar: hex("#1d4ed8"),
  barLight: hex("#93c5fd"),
  bad: hex("#b91c1c"),
  badLight: hex("#fca5a5"),
  hatch: hex("#d1d5db"),
  hatchStrong: hex("#9ca3af"),
  line: hex("#ea580c"),
} as const;

/** Anti-aliasing in quarter steps: smooth enough at 2x, and few colours, so the palette PNG stays small. */
const AA_STEPS = 4;

export class Canvas {
  readonly rgba: Uint8Array;

  constructor(
    readonly width: number,
    readonly height: number,
    background: Rgb,
  ) {
    this.rgba = new Uint8Array(width * height * 4);
    this.fill(0, 0, width, height, background);
  }

  private put(x: number, y: number, c: Rgb, alpha = 1): void {
    const i = (y * this.width + x) * 4;
    if (alpha >= 1) {
      this.rgba[i] = c[0];
      this.rgba[i + 1] = c[1];
      this.rgba[i + 2] = c[2];
      this.rgba[i + 3] = 255;
      return;
    }
    for (let k = 0; k < 3; k++) {
      const under = this.rgba[i + k] ?? 0;
      this.rgba[i + k] = Math.round(under + ((c[k] ?? 0) - under) * alpha);
    }
    this.rgba[i + 3] = 255;
  }

  /** Fills [x0, x1) x [y0, y1), rounded to whole pixels and clipped to the canvas. */
  fill(x0: number, y0: number, x1: number, y1: number, c: Rgb, pattern?: (x: number, y: number) => boolean): void {
    const xa = Math.max(0, Math.round(x0));
    const xb = Math.min(this.width, Math.round(x1));
    const ya = Math.max(0, Math.round(y0));
    const yb = Math.min(this.height, Math.round(y1));
    for (let y = ya; y < yb; y++) for (let x = xa; x < xb; x++) if (!pattern || pattern(x, y)) this.put(x, y, c);
  }

  /** Diagonal stripes: the "no value" placeholder. */
  hatch(x0: number, y0: number, x1: number, y1: number, c: Rgb, stripe = 4 * SCALE, period = 7 * SCALE): void {
    this.fill(x0, y0, x1, y1, c, (x, y) => (x + y) % period < stripe);
  }

  dashedHLine(x0: number, x1: number, y: number, thickness: number, c: Rgb, dash = 6 * SCALE, gap = 4 * SCALE): void {
    const top = y - thickness / 2;
    this.fill(x0, top, x1, top + thickness, c, (x) => (x - Math.round(x0)) % (dash + gap) < dash);
  }

  /**
   * Blends `c` over the pixels of a coverage mask (0..1 per pixel, quantized to AA_STEPS) drawn by
   * `shapes`, each of which may only raise a pixel's coverage: overlapping shapes blend once.
   */
  private covered(c: Rgb, shapes: ReadonlyArray<(mask: Float32Array) => void>): void {
    const mask = new Float32Array(this.width * this.height);
    for (const draw of shapes) draw(mask);
    for (let i = 0; i < mask.length; i++) {
      const m = mask[i] ?? 0;
      if (m <= 0) continue;
      const a = Math.round(Math.min(1, m) * AA_STEPS) / AA_STEPS;
      if (a > 0) this.put(i % this.width, Math.floor(i / this.width), c, a);
    }
  }

  /** Raises the mask to `coverage(px, py)` at pixel centres inside the box. */
  private shape(
    box: readonly [number, number, number, number],
    coverage: (px: number, py: number) => number,
  ): (mask: Float32Array) => void {
    return (mask) => {
      const [x0, y0, x1, y1] = box;
      for (let y = Math.max(0, Math.floor(y0)); y < Math.min(this.height, Math.ceil(y1)); y++) {
        for (let x = Math.max(0, Math.floor(x0)); x < Math.min(this.width, Math.ceil(x1)); x++) {
          const v = coverage(x + 0.5, y + 0.5);
          const i = y * this.width + x;
          if (v > (mask[i] ?? 0)) mask[i] = v;
        }
      }
    };
  }

  /** A polyline of the given width with round joins, and round dots on it, in one colour. */
  polyline(points: ReadonlyArray<readonly [number, number]>, width: number, dotRadius: number, c: Rgb): void {
    const r = width / 2;
    const shapes: Array<(mask: Float32Array) => void> = [];
    for (let i = 0; i + 1 < points.length; i++) {
      const [ax, ay] = points[i] ?? [0, 0];
      const [bx, by] = points[i + 1] ?? [0, 0];
      const dx = bx - ax;
      const dy = by - ay;
      const len2 = dx * dx + dy * dy;
      shapes.push(
        this.shape(
          [Math.min(ax, bx) - r - 1, Math.min(ay, by) - r - 1, Math.max(ax, bx) + r + 1, Math.max(ay, by) + r + 1],
          (px, py) => {
            const t = len2 === 0 ? 0 : Math.max(0, Math.min(1, ((px - ax) * dx + (py - ay) * dy) / len2));
            return r + 0.5 - Math.hypot(px - (ax + t * dx), py - (ay + t * dy));
          },
        ),
      );
    }
    for (const [cx, cy] of points) {
      shapes.push(
        this.shape(
          [cx - dotRadius - 1, cy - dotRadius - 1, cx + dotRadius + 1, cy + dotRadius + 1],
          (px, py) => dotRadius + 0.5 - Math.hypot(px - cx, py - cy),
        ),
      );
    }
    this.covered(c, shapes);
  }

  /** A one-pixel-per-SCALE frame inside the edge, like the email's tiles. */
  frame(c: Rgb): void {
    this.fill(0, 0, this.width, SCALE, c);
    this.fill(0, this.height - SCALE, this.width, this.height, c);
    this.fill(0, 0, SCALE, this.height, c);
    this.fill(this.width - SCALE, 0, this.width, this.height, c);
  }

  png(): Uint8Array {
    return encodePng({ width: this.width, height: this.height, rgba: this.rgba });
  }
}

import { crc32, deflateSync } from "node:zlib";

/**
 * A minimal PNG writer (IHDR, PLTE, tRNS, IDAT, IEND; 8-bit samples; filter 0; deflate and CRC-32
 * from Node's zlib): no native module, no dependency.
 *
 * Kept rather than pngjs 7.0.0, measured on the charts of 210 varied digests: pngjs writes no
 * indexed-colour PNG, so the same pixels came out 1.6-2.4x larger (34 distinct charts: 95 KB here,
 * 152-228 KB with pngjs by filter and colour type) and took about twice as long to encode (10-11 ms
 * a chart here, 17-24 ms with pngjs). It is CommonJS with a stream-based reader and writer, so it
 * added 28 KB minified (8 KB gzipped) to digest-preview (572 -> 600 KB) and send-digests (649 ->
 * 678 KB), and its module alone took about 5 ms more CPU to load than this one (13.2 vs 8.6 ms,
 * median of 60 interleaved cold imports); the whole functions' init was too noisy to tell apart.
 */

const PNG_SIGNATURE = Uint8Array.of(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a);

const chunk = (type: string, data: Uint8Array): Uint8Array => {
  const out = new Uint8Array(12 + data.length);
  const view = new DataView(out.buffer);
  const name = new TextEncoder().encode(type);
  view.setUint32(0, data.length);
  out.set(name, 4);
  out.set(data, 8);
  view.setUint32(8 + data.length, crc32(data, crc32(name)));
  return out;
};

export interface RgbaImage {
  width: number;
  height: number;
  /** width x height pixels, 4 bytes each (R, G, B, A), row by row from the top. */
  rgba: Uint8Array;
}

/**
 * A PNG of 8-bit samples: indexed colour (with transparency when needed) if the image has at most
 * 256 colours, as charts do, otherwise RGBA. Every row uses filter 0; deflate does the rest.
 */
export const encodePng = ({ width, height, rgba }: RgbaImage): Uint8Array => {
  if (!Number.isInteger(width) || !Number.isInteger(height) || width < 1 || height < 1) {
    throw new RangeError(`invalid PNG size ${width}x${height}`);
  }
  if (rgba.length !== width * height * 4) throw new RangeError("pixel data does not match the size");
  // One 32-bit word per pixel (platform byte order: only used as a key; the bytes give the colour).
  const words =
    rgba.byteOffset % 4 === 0
      ? new Uint32Array(rgba.buffer, rgba.byteOffset, width * height)
      : new Uint32Array(rgba.slice().buffer);
  const palette = new Map<number, number>();
  const firstAt: number[] = [];
  let previous = -1;
  for (let p = 0; p < words.length && palette.size <= 256; p++) {
    const word = words[p] ?? 0;
    if (word !== previous && !palette.has(word)) {
      palette.set(word, palette.size);
      firstAt.push(p * 4);
    }
    previous = word;
  }
  const indexed = palette.size <= 256;
  const header = new Uint8Array(13);
  const h = new DataView(header.buffer);
  h.setUint32(0, width);
  h.setUint32(4, height);
  header[8] = 8; // bit depth
  header[9] = indexed ? 3 : 6; // colour type: palette, or RGBA
  // compression 0 (deflate), filter method 0, no interlace: already zero.
  const chunks = [chunk("IHDR", header)];
  let raw: Uint8Array;
  if (indexed) {
    const plte = new Uint8Array(palette.size * 3);
    const alpha = new Uint8Array(palette.size);
    firstAt.forEach((at, i) => {
      plte.set(rgba.subarray(at, at + 3), i * 3);
      alpha[i] = rgba[at + 3] ?? 255;
    });
    chunks.push(chunk("PLTE", plte));
    if (alpha.some((a) => a !== 255)) chunks.push(chunk("tRNS", alpha));
    raw = new Uint8Array(height * (width + 1));
    let last = -1;
    let lastIndex = 0;
    for (let y = 0; y < height; y++) {
      const row = y * (width + 1); // the row's filter byte stays 0
      for (let x = 0; x < width; x++) {
        const word = words[y * width + x] ?? 0;
        if (word !== last) {
          last = word;
          lastIndex = palette.get(word) ?? 0;
        }
        raw[row + 1 + x] = lastIndex;
      }
    }
  } else {
    raw = new Uint8Array(height * (width * 4 + 1));
    for (let y = 0; y < height; y++)
      raw.set(rgba.subarray(y * width * 4, (y + 1) * width * 4), y * (width * 4 + 1) + 1);
  }
  chunks.push(chunk("IDAT", deflateSync(raw, { level: 9 })), chunk("IEND", new Uint8Array(0)));
  const out = new Uint8Array(PNG_SIGNATURE.length + chunks.reduce((n, c) => n + c.length, 0));
  out.set(PNG_SIGNATURE, 0);
  let at = PNG_SIGNATURE.length;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
};

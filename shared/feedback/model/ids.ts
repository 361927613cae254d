import { createHash, randomBytes } from "node:crypto";
import type { Channel } from "./schema.ts";

const CROCKFORD = "0123456789abcdefghjkmnpqrstvwxyz";

const base32 = (bytes: Uint8Array, length: number): string => {
  let out = "";
  let bits = 0;
  let value = 0;
  for (const byte of bytes) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5 && out.length < length) {
      out += CROCKFORD[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
    value &= (1 << bits) - 1;
  }
  // Left-align the last partial group, so every id has the same length.
  if (bits > 0 && out.length < length) out += CROCKFORD[(value << (5 - bits)) & 31];
  return out;
};

/**
 * The feedback id. With a client `sourceId` it is derived from (channel, sourceId), so the same
 * item sent twice, by the API or straight onto the queue, lands on the same record. Without one it
 * is random but time-ordered (48-bit millisecond prefix, like a ULID).
 */
export const feedbackId = (channel: Channel, sourceId: string | undefined, now: Date = new Date()): string => {
  if (sourceId !== undefined) {
    const digest = createHash("sha256").update(`${channel}\u0000${sourceId}`).digest();
    return `fb_${base32(digest, 26)}`;
  }
  const time = Buffer.alloc(6);
  time.writeUIntBE(now.getTime(), 0, 6);
  return `fb_${base32(Buffer.concat([time, randomBytes(10)]), 26)}`;
};

export const isFeedbackId = (s: string): boolean => /^fb_[0-9a-hjkmnp-tv-z]{26}$/.test(s);

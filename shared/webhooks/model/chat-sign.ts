import { createHmac } from "node:crypto";

/**
 * The chat platforms' own signatures, for bots set to accept signed messages only.
 *
 * Feishu (飞书) custom bots: the body carries `timestamp` (seconds) and `sign`, where sign is
 * base64(HmacSHA256 keyed with "<timestamp>\n<secret>" over an empty message).
 *
 * DingTalk (钉钉) custom robots: the URL carries `timestamp` (milliseconds) and `sign`, where sign is
 * base64(HmacSHA256 keyed with the secret over "<timestamp>\n<secret>"), URL-encoded in the query.
 */

export const feishuSign = (timestampSeconds: number, secret: string): string =>
  createHmac("sha256", `${timestampSeconds}\n${secret}`).update("").digest("base64");

export const dingtalkSign = (timestampMs: number, secret: string): string =>
  createHmac("sha256", secret).update(`${timestampMs}\n${secret}`).digest("base64");

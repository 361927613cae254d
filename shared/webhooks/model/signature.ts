import { randomBytes } from "node:crypto";
import { Webhook } from "standardwebhooks";

/**
 * Standard Webhooks signing (https://www.standardwebhooks.com), with the reference implementation:
 * `webhook-signature` is "v1," and the base64 HMAC-SHA256, keyed with the secret's bytes, of
 * "<webhook-id>.<webhook-timestamp>.<body>". Receivers verify with the same package (or a few
 * lines of their own, docs/webhooks.md) and reject timestamps more than five minutes off.
 */

export interface SignedHeaders {
  "webhook-id": string;
  "webhook-timestamp": string;
  "webhook-signature": string;
}

/** A fresh secret: "whsec_" and the base64 of 32 random bytes. */
export const generateSecret = (): string => `whsec_${randomBytes(32).toString("base64")}`;

export const signedHeaders = (secret: string, webhookId: string, at: Date, body: string): SignedHeaders => ({
  "webhook-id": webhookId,
  "webhook-timestamp": String(Math.floor(at.getTime() / 1000)),
  "webhook-signature": new Webhook(secret).sign(webhookId, at, body),
});

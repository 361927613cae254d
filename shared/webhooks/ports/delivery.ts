import type { WebhookEndpoint } from "../model/endpoint.ts";
import type { DisableReason } from "../model/owner-email.ts";
import type { DeliveryJob } from "../model/retry.ts";

/** One POST to a receiver. */
export interface OutgoingRequest {
  url: string;
  headers: Record<string, string>;
  body: string;
}

/** The receiver's answer, or why there was none. */
export interface TransportResult {
  status?: number | undefined;
  /** "timeout", "refused: ...", "blocked: ..." (an address the SSRF rules refuse), ... */
  error?: string | undefined;
  durationMs: number;
}

/** Sends a request to a receiver: at most the timeout, no redirects followed, addresses checked as they resolve. */
export interface Transport {
  post(request: OutgoingRequest): Promise<TransportResult>;
}

/** The delivery queue: jobs come back after their delay (SQS: at most 15 minutes). */
export interface DeliveryQueue {
  enqueue(jobs: ReadonlyArray<{ job: DeliveryJob; delaySeconds: number }>): Promise<void>;
}

/** Tells an endpoint's owner it was disabled (email through SES; the local mailbox on a laptop). */
export interface OwnerNotifier {
  disabled(endpoint: WebhookEndpoint, reason: DisableReason): Promise<void>;
}

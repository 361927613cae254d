import type { EndpointSecrets, WebhookEndpoint } from "../model/endpoint.ts";
import type { DeliveryJob } from "../model/retry.ts";

/** Webhook endpoints and their delivery state, in the table. */
export interface EndpointStore {
  /** Every endpoint (a few dozen at most: one small partition). */
  list(): Promise<WebhookEndpoint[]>;
  get(id: string): Promise<WebhookEndpoint | undefined>;
  /** Creates or replaces; "created" when there was none under this id. */
  put(endpoint: WebhookEndpoint): Promise<"created" | "replaced">;
  /** False when there was none. Its dead letters go with it. */
  remove(id: string): Promise<boolean>;
  /** A failed attempt: starts the failure run if none is running; answers when the run began. */
  failing(id: string, at: string): Promise<string | undefined>;
  /** A delivered attempt ends the failure run (a no-op while there is none). */
  recovered(id: string): Promise<void>;
  /** Disables the endpoint; true only for the call that did it (the owner is emailed once). */
  disable(id: string, at: string, reason: string): Promise<boolean>;
}

/** A delivery that used up its attempts (or whose endpoint was disabled), kept for `redeliver`. */
export interface DeadLetter {
  job: DeliveryJob;
  at: string;
  /** The last attempt's HTTP status, or why there was none ("timeout", "refused", "disabled"). */
  lastStatus?: number | undefined;
  lastError?: string | undefined;
}

export interface DeadLetterStore {
  add(letter: DeadLetter): Promise<void>;
  /** Oldest first, at most `limit`. */
  list(endpointId: string, limit: number): Promise<DeadLetter[]>;
  /** Removes the ones given (after they were queued again). */
  remove(endpointId: string, letters: readonly DeadLetter[]): Promise<void>;
}

/** The endpoints' signing secrets: Secrets Manager on AWS, the table locally. */
export interface SecretStore {
  get(id: string): Promise<EndpointSecrets | undefined>;
  put(id: string, secrets: EndpointSecrets): Promise<void>;
  remove(id: string): Promise<void>;
}

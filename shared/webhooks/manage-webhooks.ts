import { ConflictError, NotFoundError } from "#shared/kernel/errors";
import { type AttemptResult, type DeliveryDeps, requestFor } from "./deliver.ts";
import { endpointFrom, type WebhookBody, type WebhookEndpoint, type WebhookView } from "./model/endpoint.ts";
import { testEvent, webhookIdOf } from "./model/events.ts";
import { outcomeOf } from "./model/retry.ts";
import { generateSecret } from "./model/signature.ts";
import { checkWebhookUrl } from "./model/ssrf.ts";
import type { DeadLetter } from "./ports/endpoints.ts";

export type ManageDeps = Pick<
  DeliveryDeps,
  | "endpoints"
  | "deadLetters"
  | "secrets"
  | "transport"
  | "queue"
  | "taxonomy"
  | "locale"
  | "timeZone"
  | "baseUrl"
  | "urlRules"
  | "now"
>;

export class WebhookNotFoundError extends NotFoundError {
  override name = "WebhookNotFoundError";
  constructor(id: string) {
    super(`No webhook endpoint has the id ${id}.`);
  }
}

/** The endpoint's URL breaks the rules in force now (an address that is no longer public, say). */
export class WebhookUrlRefusedError extends ConflictError {
  override name = "WebhookUrlRefusedError";
  constructor(reason: string) {
    super(`The endpoint's URL ${reason}.`, "URL refused");
  }
}

const MAX_DEAD_LETTERS = 1_000;

/**
 * Creates or replaces an endpoint. Without a `secret`, a replaced endpoint keeps its own and a new one
 * gets a fresh one, answered in this response only. The secrets are stored before the endpoint, so an
 * endpoint is never without one.
 */
export const putWebhook = async (
  deps: ManageDeps,
  id: string,
  body: WebhookBody,
): Promise<{ outcome: "created" | "replaced"; view: WebhookView }> => {
  const at = deps.now().toISOString();
  const previous = await deps.endpoints.get(id);
  const kept = body.secret === undefined && previous ? (await deps.secrets.get(id))?.secret : undefined;
  const secret = body.secret ?? kept ?? generateSecret();
  const generated = body.secret === undefined && kept === undefined;
  await deps.secrets.put(id, {
    secret,
    ...(body.signingSecret !== undefined && { signingSecret: body.signingSecret }),
  });
  const endpoint = endpointFrom(id, body, at, previous);
  const outcome = await deps.endpoints.put(endpoint);
  return { outcome, view: { ...endpoint, ...(generated && { secret }) } };
};

export const getWebhook = async (deps: Pick<ManageDeps, "endpoints">, id: string): Promise<WebhookEndpoint> => {
  const endpoint = await deps.endpoints.get(id);
  if (!endpoint) throw new WebhookNotFoundError(id);
  return endpoint;
};

export const listWebhooks = async (deps: Pick<ManageDeps, "endpoints">): Promise<WebhookEndpoint[]> =>
  (await deps.endpoints.list()).sort((a, b) => a.id.localeCompare(b.id));

/** Removes the endpoint, its secrets and its dead letters; false when there was none. */
export const deleteWebhook = async (deps: ManageDeps, id: string): Promise<boolean> => {
  const removed = await deps.endpoints.remove(id);
  await deps.secrets.remove(id);
  await deps.deadLetters.remove(id, await deps.deadLetters.list(id, MAX_DEAD_LETTERS));
  return removed;
};

export interface TestResult {
  delivered: boolean;
  /** The receiver's HTTP status; absent when it did not answer. */
  status?: number | undefined;
  error?: string | undefined;
  durationMs: number;
  webhookId: string;
}

/** Sends a test `task.opened` now, once, in the endpoint's format, and says what the receiver answered. */
export const testWebhook = async (deps: ManageDeps, id: string): Promise<TestResult> => {
  const endpoint = await getWebhook(deps, id);
  const verdict = checkWebhookUrl(endpoint.url, deps.urlRules);
  if (!verdict.ok) throw new WebhookUrlRefusedError(verdict.reason);
  const secrets = await deps.secrets.get(id);
  if (!secrets) throw new WebhookNotFoundError(id);
  const now = deps.now();
  const event = testEvent(id, now);
  const webhookId = webhookIdOf(event.id, id);
  const result = await deps.transport.post(requestFor(deps, endpoint, secrets, webhookId, event, now));
  return {
    delivered: outcomeOf(result.status) === "delivered",
    ...(result.status !== undefined && { status: result.status }),
    ...(result.error !== undefined && { error: result.error }),
    durationMs: result.durationMs,
    webhookId,
  };
};

export const deadLettersOf = async (deps: ManageDeps, id: string, limit: number): Promise<DeadLetter[]> => {
  await getWebhook(deps, id);
  return deps.deadLetters.list(id, limit);
};

/**
 * Puts the endpoint's dead letters (all, or those of the given webhook ids) back on the delivery queue
 * for a fresh run of attempts, with their original `webhook-id`s. A disabled endpoint is enabled again:
 * redelivering is the owner saying the receiver is back.
 */
export const redeliver = async (
  deps: ManageDeps,
  id: string,
  opts: { webhookIds?: readonly string[] | undefined; limit: number },
): Promise<{ queued: number; reenabled: boolean }> => {
  const endpoint = await getWebhook(deps, id);
  const letters = (await deps.deadLetters.list(id, MAX_DEAD_LETTERS))
    .filter((l) => !opts.webhookIds || opts.webhookIds.includes(l.job.webhookId))
    .slice(0, opts.limit);
  const reenabled = !endpoint.enabled;
  if (reenabled) {
    const { disabledAt: _at, disabledReason: _why, failingSince: _since, ...rest } = endpoint;
    await deps.endpoints.put({ ...rest, enabled: true, updatedAt: deps.now().toISOString() });
  }
  const dueAt = deps.now().toISOString();
  // Ten at a time: SQS's batch; each batch's letters are removed once it is queued.
  for (let i = 0; i < letters.length; i += 10) {
    const batch = letters.slice(i, i + 10);
    await deps.queue.enqueue(
      batch.map((l) => ({ job: { ...l.job, attempt: 1, dueAt, redelivery: true }, delaySeconds: 0 })),
    );
    await deps.deadLetters.remove(id, batch);
  }
  return { queued: letters.length, reenabled };
};

export type { AttemptResult };

import { HearbackError } from "#shared/kernel/errors";
import type { SupportedLocale } from "#shared/kernel/locale";
import type { Taxonomy } from "#shared/taxonomy/taxonomy";
import { cardOf } from "./model/card.ts";
import type { WebhookEndpoint } from "./model/endpoint.ts";
import { BusEvent, type WebhookEvent, wants, webhookEventOf, webhookIdOf } from "./model/events.ts";
import { render } from "./model/formats.ts";
import { type DisableReason, reasonText } from "./model/owner-email.ts";
import { DeliveryJob, failedTooLong, nextAttemptAt, outcomeOf, queueDelaySeconds } from "./model/retry.ts";
import { signedHeaders } from "./model/signature.ts";
import { checkWebhookUrl, type UrlRules } from "./model/ssrf.ts";
import type { DeliveryQueue, OwnerNotifier, Transport, TransportResult } from "./ports/delivery.ts";
import type { DeadLetterStore, EndpointStore, SecretStore } from "./ports/endpoints.ts";

/** A delivery-queue message that is neither a bus event nor a delivery job: it goes to the queue's DLQ. */
export class WebhookMessageError extends HearbackError {
  override name = "WebhookMessageError";
}

export interface DeliveryDeps {
  endpoints: EndpointStore;
  deadLetters: DeadLetterStore;
  secrets: SecretStore;
  transport: Transport;
  queue: DeliveryQueue;
  owner?: OwnerNotifier | undefined;
  taxonomy: Taxonomy;
  /** The staff's language and zone: cards of endpoints that name neither. */
  locale: SupportedLocale;
  timeZone: string;
  baseUrl?: string | undefined;
  /** Seconds between attempts (WEBHOOK_RETRY_SECONDS). */
  schedule: readonly number[];
  disableAfterHours: number;
  urlRules: UrlRules;
  now: () => Date;
  random?: () => number;
  log?: (message: string, fields: Record<string, unknown>) => void;
}

export type AttemptResult = "delivered" | "retrying" | "waiting" | "dead-lettered" | "dropped";

const USER_AGENT = "hearback-webhooks/1";

const describe = (r: TransportResult): string =>
  r.status !== undefined ? `HTTP ${r.status}` : (r.error ?? "no answer");

/** The request one event makes to one endpoint, signed at `at`. */
export const requestFor = (
  deps: Pick<DeliveryDeps, "taxonomy" | "locale" | "timeZone" | "baseUrl">,
  endpoint: WebhookEndpoint,
  secrets: { secret: string; signingSecret?: string | undefined },
  webhookId: string,
  event: WebhookEvent,
  at: Date,
) => {
  const card = cardOf(event, {
    locale: endpoint.locale ?? deps.locale,
    timeZone: endpoint.timeZone ?? deps.timeZone,
    taxonomy: deps.taxonomy,
    baseUrl: deps.baseUrl,
  });
  const rendered = render(endpoint.format, event, card, { signingSecret: secrets.signingSecret, now: at });
  const url = new URL(endpoint.url);
  for (const [name, value] of Object.entries(rendered.query ?? {})) url.searchParams.set(name, value);
  return {
    url: url.toString(),
    body: rendered.body,
    headers: {
      "content-type": "application/json",
      "user-agent": USER_AGENT,
      ...signedHeaders(secrets.secret, webhookId, at, rendered.body),
    },
  };
};

const deadLetter = async (deps: DeliveryDeps, job: DeliveryJob, result: Partial<TransportResult>) => {
  await deps.deadLetters.add({
    job,
    at: deps.now().toISOString(),
    ...(result.status !== undefined && { lastStatus: result.status }),
    ...(result.error !== undefined && { lastError: result.error.slice(0, 500) }),
  });
  deps.log?.("webhook delivery dead-lettered", {
    endpoint: job.endpointId,
    webhookId: job.webhookId,
    attempts: job.attempt,
    last: result.status ?? result.error,
  });
  return "dead-lettered" as const;
};

const disable = async (deps: DeliveryDeps, endpoint: WebhookEndpoint, reason: DisableReason) => {
  if (await deps.endpoints.disable(endpoint.id, deps.now().toISOString(), reasonText(reason))) {
    deps.log?.("webhook endpoint disabled", { endpoint: endpoint.id, reason: reasonText(reason) });
    await deps.owner?.disabled(endpoint, reason);
  }
};

/** One attempt of one job: delivered, or scheduled again, or dead-lettered once its attempts are spent. */
export const attempt = async (deps: DeliveryDeps, job: DeliveryJob): Promise<AttemptResult> => {
  const now = deps.now();
  const endpoint = await deps.endpoints.get(job.endpointId);
  // Deleted since: nothing is owed to an endpoint that no longer exists.
  if (!endpoint) return "dropped";
  const due = new Date(job.dueAt);
  if (due.getTime() > now.getTime() + 1_000) {
    await deps.queue.enqueue([{ job, delaySeconds: queueDelaySeconds(due, now) }]);
    return "waiting";
  }
  if (!endpoint.enabled) return deadLetter(deps, job, { error: "endpoint disabled" });
  const secrets = await deps.secrets.get(endpoint.id);
  if (!secrets) return deadLetter(deps, job, { error: "endpoint has no secret" });
  const verdict = checkWebhookUrl(endpoint.url, deps.urlRules);
  if (!verdict.ok) return deadLetter(deps, job, { error: `blocked: the URL ${verdict.reason}` });

  const request = requestFor(deps, endpoint, secrets, job.webhookId, job.event, now);
  const result = await deps.transport.post(request);
  const outcome = outcomeOf(result.status);
  if (outcome === "delivered") {
    if (endpoint.failingSince !== undefined) await deps.endpoints.recovered(endpoint.id);
    return "delivered";
  }
  if (outcome === "gone") {
    await disable(deps, endpoint, { kind: "gone" });
    return deadLetter(deps, job, result);
  }
  const failingSince = await deps.endpoints.failing(endpoint.id, now.toISOString());
  if (!job.redelivery && failingSince !== undefined && failedTooLong(failingSince, now, deps.disableAfterHours)) {
    await disable(deps, endpoint, {
      kind: "failing",
      since: failingSince,
      hours: deps.disableAfterHours,
      last: describe(result),
    });
    return deadLetter(deps, job, result);
  }
  const next = nextAttemptAt(deps.schedule, job.attempt, now, deps.random);
  if (!next) return deadLetter(deps, job, result);
  await deps.queue.enqueue([
    {
      job: { ...job, attempt: job.attempt + 1, dueAt: next.toISOString() },
      delaySeconds: queueDelaySeconds(next, now),
    },
  ]);
  deps.log?.("webhook delivery failed; retrying", {
    endpoint: endpoint.id,
    webhookId: job.webhookId,
    attempt: job.attempt,
    last: describe(result),
    next: next.toISOString(),
  });
  return "retrying";
};

/** The first attempt of an event to every endpoint that wants it, at once. */
export const fanOut = async (deps: DeliveryDeps, event: WebhookEvent): Promise<AttemptResult[]> => {
  const endpoints = (await deps.endpoints.list()).filter((e) => wants(e, event));
  const dueAt = deps.now().toISOString();
  return Promise.all(
    endpoints.map((e) =>
      attempt(deps, {
        kind: "delivery",
        endpointId: e.id,
        webhookId: webhookIdOf(event.id, e.id),
        event,
        attempt: 1,
        dueAt,
      }),
    ),
  );
};

/** One delivery-queue message: an event from the bus (fanned out), or a job coming back for its next attempt. */
export const handleDeliveryMessage = async (deps: DeliveryDeps, body: string): Promise<AttemptResult[]> => {
  let raw: unknown;
  try {
    raw = JSON.parse(body);
  } catch (error) {
    throw new WebhookMessageError("The message is not JSON", { cause: error });
  }
  const job = DeliveryJob.safeParse(raw);
  if (job.success) return [await attempt(deps, job.data)];
  const bus = BusEvent.safeParse(raw);
  if (!bus.success) throw new WebhookMessageError("The message is neither a bus event nor a delivery job");
  const event = webhookEventOf(bus.data);
  return event ? fanOut(deps, event) : [];
};

import { ConflictError } from "#shared/kernel/errors";
import type { ListedSubscription } from "./model/digest-api.ts";
import type { DigestSubscription } from "./model/subscriptions.ts";
import type { DigestScheduler, DigestSubscriptionStore } from "./ports/subscriptions.ts";

/** The subscription is defined in the deployment's config file; change it there. */
export class SubscriptionManagedInConfigError extends ConflictError {
  override name = "SubscriptionManagedInConfigError";
  constructor(message: string) {
    super(message, "Managed in config");
  }
}

export interface SubscriptionDeps {
  /** From the config file (DIGEST_SUBSCRIPTIONS): read-only through the API. */
  configured: readonly DigestSubscription[];
  store: DigestSubscriptionStore;
  /** Keeps a per-subscription schedule in step (AWS); absent locally. */
  scheduler?: DigestScheduler | undefined;
}

/** Every subscription the digest run serves: the config file's, then the API's. */
export const allSubscriptions = async (deps: SubscriptionDeps): Promise<ListedSubscription[]> => {
  const configuredIds = new Set(deps.configured.map((s) => s.id));
  const stored = await deps.store.list();
  return [
    ...deps.configured.map((s) => ({ ...s, source: "config" as const })),
    ...stored.filter((s) => !configuredIds.has(s.id)).map((s) => ({ ...s, source: "api" as const })),
  ];
};

const refuseConfigured = (deps: SubscriptionDeps, id: string) => {
  if (deps.configured.some((s) => s.id === id)) {
    throw new SubscriptionManagedInConfigError(
      `The subscription ${id} is defined in the config file (DIGEST_SUBSCRIPTIONS); change it there.`,
    );
  }
};

/**
 * Creates or replaces an API-managed subscription. The schedule is set first: if storing then
 * fails, the schedule finds no subscription and sends nothing, and repeating the request heals it.
 */
export const putSubscription = async (
  deps: SubscriptionDeps,
  subscription: DigestSubscription,
  at: Date,
): Promise<"created" | "replaced"> => {
  refuseConfigured(deps, subscription.id);
  await deps.scheduler?.upsert(subscription);
  return deps.store.put(subscription, at.toISOString());
};

/** Removes it and its schedule; false when there was none. */
export const removeSubscription = async (deps: SubscriptionDeps, id: string): Promise<boolean> => {
  refuseConfigured(deps, id);
  const removed = await deps.store.remove(id);
  await deps.scheduler?.remove(id);
  return removed;
};

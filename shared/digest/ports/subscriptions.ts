import type { DigestSubscription } from "../model/subscriptions.ts";

/** Subscriptions managed through the API (the config file's live in configuration). */
export interface DigestSubscriptionStore {
  list(): Promise<DigestSubscription[]>;
  get(id: string): Promise<DigestSubscription | undefined>;
  /** Creates or replaces; "created" when there was none under this id. */
  put(subscription: DigestSubscription, at: string): Promise<"created" | "replaced">;
  /** False when there was none under this id. */
  remove(id: string): Promise<boolean>;
}

/**
 * Keeps each subscription's send schedule (EventBridge Scheduler on AWS) in step with it. Where
 * no scheduler is configured (the local runtime) the hourly check sends in each local send hour.
 */
export interface DigestScheduler {
  upsert(subscription: DigestSubscription): Promise<void>;
  remove(id: string): Promise<void>;
}

/**
 * The single table's keys that more than one adapter reads or writes (the table and its indexes
 * are defined in resources.ts). A capability's own items (tasks, surveys, subscriptions) keep
 * their keys in their adapter. Separate exports, so a bundle keeps only the ones it uses.
 */

/** The stored, analyzed record. */
export const feedbackKey = (id: string) => ({ PK: `FB#${id}`, SK: "FEEDBACK" });
/** The edge's marker: accepted and queued, not yet stored. */
export const acceptedKey = (id: string) => ({ PK: `FB#${id}`, SK: "ACCEPTED" });
/**
 * The text as written and the customer's contact fields, apart from the masked record so the
 * table's TTL (`expiresAt`) can remove them while the record stays for trends.
 */
export const originalsKey = (id: string) => ({ PK: `FB#${id}`, SK: "ORIGINAL" });
/** The partition of one feedback item's rows (record, marker and originals). */
export const feedbackPartition = (id: string) => `FB#${id}`;
/** The id in a `FB#<id>` partition key. */
export const feedbackIdOf = (pk: unknown) => String(pk).slice("FB#".length);

/**
 * One shard of a weekly counter row: "<channel>#<theme | _all | _untagged | @touchpoint>" or the loop row, with
 * "#<shard>" after it for shards 1 and up (see `counterShards` in resources.ts). Shard 0 has no suffix: the rows
 * written before counters were sharded are shard 0 and keep counting.
 */
export const counterKey = (week: string, key: string, shard = 0) => ({
  PK: `AGG#${week}`,
  SK: shard === 0 ? key : `${key}#${shard}`,
});
/** The counter row a shard's sort key belongs to: "nps#delivery#7" and "nps#delivery" are both "nps#delivery". */
export const counterRowOf = (sk: unknown) => String(sk).split("#").slice(0, 2).join("#");
export const weekPartition = (week: string) => `AGG#${week}`;
/** The week in an `AGG#<week>` partition key. */
export const weekOf = (pk: unknown) => String(pk).slice("AGG#".length);

/** GSI1 partition of one UTC day's feedback, sorted by `<occurredAt>#<id>`. */
export const feedbackDayPartition = (day: string) => `FEED#${day}`;
// A contact's partition (GSI2 history, open-task pointer, recovery watch, last-surveyed marks) is
// built only by #shared/feedback/model/contact (contactPartition), from an escaped contact key.

/**
 * Webhooks (shared/webhooks/): every endpoint in one small partition (a Query lists them, never a Scan), with its
 * signing secrets beside it where they are not in Secrets Manager (the local stack); each endpoint's dead letters in
 * its own partition, oldest first.
 */
export const WEBHOOKS_PARTITION = "WEBHOOKS";
export const webhookEndpointKey = (id: string) => ({ PK: WEBHOOKS_PARTITION, SK: `EP#${id}` });
export const webhookSecretKey = (id: string) => ({ PK: WEBHOOKS_PARTITION, SK: `SECRET#${id}` });
export const webhookDeadLetterPartition = (id: string) => `WEBHOOK#${id}`;
export const webhookDeadLetterKey = (id: string, at: string, webhookId: string) => ({
  PK: webhookDeadLetterPartition(id),
  SK: `DEAD#${at}#${webhookId}`,
});

/**
 * The erasure horizon (shared/data-rights/): the latest erasure's time, beside the `ERASED#<hash>` tombstones, read
 * once per worker batch.
 */
export const ERASURE_HORIZON_KEY = { PK: "ERASURES", SK: "HORIZON" } as const;

/**
 * The single table's keys that more than one adapter reads or writes (the table and its indexes
 * are defined in resources.ts). A capability's own items (tasks, surveys, subscriptions) keep
 * their keys in their adapter.
 */
export const tableKeys = {
  /** The stored, analyzed record. */
  feedback: (id: string) => ({ PK: `FB#${id}`, SK: "FEEDBACK" }),
  /** The edge's marker: accepted and queued, not yet stored. */
  accepted: (id: string) => ({ PK: `FB#${id}`, SK: "ACCEPTED" }),
  /** The partition of one feedback item's rows (record and marker). */
  feedbackPartition: (id: string) => `FB#${id}`,
  /** A weekly counter row: "<channel>#<theme | _all | _untagged | @touchpoint>" or the loop row. */
  counter: (week: string, key: string) => ({ PK: `AGG#${week}`, SK: key }),
  weekPartition: (week: string) => `AGG#${week}`,
  /** GSI1 partition of one UTC day's feedback, sorted by `<occurredAt>#<id>`. */
  feedbackDay: (day: string) => `FEED#${day}`,
  /** GSI2 partition of one customer's (or social author's) feedback. */
  customer: (contact: string) => `CUSTOMER#${contact}`,
  /** The id in a `FB#<id>` partition key. */
  feedbackIdOf: (pk: unknown) => String(pk).slice("FB#".length),
  weekOf: (pk: unknown) => String(pk).slice("AGG#".length),
} as const;

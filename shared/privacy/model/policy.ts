/**
 * The one statement of what hearback shows of each field to someone without the right to see
 * personal data (API keys, digest readers, task emails and events, support leads outside the
 * pii-viewers group). Every output applies it through ./disclose.ts (`forViewer`); nothing masks
 * a field on its own. docs/personal-data.md describes the same table for people.
 *
 * Paths name a field of a record; "[]" stands for every element of an array. A field missing from
 * its table is treated as free text (masked), so a new field is never shown raw by accident;
 * tests/privacy/ checks that every field of the schemas is named here.
 */

export type Treatment =
  /** Not personal (ids hearback minted, scores, dates, enumerations, staff names): shown as is. */
  | { kind: "shown" }
  /** Personal, needed only to group items: a keyed hash, `<prefix>_<12 hex>`, the same for the same value. */
  | { kind: "pseudonym"; prefix: string }
  /**
   * Usually a short code (a touchpoint, a tier, a platform): shown when it is one (ASCII, no "@",
   * nothing the text masker would mask), otherwise a pseudonym like the above.
   */
  | { kind: "label"; prefix: string }
  /** A link: its origin only ("https://weibo.com/…"), since paths carry handles and post ids. */
  | { kind: "url" }
  /**
   * Free text people wrote (notes, reasons): emails as a***@example.com, mainland mobiles as
   * 138****5678, other personal data as the text masker's placeholders, and this record's own
   * personal values (its customer id, handle, tier…) as they are shown in their fields.
   */
  | { kind: "text" }
  /**
   * The customer's words as stored: already masked on the way in (shared/enrich/), with the
   * record's own personal values replaced like "text". Unmasked means the text as written, which
   * only a caller that fetched it (the triage page) can show.
   */
  | { kind: "stored-text" }
  /** Kept for people with the right (or for re-analysis) and never put in an output without it. */
  | { kind: "withheld" };

const shown: Treatment = { kind: "shown" };
const text: Treatment = { kind: "text" };
const pseudonym = (prefix: string): Treatment => ({ kind: "pseudonym", prefix });
const label = (prefix: string): Treatment => ({ kind: "label", prefix });

/** A stored feedback item (shared/feedback/model/schema.ts, StoredFeedback) and what the feedback API adds. */
export const FEEDBACK_POLICY: Readonly<Record<string, Treatment>> = {
  id: shown,
  channel: shown,
  receivedAt: shown,
  occurredAt: shown,
  week: shown,
  score: shown,
  text: { kind: "stored-text" },
  language: shown,
  sentiment: shown,
  sentimentScores: shown,
  sentimentSource: shown,
  themes: shown,
  taxonomyVersion: shown,
  countersVersion: shown,
  analyzer: shown,
  detractor: shown,
  /** Often an email or a phone number: grouping by customer still works on the pseudonym. */
  customerId: pseudonym("cust"),
  touchpoint: label("tp"),
  locale: shown,
  /** The sender's own reference; a survey's id for survey answers. */
  sourceId: label("src"),
  platform: label("platform"),
  url: { kind: "url" },
  authorHandle: pseudonym("author"),
  followers: shown,
  "service.ticketId": pseudonym("ticket"),
  "service.agentId": pseudonym("agent"),
  "service.team": label("team"),
  taskId: shown,
  revision: shown,
  storedAt: shown,
  /** Who corrected the reading (staff), when, what it said before; their note may quote the customer. */
  correction: shown,
  "correction.note": text,
  // Stored beside the record, never part of what the outputs read; named so nobody adds them raw.
  originalText: { kind: "withheld" },
  customerEmail: { kind: "withheld" },
  customerName: { kind: "withheld" },
  // GET /v1/feedback/{id} adds where the item stands.
  status: shown,
  acceptedAt: shown,
};

/** A follow-up task (shared/follow-up/model/task.ts, FollowUpTaskV2) and the API's summary of it. */
export const TASK_POLICY: Readonly<Record<string, Treatment>> = {
  id: shown,
  /** What people see of the contact: the customer id (the same pseudonym as the feedback's), or "@handle (platform)". */
  customerId: pseudonym("cust"),
  /** The same contact, structured: its parts get the pseudonyms of the feedback's customerId and authorHandle. */
  "contact.kind": shown,
  "contact.id": pseudonym("cust"),
  "contact.platform": label("platform"),
  "contact.handle": pseudonym("author"),
  customerTier: label("tier"),
  channel: shown,
  feedbackIds: shown,
  feedbackWeek: shown,
  themes: shown,
  team: shown,
  status: shown,
  /** Support leads, not customers. */
  assignee: shown,
  "priority.score": shown,
  "priority.level": shown,
  "priority.factors[].factor": shown,
  "priority.factors[].points": shown,
  /** Says the tier ("gold customer"): masked like free text, the tier as its field shows it. */
  "priority.factors[].why": text,
  "reasons[]": text,
  openedAt: shown,
  sla: shown,
  clockStartedAt: shown,
  round: shown,
  firstResponseDueAt: shown,
  resolveDueAt: shown,
  firstRespondedAt: shown,
  resolvedAt: shown,
  outcome: shown,
  resolutionNote: text,
  closedAt: shown,
  closeReason: shown,
  pauses: shown,
  escalations: shown,
  /** Whether the customer was asked "is your problem solved?" and what they said (yes/no, 1-5): no words, no contact. */
  confirmations: shown,
  version: shown,
  "audit[].at": shown,
  "audit[].actor": shown,
  "audit[].action": shown,
  /** Notes leads typed ("called 138…"). */
  "audit[].detail": text,
  /** The list's summary counts the audit entries instead of listing them. */
  auditEntries: shown,
};

/**
 * How to reach a task's customer (shared/follow-up/contact-details.ts), as the task page shows it:
 * raw for leads with the right (each view audited), else the address as a***@example.com and phone
 * numbers as 138****5678; the name is not shown without the right.
 */
export const CONTACT_POLICY: Readonly<Record<string, Treatment>> = {
  /** The task's id: whose details were read. */
  id: shown,
  email: text,
  name: { kind: "withheld" },
  "phones[]": text,
  locale: shown,
};

export const POLICIES = { feedback: FEEDBACK_POLICY, task: TASK_POLICY, contact: CONTACT_POLICY } as const;
export type RecordKind = keyof typeof POLICIES;

import {
  Contact,
  contactKey,
  contactKeyOf,
  contactLabel,
  contactOf,
  contactPartition,
} from "#shared/feedback/model/contact";
import { StoredFeedback } from "#shared/feedback/model/schema";
import { legacyContact } from "./task.ts";

/**
 * Moving stored data from the shared key space (`CUSTOMER#<customer id | platform:@handle>`) to
 * contact keys (`CUSTOMER#customer:<id>`, `CUSTOMER#social:<platform>:<handle>`). This module only
 * decides, item by item, what to rewrite; the adapter reads and writes. Each decision looks at the
 * item itself (and the task a pointer names), never at where a scan stopped, so a re-run, a resumed
 * run or a run over data the new code already wrote finds nothing left to do.
 */

/** Schema version 2: contacts have their own key spaces. A table never marked is version 1. */
export const CONTACT_KEYS_VERSION = 2;

export type Item = Record<string, unknown>;
export type Key = { PK: string; SK: string };

export type Rewrite =
  /** The record's history index entry (GSI2), set from the record's own fields. */
  | { kind: "feedback"; key: Key; from: string | undefined; to: { GSI2PK: string; GSI2SK: string } | undefined }
  /** The structured contact a task lacks, and its readable label. */
  | { kind: "task"; key: Key; contact: Contact; label: string }
  /** A per-contact item (open-task pointer, recovery watch, last-surveyed mark) to its new partition. */
  | { kind: "pointer" | "watch" | "surveyed"; from: Key; item: Item };

export interface MigrationLookups {
  tasks: ReadonlyMap<string, Item>;
  records: ReadonlyMap<string, Item>;
}

const OLD_PREFIX = "CUSTOMER#";
const FeedbackContact = StoredFeedback.pick({ channel: true, customerId: true, platform: true, authorHandle: true });

const keyOf = (item: Item): Key => ({ PK: String(item.PK), SK: String(item.SK) });
const isContactItem = (item: Item) => String(item.PK).startsWith(OLD_PREFIX);

/** The tasks the pointers among `items` name: needed to know whose pointers they are. */
export const tasksToRead = (items: readonly Item[]): string[] =>
  items.flatMap((i) => (isContactItem(i) && i.SK === "OPENTASK" && typeof i.taskId === "string" ? [i.taskId] : []));

/** The opening feedback of tasks that do not say their contact yet: the exact source of it. */
export const recordsToRead = (tasks: readonly Item[]): string[] =>
  tasks.flatMap((t) => {
    const first = Array.isArray(t.feedbackIds) ? t.feedbackIds[0] : undefined;
    return Contact.safeParse(t.contact).success || typeof first !== "string" ? [] : [first];
  });

/** A task's contact: as stored, else from its opening feedback, else read from its old `customerId`. */
export const taskContact = (task: Item, records: ReadonlyMap<string, Item>): Contact | undefined => {
  const stated = Contact.safeParse(task.contact);
  if (stated.success) return stated.data;
  const first = Array.isArray(task.feedbackIds) ? task.feedbackIds[0] : undefined;
  const record = FeedbackContact.safeParse(typeof first === "string" ? records.get(first) : undefined);
  const fromRecord = record.success ? contactOf(record.data) : undefined;
  if (fromRecord) return fromRecord;
  return typeof task.customerId === "string" && task.customerId !== ""
    ? legacyContact(task.channel, task.customerId)
    : undefined;
};

const moved = (
  kind: "pointer" | "watch" | "surveyed",
  item: Item,
  contact: Contact,
  extra: Item,
): Rewrite | undefined => {
  const PK = contactPartition(contactKey(contact));
  if (PK === item.PK) return undefined;
  const { PK: _pk, SK, ...rest } = item;
  return { kind, from: keyOf(item), item: { ...rest, ...extra, PK, SK } };
};

/** What `item` needs, or undefined when it is not keyed by a contact or already is keyed right. */
export const rewriteOf = (item: Item, lookups: MigrationLookups): Rewrite | "unknown" | undefined => {
  const pk = String(item.PK);
  const sk = String(item.SK);
  if (pk.startsWith("FB#") && sk === "FEEDBACK") {
    const parsed = FeedbackContact.safeParse(item);
    const key = parsed.success ? contactKeyOf(parsed.data) : undefined;
    const to = key && { GSI2PK: contactPartition(key), GSI2SK: `${String(item.occurredAt)}#${String(item.id)}` };
    const from = typeof item.GSI2PK === "string" ? item.GSI2PK : undefined;
    return from === to?.GSI2PK ? undefined : { kind: "feedback", key: keyOf(item), from, to };
  }
  if (pk.startsWith("TASK#") && sk === "TASK") {
    if (Contact.safeParse(item.contact).success) return undefined;
    const contact = taskContact(item, lookups.records);
    return contact ? { kind: "task", key: keyOf(item), contact, label: contactLabel(contact) } : "unknown";
  }
  if (!isContactItem(item)) return undefined;
  const old = pk.slice(OLD_PREFIX.length);
  if (sk === "OPENTASK") {
    const task = lookups.tasks.get(String(item.taskId));
    const contact = task && taskContact(task, lookups.records);
    return contact ? moved("pointer", item, contact, {}) : "unknown";
  }
  if (sk === "RECOVERY") {
    // Watched are only survey customers, so the old key was their id. New watches name `contact`.
    if (typeof item.contact === "string" || old === "") return undefined;
    const { customerId: _old, ...watch } = item;
    const contact: Contact = { kind: "customer", id: old };
    return moved("watch", watch, contact, { contact: contactKey(contact) });
  }
  if (sk.startsWith("LASTSURVEY#")) {
    // New marks carry the customer's id; old ones were keyed by it alone.
    if (typeof item.customerId === "string" || old === "") return undefined;
    return moved("surveyed", item, { kind: "customer", id: old }, { customerId: old });
  }
  return undefined;
};

import type { ContactKey } from "#shared/feedback/model/contact";
import type { CounterIncrement } from "#shared/feedback/model/counters";
import type { Originals } from "#shared/feedback/model/originals";
import type { StoredFeedback } from "#shared/feedback/model/schema";
import { followUpRules } from "#shared/follow-up/model/rules";
import type { FollowUpTaskV2 } from "#shared/follow-up/model/task";
import { markContacted, openTask } from "#shared/follow-up/model/transitions";
import type { CustomerMailer, CustomerMessage } from "#shared/follow-up/ports/customer-mail";
import type { TaskStore } from "#shared/follow-up/ports/task-store";
import type { ConfirmationSender } from "#shared/follow-up/resolution-confirmation";
import type { SigningKey } from "#shared/kernel/signing-key";
import type { ConfirmationMarks } from "#shared/surveys/ports/confirmation-marks";

/** Fakes and tasks for the "is your problem solved?" tests; the Dynamo-backed ones are in the integration test. */

export const KEY: SigningKey = { id: "c1", secret: new TextEncoder().encode("confirmation-test-secret-32-bytes!!") };
export const T0 = new Date("2026-11-24T08:00:00.000Z");
export const later = (minutes: number) => new Date(T0.getTime() + minutes * 60_000);
export const RULES = followUpRules();

const CROCKFORD = "0123456789abcdefghjkmnpqrstvwxyz";
let seq = 0;
/** A fresh task id of the real shape (task_ and 26 characters of Crockford base32). */
export const taskId = () => {
  const n = seq++;
  return `task_01jd3xk2m4n5p6q7r8s9t0v1${CROCKFORD[Math.floor(n / 32) % 32]}${CROCKFORD[n % 32]}`;
};

/** An open task for customer `customer`, already contacted (so any outcome may resolve it). */
export const contactedTask = (customer = "c-1001", id = taskId()): FollowUpTaskV2 =>
  markContacted(
    openTask({
      id,
      contact: { kind: "customer", id: customer },
      channel: "nps",
      feedbackId: `fb_${id.slice(5)}`,
      feedbackWeek: "2026-W48",
      themes: ["delivery"],
      team: "logistics",
      priority: { score: 50, level: "P2", factors: [] },
      reasons: ["NPS 3 (detractor: 0-6)"],
      sla: { firstResponseHours: 2, resolveHours: 24 },
      openedAt: T0,
    }),
    "mei",
    later(30),
  );

/** Tasks in memory with the store's rules: writes only over the version read, counters added with them. */
export class MemoryTasks implements Pick<TaskStore, "getTask" | "saveTask" | "loopCounts"> {
  readonly items = new Map<string, FollowUpTaskV2>();
  readonly counters = new Map<string, Record<string, number>>();
  saves = 0;
  /** Runs before each write with its number (1, 2, ...): another writer getting in between a read and a write. */
  beforeSave: ((save: number) => void) | undefined;

  put(task: FollowUpTaskV2): FollowUpTaskV2 {
    this.items.set(task.id, structuredClone(task));
    return task;
  }

  async getTask(id: string): Promise<FollowUpTaskV2 | undefined> {
    const task = this.items.get(id);
    return task && structuredClone(task);
  }

  async saveTask(
    task: FollowUpTaskV2,
    expected: number | undefined,
    counters: readonly CounterIncrement[] = [],
  ): Promise<"saved" | "conflict"> {
    this.beforeSave?.(++this.saves);
    const current = this.items.get(task.id);
    if (expected === undefined ? current !== undefined : current?.version !== expected) return "conflict";
    this.items.set(task.id, structuredClone(task));
    for (const c of counters) {
      const row = this.counters.get(c.week) ?? {};
      for (const [k, v] of Object.entries(c.add)) row[k] = (row[k] ?? 0) + v;
      this.counters.set(c.week, row);
    }
    return "saved";
  }

  async loopCounts(weeks: readonly string[]): Promise<Map<string, Record<string, number>>> {
    return new Map(weeks.flatMap((w) => (this.counters.has(w) ? [[w, { ...this.counters.get(w) }]] : [])));
  }
}

/** The customer's feedback as contactDetails reads it: originals (email, name, text) and the record's locale. */
export const feedbackOf = (
  byId: Record<string, { email?: string; name?: string; text?: string; locale?: string }>,
): ConfirmationSender["feedback"] => ({
  originals: async (ids) =>
    new Map(
      ids.flatMap((id) => {
        const f = byId[id];
        if (!f) return [];
        const o: Originals = {
          ...(f.text !== undefined && { originalText: f.text }),
          ...(f.email !== undefined && { customerEmail: f.email }),
          ...(f.name !== undefined && { customerName: f.name }),
        };
        return [[id, o]];
      }),
    ),
  storedRecords: async (ids) =>
    new Map(
      ids.flatMap((id) => {
        const f = byId[id];
        return f ? [[id, { id, language: "zh-Hans", ...(f.locale && { locale: f.locale }) } as StoredFeedback]] : [];
      }),
    ),
});

export class MemoryMarks implements ConfirmationMarks {
  readonly asked = new Map<ContactKey, Date>();
  async claim(contact: ContactKey, at: Date, notAfter: Date): Promise<"claimed" | "suppressed"> {
    const last = this.asked.get(contact);
    if (last && last.getTime() > notAfter.getTime()) return "suppressed";
    this.asked.set(contact, at);
    return "claimed";
  }
  async release(contact: ContactKey, at: Date): Promise<void> {
    if (this.asked.get(contact)?.getTime() === at.getTime()) this.asked.delete(contact);
  }
}

export class MemoryMailer implements CustomerMailer {
  readonly sent: CustomerMessage[] = [];
  failWith: Error | undefined;
  async send(message: CustomerMessage): Promise<{ messageId: string }> {
    if (this.failWith) throw this.failWith;
    this.sent.push(message);
    return { messageId: `m-${this.sent.length}` };
  }
}

/** Everything a resolve needs to ask, in memory. */
export const senderWith = (feedback: ConfirmationSender["feedback"], over: Partial<ConfirmationSender> = {}) => {
  const mailer = new MemoryMailer();
  const marks = new MemoryMarks();
  const problems: string[] = [];
  const sender: ConfirmationSender = {
    feedback,
    mailer,
    marks,
    keys: [KEY],
    baseUrl: "https://hb.example.com",
    rules: RULES,
    onError: (p) => problems.push(p),
    ...over,
  };
  return { sender, mailer, marks, problems };
};

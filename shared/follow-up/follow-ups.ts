import { type Contact, type ContactKey, contactKey, contactOf } from "#shared/feedback/model/contact";
import type { StoredFeedback } from "#shared/feedback/model/schema";
import type { FeedbackStore } from "#shared/feedback/ports/feedback-store";
import type { Taxonomy } from "#shared/taxonomy/taxonomy";
import { applyEscalations, autoCloseDue, type DueEscalation, escalationsDue } from "./model/escalation.ts";
import { DETRACTOR_TASKS, LOOP_KEY, loopCounterChange, RECOVERED } from "./model/loop.ts";
import { type PriorityLevel, priorityOf } from "./model/priority.ts";
import { type RecoveryWatch, recovers, watchFor } from "./model/recovery.ts";
import {
  businessHoursFor,
  type FollowUpRules,
  isHistory,
  shouldOpenTask,
  teamFor,
  teamsByTheme,
  urgentThemeIds,
} from "./model/rules.ts";
import { slaPolicyFor } from "./model/sla.ts";
import { type FollowUpTaskV2, isActive, nextDeadline } from "./model/task.ts";
import { close, joinTask, openTask } from "./model/transitions.ts";
import type { EventPublisher, Mailer, TaskNotice } from "./ports/notifier.ts";
import type { TaskStore } from "./ports/task-store.ts";
import { notice } from "./task-notice.ts";

export interface FollowUpDeps {
  tasks: TaskStore;
  rules: FollowUpRules;
  taxonomy: Taxonomy;
  mailer?: Mailer | undefined;
  events?: EventPublisher | undefined;
  onNotifyError?: (error: unknown) => void;
  /** Keys the customer pseudonyms in notices (shared/privacy/); without it they read "cust_hidden". */
  pseudonymKey?: string | undefined;
  /** Where escalation emails read the customer's latest words; without it they show none. */
  feedback?: Pick<FeedbackStore, "storedRecords"> | undefined;
}

const MAX_CONFLICT_RETRIES = 3;

/** Email for what people must act on, events for every change integrations may care about. */
const announce = async (deps: FollowUpDeps, emails: TaskNotice[], events: TaskNotice[]) => {
  try {
    await Promise.all([deps.mailer?.send(emails), deps.events?.publish(events)]);
  } catch (error) {
    // The task itself is saved; a lost notification must not undo or repeat it.
    deps.onNotifyError?.(error);
  }
};

/** Feedback on its way to the store, as the follow-up rules see it; the task id is written onto its record. */
export interface FollowUpCandidate {
  record: StoredFeedback;
  customerTier: string | undefined;
  /** The stored record this one replaces (a changed survey answer). */
  previous?: StoredFeedback | undefined;
}

/**
 * Opens or joins follow-up tasks for a batch of enriched feedback before the records are stored,
 * and stamps each record with its task. One active task per customer: feedback from a customer who
 * has one joins it. Writes are conditional on the version read; on a conflict the task is re-read.
 * Idempotent: a redelivered message joins nothing twice and opens nothing twice. A batch costs the
 * same few round trips whatever its number of customers (see below). `announced` settles once the
 * new tasks' emails and events are out; it never rejects (a lost notification is logged, not retried).
 */
/**
 * The items that open or join a task, with whom and why: what planFollowUps acts on (the others may only
 * recover a watch). History (old feedback imported now) is counted but followed up by nobody.
 */
export const followUpOpeners = (
  items: readonly FollowUpCandidate[],
  deps: Pick<FollowUpDeps, "rules" | "taxonomy">,
  urgent: ReadonlySet<string> = urgentThemeIds(deps.taxonomy),
): Map<FollowUpCandidate, { contact: Contact; reasons: string[] }> => {
  const openers = new Map<FollowUpCandidate, { contact: Contact; reasons: string[] }>();
  for (const item of items) {
    if (item.previous?.taskId || isHistory(item.record, deps.rules)) continue;
    const contact = contactOf(item.record);
    const decision = shouldOpenTask(item.record, deps.rules, urgent);
    if (contact && decision.open) openers.set(item, { contact, reasons: decision.reasons });
  }
  return openers;
};

export const planFollowUps = async (
  items: FollowUpCandidate[],
  deps: FollowUpDeps,
  now: Date,
): Promise<{ opened: number; announced: Promise<void>; priorities: Map<string, PriorityLevel> }> => {
  const urgent = urgentThemeIds(deps.taxonomy);
  const teams = teamsByTheme(deps.taxonomy);
  const openers = followUpOpeners(items, deps, urgent);
  const wanted = [...openers].map(([item, { contact, reasons }]) => {
    const priority = priorityOf({
      channel: item.record.channel,
      score: item.record.score,
      // The tone adds points only when it was read from words (a silent score's "tone" is the score).
      hasText: item.record.sentimentSource === "text",
      sentiment: item.record.sentiment,
      sentimentScores: item.record.sentimentScores,
      tier: item.customerTier,
      followers: item.record.followers,
      themes: item.record.themes,
      urgentThemes: urgent,
    });
    return { item, contact, key: contactKey(contact), reasons, priority };
  });
  // Grouped by key: a customer and a social author never share a task, whatever their ids look like.
  const byContact = new Map<ContactKey, typeof wanted>();
  for (const w of wanted) byContact.set(w.key, [...(byContact.get(w.key) ?? []), w]);
  const opened: Array<{ task: FollowUpTaskV2; latest: StoredFeedback | undefined }> = [];
  // The priority of each task the batch opened or joined (feedback.stored events carry it).
  const priorities = new Map<string, PriorityLevel>();
  const recoveryCandidates = scoredCandidates(
    items.filter((item) => !openers.has(item) && item.previous === undefined && !isHistory(item.record, deps.rules)),
  );

  // Every read batched for the whole batch: the contacts' open-task pointers with the recovery
  // watches (one read), then the tasks they point to; then one transaction saves every task and
  // counts the recoveries. Contacts whose task changed meanwhile go round again, re-reading only theirs.
  let pending = [...byContact.keys()];
  const { openTaskIds: firstPointers, watches } = await deps.tasks.contactStates(
    pending,
    recoveryCandidates.map((s) => s.key),
  );
  // Contacts whose recovery went with the saves: of the watches read (the first save, for those this batch starts
  // no watch of its own for), and of the watches this batch's new tasks would have started.
  const counted = new Set<ContactKey>();
  const candidatesByContact = new Map<ContactKey, FollowUpCandidate[]>();
  for (const { item, key } of recoveryCandidates)
    candidatesByContact.set(key, [...(candidatesByContact.get(key) ?? []), item]);
  for (let attempt = 0, pointers = firstPointers; pending.length > 0; attempt++) {
    if (attempt > 0) pointers = await deps.tasks.openTaskIds(pending);
    const ids = [...new Set(pending.flatMap((key) => pointers.get(key) ?? []))];
    const tasks = ids.length > 0 ? await deps.tasks.getTasks(ids) : new Map<string, FollowUpTaskV2>();
    const plans = pending.map((key) => {
      const group = byContact.get(key) ?? [];
      const pointer = pointers.get(key);
      return { key, group, ...planTask(group, pointer ? tasks.get(pointer) : undefined, deps, now, urgent, teams) };
    });
    const saves = plans.filter((p) => !p.unchanged);
    // The watches read, for contacts this batch starts no new one for (a new watch replaces the old unjudged).
    const recoveries = attempt === 0 ? recoveriesAmong(recoveryCandidates, watches, saves) : new Map();
    for (const key of recoveries.keys()) counted.add(key);
    // A detractor's better answer in this batch recovers the watch their new task starts: counted with the task
    // and the watch never written, so the two commit together or not at all.
    const folded = new Set<ContactKey>();
    for (const p of saves) {
      const watch = p.watch;
      if (!watch || counted.has(p.key)) continue;
      if (!(candidatesByContact.get(p.key) ?? []).some((item) => recovers(watch, item.record, false))) continue;
      p.counters.push({ week: watch.week, key: LOOP_KEY, add: { [RECOVERED]: 1 } });
      p.watch = undefined;
      folded.add(p.key);
    }
    const results =
      saves.length + recoveries.size > 0
        ? await deps.tasks.saveTasks(
            saves.map((p) => ({
              task: p.task,
              expectedVersion: p.expectedVersion,
              counters: p.counters,
              watch: p.watch,
            })),
            [...recoveries.values()],
          )
        : { saves: new Map<string, "saved" | "conflict">() };
    const conflicts = plans.filter((p) => !p.unchanged && results.saves.get(p.task.id) !== "saved");
    for (const p of plans) {
      if (conflicts.includes(p)) continue;
      if (folded.has(p.key)) counted.add(p.key);
      for (const { item } of p.group) item.record.taskId = p.task.id;
      priorities.set(p.task.id, p.task.priority.level);
      if (p.unchanged) continue;
      if (p.expectedVersion === undefined) opened.push({ task: p.task, latest: p.group.at(-1)?.item.record });
      // Saved with its task: what a read of the watches now would return.
      if (p.watch) watches.set(p.key, p.watch);
    }
    // A new task under its id already exists: a redelivery of the feedback that opened it.
    const lost = conflicts.filter((p) => p.expectedVersion === undefined).map((p) => p.task.id);
    const existing = lost.length > 0 ? await deps.tasks.getTasks(lost) : new Map<string, FollowUpTaskV2>();
    pending = [];
    for (const p of conflicts) {
      const found = p.expectedVersion === undefined ? existing.get(p.task.id) : undefined;
      if (!found) {
        pending.push(p.key);
        continue;
      }
      for (const { item } of p.group) item.record.taskId = found.id;
      priorities.set(found.id, found.priority.level);
      // The first delivery may have stopped between saving the task and starting the watch.
      if (p.watch && found.version === 1) {
        await deps.tasks.watchRecovery(p.watch);
        watches.set(p.key, p.watch);
      }
    }
    if (pending.length > 0 && attempt >= MAX_CONFLICT_RETRIES) {
      throw new Error(`task for ${pending[0]} kept changing; will retry`);
    }
  }

  // The rest: recoveries of watches this batch started (a detractor's better answer in the same batch), or with no
  // task saved to count them with.
  const recovered = recoveriesAmong(
    recoveryCandidates.filter((c) => !counted.has(c.key)),
    watches,
  );
  if (recovered.size > 0) await deps.tasks.recordRecoveries([...recovered.values()]);

  if (opened.length === 0) return { opened: 0, announced: Promise.resolve(), priorities };
  const notices = opened.map(({ task, latest }) => notice(task, "task.opened", "team", now, deps.pseudonymKey, latest));
  // The tasks are saved: the caller stores the records while the emails and events go out (announce never throws).
  const announced = announce(
    deps,
    notices.filter((n) => n.priority === "P1" || n.priority === "P2"),
    notices,
  );
  return { opened: opened.length, announced, priorities };
};

/**
 * One contact's task after this batch: its active task joined by the group's feedback, or a new one
 * the first of them opens (with the recovery watch a detractor's score starts), and the loop
 * counters the change adds. Unchanged: every item had joined it already (a redelivery).
 */
const planTask = (
  group: ReadonlyArray<{
    item: FollowUpCandidate;
    contact: Contact;
    reasons: string[];
    priority: ReturnType<typeof priorityOf>;
  }>,
  current: FollowUpTaskV2 | undefined,
  deps: FollowUpDeps,
  now: Date,
  urgent: ReadonlySet<string>,
  teams: ReturnType<typeof teamsByTheme>,
) => {
  let task = current && isActive(current) ? current : undefined;
  const expectedVersion = task?.version;
  let watch: RecoveryWatch | undefined;
  for (const { item, contact, reasons, priority } of group) {
    const record = item.record;
    if (!task) {
      const team = teamFor(record.themes, teams, urgent, deps.rules.fallbackTeam);
      task = openTask({
        id: `task_${record.id.slice(3)}`,
        contact,
        customerTier: item.customerTier,
        channel: record.channel,
        feedbackId: record.id,
        feedbackWeek: record.week,
        themes: record.themes,
        team,
        priority,
        reasons,
        sla: slaPolicyFor(deps.rules, businessHoursFor(deps.rules, team)),
        openedAt: now,
      });
      watch = watchFor(task, record);
    } else {
      task = joinTask(task, {
        feedbackId: record.id,
        at: now,
        priority,
        reasons,
        themes: record.themes,
        customerTier: item.customerTier,
      });
    }
  }
  if (!task) throw new Error("a follow-up group has no feedback");
  const loop = loopCounterChange(expectedVersion === undefined ? undefined : current, task);
  // Tasks a detractor's score opened are the ones whose recovery the digest reports.
  if (loop && watch) loop.add[DETRACTOR_TASKS] = 1;
  return {
    task,
    expectedVersion,
    watch,
    counters: loop ? [loop] : [],
    unchanged: current !== undefined && task === current,
  };
};

/** The candidates a later, better answer could recover: survey customers' scored answers. */
const scoredCandidates = (candidates: readonly FollowUpCandidate[]) =>
  candidates.flatMap((item) => {
    const contact = contactOf(item.record);
    return contact && item.record.channel !== "social" && item.record.score !== undefined
      ? [{ item, key: contactKey(contact) }]
      : [];
  });

/**
 * Later answers from detractors we followed up with: a better score on the same scale that needs no follow-up
 * recovers them (counted once, under their task's week; a conditional delete of the watch makes a redelivered
 * answer count nothing twice). Contacts `replacing` starts a new watch for are left to be judged against it.
 */
const recoveriesAmong = (
  scored: ReadonlyArray<{ item: FollowUpCandidate; key: ContactKey }>,
  watches: ReadonlyMap<ContactKey, RecoveryWatch>,
  replacing: ReadonlyArray<{ key: ContactKey; watch: RecoveryWatch | undefined }> = [],
): Map<ContactKey, RecoveryWatch> => {
  const replaced = new Set(replacing.flatMap((p) => (p.watch ? [p.key] : [])));
  const recovered = new Map<ContactKey, RecoveryWatch>();
  for (const { item, key } of scored) {
    const watch = watches.get(key);
    if (watch && !replaced.has(key) && !recovered.has(key) && recovers(watch, item.record, false))
      recovered.set(key, watch);
  }
  return recovered;
};

export interface SweepReport {
  checked: number;
  escalated: number;
  autoClosed: number;
  conflicts: number;
  /** Open tasks past a deadline (first response or resolution) at this sweep: the SlaBreaches gauge. */
  overdue: number;
}

/**
 * The SLA sweep (every few minutes): escalates overdue tasks — level 1 to the owning team, level 2
 * to the supervisor — exactly once per level, and closes resolved tasks nobody confirmed in time.
 * Reads only what is due, from the time index; a task edited meanwhile is left for the next sweep.
 */
export const sweepTasks = async (deps: FollowUpDeps, now: Date): Promise<SweepReport> => {
  const report: SweepReport = { checked: 0, escalated: 0, autoClosed: 0, conflicts: 0, overdue: 0 };
  const escalated: Array<{ task: FollowUpTaskV2; due: DueEscalation }> = [];
  for (const partition of ["active", "resolved"] as const) {
    let cursor: string | undefined;
    do {
      const page = await deps.tasks.listTasks({ partition, dueBefore: now.toISOString(), limit: 100, cursor });
      cursor = page.cursor;
      for (const task of page.items) {
        report.checked++;
        if (partition === "active") {
          // The index holds active tasks by their next running deadline, so every overdue one is on these pages.
          const deadline = nextDeadline(task);
          if (deadline && Date.parse(deadline.dueAt) < now.getTime()) report.overdue++;
          const due = escalationsDue(task, now, deps.rules);
          if (due.length === 0) continue;
          const next = applyEscalations(task, due, now);
          if ((await deps.tasks.saveTask(next, task.version)) === "conflict") {
            report.conflicts++;
            continue;
          }
          report.escalated += due.length;
          for (const d of due) escalated.push({ task: next, due: d });
        } else if (autoCloseDue(task, now, deps.rules)) {
          const closed = close(task, "system:sla-sweep", now, "timeout");
          if ((await deps.tasks.saveTask(closed, task.version)) === "conflict") report.conflicts++;
          else report.autoClosed++;
        }
      }
    } while (cursor);
  }
  const latest = await latestWords(
    deps,
    escalated.map(({ task }) => task),
  );
  const emails = escalated.map(({ task, due }) =>
    notice(task, "task.escalated", due.notify, now, deps.pseudonymKey, latest.get(task.id), {
      level: due.level,
      overdue: due.overdue,
      dueAt: due.dueAt,
      overdueMinutes: due.overdueMinutes,
      round: task.round,
    }),
  );
  await announce(deps, emails, emails);
  return report;
};

/** Task id -> the feedback the customer sent last, for the email's "latest words"; none if it cannot be read. */
const latestWords = async (
  deps: FollowUpDeps,
  tasks: readonly FollowUpTaskV2[],
): Promise<Map<string, StoredFeedback>> => {
  if (!deps.feedback || tasks.length === 0) return new Map();
  try {
    const latestOf = (t: FollowUpTaskV2) => t.feedbackIds.at(-1) ?? "";
    const records = await deps.feedback.storedRecords([...new Set(tasks.map(latestOf))]);
    const found = new Map<string, StoredFeedback>();
    for (const t of tasks) {
      const record = records.get(latestOf(t));
      if (record) found.set(t.id, record);
    }
    return found;
  } catch (error) {
    // The escalation is recorded; its email goes out without the words rather than not at all.
    deps.onNotifyError?.(error);
    return new Map();
  }
};

import type { EscalationRules, FollowUpRules } from "./rules.ts";
import {
  type DeadlineKind,
  type EscalationLevel,
  type FollowUpTaskV2,
  pendingDeadlines,
  SYSTEM_ACTOR,
} from "./task.ts";

/**
 * What the scheduled sweep does with overdue tasks. Level 1 tells the owning team once a
 * deadline is missed (after `level1AfterOverdueMinutes`), level 2 tells the supervisor after
 * `level2AfterOverdueMinutes` past the same deadline. Delays are elapsed minutes, not business
 * hours: an escalation is about how long the customer has been left waiting. Each level fires at
 * most once per deadline kind and round, so a sweep that runs every minute, or twice on a retry,
 * never notifies twice.
 */

export interface DueEscalation {
  level: EscalationLevel;
  overdue: DeadlineKind;
  notify: "team" | "supervisor";
  /** The missed deadline and how late it is, for the notification text. */
  dueAt: string;
  overdueMinutes: number;
}

const NOTIFY = { 1: "team", 2: "supervisor" } as const;

const MINUTE_MS = 60_000;

const delayMinutes = (rules: EscalationRules, level: EscalationLevel): number =>
  level === 1 ? rules.level1AfterOverdueMinutes : rules.level2AfterOverdueMinutes;

const alreadyEscalated = (task: FollowUpTaskV2, level: EscalationLevel, kind: DeadlineKind): boolean =>
  task.escalations.some((e) => e.level === level && e.overdue === kind && (e.round ?? 1) === task.round);

/** Escalations the sweep owes this task at `now`; none while waiting on the customer or once resolved. */
export const escalationsDue = (
  task: FollowUpTaskV2,
  now: Date,
  rules: Pick<FollowUpRules, "escalation">,
): DueEscalation[] => {
  const nowMs = now.getTime();
  const due: DueEscalation[] = [];
  for (const deadline of pendingDeadlines(task)) {
    const lateMs = nowMs - Date.parse(deadline.dueAt);
    // A deadline is missed only once it has passed, even when a level's delay is 0.
    if (!(lateMs > 0)) continue;
    for (const level of [1, 2] as const) {
      if (lateMs < delayMinutes(rules.escalation, level) * MINUTE_MS) continue;
      if (alreadyEscalated(task, level, deadline.kind)) continue;
      due.push({
        level,
        overdue: deadline.kind,
        notify: NOTIFY[level],
        dueAt: deadline.dueAt,
        overdueMinutes: Math.floor(lateMs / MINUTE_MS),
      });
    }
  }
  return due;
};

const KIND_WORDS = { first_response: "first response", resolution: "resolution" } as const;

/**
 * Records escalations on the task (escalations list, one audit entry each, one version bump).
 * Escalations the task already has are skipped, so applying the same list twice is harmless;
 * when nothing is new the task comes back unchanged (same object, same version).
 */
export const applyEscalations = (
  task: FollowUpTaskV2,
  due: ReadonlyArray<Pick<DueEscalation, "level" | "overdue"> & Partial<DueEscalation>>,
  at: Date,
  actor = `${SYSTEM_ACTOR}:sla-sweep`,
): FollowUpTaskV2 => {
  const when = at.toISOString();
  const fresh = due.filter(
    (d, i) =>
      !alreadyEscalated(task, d.level, d.overdue) &&
      due.findIndex((o) => o.level === d.level && o.overdue === d.overdue) === i,
  );
  if (fresh.length === 0) return task;
  return {
    ...task,
    escalations: [
      ...task.escalations,
      ...fresh.map((d) => ({ level: d.level, at: when, overdue: d.overdue, round: task.round })),
    ],
    version: task.version + 1,
    audit: [
      ...task.audit,
      ...fresh.map((d) => ({
        at: when,
        actor,
        action: "escalated" as const,
        detail: `level ${d.level} to ${d.level === 1 ? `team ${task.team}` : "supervisor"}: ${KIND_WORDS[d.overdue]} overdue${d.dueAt ? ` since ${d.dueAt}` : ""}`,
      })),
    ],
  };
};

/** Highest escalation level reached in the task's current round (0 when none). */
export const escalationLevel = (task: FollowUpTaskV2): 0 | EscalationLevel =>
  task.escalations.reduce<0 | EscalationLevel>(
    (max, e) => ((e.round ?? 1) === task.round && e.level > max ? e.level : max),
    0,
  );

/** A resolved task nobody confirmed closes itself once `closeAfterResolvedDays` have passed. */
export const autoCloseDue = (
  task: FollowUpTaskV2,
  now: Date,
  rules: Pick<FollowUpRules, "closeAfterResolvedDays">,
): boolean =>
  task.status === "resolved" &&
  task.resolvedAt !== undefined &&
  now.getTime() - Date.parse(task.resolvedAt) >= rules.closeAfterResolvedDays * 86_400_000;

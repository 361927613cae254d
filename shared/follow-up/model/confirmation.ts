import { maskPersonalData } from "#shared/analysis/model/pii";
import type { FollowUpRules } from "./rules.ts";
import type { FollowUpTaskV2, NotSentReason, ResolutionConfirmation } from "./task.ts";
import { changed, close, reopen } from "./transitions.ts";

/**
 * "Is your problem solved?" after a resolution: when it is asked, what its answer does to the task.
 * Pure, like ./transitions.ts. One question per resolution round; the answer to it is recorded
 * once, and only an answer about the task's current resolution, while the task still waits in
 * `resolved`, closes it (yes) or reopens it (no). Any other answer (the task closed meanwhile, or a
 * lead reopened it and it is in a later round) is recorded and counted, and changes no state.
 */

/** Who sends the question, and who answers it, in the audit trail. */
export const CONFIRMATION_ACTOR = "system:confirmation";
export const CUSTOMER_ACTOR = "customer";

/** How much of the customer's comment the audit keeps (the page's box holds as much). */
export const ANSWER_WORDS_MAX = 1000;

const DAY_MS = 86_400_000;

export const confirmationOf = (
  task: Pick<FollowUpTaskV2, "confirmations">,
  round: number,
): ResolutionConfirmation | undefined => task.confirmations?.find((c) => c.round === round);

const withConfirmation = (task: FollowUpTaskV2, entry: ResolutionConfirmation): ResolutionConfirmation[] => [
  ...(task.confirmations ?? []).filter((c) => c.round !== entry.round),
  entry,
];

/**
 * Whether resolving this task asks the customer: the lead's choice (`requested`), else the
 * deployment's default; only survey and service customers (a social author is answered where they
 * posted), and never twice for one resolution round.
 */
export const shouldAsk = (
  task: FollowUpTaskV2,
  requested: boolean | undefined,
  rules: Pick<FollowUpRules, "confirmResolution">,
): boolean =>
  task.status === "resolved" &&
  task.contact.kind === "customer" &&
  (requested ?? rules.confirmResolution) &&
  confirmationOf(task, task.round) === undefined;

/** The link works until the sweep would close the task as unanswered: the answer window is the auto-close window. */
export const confirmationExpiry = (
  task: Pick<FollowUpTaskV2, "resolvedAt" | "openedAt">,
  rules: Pick<FollowUpRules, "closeAfterResolvedDays">,
): Date => new Date(Date.parse(task.resolvedAt ?? task.openedAt) + rules.closeAfterResolvedDays * DAY_MS);

/**
 * Claims the round's question as part of the resolve itself (same write, same version, no audit
 * entry of its own: the resolution's is there, and the outcome follows), so a second resolve of
 * the same round, or a retry, can never send a second email.
 */
export const startConfirmation = (task: FollowUpTaskV2, at: Date, expiresAt: Date): FollowUpTaskV2 => ({
  ...task,
  confirmations: withConfirmation(task, {
    round: task.round,
    state: "sending",
    at: at.toISOString(),
    expiresAt: expiresAt.toISOString(),
  }),
});

/** What the audit says when no question went out (in the fixed English of the trail). */
export const NOT_SENT_DETAIL: Readonly<Record<NotSentReason, string>> = {
  no_email: "not asked: no email address is known for this customer",
  quiet_period: "not asked: the customer was asked about another request a short while ago",
  send_failed: "could not send: the email was not accepted; the task stays resolved and closes as usual",
};

/** The round's question went out (or did not), from `sending`; anything else is left as it is. */
export const recordConfirmationOutcome = (
  task: FollowUpTaskV2,
  round: number,
  outcome: { sent: true; detail: string } | { sent: false; reason: NotSentReason },
  at: Date,
): FollowUpTaskV2 => {
  const entry = confirmationOf(task, round);
  if (entry?.state !== "sending") return task;
  const when = at.toISOString();
  return outcome.sent
    ? changed(
        task,
        { confirmations: withConfirmation(task, { ...entry, state: "sent", at: when }) },
        { at: when, actor: CONFIRMATION_ACTOR, action: "confirmation_sent", detail: outcome.detail },
      )
    : changed(
        task,
        { confirmations: withConfirmation(task, { ...entry, state: "not_sent", reason: outcome.reason }) },
        {
          at: when,
          actor: CONFIRMATION_ACTOR,
          action: "confirmation_not_sent",
          detail: NOT_SENT_DETAIL[outcome.reason],
        },
      );
};

/** The customer's words as the audit keeps them: their personal data masked, like every stored text of theirs. */
export const answerWords = (comment: string | undefined): string | undefined => {
  const masked = comment === undefined ? "" : maskPersonalData(comment.trim());
  return masked === "" ? undefined : [...masked].slice(0, ANSWER_WORDS_MAX).join("");
};

export interface CustomerAnswer {
  solved: boolean;
  csat?: number | undefined;
  comment?: string | undefined;
}

export type AnswerEffect = "closed" | "reopened" | "recorded";
export type AnswerResult =
  | { effect: AnswerEffect; task: FollowUpTaskV2 }
  | { effect: "already_answered" | "not_asked"; task: FollowUpTaskV2 };

/**
 * The customer's answer to the question of `round`. Yes closes a task still resolved in that round
 * (customer_confirmed); no reopens it (fresh clocks, round + 1, the customer's words in the audit
 * trail where the lead reads them) unless `canReopen` is false (the customer has another active
 * task by now, which is where they are being helped: one active task per customer). Recorded once:
 * a second answer to the same question changes nothing ("already_answered").
 */
export const answerConfirmation = (
  task: FollowUpTaskV2,
  round: number,
  answer: CustomerAnswer,
  at: Date,
  canReopen = true,
): AnswerResult => {
  const entry = confirmationOf(task, round);
  if (entry === undefined) return { effect: "not_asked", task };
  if (entry.answer !== undefined) return { effect: "already_answered", task };
  const when = at.toISOString();
  const current = round === task.round && task.status === "resolved";
  const effect: AnswerEffect = !current ? "recorded" : answer.solved ? "closed" : canReopen ? "reopened" : "recorded";
  const csat = answer.csat !== undefined && Number.isInteger(answer.csat) && answer.csat >= 1 && answer.csat <= 5;
  const words = answerWords(answer.comment);
  const why =
    effect !== "recorded"
      ? ""
      : round !== task.round
        ? " (about an earlier resolution; the task has been reopened since: recorded only)"
        : task.status === "resolved"
          ? " (the customer has another open task: recorded only)"
          : ` (the task was already ${task.status}: recorded only)`;
  const detail =
    `${answer.solved ? "solved" : "not solved"}, says the customer` +
    `${csat ? `; satisfaction ${answer.csat} of 5` : ""}${why}${words ? `: “${words}”` : ""}`;
  let next = changed(
    task,
    {
      confirmations: withConfirmation(task, {
        ...entry,
        answer: { solved: answer.solved, ...(csat && { csat: answer.csat }), at: when, effect },
      }),
    },
    { at: when, actor: CUSTOMER_ACTOR, action: "confirmation_answered", detail },
  );
  if (effect === "closed") next = close(next, CUSTOMER_ACTOR, at, "customer_confirmed");
  if (effect === "reopened") next = reopen(next, CUSTOMER_ACTOR, at, "the customer says the problem is not solved");
  return { effect, task: next };
};

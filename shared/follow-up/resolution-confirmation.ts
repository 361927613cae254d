import { maskPersonalData } from "#shared/analysis/model/pii";
import { contactKey } from "#shared/feedback/model/contact";
import type { FeedbackStore } from "#shared/feedback/ports/feedback-store";
import type { SupportedLocale } from "#shared/kernel/locale";
import type { SigningKey } from "#shared/kernel/signing-key";
import { confirmationUrl, signConfirmationToken } from "#shared/surveys/model/confirmation-token";
import type { ConfirmationMarks } from "#shared/surveys/ports/confirmation-marks";
import { confirmationEmail } from "#shared/surveys/views/confirmation-email";
import { contactDetails } from "./contact-details.ts";
import {
  confirmationExpiry,
  confirmationOf,
  recordConfirmationOutcome,
  shouldAsk,
  startConfirmation,
} from "./model/confirmation.ts";
import { loopCounterChange } from "./model/loop.ts";
import type { FollowUpRules } from "./model/rules.ts";
import type { FollowUpTaskV2, NotSentReason } from "./model/task.ts";
import type { CustomerMailer } from "./ports/customer-mail.ts";
import type { TaskStore } from "./ports/task-store.ts";

/**
 * Asking the customer "is your problem solved?" when a lead resolves their task: a signed link per
 * answer (shared/surveys/model/confirmation-token.ts) in an email in the customer's language, from
 * the customer-facing address with a Reply-To. The resolve is saved first and stands whatever
 * happens to the email: a failure is logged and written on the task ("could not send"), never
 * undone or retried into a second email.
 */
export interface ConfirmationSender {
  /** Where the customer's email, name and language are read (their feedback's originals). */
  feedback: Pick<FeedbackStore, "originals" | "storedRecords">;
  mailer: CustomerMailer;
  /** The quiet period: one question per customer within `confirmationQuietHours`. */
  marks: ConfirmationMarks;
  keys: readonly SigningKey[];
  /** Where the links point (PUBLIC_BASE_URL or the request's host). */
  baseUrl: string;
  rules: Pick<FollowUpRules, "confirmResolution" | "confirmationQuietHours" | "closeAfterResolvedDays">;
  /** The language when the customer's feedback says none: most customers read Chinese. */
  fallbackLocale?: SupportedLocale | undefined;
  /** Shown in the email's sign-off. */
  brand?: string | undefined;
  /**
   * Told about every failure that kept the question from going out, for the log: the error's name
   * and its message with personal data masked (a mail provider's refusal quotes the address).
   */
  onError?: ((problem: string) => void) | undefined;
}

const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;
const MAX_CONFLICT_RETRIES = 3;

/**
 * The resolved task as it is to be saved: with this round's question claimed (state `sending`)
 * when the lead (`requested`), or else the deployment's default, wants the customer asked.
 */
export const planConfirmation = (
  sender: Pick<ConfirmationSender, "rules">,
  resolved: FollowUpTaskV2,
  requested: boolean | undefined,
  now: Date,
): FollowUpTaskV2 =>
  shouldAsk(resolved, requested, sender.rules)
    ? startConfirmation(resolved, now, confirmationExpiry(resolved, sender.rules))
    : resolved;

const describe = (error: unknown): string =>
  error instanceof Error ? `${error.name}: ${maskPersonalData(error.message)}` : "unknown error";

type Outcome = { sent: true; detail: string } | { sent: false; reason: NotSentReason };

const mail = async (sender: ConfirmationSender, task: FollowUpTaskV2, expiresAt: Date, now: Date): Promise<Outcome> => {
  const details = await contactDetails(sender.feedback, task, sender.fallbackLocale ?? "zh-Hans");
  if (details.email === undefined) return { sent: false, reason: "no_email" };
  const contact = contactKey(task.contact);
  const quiet = sender.rules.confirmationQuietHours * HOUR_MS;
  const claimed = await sender.marks.claim(
    contact,
    now,
    new Date(now.getTime() - quiet),
    new Date(now.getTime() + Math.max(quiet, HOUR_MS)),
  );
  if (claimed === "suppressed") return { sent: false, reason: "quiet_period" };
  try {
    const [key] = sender.keys;
    if (!key) throw new Error("no signing key is configured");
    const token = signConfirmationToken(
      { taskId: task.id, round: task.round, locale: details.locale, expiresAt: Math.floor(expiresAt.getTime() / 1000) },
      key,
    );
    const days = Math.max(1, Math.round((expiresAt.getTime() - now.getTime()) / DAY_MS));
    const email = confirmationEmail({
      locale: details.locale,
      name: details.name,
      outcome: task.outcome,
      yesUrl: confirmationUrl(sender.baseUrl, token, "yes"),
      noUrl: confirmationUrl(sender.baseUrl, token, "no"),
      validDays: days,
      brand: sender.brand,
    });
    await sender.mailer.send({ to: details.email, locale: details.locale, ...email });
    return {
      sent: true,
      detail: `by email, in ${details.locale}; the link works for ${days} days, until the task closes itself`,
    };
  } catch (error) {
    // Nothing reached the customer: the next resolution may ask them.
    await sender.marks.release(contact, now).catch(() => undefined);
    throw error;
  }
};

/**
 * Sends the question `planConfirmation` claimed on the saved task, then writes the outcome (sent,
 * or not sent and why) on the task, re-reading it if a lead changed it meanwhile. Returns the task
 * as it now stands. Does nothing when the round's question is not waiting to be sent.
 */
export const sendConfirmation = async (
  deps: ConfirmationSender & { tasks: Pick<TaskStore, "getTask" | "saveTask"> },
  task: FollowUpTaskV2,
  now: Date,
): Promise<FollowUpTaskV2> => {
  const round = task.round;
  const entry = confirmationOf(task, round);
  if (entry?.state !== "sending") return task;
  let outcome: Outcome;
  try {
    outcome = await mail(deps, task, new Date(entry.expiresAt), now);
  } catch (error) {
    deps.onError?.(describe(error));
    outcome = { sent: false, reason: "send_failed" };
  }
  let current = task;
  for (let attempt = 0; attempt <= MAX_CONFLICT_RETRIES; attempt++) {
    const next = recordConfirmationOutcome(current, round, outcome, now);
    if (next === current) return current;
    const loop = loopCounterChange(current, next);
    if ((await deps.tasks.saveTask(next, current.version, loop ? [loop] : [])) === "saved") return next;
    const fresh = await deps.tasks.getTask(task.id);
    if (!fresh) return current;
    current = fresh;
  }
  deps.onError?.(`task ${task.id} kept changing; the confirmation's outcome was not written`);
  return current;
};

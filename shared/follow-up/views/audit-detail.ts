import type { SupportedLocale } from "#shared/kernel/locale";
import { NOT_SENT_DETAIL } from "../model/confirmation.ts";
import type { AuditEntry, NotSentReason } from "../model/task.ts";
import type { TaskWords } from "./task-words.ts";
import { WORKBENCH_TEXT, type WorkbenchText } from "./workbench-text.ts";

/** The customer's answer to "is your problem solved?" as ../model/confirmation.ts writes it in the trail. */
export interface ConfirmationAnswerDetail {
  solved: boolean;
  csat: number | undefined;
  /** Their comment, as stored (masked for viewers without the right). */
  words: string | undefined;
  recordedOnly: boolean;
}

/** Reads a confirmation_answered entry back; undefined for any other entry or an unknown form. */
export const confirmationAnswerOf = (entry: AuditEntry): ConfirmationAnswerDetail | undefined => {
  if (entry.action !== "confirmation_answered" || entry.detail === undefined) return undefined;
  const m = /^(solved|not solved), says the customer(?:; satisfaction (\d) of 5)?( \([^)]*\))?(?:: “([\s\S]*)”)?$/.exec(
    entry.detail,
  );
  if (!m) return undefined;
  return {
    solved: m[1] === "solved",
    csat: m[2] === undefined ? undefined : Number(m[2]),
    words: m[4],
    recordedOnly: m[3] !== undefined,
  };
};

/**
 * An audit entry's detail in the lead's words. The trail stores what happened in a fixed English
 * form written by ../model/transitions.ts and ../model/escalation.ts ("fb_…: reasons", "refund:
 * note", "level 1 to team logistics: first response overdue since …"); this reads those forms back
 * and says them in the lead's language, without feedback ids or UTC times. Free text (notes, a
 * reopen's reason) is the people's own words and stays as written.
 */
export const auditDetail = (entry: AuditEntry, words: TaskWords, text: WorkbenchText): string => {
  const detail = entry.detail ?? "";
  if (detail === "") return "";
  switch (entry.action) {
    case "opened":
    case "joined": {
      // "<feedback id>: reason; reason (priority P3 -> P2)"
      const withoutId = detail.replace(/^fb_[0-9a-z]+: ?/i, "");
      const change = /\s*\(priority (P[1-4]) -> (P[1-4])\)$/.exec(withoutId);
      const reasons = (change ? withoutId.slice(0, change.index) : withoutId)
        .split("; ")
        .filter((r) => r !== "")
        .map((r) => words.reason(r));
      if (change) reasons.push(text.priorityChanged(change[1] as string, change[2] as string));
      return words.clauses(reasons);
    }
    case "resolved": {
      const colon = detail.indexOf(": ");
      const outcome = colon < 0 ? detail : detail.slice(0, colon);
      const note = colon < 0 ? "" : detail.slice(colon + 2);
      const known = words.outcome(outcome as Parameters<TaskWords["outcome"]>[0]);
      return note === "" ? known : words.field(known, note);
    }
    case "closed":
      return text.closeReasons[detail] ?? detail;
    case "escalated": {
      const m = /^level (\d) to (?:team (.+)|supervisor): (first response|resolution) overdue/.exec(detail);
      if (!m) return detail;
      const team = m[2] === undefined ? "" : words.team(m[2]);
      return text.escalation(Number(m[1]), m[2] === undefined, team, m[3] === "first response");
    }
    case "reopened":
      return detail === "the customer says the problem is not solved" ? text.reopenedByCustomer : detail;
    case "confirmation_sent": {
      const m = /^by email, in ([A-Za-z-]+); the link works for (\d+) days/.exec(detail);
      if (!m) return detail;
      const locale = m[1] as string;
      return text.confirmationSent(
        Object.hasOwn(WORKBENCH_TEXT, locale) ? WORKBENCH_TEXT[locale as SupportedLocale].languageName : locale,
        Number(m[2]),
      );
    }
    case "confirmation_not_sent": {
      const reason = (Object.keys(NOT_SENT_DETAIL) as NotSentReason[]).find((r) => NOT_SENT_DETAIL[r] === detail);
      return reason === undefined ? detail : text.confirmationNotSent[reason];
    }
    case "confirmation_answered": {
      const answer = confirmationAnswerOf(entry);
      if (!answer) return detail;
      return text.confirmationAnswer(answer.solved, answer.csat, answer.words, answer.recordedOnly);
    }
    default:
      return detail;
  }
};

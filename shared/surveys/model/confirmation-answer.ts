import { isScannerAgent } from "./responses.ts";

/**
 * What a customer posts from the confirmation page, and whether the post is theirs. Unlike a
 * survey score, an answer here closes or reopens a task at once, so nothing about it is automatic:
 * the page never posts by itself (a link scanner that runs scripts opens the "yes" and the "no"
 * link alike, and must change nothing), and only the page's own form, carrying a page ticket,
 * from a browser that is not a known scanner, counts.
 */

export const SOLVED_ANSWERS = ["yes", "no"] as const;
export type SolvedAnswer = (typeof SOLVED_ANSWERS)[number];

/** UTF-16 units; the same box size as the survey page's comment is plenty for "what is still wrong". */
export const CONFIRMATION_COMMENT_MAX = 1000;

export interface ConfirmationAnswer {
  solved: boolean;
  /** 1-5, optional: how satisfied with the resolution. */
  csat?: number;
  comment?: string;
}

export type FormResult = { ok: true; answer: ConfirmationAnswer } | { ok: false; field: "answer" | "csat" };

export const isSolvedAnswer = (value: string | null | undefined): value is SolvedAnswer =>
  value === "yes" || value === "no";

/**
 * The form's fields: `answer` yes|no (required), `csat` 1-5 (optional; empty is none), `comment`
 * (optional; cut to the box's size, never through an emoji). Anything else is refused by name.
 */
export const parseConfirmationForm = (form: URLSearchParams): FormResult => {
  const answer = form.get("answer");
  if (!isSolvedAnswer(answer)) return { ok: false, field: "answer" };
  const rawCsat = form.get("csat") ?? "";
  const csat = rawCsat === "" ? undefined : Number(rawCsat);
  if (csat !== undefined && !(Number.isInteger(csat) && csat >= 1 && csat <= 5 && /^[1-5]$/.test(rawCsat))) {
    return { ok: false, field: "csat" };
  }
  const comment =
    form
      .get("comment")
      ?.slice(0, CONFIRMATION_COMMENT_MAX)
      .replace(/\p{Surrogate}$/u, "")
      .trim() || undefined;
  return {
    ok: true,
    answer: {
      solved: answer === "yes",
      ...(csat !== undefined && { csat }),
      ...(comment !== undefined && { comment }),
    },
  };
};

export type PostVerdict = { counts: true } | { counts: false; reason: string };

const HEADLESS = /headless/i;

/** Whether a POST to the confirmation page is a person answering; `renderedAt` is from its page ticket. */
export const judgeConfirmationPost = (post: {
  userAgent?: string | undefined;
  renderedAt?: Date | undefined;
}): PostVerdict => {
  if (post.renderedAt === undefined) return { counts: false, reason: "no valid page ticket" };
  if (isScannerAgent(post.userAgent)) return { counts: false, reason: "known link scanner or bot" };
  if (post.userAgent !== undefined && HEADLESS.test(post.userAgent))
    return { counts: false, reason: "headless browser" };
  return { counts: true };
};

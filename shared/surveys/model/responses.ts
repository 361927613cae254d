import * as z from "zod";

/**
 * Which taps on a survey link are a person's answer. Email security gateways (Outlook Safe Links,
 * Mimecast, Proofpoint, ...) open every link in a message, sometimes in a real browser that runs
 * scripts, within a second of delivery. People tap one score. So: a GET never answers, a HEAD
 * never answers, known scanners never answer, a post that no page of ours sent (no valid page
 * ticket) never answers, several different scores for one token within a couple of seconds is a
 * machine whoever it says it is, and so are automatic posts of several different scores within a
 * minute (a scanner opening every link in turn, however it spaces them).
 */

/** Email-security scanners and link-preview bots; matched against the User-Agent header. */
export const KNOWN_SCANNER_AGENTS = [
  // Outlook Safe Links and Office apps fetching links ("Microsoft Office/16.0 (...)").
  /Microsoft Office/i,
  /Safe ?Links/i,
  /Mimecast/i,
  /Proofpoint/i,
  /Barracuda/i,
  /GoogleImageProxy/i,
  /Google-Safety/i,
  /Go-http-client/i,
  // SMS and chat apps that fetch a preview (iMessage says facebookexternalhit).
  /facebookexternalhit|WhatsApp|Slackbot|TelegramBot|Discordbot/i,
  // "bot" as its own word or ending a product name ("Googlebot/2.1", "AdsBot-Google"), but not
  // inside a phone model such as "CUBOT P30".
  /(?:^|[^a-z])bot\b|[a-z]bot[/-]/i,
  /crawler|spider|scanner|preview/i,
] as const satisfies readonly RegExp[];

const HEADLESS = /headless/i;

/** Taps of more than one other score this close together are not a person. */
export const BURST_WINDOW_MS = 2_000;
export const BURST_OTHER_SCORES = 2;
/**
 * The sweep: a scanner that opens every link of the email one after another, letting the page's
 * script post each, shows several different scores among the automatic posts, however it spaces
 * them. A person taps one score, perhaps a second one on changing their mind.
 */
export const SWEEP_WINDOW_MS = 60_000;
export const SWEEP_OTHER_SCORES = 2;
export const DEFAULT_EDIT_WINDOW_DAYS = 7;

export const ResponseAttempt = z.object({
  at: z.iso.datetime({ offset: true }),
  score: z.int().min(0).max(10),
  comment: z.string().optional(),
  userAgent: z.string().optional(),
  method: z.enum(["GET", "POST", "HEAD"]),
  /** Posted by the page's on-load script rather than by the customer pressing the button. */
  auto: z.boolean(),
  /**
   * When the page the post came from was rendered, from its signed page ticket; "none" for a post
   * without a valid ticket (it was not sent by a page we rendered). Absent on attempts recorded
   * before pages carried tickets.
   */
  renderedAt: z.union([z.iso.datetime({ offset: true }), z.literal("none")]).optional(),
});
export type ResponseAttempt = z.infer<typeof ResponseAttempt>;

export type AttemptClassification = { suspect: false } | { suspect: true; reason: string };

export const isScannerAgent = (userAgent: string | undefined): RegExp | undefined =>
  userAgent === undefined ? undefined : KNOWN_SCANNER_AGENTS.find((pattern) => pattern.test(userAgent));

/**
 * `recent` is the token's other attempts (earlier ones at arrival; the whole history when
 * re-checking), so a burst also condemns the taps that started it.
 */
export const classifyAttempt = (
  attempt: ResponseAttempt,
  recent: readonly ResponseAttempt[],
): AttemptClassification => {
  if (attempt.method === "HEAD") return { suspect: true, reason: "HEAD request" };
  if (isScannerAgent(attempt.userAgent)) {
    return { suspect: true, reason: `known link scanner or bot: ${JSON.stringify(attempt.userAgent?.slice(0, 80))}` };
  }
  if (attempt.auto && attempt.userAgent !== undefined && HEADLESS.test(attempt.userAgent)) {
    return { suspect: true, reason: "automatic post from a headless browser" };
  }
  if (attempt.method === "POST" && attempt.renderedAt === "none") {
    return { suspect: true, reason: "posted without a page ticket: not sent from a rendered survey page" };
  }
  const at = Date.parse(attempt.at);
  if (attempt.auto) {
    const swept = new Set(
      recent
        .filter(
          (r) =>
            r !== attempt &&
            r.auto &&
            r.method === "POST" &&
            r.score !== attempt.score &&
            Math.abs(Date.parse(r.at) - at) <= SWEEP_WINDOW_MS,
        )
        .map((r) => r.score),
    );
    if (swept.size >= SWEEP_OTHER_SCORES) {
      return {
        suspect: true,
        reason: `automatic posts of ${swept.size + 1} different scores within ${SWEEP_WINDOW_MS / 1000} s`,
      };
    }
  }
  const others = new Set(
    recent
      .filter((r) => r !== attempt && r.score !== attempt.score && Math.abs(Date.parse(r.at) - at) <= BURST_WINDOW_MS)
      .map((r) => r.score),
  );
  if (others.size >= BURST_OTHER_SCORES) {
    return { suspect: true, reason: `${others.size + 1} different scores within ${BURST_WINDOW_MS / 1000} s` };
  }
  return { suspect: false };
};

export interface CountedAnswer {
  score: number;
  comment?: string;
  answeredAt: string;
}

/**
 * The one answer a token counts for. The last deliberate POST within the edit window (counted
 * from the first counted answer) sets the score; a comment stays until a later post brings a
 * non-empty one, because the on-load post carries no comment and must not erase one, and an
 * empty box is more often a page opened again than a retraction. After the window nothing
 * changes, so reports over closed weeks stay put.
 */
export const decideCountedAnswer = (
  history: readonly (ResponseAttempt & { suspect: boolean })[],
  input: { firstCountedAt?: string; now: Date; editWindowDays?: number },
): CountedAnswer | undefined => {
  const now = input.now.getTime();
  // Re-check bursts over the whole history: the first tap of a burst looked innocent on arrival.
  const deliberate = history
    .map((attempt, index) => ({ attempt, index, at: Date.parse(attempt.at) }))
    .filter(
      ({ attempt, at }) =>
        attempt.method === "POST" && !attempt.suspect && at <= now && !classifyAttempt(attempt, history).suspect,
    )
    .sort((a, b) => a.at - b.at || a.index - b.index);
  const first = deliberate[0];
  if (first === undefined) return undefined;
  const start = input.firstCountedAt === undefined ? first.at : Date.parse(input.firstCountedAt);
  const windowEnd = start + (input.editWindowDays ?? DEFAULT_EDIT_WINDOW_DAYS) * 86_400_000;
  const inWindow = deliberate.filter((d) => d.at <= windowEnd);
  const last = inWindow[inWindow.length - 1];
  if (last === undefined) return undefined;
  const comment = inWindow.reduce<string | undefined>(
    (kept, { attempt }) => (attempt.comment?.trim() ? attempt.comment.trim() : kept),
    undefined,
  );
  return {
    score: last.attempt.score,
    ...(comment !== undefined && { comment }),
    answeredAt: new Date(last.at).toISOString(),
  };
};

/** Grows with every change within the window: store an answer only over a lower revision. */
export const revisionOf = (answer: CountedAnswer): number => Date.parse(answer.answeredAt);

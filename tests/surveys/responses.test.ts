import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  classifyAttempt,
  decideCountedAnswer,
  isScannerAgent,
  type ResponseAttempt,
  revisionOf,
} from "#shared/surveys/model/responses";

type Recorded = ResponseAttempt & { suspect: boolean };

const PHONE = "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 Mobile/15E148 Safari/604.1";
const OUTLOOK_SCANNER = "Microsoft Office/16.0 (Windows NT 10.0; Microsoft Outlook 16.0.17928; Pro)";
const sent = Date.parse("2026-11-20T09:00:00.000Z");
const at = (ms: number) => new Date(sent + ms).toISOString();
const DAY = 86_400_000;

/** What the pipeline does: classify each attempt on arrival against the earlier ones, store it. */
const record = (attempts: readonly ResponseAttempt[]): Recorded[] => {
  const stored: Recorded[] = [];
  for (const attempt of attempts) stored.push({ ...attempt, suspect: classifyAttempt(attempt, stored).suspect });
  return stored;
};
const post = (ms: number, score: number, extra: Partial<ResponseAttempt> = {}): ResponseAttempt => ({
  at: at(ms),
  score,
  method: "POST",
  auto: false,
  userAgent: PHONE,
  ...extra,
});

describe("isScannerAgent", () => {
  it("knows the email-security scanners and link-preview bots", () => {
    for (const ua of [
      OUTLOOK_SCANNER,
      "Mozilla/5.0 (compatible; Mimecast URL Protect)",
      "Proofpoint URL Defense",
      "Barracuda Sentinel (EE)",
      "Mozilla/5.0 (Windows NT 5.1; rv:11.0) Gecko Firefox/11.0 (via ggpht.com GoogleImageProxy)",
      "Go-http-client/1.1",
      "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
      "AdsBot-Google (+http://www.google.com/adsbot.html)",
      "facebookexternalhit/1.1 Facebot Twitterbot/1.0",
      "Slackbot-LinkExpanding 1.0",
      "SomeCrawler/3.0",
    ]) {
      expect(isScannerAgent(ua), ua).toBeDefined();
    }
  });

  it("leaves people's browsers alone, phones named like bots included", () => {
    for (const ua of [
      PHONE,
      "Mozilla/5.0 (Linux; Android 9; CUBOT P30) AppleWebKit/537.36 Chrome/120.0 Mobile Safari/537.36",
      "Mozilla/5.0 (Linux; Android 14; 23127PN0CC) AppleWebKit/537.36 Chrome/120.0 Mobile Safari/537.36 MicroMessenger/8.0.47",
      "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 Chrome/131.0 Safari/537.36 Edg/131.0",
      undefined,
    ]) {
      expect(isScannerAgent(ua), ua).toBeUndefined();
    }
  });
});

describe("classifyAttempt", () => {
  it("treats HEAD requests, scanners and headless auto-posts as suspect", () => {
    expect(classifyAttempt({ ...post(0, 9), method: "HEAD" }, [])).toEqual({ suspect: true, reason: "HEAD request" });
    expect(classifyAttempt(post(0, 9, { userAgent: OUTLOOK_SCANNER }), [])).toMatchObject({ suspect: true });
    const headless = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 HeadlessChrome/131.0 Safari/537.36";
    expect(classifyAttempt(post(0, 9, { auto: true, userAgent: headless }), [])).toEqual({
      suspect: true,
      reason: "automatic post from a headless browser",
    });
    expect(classifyAttempt(post(0, 9, { userAgent: headless }), [])).toEqual({ suspect: false });
  });

  it("treats several different scores within 2 s as a burst no person makes", () => {
    const burst = [post(0, 3), post(500, 5)];
    expect(classifyAttempt(post(1_900, 9), burst)).toEqual({
      suspect: true,
      reason: "3 different scores within 2 s",
    });
    expect(classifyAttempt(post(2_600, 9), burst)).toEqual({ suspect: false });
    // A person who changes their mind once is not a burst.
    expect(classifyAttempt(post(1_000, 9), [post(0, 3)])).toEqual({ suspect: false });
    // Repeating the same score is not a burst either.
    expect(classifyAttempt(post(300, 9), [post(0, 9), post(100, 9)])).toEqual({ suspect: false });
  });
});

describe("decideCountedAnswer", () => {
  it("counts nothing from a scanner that opens, probes and runs every link within a second", () => {
    const scan: ResponseAttempt[] = [];
    for (let score = 0; score <= 10; score++) {
      const base = { score, userAgent: OUTLOOK_SCANNER, auto: false };
      scan.push({ ...base, at: at(score * 30), method: "GET" });
      scan.push({ ...base, at: at(score * 30 + 10), method: "HEAD" });
      scan.push({ ...base, at: at(score * 30 + 20), method: "POST", auto: true });
    }
    expect(decideCountedAnswer(record(scan), { now: new Date(sent + DAY) })).toBeUndefined();
  });

  it("counts nothing from a sandbox with a browser's user agent that auto-posts every score", () => {
    const scan = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10].map((score) => post(score * 50, score, { auto: true }));
    const stored = record(scan);
    // The first post looked innocent on arrival; the burst that followed condemns it.
    expect(stored[0]?.suspect).toBe(false);
    expect(decideCountedAnswer(stored, { now: new Date(sent + DAY) })).toBeUndefined();
  });

  it("never counts a GET", () => {
    const get: ResponseAttempt = { at: at(0), score: 9, method: "GET", auto: false, userAgent: PHONE };
    expect(decideCountedAnswer(record([get]), { now: new Date(sent + DAY) })).toBeUndefined();
  });

  it("counts a person's tap, then their comment from the form", () => {
    const history = record([
      { at: at(0), score: 9, method: "GET", auto: false, userAgent: PHONE },
      post(800, 9, { auto: true }),
      post(95_000, 9, { comment: "  快递很快，包装很好  " }),
    ]);
    expect(decideCountedAnswer(history, { now: new Date(sent + DAY) })).toEqual({
      score: 9,
      comment: "快递很快，包装很好",
      answeredAt: at(95_000),
    });
  });

  it("keeps the comment when a later post has none, and updates the score within the edit window", () => {
    const first = post(0, 9, { auto: true });
    const withComment = post(60_000, 9, { comment: "Fast delivery" });
    const day3 = post(3 * DAY, 6, { auto: true });
    const history = record([first, withComment, day3]);
    const answer = decideCountedAnswer(history, { firstCountedAt: first.at, now: new Date(sent + 3 * DAY + 1) });
    expect(answer).toEqual({ score: 6, comment: "Fast delivery", answeredAt: at(3 * DAY) });
  });

  it("changes nothing after the edit window, counted from the first counted answer", () => {
    const first = post(0, 9, { auto: true });
    const before = record([first, post(60_000, 9, { comment: "Fast delivery" })]);
    const day8 = record([...before, post(8 * DAY, 2, { comment: "Actually the box was broken" })]);
    const options = { firstCountedAt: first.at, now: new Date(sent + 8 * DAY + 1) };
    const answer = decideCountedAnswer(day8, options);
    expect(answer).toEqual(decideCountedAnswer(before, options));
    expect(answer?.score).toBe(9);
    expect(decideCountedAnswer(day8, { ...options, editWindowDays: 10 })?.score).toBe(2);
  });

  it("ignores stored-suspect attempts, and gives a revision that only grows as the answer changes", () => {
    const history = record([post(0, 9, { auto: true })]);
    const one = decideCountedAnswer(history, { now: new Date(sent + DAY) });
    const suspect = { ...post(2 * DAY, 0), suspect: true };
    expect(decideCountedAnswer([...history, suspect], { now: new Date(sent + 3 * DAY) })).toEqual(one);
    const two = decideCountedAnswer([...history, { ...post(2 * DAY, 7), suspect: false }], {
      now: new Date(sent + 3 * DAY),
    });
    expect(one && two && revisionOf(two) > revisionOf(one)).toBe(true);
  });

  it("counts at most one answer: the last deliberate score in the window, whatever order attempts are stored in", () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ minute: fc.integer({ min: 0, max: 20_000 }), score: fc.integer({ min: 0, max: 10 }) }), {
          minLength: 1,
          maxLength: 8,
        }),
        (taps) => {
          // Minutes apart, so no burst: every tap is deliberate.
          const unique = [...new Map(taps.map((t) => [t.minute, t])).values()];
          const attempts = unique.map((t) => ({ ...post(t.minute * 60_000, t.score), suspect: false }));
          const now = new Date(sent + 30 * DAY);
          const answer = decideCountedAnswer(attempts, { now });
          const sorted = [...unique].sort((a, b) => a.minute - b.minute);
          const firstMinute = sorted[0]?.minute ?? 0;
          const inWindow = sorted.filter((t) => t.minute - firstMinute <= 7 * 24 * 60);
          expect(answer?.score).toBe(inWindow[inWindow.length - 1]?.score);
          expect(decideCountedAnswer([...attempts].reverse(), { now })).toEqual(answer);
        },
      ),
    );
  });
});

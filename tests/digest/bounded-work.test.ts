import { describe, expect, it } from "vitest";
import { buildDigest, QUOTED_THEMES, QUOTES_PER_THEME } from "#shared/digest/model/build";
import {
  DEDUPE_CANDIDATES,
  emptyQuoteWork,
  MAX_WORDS_PER_QUOTE,
  QUOTE_SCORE_CHARS,
  trigramJaccard,
} from "#shared/digest/model/verbatims";
import { quoteText } from "#shared/digest/views/format";
import { renderDigestEmail } from "#shared/digest/views/render";
import { MAX_TEXT_BYTES } from "#shared/feedback/model/schema";
import { ADVERSARIAL_ITEMS, ADVERSARIAL_THEMES, adversarialInput } from "../../tools/bench/adversarial-week.ts";

/**
 * Issue 12: the worst week the digest can read (700 sampled comments of 5,000 bytes of unique words,
 * English and Chinese, on the same three themes) must cost a constant times the sample, whatever
 * the text. The work is counted, not timed: speed is measured by `npm run bench -- --only digest`.
 */
describe("digest: bounded work on adversarial text", () => {
  const input = adversarialInput();
  const work = emptyQuoteWork();
  const digest = buildDigest({ ...input, quoteWork: work });
  const byId = new Map(input.sample.map((s) => [s.id, s]));

  it("reads a sample at the limits: 700 comments of maximum length, English and Chinese", () => {
    expect(input.sample).toHaveLength(ADVERSARIAL_ITEMS);
    for (const s of input.sample) {
      const bytes = Buffer.byteLength(s.text ?? "", "utf8");
      expect(bytes).toBeLessThanOrEqual(MAX_TEXT_BYTES);
      expect(bytes).toBeGreaterThan(MAX_TEXT_BYTES - 12);
    }
    expect(new Set(input.sample.map((s) => s.language))).toEqual(new Set(["en", "zh-Hans"]));
  });

  it("still gives three quotes for each of the three themes, each the comment's masked text", () => {
    expect(digest.themes.filter((t) => t.vital).map((t) => t.theme)).toEqual([...ADVERSARIAL_THEMES]);
    for (const theme of ADVERSARIAL_THEMES) {
      expect(digest.verbatims.filter((v) => v.theme === theme)).toHaveLength(QUOTES_PER_THEME);
    }
    expect(new Set(digest.verbatims.map((v) => v.feedbackId)).size).toBe(digest.verbatims.length);
    for (const v of digest.verbatims) {
      const item = byId.get(v.feedbackId);
      expect(v.text).toBe(item?.text);
      expect(["NEGATIVE", "MIXED"]).toContain(v.sentiment);
      expect(v.link).toBe(`https://triage.example/feedback/${v.feedbackId}`);
    }
    // None is a near-duplicate of another: the texts are random.
    const [a, b] = digest.verbatims;
    expect(trigramJaccard(a?.text ?? "", b?.text ?? "")).toBeLessThan(0.6);
  });

  it("shows each quote cut for display as any other long quote", () => {
    const { text } = renderDigestEmail(digest, { unsubscribeUrl: "https://hearback.example/u" });
    for (const v of digest.verbatims) {
      const shown = quoteText(v.text);
      expect(shown.endsWith("…")).toBe(true);
      expect([...shown].length).toBeLessThanOrEqual(QUOTE_SCORE_CHARS + 1);
      // The plain-text part wraps lines; its first words are the quote's first words.
      expect(text).toContain(v.text.slice(0, 12));
    }
  });

  it("keeps every step of the quote picker under its stated bound", () => {
    const complaints = input.sample.filter((s) => s.sentiment !== "POSITIVE").length;
    // The worst case: every complaint is a candidate of every quoted theme.
    expect(work.themeChecks).toBe(QUOTED_THEMES * complaints);
    expect(work.candidates).toBe(QUOTED_THEMES * complaints);
    expect(work.charsRead).toBeLessThanOrEqual(ADVERSARIAL_ITEMS * (2 * QUOTE_SCORE_CHARS + 560));
    expect(work.words).toBeLessThanOrEqual(ADVERSARIAL_ITEMS * MAX_WORDS_PER_QUOTE);
    expect(work.closenessSteps).toBeLessThanOrEqual(QUOTED_THEMES * ADVERSARIAL_ITEMS * MAX_WORDS_PER_QUOTE);
    const taken = QUOTED_THEMES * QUOTES_PER_THEME - 1;
    expect(work.comparisons).toBeLessThanOrEqual(QUOTED_THEMES * DEDUPE_CANDIDATES * taken);
    expect(work.trigramLookups).toBeLessThanOrEqual(work.comparisons * QUOTE_SCORE_CHARS);
    // The cut is what bites here: every complaint is read up to QUOTE_SCORE_CHARS, no further.
    expect(work.charsRead).toBeGreaterThanOrEqual(complaints * QUOTE_SCORE_CHARS);
  });

  it("stops comparing a theme's comments after the best DEDUPE_CANDIDATES, even when all are repeats", () => {
    const [first] = input.sample;
    const repeated = input.sample.map((s) => ({ ...s, text: first?.text, sentiment: "NEGATIVE" }));
    const repeatWork = emptyQuoteWork();
    const d = buildDigest({ ...input, sample: repeated, quoteWork: repeatWork });
    // One quote in all: every other comment is the same text, a near-duplicate of it.
    expect(d.verbatims).toHaveLength(1);
    expect(repeatWork.comparisons).toBeLessThanOrEqual(QUOTED_THEMES * DEDUPE_CANDIDATES);
  });
});

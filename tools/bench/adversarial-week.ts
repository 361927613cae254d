import type { DigestInput } from "#shared/digest/model/build";
import type { DigestSampleItem, WeekCounters } from "#shared/digest/model/digest";
import { MAX_TEXT_BYTES } from "#shared/feedback/model/schema";
import { previousWeeks } from "#shared/kernel/time";
import { defaultTaxonomy } from "#shared/taxonomy/taxonomy";
import { prng as random } from "../seeded-random.ts";

/**
 * The worst week the digest can be asked about (issue 12): as many sampled items as the input can
 * hold (7 days x 4 windows x 25), each a comment of maximum length (MAX_TEXT_BYTES of UTF-8) made
 * of unique random words, half English and half Chinese, every one tagged with the same three
 * themes and almost all complaints. Seeded, so the test and the bench see the same week.
 */

export const ADVERSARIAL_WEEK = "2031-W05";
export const ADVERSARIAL_ITEMS = 7 * 4 * 25;
export const ADVERSARIAL_THEMES = ["delivery", "service", "product_quality"] as const;

const bytes = (s: string) => Buffer.byteLength(s, "utf8");

/** Random words until the text is as long as the schema allows (never longer). */
const fill = (word: () => string, separator: string, start: string): string => {
  const parts: string[] = [start];
  let size = bytes(start);
  for (;;) {
    const w = `${parts.length === 1 ? "" : separator}${word()}`;
    size += bytes(w);
    if (size > MAX_TEXT_BYTES) return parts.join("");
    parts.push(w);
  }
};

/**
 * Words of the three themes, so that each comment is clearly about them (the digest quotes only
 * such comments); the random words after them are what the picker has to wade through.
 */
const THEME_WORDS = { en: "delivery service quality ", zh: "配送服务质量" };

export const adversarialText = (next: () => number, chinese: boolean): string => {
  const letters = "abcdefghijklmnopqrstuvwxyz";
  const englishWord = () =>
    Array.from({ length: 4 + Math.floor(next() * 7) }, () => letters[Math.floor(next() * 26)]).join("");
  // CJK Unified Ideographs: 20,992 characters, so almost every bigram is new.
  const han = () => String.fromCodePoint(0x4e00 + Math.floor(next() * 0x5200));
  const chineseWord = () => `${han()}${han()}${han()}`;
  return chinese ? fill(chineseWord, "", THEME_WORDS.zh) : fill(englishWord, " ", THEME_WORDS.en);
};

export const adversarialSample = (seed = 12): DigestSampleItem[] => {
  const next = random(seed);
  return Array.from({ length: ADVERSARIAL_ITEMS }, (_, i) => {
    const chinese = i % 2 === 1;
    const id = `fb_adv${String(i).padStart(22, "0")}`;
    return {
      id,
      channel: i % 3 === 0 ? "nps" : i % 3 === 1 ? "csat" : "social",
      ...(i % 3 !== 2 && { score: i % 3 === 0 ? 2 : 1 }),
      text: adversarialText(next, chinese),
      language: chinese ? "zh-Hans" : "en",
      // Complaint-heavy: one in ten positive, the rest negative or mixed.
      sentiment: i % 10 === 9 ? "POSITIVE" : i % 4 === 0 ? "MIXED" : "NEGATIVE",
      themes: [...ADVERSARIAL_THEMES],
      occurredAt: `2031-01-${String(27 + Math.floor(i / 100)).padStart(2, "0")}T00:00:00.000Z`,
    } satisfies DigestSampleItem;
  });
};

/** Counters in which the three themes are the week's top complaints (all three "vital"). */
export const adversarialWeeks = (): WeekCounters[] =>
  [ADVERSARIAL_WEEK, ...previousWeeks(ADVERSARIAL_WEEK, 8)].map((week) => ({
    week,
    rows: <WeekCounters["rows"]>[
      { channel: "nps", theme: "_all", counts: { n: 233, s10: 20, s2: 213, detractors: 213 } },
      { channel: "csat", theme: "_all", counts: { n: 233, s5: 20, s1: 213 } },
      { channel: "social", theme: "_all", counts: { n: 234, NEGATIVE: 200, POSITIVE: 34 } },
      { channel: "social", theme: "delivery", counts: { n: 300, NEGATIVE: 300 } },
      { channel: "social", theme: "service", counts: { n: 250, NEGATIVE: 250 } },
      { channel: "social", theme: "product_quality", counts: { n: 150, NEGATIVE: 150 } },
    ],
  }));

export const adversarialInput = (over: Partial<DigestInput> = {}): DigestInput => ({
  week: ADVERSARIAL_WEEK,
  weeks: adversarialWeeks(),
  sample: adversarialSample(),
  taxonomy: defaultTaxonomy,
  locale: "en",
  linkFor: (id) => `https://triage.example/feedback/${id}`,
  ...over,
});

import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { Digest, Metric, Verbatim } from "#shared/digest/model/digest";
import { renderDigestEmail } from "#shared/digest/views/render";
import { expectNoInjection, expectShown, hostile, neutral, parseHtml, URL_ATTRIBUTES } from "./html-injection.ts";

/** The weekly digest email, fuzzed as ./html-injection.ts describes. */

const metric = (value: number, n: number): Metric => ({
  value,
  n,
  enough: true,
  marginOfError: 5,
  previous: value - 4,
  change: 4,
  trailingAverage: value - 1,
});

const DIGEST_FIELDS = [
  "teamLabel",
  "headline",
  "themeLabel",
  "themeLabel2",
  "trendLabel",
  "trendTest",
  "quote",
  "quote2",
  "language",
  "sentiment",
  "method",
  "brand",
  "themeId",
] as const;

const digest = (f: (s: string) => string, v: Record<string, string>, links: readonly string[]): Digest => {
  const verbatim = (i: number, text: string, extra: Partial<Verbatim> = {}): Verbatim => ({
    feedbackId: `fb_${i}`,
    theme: i === 2 ? (v.themeId as string) : "delivery",
    text,
    language: "en",
    channel: "nps",
    score: 2,
    sentiment: "NEGATIVE",
    link: links[i % links.length] as string,
    ...extra,
  });
  return {
    week: "2026-W47",
    from: "2026-11-16",
    to: "2026-11-22",
    team: "logistics",
    teamLabel: f(v.teamLabel as string),
    locale: "en",
    headline: f(v.headline as string),
    nps: { ...metric(42, 310), promoters: 160, passives: 86, detractors: 64 },
    csat: metric(86.4, 220),
    volume: {
      total: metric(780, 780),
      byChannel: { nps: metric(310, 310), csat: metric(220, 220), social: metric(250, 250) },
    },
    trend: Array.from({ length: 9 }, (_, i) => ({ week: `2026-W${39 + i}`, nps: 30 + i, csat: 85, volume: 700 })),
    themes: [
      {
        theme: "delivery",
        label: f(v.themeLabel as string),
        team: "logistics",
        negative: 120,
        total: 140,
        sentiment: { POSITIVE: 10, NEGATIVE: 120, NEUTRAL: 10, MIXED: 0 },
        previousNegative: 80,
        change: 0.5,
        shareOfComplaints: 0.6,
        cumulativeShare: 0.6,
        vital: true,
      },
      {
        theme: v.themeId as string,
        label: f(v.themeLabel2 as string),
        team: "care",
        negative: 80,
        total: 90,
        sentiment: { POSITIVE: 5, NEGATIVE: 70, NEUTRAL: 5, MIXED: 10 },
        previousNegative: 0,
        shareOfComplaints: 0.4,
        cumulativeShare: 1,
        vital: false,
      },
    ],
    emerging: [
      {
        theme: "delivery",
        label: f(v.trendLabel as string),
        direction: "rising",
        thisWeek: 120,
        baseline: 80,
        test: f(v.trendTest as string),
        pValue: 0.001,
      },
    ],
    verbatims: [
      verbatim(0, f(v.quote as string)),
      verbatim(1, f(v.quote2 as string), { language: f(v.language as string), sentiment: f(v.sentiment as string) }),
      verbatim(2, f(`${v.quote}\n${v.quote2}`), { channel: "social", score: undefined }),
    ],
    loop: {
      opened: 64,
      firstResponseWithinSla: metric(91, 64),
      resolvedWithinSla: metric(78, 50),
      overdueNow: 5,
    },
    method: [f(v.method as string), "NPS = % promoters − % detractors."],
  };
};

/** Links a feedback item may carry: only whole http(s) URLs without quotes or brackets survive. */
const link = fc.oneof(
  fc.constantFrom(
    "https://hearback.example.com/v1/feedback/fb_1",
    "javascript:alert(1)",
    " JAVASCRIPT:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    'https://x.example/"><script>alert(1)</script>',
    "https://x.example/' onmouseover='alert(1)",
    "https://x.example/a b",
    "//evil.example/",
    "vbscript:msgbox(1)",
  ),
  hostile.map((h) => `https://x.example/${h}`),
);

describe("digest email: quotes, labels, team names and links cannot inject markup", () => {
  const unsubscribeUrl = "https://hearback.example.com/digests/unsubscribe?s=org&e=a%40example.com&sig=abc";
  const benign = Object.fromEntries(DIGEST_FIELDS.map((k) => [k, `plain ${k}`]));
  const templateUrls = new Set(
    parseHtml(
      renderDigestEmail(
        digest((s) => s, benign, ["https://hearback.example.com/v1/feedback/fb_1"]),
        { unsubscribeUrl },
      ).html,
    )
      .attributes.filter((a) => URL_ATTRIBUTES.test(a.name))
      .map((a) => a.value),
  );

  it("renders hostile data as text and keeps only whole http(s) links", () => {
    const fields = fc.record(
      Object.fromEntries(DIGEST_FIELDS.map((k) => [k, hostile])) as Record<string, typeof hostile>,
    );
    fc.assert(
      fc.property(fields, fc.array(link, { minLength: 1, maxLength: 3 }), link, (v, links, preview) => {
        const render = (f: (s: string) => string) =>
          renderDigestEmail(digest(f, v, links), { unsubscribeUrl, previewUrl: preview, brand: f(v.brand as string) });
        const email = render((s) => s);
        const parsed = expectNoInjection(email.html, render(neutral).html);
        expectShown(
          parsed,
          [
            v.quote,
            v.quote2,
            v.teamLabel,
            v.headline,
            v.brand,
            v.themeLabel,
            v.themeLabel2,
            v.trendLabel,
            v.trendTest,
            v.method,
          ].map(String),
        );
        // Every URL is the template's own, or a link the data gave, whole and http(s).
        const given = new Set([preview.trim(), ...links.map((l) => l.trim())]);
        for (const a of parsed.attributes.filter((x) => URL_ATTRIBUTES.test(x.name))) {
          if (templateUrls.has(a.value)) continue;
          expect(given.has(a.value), `unexpected ${a.name}=${a.value}`).toBe(true);
          expect(a.value).toMatch(/^https?:\/\//);
        }
        // The subject and the plain-text part carry no markup from the data either.
        expect(email.subject).not.toMatch(/[\r\n]/);
        expect(email.text).not.toMatch(/<table|<blockquote|<div/i);
      }),
      { numRuns: 30 },
    );
  });
});

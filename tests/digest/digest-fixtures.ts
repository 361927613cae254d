import type { Digest, Metric, ThemeLine, Verbatim } from "#shared/digest/model/digest";

/** A full digest to render (every section filled, hostile text in one quote), and its pieces. */

export const metric = (value: number, n: number, extra: Partial<Metric> = {}): Metric => ({
  value,
  n,
  enough: true,
  marginOfError: 5.8,
  previous: value - 5,
  change: 5,
  trailingAverage: value - 2,
  ...extra,
});

export const theme = (i: number, label: string, negative: number, share: number, cumulative: number): ThemeLine => ({
  theme: `theme-${i}`,
  label,
  team: "ops",
  negative,
  total: negative + 10,
  sentiment: { POSITIVE: 5, NEGATIVE: negative, NEUTRAL: 5, MIXED: 0 },
  previousNegative: Math.round(negative / 1.38),
  change: 0.38,
  shareOfComplaints: share,
  cumulativeShare: cumulative,
  vital: cumulative <= 0.8,
});

export const verbatim = (i: number, themeId: string, text: string, extra: Partial<Verbatim> = {}): Verbatim => ({
  feedbackId: `fb-${i}`,
  theme: themeId,
  text,
  language: "en",
  channel: "nps",
  score: 3,
  sentiment: "NEGATIVE",
  link: `https://triage.example.com/feedback/fb-${i}`,
  ...extra,
});

export const XSS = "<script>alert(1)</script>";

export const fixture = (over: Partial<Digest> = {}): Digest => ({
  week: "2026-W47",
  from: "2026-11-16",
  to: "2026-11-22",
  teamLabel: "All teams",
  locale: "en",
  headline: "NPS 42 (+5) · Delivery complaints up 38 %",
  nps: { ...metric(42, 310), promoters: 160, passives: 86, detractors: 64 },
  csat: metric(86.4, 220, { change: -1.2, marginOfError: 4.1 }),
  volume: {
    total: metric(780, 780, { change: 40, marginOfError: undefined }),
    byChannel: {
      nps: metric(310, 310, { marginOfError: undefined }),
      csat: metric(220, 220, { marginOfError: undefined }),
      social: metric(250, 250, { change: -12, marginOfError: undefined }),
    },
  },
  trend: [31, 35, undefined, 40, -12, 0, 38, 37, 42].map((nps, i) => ({
    week: `2026-W${39 + i}`,
    nps,
    csat: 85,
    volume: 700 + i * 10,
  })),
  themes: [
    theme(1, "Delivery", 120, 0.4, 0.4),
    theme(2, "Product quality", 75, 0.25, 0.65),
    theme(3, "Refunds & returns", 45, 0.15, 0.8),
    theme(4, "App / website", 30, 0.1, 0.9),
    theme(5, "Service attitude", 30, 0.1, 1),
  ],
  emerging: [
    {
      theme: "theme-1",
      label: "Delivery",
      direction: "rising",
      thisWeek: 120,
      baseline: 80.5,
      test: "120 complaints against about 80 a week: that many by chance happens less than once in 1,000 weeks.",
      pValue: 0.0004,
    },
    {
      theme: "theme-4",
      label: "App / website",
      direction: "falling",
      thisWeek: 30,
      baseline: 55,
      test: "30 against about 55 a week: a real drop (Poisson test).",
      pValue: 0.002,
    },
  ],
  verbatims: [
    verbatim(1, "theme-1", "The parcel arrived two weeks late & the box was crushed."),
    verbatim(2, "theme-1", "快递太慢了，等了十天才到！", { language: "zh-Hans", channel: "csat", score: 1 }),
    verbatim(3, "theme-2", "螢幕有刮痕，顏色和照片不一樣", {
      language: "zh-Hant",
      channel: "social",
      score: undefined,
    }),
    verbatim(4, "theme-3", `Refund never came ${XSS} "quoted" 'single'`, { link: "javascript:alert(2)" }),
  ],
  loop: {
    opened: 64,
    firstResponseWithinSla: metric(91, 64, { change: 3, marginOfError: 7 }),
    resolvedWithinSla: metric(78, 50, { change: -4, marginOfError: 11 }),
    overdueNow: 5,
    recovered: { value: undefined, n: 12, enough: false },
  },
  method: [
    "NPS = % promoters (9-10) − % detractors (0-6); margin of error at 95 %.",
    "Themes ranked by negative and mixed mentions; trends by a Poisson test against the trailing 8 weeks.",
  ],
  ...over,
});

export const opts = { unsubscribeUrl: "https://hearback.example.com/unsubscribe?t=abc&x=1" };
export const tagNames = (html: string) => [...html.matchAll(/<\/?([a-zA-Z][a-zA-Z0-9]*)/g)].map((m) => m[1]);

/** The email with its no-break spaces read as spaces (they only keep short figures on one line). */
export const withSpaces = <T extends { html: string; text: string }>(email: T): T => ({
  ...email,
  html: email.html.replaceAll("\u00a0", " "),
});

/** P(X >= k) for X ~ Poisson(rate) by direct summation, for checking the library's tails. */
export function naiveUpper(k: number, rate: number): number {
  let term = Math.exp(-rate);
  let below = 0;
  for (let i = 0; i < k; i++) {
    below += term;
    term *= rate / (i + 1);
  }
  return 1 - below;
}

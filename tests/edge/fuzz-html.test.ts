import fc from "fast-check";
import { Parser } from "htmlparser2";
import { describe, expect, it } from "vitest";
import type { Digest, Metric, Verbatim } from "#shared/digest/model/digest";
import { renderDigestEmail } from "#shared/digest/views/render";
import {
  renderLoginPage,
  renderTriagePage,
  type TriagePageInput,
  type TriageTaskView,
} from "#shared/follow-up/views/triage-page";
import { emailSnippet, surveyLinks } from "#shared/surveys/model/links";
import { type ErrorStatus, renderErrorPage, renderSurveyPage, type SurveyPageInput } from "#shared/surveys/views/page";

/**
 * Nothing a customer writes can add markup or script to a page or an email. Every HTML output is
 * rendered twice from the same data: once with hostile strings in every field a customer (or a
 * URL) controls, once with the same strings "neutralized" (each of < > & " ' ` = replaced by
 * "_", so lengths, scripts and line breaks stay put). Parsed with htmlparser2, the two must have
 * the same elements, attributes, comments and scripts in the same order; customer data may only
 * appear in text, in text-bearing attributes (value, title, data-*) and in URLs; and the text the
 * reader sees must be the customer's characters, escaped exactly once.
 */

// ---------------------------------------------------------------------------------------------
// Parsing.

interface Attr {
  tag: string;
  name: string;
  value: string;
}

interface ParsedHtml {
  /** Start tags with their attribute names (duplicates kept), end tags, comments, declarations. */
  skeleton: string[];
  attributes: Attr[];
  /** What a reader sees: decoded text outside <script> and <style>. */
  text: string;
  scripts: string[];
}

/** htmlparser2 leaves entities in <textarea> (RCDATA) undecoded; a <title> decodes them the same way. */
const decodeRcdata = (raw: string): string => {
  let out = "";
  const p = new Parser({ ontext: (t) => (out += t) }, { decodeEntities: true });
  p.write(`<title>${raw.replace(/<\/title/gi, "&lt;/title")}</title>`);
  p.end();
  return out;
};

const parseHtml = (html: string): ParsedHtml => {
  const skeleton: string[] = [];
  const attributes: Attr[] = [];
  const scripts: string[] = [];
  let text = "";
  let tag = "";
  let names: string[] = [];
  const open: string[] = [];
  const parser = new Parser(
    {
      onopentagname: (name) => {
        tag = name;
        names = [];
      },
      onattribute: (name, value) => {
        names.push(name);
        attributes.push({ tag, name, value });
      },
      onopentag: (name) => {
        skeleton.push(`<${name}${names.map((n) => ` ${n}`).join("")}>`);
        open.push(name);
        if (name === "script") scripts.push("");
      },
      onclosetag: (name) => {
        skeleton.push(`</${name}>`);
        open.pop();
      },
      ontext: (t) => {
        const inside = open[open.length - 1];
        if (inside === "script") scripts[scripts.length - 1] += t;
        else if (inside === "textarea") text += decodeRcdata(t);
        else if (inside !== "style") text += t;
      },
      oncomment: (c) => skeleton.push(`<!--${c}-->`),
      oncdatastart: () => skeleton.push("<![CDATA["),
      onprocessinginstruction: (_name, data) => skeleton.push(`<${data}>`),
    },
    { decodeEntities: true, lowerCaseTags: true, lowerCaseAttributeNames: true },
  );
  parser.write(html);
  parser.end();
  return { skeleton, attributes, text, scripts };
};

// ---------------------------------------------------------------------------------------------
// Hostile strings and their neutral twins.

const PAYLOADS = [
  "<script>alert(1)</script>",
  '"><img src=x onerror=alert(1)>',
  "'><svg onload=alert(1)>",
  " onmouseover=alert(1) x=",
  "</style><script>alert(1)</script>",
  "</textarea><script>alert(1)</script>",
  "</title><script>alert(1)</script>",
  "</script><script>alert(1)</script>",
  "<scr<script>ipt>alert(1)</script>",
  "javascript:alert(1)",
  "JaVaScRiPt:alert(document.cookie)",
  '<a href="javascript:alert(1)">click</a>',
  "<iframe srcdoc='<script>alert(1)</script>'>",
  '<math><mi xlink:href="javascript:alert(1)">x</mi></math>',
  "<svg><style><img src=x onerror=alert(1)></style></svg>",
  '<style>*{background:url("javascript:alert(1)")}</style>',
  '<base href="https://evil.example/">',
  '<meta http-equiv="refresh" content="0;url=https://evil.example/">',
  "<form action=https://evil.example><button>Claim refund</button></form>",
  "{{constructor.constructor('alert(1)')()}}",
  // biome-ignore lint/suspicious/noTemplateCurlyInString: a template-injection payload, on purpose
  "${alert(1)}",
  "`-alert(1)-`",
  "<![CDATA[<script>alert(1)</script>]]>",
  "<!--<script>alert(1)</script>-->",
  "--><script>alert(1)</script><!--",
  "<!-- ",
  "<!DOCTYPE html><html><body onload=alert(1)>",
  "<?xml version='1.0'?><x/>",
  "&lt;script&gt;alert(1)&lt;/script&gt;",
  "&#60;script&#62;alert(1)&#60;/script&#62;",
  "&amp;&quot;&#x27;&#39;&nbsp;",
  '"\u0000><script>alert(1)</script>',
  "＜script＞alert(1)＜/script＞",
  "\u202e>tpircs/<\u202c",
  "\u2028alert(1)\u2029",
  "\u200b<\u200bscript\u200b>",
  "<\u0000script>alert(1)</script>",
  "退款<b>没到</b>账 😡",
  "שלום <i>עולם</i>",
] as const;

const UNICODE = [
  "",
  " ",
  "\n",
  "\r\n",
  "\t",
  "好",
  "還",
  "😡",
  "👩‍💻",
  "🇨🇳",
  "\u200f",
  "\u200d",
  "\ufeff",
  "e\u0301",
  "مرحبا",
];

/** A hostile payload wrapped in Unicode noise; sometimes raw binary strings, lone surrogates included. */
const hostile = fc.oneof(
  {
    weight: 5,
    arbitrary: fc
      .tuple(fc.constantFrom(...UNICODE), fc.constantFrom(...PAYLOADS), fc.constantFrom(...UNICODE))
      .map((p) => p.join("")),
  },
  {
    weight: 2,
    arbitrary: fc.array(fc.constantFrom(...PAYLOADS), { minLength: 2, maxLength: 4 }).map((p) => p.join(" ")),
  },
  { weight: 1, arbitrary: fc.string({ unit: "binary", minLength: 1, maxLength: 40 }) },
);

/** Same length, same line breaks and scripts, nothing that could ever be markup. */
const neutral = (s: string): string => s.replace(/[<>&"'`=]/g, "_");

// ---------------------------------------------------------------------------------------------
// The comparison.

/** Attributes whose values are text a person reads; customer data may land here (escaped). */
const TEXT_ATTRIBUTES = /^(value|title|alt|placeholder|aria-label|data-[\w-]+)$/;
/** Attributes holding URLs: customer data may be in them, but never a script scheme. */
const URL_ATTRIBUTES = /^(href|src|action|formaction|xlink:href|srcset|poster|background)$/;
const SCRIPT_SCHEME = /^[\s\p{Cc}]*(javascript|vbscript|data:text\/html)/iu;

/** A URL attribute as text: percent-decoded (form-style), then neutralized unless asked not to. */
const urlText = (value: string, neutralize = true): string => {
  let decoded = value;
  try {
    decoded = decodeURIComponent(value.replace(/\+/g, " "));
  } catch {
    // Not percent-encoded data: compare it as it is.
  }
  return neutralize ? neutral(decoded) : decoded;
};

/**
 * `hostileHtml` and `neutralHtml` render the same data, with hostile and neutralized strings.
 */
const expectNoInjection = (hostileHtml: string, neutralHtml: string) => {
  const h = parseHtml(hostileHtml);
  const n = parseHtml(neutralHtml);
  // Same elements, attributes, comments and declarations, in the same order.
  expect(h.skeleton).toEqual(n.skeleton);
  expect(h.attributes).toHaveLength(n.attributes.length);
  h.attributes.forEach((attr, i) => {
    const twin = n.attributes[i] as Attr;
    expect(attr.name).toBe(twin.name);
    expect(attr.name, `event handler on <${attr.tag}>`).not.toMatch(/^on/i);
    if (URL_ATTRIBUTES.test(attr.name)) {
      expect(attr.value, `${attr.name} on <${attr.tag}>`).not.toMatch(SCRIPT_SCHEME);
      expect(urlText(attr.value)).toBe(urlText(twin.value));
    } else if (TEXT_ATTRIBUTES.test(attr.name)) {
      expect(neutral(attr.value)).toBe(neutral(twin.value));
    } else {
      // style, class, id, lang, nonce, type, name...: never anything from the data.
      expect(attr.value, `${attr.name} on <${attr.tag}>`).toBe(twin.value);
    }
  });
  // What a reader sees is the customer's characters, where the template puts them, escaped once.
  expect(neutral(h.text)).toBe(neutral(n.text));
  // The template's own scripts only, and they still parse.
  expect(h.scripts).toHaveLength(n.scripts.length);
  for (const script of h.scripts) {
    expect(script).not.toMatch(/<!--|<\/?script/i);
    expect(() => new Function(script)).not.toThrow();
  }
  return h;
};

/** Every payload with no control or line-separator characters shows up as plain text. */
const expectShown = (parsed: ParsedHtml, fields: readonly string[]) => {
  const shown = parsed.attributes.map((a) => (URL_ATTRIBUTES.test(a.name) ? urlText(a.value, false) : a.value));
  const visible = `${parsed.text}\n${shown.join("\n")}`.replace(/\s+/g, " ");
  for (const value of fields) {
    for (const payload of PAYLOADS) {
      if (!value.includes(payload) || /[\p{Cc}\u2028\u2029]/u.test(payload)) continue;
      expect(visible).toContain(payload.replace(/\s+/g, " ").trim());
    }
  }
};

// ---------------------------------------------------------------------------------------------
// The survey page and its error pages.

describe("survey page: a customer's comment, the brand and the path cannot inject markup", () => {
  it("renders hostile comments, brands and post URLs as text, for every kind, state and locale", () => {
    fc.assert(
      fc.property(
        fc.record({
          kind: fc.constantFrom("nps" as const, "csat" as const),
          state: fc.constantFrom("confirm" as const, "saved" as const, "choose" as const),
          locale: fc.constantFrom("en" as const, "zh-Hans" as const, "zh-Hant" as const),
          score: fc.option(fc.integer({ min: -1, max: 11 }), { nil: undefined }),
        }),
        hostile,
        hostile,
        hostile,
        (common, comment, brand, path) => {
          const { score, ...rest } = common;
          const render = (f: (s: string) => string) => {
            const input: SurveyPageInput = {
              ...rest,
              ...(score !== undefined && { score }),
              token: "k1.payload.signature",
              comment: f(comment),
              brand: f(brand),
              postUrl: `/s/${f(path)}`,
              nonce: "n0nce",
            };
            return renderSurveyPage(input);
          };
          const parsed = expectNoInjection(
            render((s) => s),
            render(neutral),
          );
          expectShown(parsed, [comment, brand]);
        },
      ),
      { numRuns: 80 },
    );
  });

  it("shows the same friendly error page whatever Accept-Language a client sends", () => {
    const statuses: ErrorStatus[] = [400, 403, 404, 410, 500];
    const pages = statuses.flatMap((status) =>
      (["en", "zh-Hans", "zh-Hant"] as const).map((locale) => renderErrorPage(status, locale, "n0nce")),
    );
    fc.assert(
      fc.property(
        fc.constantFrom(...statuses),
        fc.oneof(hostile, fc.constant("zh-TW;q=0.9,<script>")),
        (status, header) => {
          const html = renderErrorPage(status, header, "n0nce");
          // Nothing from the header is echoed: the page is one of the fifteen prepared ones.
          expect(pages).toContain(html);
          expect(parseHtml(html).scripts).toHaveLength(0);
        },
      ),
      { numRuns: 80 },
    );
  });
});

describe("survey email snippet: the brand and the link cannot inject markup", () => {
  it("keeps hostile brands as text and every link an http(s) href exactly as minted", () => {
    fc.assert(
      fc.property(
        fc.constantFrom("nps" as const, "csat" as const),
        hostile,
        hostile,
        fc.oneof(hostile, fc.constantFrom("zh-TW", "en-GB", "zh")),
        (kind, brand, host, locale) => {
          const links = surveyLinks(`https://${host}`, "k1.p.s", kind);
          const render = (f: (s: string) => string) => emailSnippet({ links, kind, locale, brand: f(brand) });
          const parsed = expectNoInjection(
            render((s) => s),
            render(neutral),
          );
          expectShown(parsed, [brand]);
          const hrefs = parsed.attributes.filter((a) => a.name === "href").map((a) => a.value);
          expect(hrefs).toEqual(links.map((l) => l.url));
        },
      ),
      { numRuns: 60 },
    );
  });
});

// ---------------------------------------------------------------------------------------------
// The triage page and its sign-in page.

const NOW = new Date("2026-11-25T08:00:00Z");

const taskView = (f: (s: string) => string, v: Record<string, string>, over: Partial<TriageTaskView>) =>
  ({
    id: "task_01",
    version: 3,
    customerLabel: f(v.customer as string),
    customerTier: f(v.tier as string),
    channel: "nps",
    status: "assigned",
    assignee: f(v.assignee as string),
    team: f(v.team as string),
    themes: [f(v.theme as string), "delivery"],
    priority: {
      score: 72,
      level: "P1",
      factors: [{ factor: f(v.factor as string), points: 30, why: f(v.why as string) }],
    },
    reasons: [f(v.reason as string)],
    openedAt: "2026-11-25T06:00:00.000Z",
    firstResponseDueAt: "2026-11-25T08:30:00.000Z",
    resolveDueAt: "2026-11-26T06:00:00.000Z",
    nextDueAt: "2026-11-25T08:30:00.000Z",
    escalationLevel: 1,
    latestText: f(v.text as string),
    feedbackCount: 2,
    ...over,
  }) as TriageTaskView;

const TRIAGE_FIELDS = [
  "customer",
  "tier",
  "assignee",
  "team",
  "theme",
  "factor",
  "why",
  "reason",
  "text",
  "longText",
  "viewer",
  "flash",
  "cursor",
  "fStatus",
  "fTeam",
  "fTheme",
  "fChannel",
  "fAssignee",
] as const;

describe("triage page: customers' words, names, teams, themes and the query string cannot inject markup", () => {
  it("renders every hostile field as text and keeps its own script the only one", () => {
    const fields = fc.record(
      Object.fromEntries(TRIAGE_FIELDS.map((k) => [k, hostile])) as Record<string, typeof hostile>,
    );
    fc.assert(
      fc.property(fields, fc.boolean(), (v, canSee) => {
        const render = (f: (s: string) => string) => {
          const input: TriagePageInput = {
            tasks: [
              taskView(f, v, {}),
              taskView(f, v, {
                id: "task_02",
                status: "resolved",
                latestText: f(`${v.longText}${"长".repeat(120)}${v.text}`),
                channel: f(v.fChannel as string) as TriageTaskView["channel"],
              }),
              taskView(f, v, { status: f(v.fStatus as string) as TriageTaskView["status"], assignee: "" }),
            ],
            filters: {
              status: f(v.fStatus as string),
              team: f(v.fTeam as string),
              theme: f(v.fTheme as string),
              channel: f(v.fChannel as string),
              assignee: f(v.fAssignee as string),
              overdue: true,
            },
            teams: ["logistics", f(v.team as string)],
            themes: ["delivery", f(v.theme as string)],
            viewer: { name: f(v.viewer as string), canSeePersonalData: canSee },
            now: NOW,
            nonce: "n0nce",
            basePath: "/triage",
            nextCursor: f(v.cursor as string),
            flash: f(v.flash as string),
          };
          return renderTriagePage(input);
        };
        const parsed = expectNoInjection(
          render((s) => s),
          render(neutral),
        );
        // The long text is cut into an excerpt and the rest, so its payloads may be split.
        expectShown(
          parsed,
          Object.values(v).filter((x) => x !== v.longText),
        );
        // The only URLs are the page's own paths.
        for (const a of parsed.attributes.filter((x) => URL_ATTRIBUTES.test(x.name))) {
          expect(a.value.startsWith("/triage") || a.value === "#queue").toBe(true);
        }
      }),
      { numRuns: 60 },
    );
  });

  it("keeps a sign-in error and hint as text", () => {
    fc.assert(
      fc.property(hostile, hostile, (error, hint) => {
        const render = (f: (s: string) => string) =>
          renderLoginPage({ nonce: "n0nce", basePath: "/triage", error: f(error), devHint: f(hint) });
        expectShown(
          expectNoInjection(
            render((s) => s),
            render(neutral),
          ),
          [error, hint],
        );
      }),
      { numRuns: 60 },
    );
  });
});

// ---------------------------------------------------------------------------------------------
// The digest email.

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

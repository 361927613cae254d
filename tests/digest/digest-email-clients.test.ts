import { describe, expect, it } from "vitest";
import type { DigestLocale } from "#shared/digest/model/digest";
import { buildMonthlyReport, weeksToRead } from "#shared/digest/model/monthly";
import { renderMonthlyEmail } from "#shared/digest/views/monthly-render";
import type { RenderedEmail } from "#shared/digest/views/render";
import { SUPPORTED_LOCALES } from "#shared/kernel/locale";
import { defaultTaxonomy } from "#shared/taxonomy/taxonomy";
import caniemail from "../../tools/email-check/caniemail.json" with { type: "json" };
import { type Scheme, textColours } from "../../tools/email-check/colour-contrast.ts";
import { type Detected, describeGap, detectFeatures, type Gap, gaps } from "../../tools/email-check/email-features.ts";
import { fullWeekEmails } from "./digest-full-week.ts";
import { FIXES, LOOP, MONTH, monthlyCounters } from "./monthly-fixtures.ts";

/**
 * The weekly digest and the monthly report render in the clients their readers use: Gmail (web, Android, iOS), Outlook (Windows,
 * outlook.com) and Apple Mail (macOS, iOS). caniemail's data (tools/email-check/caniemail.json, from
 * the commit it names) is run over the HTML of full digests in every locale; every feature one of
 * those clients does not support ("n") or supports only partly ("a") must be listed below with the
 * clients it fails in and why the email still works there. `onlyOn` says where the reason holds
 * (elements, or "style" for the style sheet): using the feature anywhere else fails the check.
 */

interface Decision {
  clients: string[];
  reason: string;
  onlyOn?: string[];
}

const GMAIL_APPS = ["gmail/android", "gmail/ios"];
const GMAIL = ["gmail/desktop-webmail", ...GMAIL_APPS];
const OUTLOOK = ["outlook/windows"];

const ALLOWED: Readonly<Record<string, Decision>> = {
  "html-doctype": {
    clients: OUTLOOK,
    reason:
      "Outlook for Windows ignores the doctype and renders the tables the same; elsewhere it sets standards mode.",
  },
  "html-meta-color-scheme": {
    clients: [...GMAIL, ...OUTLOOK, "outlook/outlook-com", "apple-mail/ios"],
    reason:
      "A hint for the clients that read it; the others keep the light design or invert it, both readable (contrast test).",
  },
  "html-style": {
    clients: [...GMAIL, ...OUTLOOK],
    reason:
      "In <head>, before use, under 1 KB, only enhancements (stacking, dark colours): every colour and size is also inline.",
  },
  "html-body": {
    clients: [...GMAIL, "outlook/outlook-com"],
    reason:
      "The body's bgcolor and margin only repeat the outer table's, which carries the page colour where <body> becomes a div.",
  },
  "css-at-media": {
    clients: [...GMAIL, ...OUTLOOK, "outlook/outlook-com"],
    reason:
      "Only max-width and prefers-color-scheme, never nested; Outlook for Windows is on desktops, where no stacking is needed.",
    onlyOn: ["style"],
  },
  "css-at-media-prefers-color-scheme": {
    clients: [...GMAIL, ...OUTLOOK],
    reason:
      "Dark colours for Apple Mail and Outlook.com; Gmail and Outlook for Windows show the light design or invert it (contrast test).",
    onlyOn: ["style"],
  },
  "css-selector-class": {
    clients: GMAIL_APPS,
    reason:
      "Class rules only carry the enhancements above; with non-Google accounts the inline styles alone render the whole email.",
    onlyOn: ["style"],
  },
  "css-important": {
    clients: [...GMAIL, ...OUTLOOK],
    reason: "Only in the style sheet, lowercase with a space before, to let the media queries override inline styles.",
    onlyOn: ["style"],
  },
  "css-box-sizing": {
    clients: OUTLOOK,
    reason: "Only inside the mobile media query, which Outlook for Windows does not apply anyway.",
    onlyOn: ["style"],
  },
  "css-display": {
    clients: [...GMAIL_APPS, ...OUTLOOK],
    reason:
      "block and none only (no flex, grid or two-value syntax); block on images only removes a gap Outlook does not add.",
    onlyOn: ["style", "div", "img"],
  },
  "css-display-none": {
    clients: OUTLOOK,
    reason:
      "On the preheader div (hidden from Outlook by mso-hide:all) and the mobile-only column; never on an <img> or around a table.",
    onlyOn: ["style", "div"],
  },
  "css-width": {
    clients: OUTLOOK,
    reason:
      "On tables, cells and the chart images (width:100%, fluid on phones); Outlook for Windows takes the images' width attribute.",
    onlyOn: ["style", "table", "td", "th", "img"],
  },
  "css-height": {
    clients: OUTLOOK,
    reason: "Heights on cells (bars) and height:auto on images, never on div, span or p.",
    onlyOn: ["td", "img"],
  },
  "css-max-width": {
    clients: OUTLOOK,
    reason: "Outlook for Windows gets the 640 px card from an MSO table and the charts from their width attribute.",
    onlyOn: ["table", "img"],
  },
  "css-padding": {
    clients: OUTLOOK,
    reason:
      "Layout padding is on table cells; Outlook for Windows drops a div's padding-top, which only tightens a few line gaps.",
  },
  "css-margin": {
    clients: [...GMAIL, ...OUTLOOK, "outlook/outlook-com"],
    reason:
      "Only zero resets and the heading's spacing: no negative or auto margins, none on span, no background under a margin.",
    onlyOn: ["body", "h1", "blockquote"],
  },
  "css-border": {
    clients: OUTLOOK,
    reason: "1 px borders on table cells (and border:0 on images), never on a p or a div.",
    onlyOn: ["style", "td", "th", "img"],
  },
  "css-border-radius": {
    clients: OUTLOOK,
    reason: "Progressive enhancement on the KPI tiles: square corners in Outlook for Windows, nothing depends on them.",
    onlyOn: ["td"],
  },
  "css-font-size": {
    clients: OUTLOOK,
    reason: "Pixel sizes only, no rem.",
  },
  "css-font-weight": {
    clients: OUTLOOK,
    reason: "Only the keywords bold and normal.",
  },
  "css-line-height": {
    clients: OUTLOOK,
    reason: "Pixel line heights, with mso-line-height-rule:exactly for Outlook for Windows in its conditional style.",
  },
  "css-text-align": {
    clients: [...GMAIL_APPS.filter((c) => c === "gmail/android"), ...OUTLOOK],
    reason: "Only right (with align=right beside it), no start, end or match-parent.",
    onlyOn: ["div"],
  },
  "css-text-decoration": {
    clients: [...GMAIL_APPS, ...OUTLOOK],
    reason: "A single value, underline, on links, which those clients underline by default anyway.",
    onlyOn: ["a"],
  },
  "html-width": {
    clients: OUTLOOK,
    reason:
      "Pixels on tables and images at their display size, percentages on cells only; the MSO PixelsPerInch setting keeps 120 dpi right.",
  },
  "html-height": {
    clients: OUTLOOK,
    reason: "Pixels on bar cells and images; the MSO PixelsPerInch setting keeps 120 dpi right.",
  },
};

/** What caniemail has no feature for, and why that is fine. */
const NO_FEATURE: Readonly<Record<string, string>> = {
  "css property: color": "text colour works in every client (caniemail has no feature for it)",
  "css property: font-family": "font stacks work everywhere; Outlook for Windows gets its own in the MSO style",
  "css property: mso-hide": "Outlook's own property: hides the preheader from Outlook for Windows",
  "css property: -webkit-text-size-adjust": "keeps iOS from enlarging small text; ignored elsewhere",
};

/** The monthly report with every section filled (top 5, a fix that worked, falling themes, the loop), as mailed. */
const monthlyEmail = (locale: DigestLocale): RenderedEmail => ({
  ...renderMonthlyEmail(
    buildMonthlyReport({
      month: MONTH,
      locale,
      taxonomy: defaultTaxonomy,
      weeks: weeksToRead(MONTH, FIXES).map((week) => ({ week, rows: monthlyCounters(week) })),
      fixes: FIXES,
      loop: { counts: LOOP, overdueNow: 3 },
    }),
    {
      unsubscribeUrl: "https://hearback.example.com/digests/unsubscribe?s=org&e=pm%40example.com&sig=abc",
      explorerUrl: "https://hearback.example.com/digests/read/k1.abc.def/explore",
    },
  ),
  images: [],
});

const emails = new Map<DigestLocale, RenderedEmail[]>(
  SUPPORTED_LOCALES.map((l) => [l, [...fullWeekEmails(l), monthlyEmail(l)]]),
);
const detectedOf = (email: RenderedEmail): Detected =>
  detectFeatures(email.html, caniemail, {
    images: Object.fromEntries(email.images.map((i) => [i.cid, i.contentType])),
  });
const all = [...emails.values()].flat();
const detected = all.map(detectedOf);
const used: Gap[] = [
  ...new Map(detected.flatMap((d) => gaps(d, caniemail)).map((g) => [g.feature, g] as const)).values(),
];
/** Every kind of place a feature is used, over all the emails. */
const placesOf = (feature: string): string[] => [
  ...new Set(detected.flatMap((d) => [...(d.features.get(feature) ?? [])])),
];
/** "<td style> padding" -> "td"; "<style> @media display" -> "style". */
const elementOf = (where: string): string => /^<!?([A-Za-z0-9]+)/.exec(where)?.[1]?.toLowerCase() ?? where;

describe("the weekly digest and the monthly report in Gmail, Outlook and Apple Mail (caniemail data)", () => {
  it("checks the monthly report in every language beside the weekly digests", () => {
    for (const list of emails.values()) {
      expect(list.filter((e) => e.subject.includes(MONTH.slice(0, 4)) && e.images.length === 0)).toHaveLength(1);
    }
  });

  it("uses the caniemail data it says it does, for the clients that matter", () => {
    expect(caniemail.commit).toMatch(/^[0-9a-f]{40}$/);
    expect(caniemail.license).toMatch(/^MIT/);
    expect(caniemail.clients).toEqual([
      "gmail/desktop-webmail",
      "gmail/android",
      "gmail/ios",
      "outlook/windows",
      "outlook/outlook-com",
      "apple-mail/macos",
      "apple-mail/ios",
    ]);
    // The check sees what the HTML uses: tables, images, the style sheet, media queries.
    for (const f of ["html-table", "html-style", "css-at-media-prefers-color-scheme", "css-padding"]) {
      expect(
        detected.every((d) => d.features.has(f)),
        f,
      ).toBe(true);
    }
    // The weekly digests' charts (the monthly report has none).
    expect(detected.filter((d) => d.features.has("image-png"))).toHaveLength(all.filter((e) => e.images.length).length);
    expect(all.filter((e) => e.images.length)).toHaveLength(2 * SUPPORTED_LOCALES.length);
  });

  it("uses no feature those clients lack unless it has a fallback, stated here", () => {
    const unexplained = used.filter((g) => !ALLOWED[g.feature]);
    expect(unexplained.map(describeGap).join("\n")).toBe("");
    for (const g of used) {
      const decision = ALLOWED[g.feature];
      if (!decision) continue;
      // The decision names exactly the clients it is about: a new gap (or one fixed upstream) is looked at again.
      expect(g.clients.map((c) => c.client).sort(), g.feature).toEqual([...decision.clients].sort());
      if (decision.onlyOn) {
        const elsewhere = placesOf(g.feature).filter((w) => !decision.onlyOn?.includes(elementOf(w)));
        expect(elsewhere, `${g.feature}: ${decision.reason}`).toEqual([]);
      }
    }
  });

  it("keeps no decision for a feature it no longer uses", () => {
    const features = new Set(used.map((g) => g.feature));
    expect(Object.keys(ALLOWED).filter((f) => !features.has(f))).toEqual([]);
  });

  it("uses nothing caniemail does not know, except what is listed as safe", () => {
    const unknown = [...new Set(detected.flatMap((d) => [...d.unmapped.keys()]))].filter((k) => !NO_FEATURE[k]);
    expect(unknown).toEqual([]);
  });

  it("drops what Outlook for Windows lacks, and gives it its own settings", () => {
    for (const email of all) {
      const features = detectedOf(email).features;
      for (const gone of [
        "css-white-space",
        "css-outline",
        "css-table-layout",
        "css-opacity",
        "css-overflow",
        "html-target",
      ]) {
        expect(features.has(gone), gone).toBe(false);
      }
      expect(email.html).toContain("<o:PixelsPerInch>96</o:PixelsPerInch>");
      expect(email.html).toContain("mso-line-height-rule:exactly");
      expect(email.html).toMatch(/<!--\[if mso\]><table role="presentation" width="640"/);
      const style = /<style>(.*?)<\/style><\/head>/s.exec(email.html)?.[1] ?? "";
      expect(Buffer.byteLength(style)).toBeLessThan(16 * 1024);
      expect(style).not.toMatch(/\S!important/);
    }
  });

  it("would catch a feature without support: white-space, @media and target in a snippet", () => {
    const snippet =
      '<style>@media (max-width:600px){.x{display:none}}</style><a href="https://x.example" target="_blank" style="white-space:nowrap">x</a>';
    const found = gaps(detectFeatures(snippet, caniemail), caniemail);
    const outlook = (f: string) =>
      found.find((g) => g.feature === f)?.clients.find((c) => c.client === "outlook/windows");
    expect(outlook("css-white-space")?.status).toBe("n");
    expect(outlook("css-at-media")?.status).toBe("n");
    expect(found.find((g) => g.feature === "html-target")?.clients.map((c) => c.client)).toContain(
      "gmail/desktop-webmail",
    );
  });

  it("heads every column and row of its data tables with a scope", () => {
    for (const email of all) {
      const headers = email.html.match(/<th\b[^>]*>/g) ?? [];
      expect(headers.length).toBeGreaterThan(6);
      for (const th of headers) expect(th).toMatch(/^<th scope="(col|row)"/);
    }
  });
});

describe("the digest's colours in light mode, its dark mode and a client that inverts them", () => {
  const SCHEMES: Scheme[] = ["light", "dark", "inverted"];
  for (const [locale, list] of emails) {
    it(`keeps every text readable in ${locale}: WCAG AA 4.5:1, 3:1 for legend symbols`, () => {
      const texts = list.flatMap((e) => textColours(e.html));
      expect(texts.length).toBeGreaterThan(100);
      const poor = texts.flatMap((t) =>
        SCHEMES.flatMap((s) => {
          const symbolsOnly = !/[\p{L}\p{N}]/u.test(t.text);
          const { fg, bg, ratio } = t.colours[s];
          return ratio < (symbolsOnly ? 3 : 4.5)
            ? [`${s}: "${t.text}" at ${t.at}, ${fg} on ${bg} = ${ratio.toFixed(2)}`]
            : [];
        }),
      );
      expect(poor).toEqual([]);
      // Dark mode changes the colours (the rules apply), on a dark card.
      const heading = texts.find((t) => t.at.includes("h1"));
      expect(heading?.colours.dark.bg).toBe("#111827");
      expect(heading?.colours.light.bg).toBe("#ffffff");
    });
  }

  it("would catch text that is hard to read", () => {
    const [text] = textColours('<div style="color:#9ca3af"><span>faint</span></div>').map((t) => t.colours.light);
    expect(text?.ratio).toBeLessThan(3);
  });
});

import type { Digest, DigestLocale } from "../model/digest.ts";
import { type DigestImage, digestCharts } from "./charts.ts";
import { clean, safeUrl } from "./format.ts";
import { renderHtml } from "./html-document.ts";
import type { Chart } from "./html-sections.ts";
import { labelsFor } from "./labels.ts";
import { renderText } from "./text-part.ts";

/**
 * The weekly digest as an email: subject, HTML and plain-text parts, in the digest's locale.
 *
 * The markup follows what survives Gmail, Outlook (Word engine) and Apple Mail alike: nested
 * `role="presentation"` tables for layout (the Pareto and loop tables are data tables, with
 * `<th scope>`), inline styles, colours on `bgcolor` as well as `background-color`, bars drawn with
 * table cells of proportional width (no script), Outlook's own settings in conditional comments;
 * tests/digest/digest-email-clients.test.ts checks every feature against caniemail's data. The
 * NPS trend and the Pareto chart are PNG images (charts.ts) attached inline and referenced as
 * `cid:`, with their numbers in the alt text; the table-cell bars stay, so an email whose images
 * are blocked still shows every number. The small <style> block only adds mobile stacking and
 * dark-mode colours; without it the email is complete and readable. Every value from the data is
 * escaped, and only http(s) links are kept. The plain-text part has no images.
 *
 * Units: NPS in points (-100..100); CSAT and the SLA / recovery rates as percentages (0..100),
 * their margins of error in percentage points; theme changes as ratios (0.38 = +38 %).
 *
 * The parts: labels.ts (the words per locale), format.ts and view-model.ts (what both parts show),
 * html-kit.ts, html-sections.ts and html-document.ts (the HTML part), text-part.ts (the plain text),
 * charts.ts (the images).
 */

export interface RenderOptions {
  /** Required; must be an http(s) URL (a digest without a working unsubscribe link is not sent). */
  unsubscribeUrl: string;
  /** "View in browser"; dropped unless http(s). */
  previewUrl?: string;
  /** The explorer, opened with this reader's link (scoped to the subscription). */
  explorerUrl?: string;
  /** Sender name in the header and subject; "hearback" without it. */
  brand?: string;
  /**
   * How the HTML refers to the chart images: "cid" (default) for an email that attaches `images`
   * inline; "inline-data" embeds them as data: URLs, for a browser, which cannot resolve cid:.
   */
  images?: "cid" | "inline-data";
  /** The digest in a browser: the same digest in each language, for the language switch at its top. */
  languageLinks?: Readonly<Record<DigestLocale, string>>;
}

export interface RenderedEmail {
  subject: string;
  html: string;
  text: string;
  /** The images the HTML refers to by cid:, to attach inline (none in "inline-data" mode). */
  images: DigestImage[];
}

/**
 * Subject: brand, week and the headline, in the digest's language, e.g. "hearback 2026-W47 · NPS 42 (+5) ·
 * Delivery complaints up 38 %", "hearback 2026 年第 47 周 · NPS 42（+5） · 配送投诉上升 38%".
 */
const subjectOf = (d: Digest, brand: string): string => {
  const headline = clean(d.headline);
  const prefix = clean(`${brand} ${labelsFor(d.locale).weekName(d.week)}`);
  return headline.includes(d.week) ? clean(`${brand} · ${headline}`) : `${prefix} · ${headline}`;
};

export const renderDigestEmail = (digest: Digest, opts: RenderOptions): RenderedEmail => {
  const unsubscribe = safeUrl(opts.unsubscribeUrl);
  if (unsubscribe === undefined) throw new RangeError("unsubscribeUrl must be an http(s) URL");
  const preview = safeUrl(opts.previewUrl);
  const explorer = safeUrl(opts.explorerUrl);
  const brand = clean(opts.brand ?? "") || "hearback";
  const subject = subjectOf(digest, brand);
  const inline = opts.images === "inline-data";
  const chart = (image: DigestImage | undefined): Chart | undefined =>
    image && {
      image,
      src: inline
        ? `data:${image.contentType};base64,${Buffer.from(image.png).toString("base64")}`
        : `cid:${image.cid}`,
    };
  const { npsTrend, pareto } = digestCharts(digest);
  return {
    subject,
    html: renderHtml(
      digest,
      subject,
      brand,
      unsubscribe,
      preview,
      { npsTrend: chart(npsTrend), pareto: chart(pareto) },
      explorer,
      opts.languageLinks,
    ),
    text: renderText(digest, brand, unsubscribe, preview, explorer),
    images: inline ? [] : [npsTrend, pareto].filter((i) => i !== undefined),
  };
};

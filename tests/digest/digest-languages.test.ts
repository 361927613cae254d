import { Parser } from "htmlparser2";
import { describe, expect, it } from "vitest";
import type { DigestLocale } from "#shared/digest/model/digest";
import type { RenderedEmail } from "#shared/digest/views/render";
import { fullWeekEmails } from "./digest-full-week.ts";

/**
 * Every word of a Chinese digest is Chinese: subject, headers, labels, chart alt texts and titles,
 * table headers, method notes, footer, in the HTML and the plain-text part. What may stay in Latin
 * letters: the customers' own words (quotes, in <blockquote> and after "> " in the text part), links,
 * and the codes readers use as they are.
 */
const CODES: Readonly<Record<string, string>> = {
  NPS: "Net Promoter Score, a name",
  CSAT: "customer satisfaction score, a name",
  SLA: "service level agreement: support teams say SLA",
  hearback: "the product's name (the default brand)",
  n: "sample size in statistics",
  p: "p-value, and the promoter share in the margin formula",
  d: "the detractor share in the margin formula",
};

/** What a reader sees of the HTML: text outside quotes, <style> and comments, and every alt and title. */
const htmlWords = (html: string): string[] => {
  const seen: string[] = [];
  let skip = 0;
  const parser = new Parser(
    {
      onopentag: (name, attrs) => {
        if (skip > 0 || name === "blockquote" || name === "style") skip++;
        else {
          if (attrs.alt) seen.push(attrs.alt);
          if (attrs.title) seen.push(attrs.title);
        }
      },
      onclosetag: () => {
        if (skip > 0) skip--;
      },
      ontext: (t) => {
        if (skip === 0) seen.push(t);
      },
    },
    { decodeEntities: true },
  );
  parser.write(html);
  parser.end();
  return seen;
};

/** The plain-text part without links and without the quote lines ("  > ..."). */
const textWords = (text: string): string[] =>
  text
    .split("\n")
    .filter((line) => !/^\s*> /.test(line))
    .map((line) => line.replace(/https?:\/\/\S+/g, ""));

const latinWords = (pieces: readonly string[]): string[] =>
  [...new Set(pieces.flatMap((p) => p.match(/[A-Za-z]+/g) ?? []))].filter((w) => !Object.hasOwn(CODES, w));

const wordsOf = (email: RenderedEmail) => ({
  subject: latinWords([email.subject]),
  html: latinWords(htmlWords(email.html)),
  text: latinWords(textWords(email.text)),
});

describe("the Chinese digests have no English in them", () => {
  for (const locale of ["zh-Hans", "zh-Hant"] as const satisfies DigestLocale[]) {
    it(`speaks ${locale} everywhere but in customers' words and codes`, () => {
      for (const email of fullWeekEmails(locale)) {
        expect(wordsOf(email)).toEqual({ subject: [], html: [], text: [] });
        // The quotes kept their English: the check above skipped them, it did not miss them.
        expect(email.html).toContain("The parcel arrived late");
        expect(email.text).toContain("The parcel arrived late");
      }
    });
  }

  it("shows masked personal data in the reader's words, in the HTML and the plain text", () => {
    const expected = { "zh-Hans": "〔电话已隐去〕", "zh-Hant": "〔電話已隱去〕", en: "[phone hidden]" } as const;
    for (const locale of ["zh-Hans", "zh-Hant", "en"] as const) {
      for (const email of fullWeekEmails(locale).slice(0, 1)) {
        expect(email.html, locale).toContain(expected[locale]);
        expect(email.text, locale).toContain(expected[locale]);
        expect(email.html, locale).not.toContain("[phone]");
        expect(email.text, locale).not.toContain("[phone]");
      }
    }
  });

  it("states a fix's effect on its theme's line in the reader's words", () => {
    const [zhHans] = fullWeekEmails("zh-Hans");
    const [zhHant] = fullWeekEmails("zh-Hant");
    const [en] = fullWeekEmails("en");
    // Delivery's complaints rose after its fix (bad news, in red), service's fell (good news, in green).
    expect(zhHans?.html).toMatch(/class="hb-bad"[^>]*>自 11 月 2 日改进以来投诉 \+115%（p &lt; 0\.001）</);
    expect(zhHans?.html).toMatch(/class="hb-good"[^>]*>自 11 月 2 日改进以来投诉 −\d+%（p (=|&lt;) 0\.\d{3}）</);
    expect(zhHans?.text).toContain("自 11 月 2 日改进以来投诉 +115%（p < 0.001）");
    expect(zhHant?.text).toContain("自 11 月 2 日改善以來投訴 +115%（p < 0.001）");
    expect(en?.text).toContain("complaints +115 % since the 2 Nov fix (p < 0.001)");
    expect(en?.text).toMatch(/complaints −\d+ % since the 2 Nov fix \(p (=|<) 0\.\d{3}\)/);
  });

  it("finds the English of an English digest, in alt texts, titles and headers too", () => {
    const [email] = fullWeekEmails("en");
    if (!email) throw new Error("no email");
    const words = wordsOf(email);
    expect(words.subject).toEqual(expect.arrayContaining(["complaints", "up"]));
    // The NPS chart's alt text, the margin's title, a column header, the method notes, the footer.
    expect(words.html).toEqual(
      expect.arrayContaining(["oldest", "margin", "Cumulative", "Poisson", "Unsubscribe", "Weekly"]),
    );
    expect(words.text).toEqual(expect.arrayContaining(["Closing", "loop", "Poisson"]));
    expect(words.html).not.toContain("parcel");
  });

  it("names the themes in the reader's language on the Pareto chart's axis and in its alt text", () => {
    const [zh] = fullWeekEmails("zh-Hant");
    const html = zh?.html ?? "";
    const axis = html.slice(html.indexOf("cid:complaint-themes"), html.indexOf('scope="col"'));
    // The names shown (each bar's number, hidden, is for phones when a name cannot fit there: not in Chinese).
    expect(axis).not.toContain("hb-axis-rank");
    expect([...axis.matchAll(/<div(?![^>]*display:none)[^>]*>([^<]+)<\/div>/g)].map((m) => m[1])).toEqual([
      "物流配送與等待",
      "價格與優惠",
      "退款與退換",
      "服務與態度",
      "產品與菜品質量",
    ]);
    expect(html).toMatch(/alt="投訴主題（依負面提及數，括號內為累計佔比）：物流配送與等待 42（71%）、價格與優惠 6/);
  });
});

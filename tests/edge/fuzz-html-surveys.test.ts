import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { emailSnippet, surveyLinks } from "#shared/surveys/model/links";
import { type ErrorStatus, renderErrorPage, renderSurveyPage, type SurveyPageInput } from "#shared/surveys/views/page";
import { expectNoInjection, expectShown, hostile, neutral, parseHtml } from "./html-injection.ts";

/** The survey page, its error pages and the survey email snippet, fuzzed as ./html-injection.ts describes. */

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

import type { APIGatewayProxyEventV2 } from "aws-lambda";
import { describe, expect, it } from "vitest";
import { explorer, type ReaderScope } from "#shared/digest/explorer-http";
import type { FeedbackQuery } from "#shared/feedback/ports/feedback-store";
import type { WeeklyCounter } from "#shared/feedback/ports/weekly-counters";
import { isoWeek } from "#shared/kernel/time";
import { defaultTaxonomy } from "#shared/taxonomy/taxonomy";
import { httpEvent } from "../support/fixtures.ts";

/**
 * A digest reader's explorer never shows what lies outside their subscription (issue 15, item 1):
 * a touchpoint-scoped reader sees those touchpoints' scores, volume, theme counts and comments; a
 * team-scoped reader sees the team's themes only, and no organization-wide score. Read from the
 * weekly counters ("@<touchpoint>/<theme>" rows for a theme at a touchpoint) and the day index.
 */

const NOW = new Date("2026-12-02T10:00:00Z");
const row = (theme: string, counts: Record<string, number>): Omit<WeeklyCounter, "week"> => ({
  channel: "nps",
  theme,
  counts,
});
const ROWS = [
  // The organization: 200 answers, NPS +50.
  row("_all", { n: 200, s10: 150, s0: 50 }),
  // The reader's touchpoints: 80 answers, NPS 0; the app (outside): 120 answers.
  row("@delivery", { n: 40, s10: 40 }),
  row("@store", { n: 40, s0: 40 }),
  row("@app", { n: 120, s10: 110, s0: 10 }),
  row("delivery", { n: 30, NEGATIVE: 30 }),
  row("@delivery/delivery", { n: 5, NEGATIVE: 5 }),
  row("@app/delivery", { n: 25, NEGATIVE: 25 }),
  row("refund", { n: 20, NEGATIVE: 20 }),
  row("@app/refund", { n: 20, NEGATIVE: 20 }),
  row("price", { n: 7, NEGATIVE: 7 }),
  row("@store/price", { n: 7, NEGATIVE: 7 }),
];

const record = (id: string, touchpoint: string, themes: string[], text: string) => ({
  id,
  channel: "nps" as const,
  score: 2,
  sentiment: "NEGATIVE" as const,
  themes,
  touchpoint,
  language: "en",
  text,
  occurredAt: "2026-11-25T03:00:00.000Z",
  week: "2026-W48",
});
const RECORDS = [
  record("fb_at_delivery", "delivery", ["delivery"], "Courier came two days late"),
  record("fb_at_app", "app", ["delivery"], "The app lost my order tracking"),
  record("fb_refund_app", "app", ["refund"], "Refund never arrived"),
];

const asked: FeedbackQuery[] = [];
const pages = explorer({
  counters: { weeklyCounters: async (week) => ROWS.map((r) => ({ ...r, week, counts: { ...r.counts } })) },
  fixes: { record: async () => {}, forTheme: async () => [] },
  feedback: {
    list: async (query) => {
      asked.push(query);
      const items = RECORDS.filter(
        (r) =>
          (query.theme === undefined || r.themes.includes(query.theme)) &&
          (query.touchpoints === undefined || query.touchpoints.includes(r.touchpoint)),
      );
      return { items: items as never };
    },
    storedRecords: async (ids) =>
      new Map(RECORDS.filter((r) => ids.includes(r.id)).map((r) => [r.id, r as never] as const)),
  },
  taxonomy: defaultTaxonomy,
  staff: { locale: "en", timeZone: "UTC" },
  basePath: "/explore",
  workbenchPath: "/triage",
  secret: "s".repeat(32),
});

const scopeOf = (themes: readonly string[], touchpoints: readonly string[]): ReaderScope => ({
  basePath: "/digests/read/tok/explore",
  themes: new Set(themes),
  touchpoints,
  locale: "en",
  label: "reader",
  commentUrl: (id, occurredAt) => `/digests/read/quote-of-${id}-${isoWeek(new Date(occurredAt))}`,
});
const ALL_THEMES = defaultTaxonomy.themes.map((t) => t.id);
const atTouchpoints = scopeOf(ALL_THEMES, ["delivery", "store"]);
const logistics = scopeOf(
  defaultTaxonomy.themes.filter((t) => t.team === "logistics").map((t) => t.id),
  [],
);

const event = (query: Record<string, string> = {}, theme?: string): APIGatewayProxyEventV2 => {
  const e = httpEvent("get-feedback");
  e.queryStringParameters = query;
  e.pathParameters = theme === undefined ? {} : { id: theme };
  e.headers = { host: "localhost" };
  e.cookies = [];
  return e;
};
const overview = (scope: ReaderScope, query?: Record<string, string>) =>
  pages.overview(event(query), { name: scope.label }, "n0nce", NOW, scope);
const themePage = (scope: ReaderScope, id: string, query?: Record<string, string>) =>
  pages.theme(event(query, id), { name: scope.label }, "n0nce", NOW, scope);

/** The cells of a week-by-week table, by its summary ("NPS, week by week"). */
const tableOf = (html: string, summary: string): string[][] => {
  const at = html.indexOf(`<summary>${summary}</summary>`);
  if (at < 0) return [];
  const table = html.slice(at, html.indexOf("</table>", at));
  return [...table.matchAll(/<tr><th scope="row">[^<]*<\/th>(.*?)<\/tr>/g)].map((m) =>
    [...(m[1] ?? "").matchAll(/<td class="n">([^<]*)<\/td>/g)].map((c) => c[1] ?? ""),
  );
};
/** The theme names ranked in the Pareto. */
const paretoThemes = (html: string): string[] =>
  [...html.slice(html.indexOf('id="x-pareto"')).matchAll(/\/themes\/([a-z_]+)[?"]/g)].map((m) => m[1] ?? "");

describe("a touchpoint-scoped reader's explorer", () => {
  it("counts scores, volume and the Pareto over the subscription's touchpoints, all of them", async () => {
    const res = await overview(atTouchpoints);
    expect(res.statusCode).toBe(200);
    const html = String(res.body);
    // NPS 0 over delivery and store (80 answers), not the organization's +50 nor the first touchpoint's +100.
    expect(new Set(tableOf(html, "NPS, week by week").map((r) => r.join("|")))).toEqual(new Set(["0|80"]));
    expect(new Set(tableOf(html, "Responses, week by week").map((r) => r[0]))).toEqual(new Set(["80"]));
    // Themes counted at those touchpoints only: refunds were all at the app.
    expect(paretoThemes(html)).toEqual(["price", "delivery"]);
    expect(html).not.toContain("Refunds &amp; returns");
    expect(html).not.toContain("themes are counted over all touchpoints");
  });

  it("narrows to one of them, and refuses one outside", async () => {
    const one = String((await overview(atTouchpoints, { touchpoint: "store" })).body);
    expect(new Set(tableOf(one, "Responses, week by week").map((r) => r[0]))).toEqual(new Set(["40"]));
    expect(paretoThemes(one)).toEqual(["price"]);
    await expect(overview(atTouchpoints, { touchpoint: "app" })).rejects.toThrow(/invalid/);
  });

  it("shows a theme's comments, touchpoints and weeks from those touchpoints only", async () => {
    asked.length = 0;
    const html = String((await themePage(atTouchpoints, "delivery")).body);
    expect(asked[0]?.touchpoints).toEqual(["delivery", "store"]);
    expect(html).toContain("Courier came two days late");
    expect(html).not.toContain("The app lost my order tracking");
    // Each comment opens as a quote of its week's digest, behind the reader's link.
    expect(html).toContain('href="/digests/read/quote-of-fb_at_delivery-2026-W48"');
    // Mentions per touchpoint: delivery's 5 a week, never the app's.
    const tps = html.slice(html.indexOf('id="x-tps"'), html.indexOf("</section>", html.indexOf('id="x-tps"')));
    expect(tps).toContain('<th scope="row">Delivery</th><td class="n">130</td>');
    expect(tps).not.toMatch(/App|Elsewhere/);
    expect(new Set(tableOf(html, "Mentions, week by week").map((r) => r[1]))).toEqual(new Set(["5"]));
    // A comment given elsewhere does not open on its own either.
    expect((await themePage(atTouchpoints, "delivery", { comment: "fb_at_app" })).statusCode).toBe(404);
    expect((await themePage(atTouchpoints, "delivery", { comment: "fb_at_delivery" })).statusCode).toBe(200);
  });

  it("filters the comments by their language", async () => {
    const zh = String((await themePage(atTouchpoints, "delivery", { language: "zh-Hant" })).body);
    expect(zh).not.toContain("Courier came two days late");
    const en = String((await themePage(atTouchpoints, "delivery", { language: "en" })).body);
    expect(en).toContain("Courier came two days late");
  });
});

describe("a team-scoped reader's explorer", () => {
  it("ranks and counts the team's themes only, and tells no organization-wide score", async () => {
    const html = String((await overview(logistics)).body);
    expect(paretoThemes(html)).toEqual(["delivery"]);
    expect(html).not.toMatch(/Refunds &amp; returns|Price &amp; promotions/);
    // Volume is the team's theme mentions (30 a week), not the organization's 200 answers.
    expect(new Set(tableOf(html, "Mentions of these themes, week by week").map((r) => r[0]))).toEqual(new Set(["30"]));
    expect(tableOf(html, "NPS, week by week")).toEqual([]);
    expect(html).toContain("NPS and CSAT are not shown here");
    expect(html.match(/<svg /g)).toHaveLength(1);
  });

  it("opens no theme page, and no comment, of another team", async () => {
    expect((await themePage(logistics, "refund")).statusCode).toBe(404);
    expect((await themePage(logistics, "refund", { comment: "fb_refund_app" })).statusCode).toBe(404);
    expect((await themePage(logistics, "delivery", { comment: "fb_refund_app" })).statusCode).toBe(404);
    const html = String((await themePage(logistics, "delivery")).body);
    expect(html).toContain("Courier came two days late");
    expect(html).toContain("The app lost my order tracking");
    expect(html).not.toContain("Refund never arrived");
  });
});

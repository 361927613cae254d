import { describe, expect, it } from "vitest";
import { digestSentEntry, emergingThemeEntries } from "#shared/digest/model/digest-events";
import { sendDueDigests } from "#shared/digest/send-digest";
import type { BusEntry } from "#shared/kernel/bus";
import { defaultTaxonomy } from "#shared/taxonomy/taxonomy";
import { type CardContext, cardOf } from "#shared/webhooks/model/card";
import { DigestSentDetail, FeedbackStoredDetail, ThemeEmergingDetail } from "#shared/webhooks/model/event-details";
import { BusEvent, type WebhookEvent, wants, webhookEventOf } from "#shared/webhooks/model/events";
import { render } from "#shared/webhooks/model/formats";
import { fixture } from "../digest/digest-fixtures.ts";
import { BASE, KEY, NOW, readerDeps, subscriptions, WEEK } from "../digest/reader-fixtures.ts";
import { eventBridgeEvent } from "../support/fixtures.ts";
import { endpoint } from "./fixtures.ts";

/**
 * The events beside a task's: digest.sent and theme.emerging from the digest run, feedback.stored from the worker
 * (tests/enrich/feedback-events.test.ts): their shape and ids, and their cards in each language and zone.
 */
const at = new Date("2026-11-23T01:00:00.000Z");
const delivery = defaultTaxonomy.themes.find((t) => t.id === "delivery")?.labels ?? {
  en: "",
  "zh-Hans": "",
  "zh-Hant": "",
};
const digest = fixture({
  team: "logistics",
  themes: fixture().themes.map((t, i) => ({ ...t, theme: i === 0 ? "delivery" : t.theme })),
  emerging: fixture().emerging.map((e) => (e.theme === "theme-1" ? { ...e, theme: "delivery" } : e)),
});
/** A bus entry as the delivery function gets it (webhookEventOf). */
const asEvent = (e: BusEntry): WebhookEvent => ({
  id: e.id,
  type: e.type as WebhookEvent["type"],
  timestamp: e.at,
  data: e.detail,
});
const ctx = (over: Partial<CardContext> = {}): CardContext => ({
  locale: "en",
  timeZone: "Asia/Shanghai",
  taxonomy: defaultTaxonomy,
  baseUrl: "https://voc.example.com",
  ...over,
});

describe("digest.sent and theme.emerging", () => {
  it("carry the week and headline numbers, one id per subscription and week, and no reader", () => {
    const e = digestSentEntry("logistics-tw", digest, at);
    expect(e).toMatchObject({
      type: "digest.sent",
      id: "digest.sent:2026-W47:logistics-tw",
      detail: {
        subscription: "logistics-tw",
        team: "logistics",
        week: "2026-W47",
        nps: { value: 42, n: 310, enough: true },
        csat: { value: 86.4, n: 220 },
        volume: { value: 780 },
      },
    });
    expect(digestSentEntry("logistics-tw", digest, new Date(at.getTime() + 60_000)).id).toBe(e.id);
    expect(JSON.stringify(e)).not.toContain("@");
  });

  it("tell each rising theme once per week, by its taxonomy id, with mentions and negative share", () => {
    const [e, ...rest] = emergingThemeEntries(digest, at);
    expect(rest).toEqual([]);
    expect(e).toMatchObject({
      type: "theme.emerging",
      id: "theme.emerging:2026-W47:delivery",
      detail: { theme: "delivery", themes: ["delivery"], week: "2026-W47", negative: 120 },
    });
    expect(e?.detail.mentions).toBeGreaterThanOrEqual(120);
    expect(e?.detail.negativeShare).toBeGreaterThan(0);
    expect(e?.detail.negativeShare).toBeLessThanOrEqual(1);
    expect(emergingThemeEntries(digest, new Date(0))[0]?.id).toBe(e?.id);
  });

  it("are published by the digest run once its digests are sent, and a failing bus fails nothing", async () => {
    const deps = readerDeps();
    const puts: BusEntry[][] = [];
    const run = (bus: { put: (e: readonly BusEntry[]) => Promise<void> }, problems: unknown[] = []) =>
      sendDueDigests(
        {
          feedback: deps.feedback,
          counters: deps.counters,
          taxonomy: defaultTaxonomy,
          baseUrl: BASE,
          subscriptions: subscriptions.filter((s) => s.id === "logistics-tw"),
          ledger: { claim: async () => true, release: async () => undefined, unsubscribed: async () => new Set() },
          send: async () => undefined,
          links: { key: KEY, days: 30 },
          events: { bus, onError: (e) => problems.push(e) },
        },
        NOW,
        { force: true, week: WEEK },
      );
    await run({ put: async (e) => void puts.push([...e]) });
    const sent = puts.flat().filter((e) => e.type === "digest.sent");
    expect(sent.map((e) => e.id)).toEqual([`digest.sent:${WEEK}:logistics-tw`]);
    expect(JSON.stringify(puts)).not.toContain("lead@example.com");
    const problems: unknown[] = [];
    const runs = await run(
      {
        put: async () => {
          throw new Error("bus down");
        },
      },
      problems,
    );
    expect(runs[0]?.sent).toBe(2);
    expect(problems).toHaveLength(1);
  });
});

describe("cards of the other events", () => {
  const sent = asEvent(digestSentEntry("logistics-tw", digest, at));
  const emerging = asEvent(emergingThemeEntries(digest, at)[0] as BusEntry);
  const stored: WebhookEvent = {
    id: "feedback.stored:fb_1:r1",
    type: "feedback.stored",
    timestamp: "2026-12-04T12:29:00.000Z",
    data: {
      feedbackId: "fb_1",
      channel: "nps",
      themes: ["delivery"],
      sentiment: "NEGATIVE",
      score: 2,
      priority: "P1",
      taskId: "task_01kbm0000000000000000000aa",
      week: "2026-W49",
      customerLabel: "cust_3f9a0c1d2e4b",
      text: "快递十天了还没到，电话 [phone]",
      occurredAt: "2026-12-04T12:29:00.000Z",
    },
  };

  it("name themes, teams and channels by the taxonomy in each language, never by id", () => {
    const en = cardOf(emerging, ctx());
    expect(en.title).toBe(`Emerging theme: ${delivery.en}`);
    expect(en.facts).toContainEqual({ label: "Negative share", value: expect.stringMatching(/%$/) });
    expect(cardOf(emerging, ctx({ locale: "zh-Hans" })).title).toBe(`新出现的主题：${delivery["zh-Hans"]}`);
    expect(cardOf(emerging, ctx({ locale: "zh-Hant" })).facts[0]).toEqual({
      label: "主題",
      value: delivery["zh-Hant"],
    });

    const digestCard = cardOf(sent, ctx({ locale: "zh-Hant" }));
    // Weeks and dates in words, as the digest says them; never the ISO id.
    expect(digestCard.title).toBe("每週摘要已寄出 · 2026 年第 47 週");
    expect(JSON.stringify(digestCard)).not.toMatch(/\d{4}-W\d{2}|\d{4}-\d{2}-\d{2}/);
    expect(digestCard.facts).toContainEqual({ label: "NPS", value: "42（310 份回覆）" });
    expect(digestCard.facts).toContainEqual({ label: "CSAT", value: "86.4%（220 份回覆）" });
    expect(JSON.stringify(digestCard)).not.toContain('logistics"');

    const feedback = cardOf(stored, ctx({ locale: "zh-Hans" }));
    expect(feedback).toMatchObject({ title: "新的客户反馈 · P1", priority: "P1" });
    expect(feedback.facts).toContainEqual({ label: "主题", value: delivery["zh-Hans"] });
    expect(feedback.quote?.text).toBe("快递十天了还没到，电话 [phone]");
    expect(feedback.link?.url).toBe("https://voc.example.com/triage/tasks/task_01kbm0000000000000000000aa");
    for (const card of [en, digestCard, feedback]) expect(JSON.stringify(card)).not.toContain("theme-");
  });

  it("write times in the receiver's zone", () => {
    // 12:29 UTC is 20:29 in Shanghai and 13:29 in Berlin.
    expect(JSON.stringify(cardOf(stored, ctx({ locale: "zh-Hans" })).facts)).toContain("20:29");
    expect(JSON.stringify(cardOf(stored, ctx({ timeZone: "Europe/Berlin" })).facts)).toContain("13:29");
  });

  it("render in every chat format", () => {
    const now = new Date("2026-12-04T12:30:00.000Z");
    for (const event of [sent, emerging, stored]) {
      for (const format of ["slack", "feishu", "dingtalk", "wecom"] as const) {
        const body = render(format, event, cardOf(event, ctx()), { now }).body;
        expect(body.length, `${event.type} ${format}`).toBeGreaterThan(20);
        expect(body).not.toContain("theme-1");
      }
    }
    const slack = JSON.parse(render("slack", stored, cardOf(stored, ctx()), { now }).body) as { text: string };
    expect(slack.text).toContain("New customer feedback");
  });

  it("are filtered by the fields they carry", () => {
    const nps = endpoint({ filters: { channels: ["nps"] } });
    const social = endpoint({ filters: { channels: ["social"] } });
    expect(wants(nps, stored)).toBe(true);
    expect(wants(social, stored)).toBe(false);
    expect(wants(endpoint({ filters: { sentiments: ["POSITIVE"] } }), stored)).toBe(false);
    expect(wants(endpoint({ filters: { priorities: ["P1"] } }), stored)).toBe(true);
    expect(wants(endpoint({ filters: { themes: ["refund"] } }), emerging)).toBe(false);
    expect(wants(endpoint({ filters: { themes: ["delivery"] } }), emerging)).toBe(true);
    // A digest says nothing of channels: a channel filter does not hold it back.
    expect(wants(social, sent)).toBe(true);
    expect(wants(endpoint({ events: ["task.opened"] }), sent)).toBe(false);
  });

  it("read the sample bus events of events/eventbridge/ as their publishers write them", () => {
    const samples = [
      ["feedback-stored", FeedbackStoredDetail],
      ["digest-sent", DigestSentDetail],
      ["theme-emerging", ThemeEmergingDetail],
    ] as const;
    for (const [name, schema] of samples) {
      const event = webhookEventOf(BusEvent.parse(eventBridgeEvent(name)));
      expect(event?.id, name).toBe(eventBridgeEvent(name).detail.eventId);
      expect(schema.safeParse(event?.data).success, name).toBe(true);
      const card = cardOf(event as WebhookEvent, ctx({ locale: "zh-Hans" }));
      expect(card.facts.length, name).toBeGreaterThan(2);
      expect(JSON.stringify(card), name).not.toMatch(/"delivery"|"quality"/);
    }
  });
});

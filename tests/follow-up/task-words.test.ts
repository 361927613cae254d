import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { Channel } from "#shared/feedback/model/schema";
import { type PriorityInput, priorityOf } from "#shared/follow-up/model/priority";
import { reasonText } from "#shared/follow-up/model/rules";
import { AuditAction, Outcome, TaskStatus } from "#shared/follow-up/model/task";
import { taskWords } from "#shared/follow-up/views/task-words";
import { SUPPORTED_LOCALES } from "#shared/kernel/locale";
import { defaultTaxonomy, Taxonomy } from "#shared/taxonomy/taxonomy";

const zh = taskWords("zh-Hans");
const hant = taskWords("zh-Hant");
const en = taskWords("en");
const HAN = /\p{Script=Han}/u;
const ID_LIKE = /[a-z]+_[a-z]+/;

describe("task words: enumerations", () => {
  it("name every status, channel, outcome and audit action in every language, never by the id", () => {
    for (const locale of SUPPORTED_LOCALES) {
      const w = taskWords(locale);
      const all = [
        ...TaskStatus.options.map(w.status),
        ...Channel.options.map(w.channel),
        ...Outcome.options.map(w.outcome),
        ...AuditAction.options.map(w.action),
      ];
      expect(all.every((s) => s.trim() !== "" && !ID_LIKE.test(s))).toBe(true);
    }
    expect(zh.status("waiting_on_customer")).toBe("等待客户回复");
    expect(hant.status("waiting_on_customer")).toBe("等待客戶回覆");
    expect(en.status("open")).toBe("Open");
    expect([zh.channel("social"), hant.channel("social"), en.channel("social")]).toEqual([
      "社交媒体",
      "社群媒體",
      "Social",
    ]);
    expect([zh.outcome("refund"), en.outcome("no_action_needed")]).toEqual(["退款", "No action needed"]);
    expect([zh.action("opened"), en.action("opened")]).toEqual(["创建了任务", "opened the task"]);
    // Chinese readers read Chinese: every status and action has Chinese characters.
    for (const w of [zh, hant]) {
      expect(
        [...TaskStatus.options.map(w.status), ...AuditAction.options.map(w.action)].every((s) => HAN.test(s)),
      ).toBe(true);
    }
  });

  it("label themes and teams from the taxonomy, and unknown ones with a word, not the id", () => {
    expect(zh.theme("refund")).toBe("退款与退换");
    expect(hant.theme("refund")).toBe("退款與退換");
    expect(en.theme("product_quality")).toBe(defaultTaxonomy.themes.find((t) => t.id === "product_quality")?.labels.en);
    expect([zh.theme("retired_theme"), hant.theme("retired_theme"), en.theme("retired_theme")]).toEqual([
      "其他主题",
      "其他主題",
      "Other theme",
    ]);
    expect([zh.team("after_sales"), hant.team("after_sales"), en.team("after_sales")]).toEqual([
      "售后团队",
      "售後團隊",
      "After-sales",
    ]);
    expect([zh.team("customer_service"), en.team("nobody_knows")]).toEqual(["客服团队", "Other team"]);
    // A taxonomy without team names still never shows an id.
    const bare = Taxonomy.parse({
      version: "1",
      themes: [
        {
          id: "late",
          labels: { en: "Late", "zh-Hans": "迟到", "zh-Hant": "遲到" },
          team: "logistics",
          keywords: { en: ["late"], zh: [] },
        },
      ],
    });
    expect(taskWords("zh-Hans", bare).team("logistics")).toBe("其他团队");
    expect(taskWords("zh-Hant", bare).theme("late")).toBe("遲到");
  });
});

describe("task words: priority factors", () => {
  const input = (over: Partial<PriorityInput>): PriorityInput => ({
    channel: "nps",
    score: 2,
    hasText: true,
    sentiment: "NEGATIVE",
    sentimentScores: { positive: 0, negative: 0.8, neutral: 0.2, mixed: 0 },
    themes: [],
    urgentThemes: new Set(["refund", "payment"]),
    ...over,
  });

  it("say each factor with its points in the reader's language", () => {
    const p = priorityOf(input({ tier: "gold", themes: ["refund", "delivery"] }));
    expect(p.factors.map(zh.factor)).toEqual([
      "NPS 2 分（0–2 档）+30",
      "负面语气 80% +16",
      "金牌客户 +25",
      "紧急主题：退款与退换 +20",
    ]);
    expect(p.factors.map(hant.factor)).toEqual([
      "NPS 2 分（0–2 檔）+30",
      "負面語氣 80% +16",
      "金牌客戶 +25",
      "緊急主題：退款與退換 +20",
    ]);
    expect(p.factors.map(en.factor)).toEqual([
      "NPS 2 (0–2 band) +30",
      "Negative tone 80% +16",
      "Gold customer +25",
      "Urgent theme: Refunds & returns +20",
    ]);
    const post = priorityOf(input({ channel: "social", score: undefined, followers: 12_000 }));
    expect(post.factors.filter((f) => f.factor === "reach").map(zh.factor)).toEqual(["粉丝 12,000（≥ 10,000）+25"]);
    const csat = priorityOf(input({ channel: "csat", score: 1, hasText: false }));
    expect(csat.factors.map(en.factor)).toEqual(["CSAT 1 of 5 +30"]);
  });

  it("still say factors stored before they had arguments, from the factor and its points", () => {
    const old = [
      { factor: "nps", points: 30, why: "NPS 0 (0-2 band)" },
      { factor: "negative_sentiment", points: 18, why: "negative tone 90% (negative)" },
      { factor: "tier", points: 25, why: "[erased]" },
      { factor: "reach", points: 15, why: "1200 followers (>= 1000)" },
      { factor: "urgent_theme", points: 20, why: "urgent theme: refund" },
      { factor: "weather", points: 5, why: "it rained" },
    ];
    expect(old.map(zh.factor)).toEqual([
      "NPS 评分 +30",
      "负面语气 +18",
      "客户等级 +25",
      "社交影响力 +15",
      "紧急主题 +20",
      "其他因素 +5",
    ]);
    expect(old.map(en.factor)).toEqual([
      "NPS score +30",
      "Negative tone +18",
      "Customer tier +25",
      "Social reach +15",
      "Urgent theme +20",
      "Other factor +5",
    ]);
  });

  it("never show a raw id or the English log line to a Chinese reader", () => {
    fc.assert(
      fc.property(
        fc.record({
          channel: fc.constantFrom(...Channel.options),
          score: fc.integer({ min: 0, max: 10 }),
          hasText: fc.boolean(),
          negative: fc.double({ min: 0, max: 1, noNaN: true }),
          tier: fc.constantFrom(undefined, "silver", "gold", "vip", "platinum", "enterprise"),
          followers: fc.integer({ min: 0, max: 100_000 }),
          themes: fc.subarray(defaultTaxonomy.themes.map((t) => t.id)),
        }),
        (r) => {
          const p = priorityOf(
            input({
              ...r,
              score:
                r.channel === "csat" ? Math.min(5, Math.max(1, r.score)) : r.channel === "nps" ? r.score : undefined,
              sentimentScores: { positive: 0, negative: r.negative, neutral: 1 - r.negative, mixed: 0 },
              urgentThemes: new Set(["refund", "payment", "safety"]),
            }),
          );
          for (const w of [zh, hant]) {
            for (const f of p.factors) {
              const said = w.factor(f);
              expect(said).toMatch(HAN);
              expect(said).not.toMatch(ID_LIKE);
              expect(said).not.toContain(f.why);
              expect(said).toContain(`+${f.points}`);
            }
          }
        },
      ),
    );
  });
});

describe("task words: reasons", () => {
  it("say why the task opened from the stored sentence", () => {
    const nps = reasonText({ rule: "nps", score: 3, max: 6 });
    expect([zh.reason(nps), hant.reason(nps), en.reason(nps)]).toEqual([
      "NPS 3 分，属于贬损者（0–6 分）",
      "NPS 3 分，屬於貶損者（0–6 分）",
      "NPS 3: a detractor (0–6)",
    ]);
    expect(zh.reason("CSAT 1 of 5 (at or below 2)")).toBe("CSAT 1 分（满分 5 分，2 分及以下需跟进）");
    expect(zh.reason("Negative social post (5200 followers)")).toBe("社交媒体负面帖子（粉丝 5,200）");
    expect(hant.reason("Negative social post")).toBe("社群媒體負面貼文");
    expect(zh.reason("Urgent theme: payment, refund")).toBe("紧急主题：支付与账单、退款与退换");
    expect(en.reason("Negative social post (12000 followers, threshold 1000)")).toBe(
      "Negative social post (12,000 followers, threshold 1,000)",
    );
  });

  it("say a sentence no rule writes in a generic way, in the reader's language", () => {
    expect([zh.reason("called by Mei"), hant.reason("x"), en.reason("")]).toEqual([
      "符合跟进规则",
      "符合跟進規則",
      "Matched a follow-up rule",
    ]);
  });
});

describe("task words: time", () => {
  const iso = "2026-12-04T12:29:00.000Z";

  it("write local date and time in the zone asked for", () => {
    expect(zh.dateTime(iso, "Asia/Shanghai")).toBe("12月4日 周五 20:29");
    expect(hant.dateTime(iso, "Asia/Taipei")).toBe("12月4日 週五 20:29");
    expect(en.dateTime(iso, "Asia/Shanghai")).toBe("Fri 4 Dec, 20:29");
    expect(en.dateTime(iso, "America/New_York")).toBe("Fri 4 Dec, 07:29");
    // Summer time: New York is UTC-4 in July.
    expect(en.dateTime("2026-07-01T12:00:00Z", "America/New_York")).toBe("Wed 1 Jul, 08:00");
  });

  it("write nothing for an instant or zone that is not one", () => {
    expect(zh.dateTime("soon", "Asia/Shanghai")).toBe("");
    expect(zh.dateTime(iso, "Mars/Olympus")).toBe("");
  });

  it("write durations with their two largest units", () => {
    const ms = (2 * 60 + 5) * 60_000;
    expect([zh.relative(ms), hant.relative(-ms), en.relative(ms)]).toEqual(["2 小时 5 分", "2 小時 5 分", "2 h 5 min"]);
    expect([zh.relative(45 * 60_000), en.relative(30_000)]).toEqual(["45 分", "under 1 min"]);
    expect([zh.relative(27 * 3_600_000 + 59 * 60_000), en.relative(2 * 86_400_000)]).toEqual(["1 天 3 小时", "2 d"]);
  });
});

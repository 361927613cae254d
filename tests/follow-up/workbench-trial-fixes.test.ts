import { describe, expect, it } from "vitest";
import { renderTaskEmail } from "#shared/follow-up/views/task-email";
import { renderTaskPage } from "#shared/follow-up/views/task-page";
import { taskWords } from "#shared/follow-up/views/task-words";
import { renderTriagePage } from "#shared/follow-up/views/triage-page";
import type { FeedbackItemView, TaskPageInput } from "#shared/follow-up/views/triage-view";
import { SUPPORTED_LOCALES, type SupportedLocale } from "#shared/kernel/locale";
import { noticeFixture } from "./notice-fixtures.ts";
import { at, context, input, rows, task } from "./triage-fixtures.ts";

/**
 * What a user trial of the workbench found, as a lead (or a customer) would notice it: tiers,
 * touchpoints and platforms in words, the customer's words newest first with the older ones folded
 * away, name and count apart in the queue, each language's own punctuation, and an honest order.
 */

const text = (html: string) =>
  html
    .replace(/<(script|style)[^>]*>[\s\S]*?<\/\1>/g, "")
    .replace(/<[^>]+>/g, "")
    .replace(/&amp;/g, "&");

const item = (n: number, minutesAgo: number, over: Partial<FeedbackItemView> = {}): FeedbackItemView => ({
  id: `fb_${n}`,
  channel: "csat",
  score: 1,
  sentiment: "NEGATIVE",
  themes: ["delivery", "service"],
  occurredAt: at(-minutesAgo),
  touchpoint: "support-chat",
  text: `第 ${n} 条`,
  ...over,
});

const page = (locale: SupportedLocale, over: Partial<TaskPageInput> = {}): TaskPageInput => ({
  ...context(locale),
  task: {
    ...task({ customerTier: "standard", feedbackCount: 5 }),
    round: 1,
    audit: [{ at: at(-300), actor: "system", action: "opened" }],
  },
  contact: { unmasked: false, phones: [] },
  customerLocale: locale,
  // Stored order: oldest first within a week, then a jump back, as the trial saw it.
  items: [item(1, 300), item(2, 200), item(3, 100), item(4, 5000), item(5, 10)],
  history: [item(6, 90_000), item(7, 20_000), item(8, 60_000)],
  templates: {},
  themeIds: ["delivery", "service"],
  queueQuery: "",
  ...over,
});

describe("the customer's tier", () => {
  it("reads as words in every language, also for 'standard'; an unknown tier never as a bare code", () => {
    expect(taskWords("zh-Hans").tier("standard")).toBe("标准客户");
    expect(taskWords("zh-Hant").tier("standard")).toBe("標準客戶");
    expect(taskWords("en").tier("Standard")).toBe("Standard customer");
    for (const locale of SUPPORTED_LOCALES) {
      for (const demo of ["gold", "silver", "standard"]) expect(taskWords(locale).tier(demo)).not.toBe(demo);
      expect(taskWords(locale).tier("t9")).not.toBe("t9");
      expect(taskWords(locale).tier("t9")).toContain("t9");
    }
    expect(taskWords("zh-Hans").tier("t9")).toBe("客户（等级 t9）");
  });

  it("shows on the task page, in the queue and in task emails in words", () => {
    expect(text(renderTaskPage(page("zh-Hans")))).toContain("标准客户");
    const queue = text(renderTriagePage(input({ tasks: [task({ customerTier: "standard" })] }, "zh-Hans")));
    expect(queue).toContain("标准客户");
    expect(queue).not.toMatch(/standard/);
    const email = renderTaskEmail({
      notices: [noticeFixture({}, { customerTier: "standard" })],
      locale: "zh-Hans",
      timeZone: "Asia/Shanghai",
    });
    expect(email.text).toContain("客户 #3F9A0C · 标准客户");
    expect(email.text).not.toContain("standard");
  });
});

describe("the task page", () => {
  it("names touchpoints by the taxonomy's labels, in the page's punctuation", () => {
    const zh = text(renderTaskPage(page("zh-Hans")));
    expect(zh).toContain("接触点：在线客服");
    expect(zh).not.toContain("support-chat");
    expect(zh).toContain("情绪：负面");
    const en = text(renderTaskPage(page("en")));
    expect(en).toContain("Touchpoint: Support chat");
    expect(en).toContain("Sentiment: Negative");
    expect(en).not.toMatch(/[：、；]/);
  });

  it("lists the customer's words and history newest first, as it says", () => {
    const html = renderTaskPage(page("en"));
    const order = [...text(html).matchAll(/第 (\d) 条/g)].map((m) => m[1]);
    expect(order).toEqual(["5", "3", "2", "1", "4", "7", "8", "6"]);
    expect(html).toContain("newest first");
  });

  it("shows the latest three items, the rest behind a disclosure that says how many, in each language", () => {
    const html = renderTaskPage(page("zh-Hans"));
    const words = html.slice(html.indexOf('id="h-words"'), html.indexOf('class="a-s"'));
    const [shown, folded] = words.split('<details class="older">');
    expect(shown?.match(/第 \d 条/g)).toEqual(["第 5 条", "第 3 条", "第 2 条"]);
    expect(folded).toMatch(/^<summary>更早的 2 条<\/summary>/);
    expect(renderTaskPage(page("zh-Hant"))).toContain("<summary>更早的 2 則</summary>");
    expect(renderTaskPage(page("en"))).toContain("<summary>2 earlier items</summary>");
    // Short lists are not folded.
    expect(renderTaskPage(page("en", { items: [item(1, 10)], history: [] }))).not.toContain('class="older"');
  });
});

describe("the queue", () => {
  it("keeps the customer's name apart from the tier and the count, on one line of its own", () => {
    const html = renderTriagePage(
      input(
        { tasks: [task({ customerLabel: "cust_4c6772aaaaaa", customerTier: "standard", feedbackCount: 7 })] },
        "zh-Hans",
      ),
    );
    const row = text(rows(html)[0] ?? "");
    expect(row).toContain("客户 #4C6772标准客户 · 7 条反馈");
    expect(rows(html)[0]).toMatch(
      /客户 #4C6772<\/bdi><\/a><small class="cm"><span class="t">标准客户<\/span> · 7 条反馈<\/small>/,
    );
    expect(html).toContain("th small.cm{display:block");
  });

  it("joins themes the language's way", () => {
    const tasks = [task({ themes: ["delivery", "service"] })];
    expect(text(rows(renderTriagePage(input({ tasks }, "en")))[0] ?? "")).not.toContain("、");
    expect(text(rows(renderTriagePage(input({ tasks }, "zh-Hans")))[0] ?? "")).toMatch(/[^,]、[^,]/);
  });

  it("says the order it is in: due soonest first", () => {
    expect(renderTriagePage(input({}, "zh-Hans"))).toContain("最早到期的在前");
    expect(renderTriagePage(input({}, "zh-Hant"))).toContain("最早到期的排在前面");
    expect(renderTriagePage(input({}, "en"))).toContain("due soonest first");
    for (const locale of SUPPORTED_LOCALES)
      expect(renderTriagePage(input({}, locale))).not.toMatch(/最紧急|最緊急|most urgent/);
  });

  it("names a social author's platform in the lead's words, in the queue and in task emails", () => {
    const tasks = [task({ customerLabel: "@今天也要开心鸭 (weibo)", channel: "social" })];
    expect(text(renderTriagePage(input({ tasks }, "zh-Hans")))).toContain("@今天也要开心鸭（微博）");
    expect(text(renderTriagePage(input({ tasks }, "zh-Hant")))).toContain("@今天也要开心鸭（微博）");
    expect(text(renderTriagePage(input({ tasks }, "en")))).toContain("@今天也要开心鸭 (Weibo)");
    const x = [task({ customerLabel: "@joe (x)", channel: "social" })];
    expect(text(renderTriagePage(input({ tasks: x }, "zh-Hans")))).toContain("@joe（X（推特））");
    expect(taskWords("zh-Hant").platform("xiaohongshu")).toBe("小紅書");
    expect(taskWords("en").platform("douyin")).toBe("Douyin");
    const email = renderTaskEmail({
      notices: [noticeFixture({}, { customerLabel: "@今天也要开心鸭 (weibo)" })],
      locale: "en",
      timeZone: "Asia/Shanghai",
    });
    expect(email.text).toContain("@今天也要开心鸭 (Weibo)");
  });
});

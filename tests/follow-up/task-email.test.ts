import { Parser } from "htmlparser2";
import { describe, expect, it } from "vitest";
import { renderTaskEmail, type TaskEmail } from "#shared/follow-up/views/task-email";
import { taskWords } from "#shared/follow-up/views/task-words";
import { SUPPORTED_LOCALES } from "#shared/kernel/locale";
import { escalationFixture, noticeFixture } from "./notice-fixtures.ts";

const BASE = "https://hearback.example.com";
const ISO = /\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/;
/** Ids people must never read: theme, team and factor ids, the task's and feedback's own ids. */
const IDS =
  /after_sales|product_quality|customer_service|urgent_theme|negative_sentiment|\bfb_|task_01|\brefund\b|\bdelivery\b/;

/** The HTML's visible text, and its links. */
const read = (html: string) => {
  const text: string[] = [];
  const links: Array<{ href: string; text: string }> = [];
  let inLink: { href: string; text: string } | undefined;
  new Parser({
    onopentag: (name, attrs) => {
      text.push(" ");
      if (name === "a") inLink = { href: attrs.href ?? "", text: "" };
    },
    ontext: (t) => {
      text.push(t);
      if (inLink) inLink.text += t;
    },
    onclosetag: (name) => {
      text.push(" ");
      if (name === "a" && inLink) {
        links.push(inLink);
        inLink = undefined;
      }
    },
  }).end(html);
  return { text: text.join(""), links };
};

const shown = (e: TaskEmail) => `${e.subject}\n${e.text}\n${read(e.html).text}`;

describe("a task email", () => {
  it("tells a Chinese team what happened, in Chinese, with local times and the zone named", () => {
    const email = renderTaskEmail({
      notices: [noticeFixture()],
      locale: "zh-Hans",
      timeZone: "Asia/Shanghai",
      baseUrl: BASE,
    });
    expect(email.subject).toBe("[hearback] P1 新跟进任务 · 售后团队 · NPS 1 分，属于贬损者（0–6 分）");
    const text = shown(email);
    for (const line of [
      "新的跟进任务需要认领",
      "优先级：P1（93 分）",
      "NPS 1 分（0–2 档）+30",
      "负面语气 90% +18",
      "金牌客户 +25",
      "紧急主题：退款与退换 +20",
      "客户：客户 #3F9A0C · 金牌客户",
      "状态：待处理",
      "渠道：NPS",
      "主题：退款与退换、物流配送与等待",
      "负责团队：售后团队",
      "跟进原因：NPS 1 分，属于贬损者（0–6 分）；紧急主题：退款与退换",
      "客户原话：“退款三周了还没到账，电话 〔电话已隐去〕”",
      "首次响应截止：12月4日 周五 22:29（中国标准时间）",
      "解决截止：12月5日 周六 20:29（中国标准时间）",
      `打开任务：${BASE}/triage/tasks/task_01kbmzr5g0000000000000000a`,
    ]) {
      expect(email.text).toContain(line);
    }
    expect(text).not.toMatch(ISO);
    expect(text.replaceAll(`${BASE}/triage/tasks/task_01kbmzr5g0000000000000000a`, "")).not.toMatch(IDS);
    // Neither part carries the masker's English tags nor the raw pseudonym.
    expect(read(email.html).text).toContain("退款三周了还没到账，电话 〔电话已隐去〕");
    expect(read(email.html).text).toContain("客户 #3F9A0C · 金牌客户");
    expect(text).not.toContain("[phone]");
    expect(text).not.toContain("cust_3f9a0c1d2e4b");
    expect(read(email.html).links).toEqual([
      { href: `${BASE}/triage/tasks/task_01kbmzr5g0000000000000000a`, text: "打开任务" },
    ]);
    expect(email.html).toContain('<html lang="zh-Hans">');
  });

  it("reads as well in traditional Chinese and in English, in the reader's zone", () => {
    const hant = renderTaskEmail({
      notices: [noticeFixture()],
      locale: "zh-Hant",
      timeZone: "Asia/Taipei",
      baseUrl: BASE,
    });
    expect(hant.subject).toBe("[hearback] P1 新跟進任務 · 售後團隊 · NPS 1 分，屬於貶損者（0–6 分）");
    expect(hant.text).toContain("首次回應截止：12月4日 週五 22:29（台北標準時間）");
    expect(hant.text).toContain("客戶原話：「退款三周了还没到账，电话 〔電話已隱去〕」");
    expect(hant.text).toContain("客戶：客戶 #3F9A0C · 金牌客戶");
    expect(read(hant.html).text).toContain("〔電話已隱去〕");
    const en = renderTaskEmail({ notices: [noticeFixture()], locale: "en", timeZone: "Europe/London", baseUrl: BASE });
    expect(en.subject).toBe("[hearback] P1 new follow-up · After-sales · NPS 1: a detractor (0–6)");
    expect(en.text).toContain("Priority: P1 (93 points)");
    expect(en.text).toContain("  · Gold customer +25");
    expect(en.text).toContain("Customer: Customer #3F9A0C · Gold customer");
    expect(en.text).toContain("[phone hidden]");
    expect(shown(en)).not.toContain("[phone]");
    expect(en.text).toContain("First response due: Fri 4 Dec, 14:29 (Greenwich Mean Time)");
    expect(en.text).toContain(`Open the task: ${BASE}/triage/tasks/task_01kbmzr5g0000000000000000a`);
    for (const email of [hant, en]) {
      expect(shown(email)).not.toMatch(ISO);
      expect(shown(email).replaceAll(`${BASE}/triage/tasks/task_01kbmzr5g0000000000000000a`, "")).not.toMatch(IDS);
    }
  });

  it("says where to find the task when the deployment's address is unknown, and links nothing", () => {
    for (const baseUrl of [undefined, "javascript:alert(1)", "not a url"]) {
      const email = renderTaskEmail({
        notices: [noticeFixture()],
        locale: "zh-Hans",
        timeZone: "Asia/Shanghai",
        baseUrl,
      });
      expect(read(email.html).links).toEqual([]);
      expect(email.text).not.toContain("打开任务");
      expect(email.text).not.toContain("/triage/tasks/");
      expect(email.text).toContain("请在 hearback 分诊页面（/triage）的队列中查找“客户 #3F9A0C”的任务。");
    }
  });

  it("says which deadline an escalation missed, by how much, and who it went to", () => {
    const l2 = renderTaskEmail({
      notices: [escalationFixture(2)],
      locale: "zh-Hans",
      timeZone: "Asia/Shanghai",
      baseUrl: BASE,
    });
    expect(l2.subject).toBe("[hearback] P1 跟进任务逾期（L2）· 售后团队 · NPS 1 分，属于贬损者（0–6 分）");
    expect(l2.text).toContain("跟进任务逾期（已升级 L2）：首次响应已逾期 1 小时 5 分");
    expect(l2.text).toContain("你收到此邮件，是因为你在售后团队的主管任务通知名单中。");
    const en = renderTaskEmail({ notices: [escalationFixture(1)], locale: "en", timeZone: "Asia/Shanghai" });
    expect(en.subject).toContain("overdue follow-up (L1)");
    expect(en.text).toContain("Overdue follow-up (escalated L1): first response 1 h 5 min overdue");
  });

  it("escapes what people wrote, and isolates it so it cannot reorder the email", () => {
    const email = renderTaskEmail({
      notices: [
        noticeFixture({}, { latestText: '<img src=x onerror="alert(1)"> \u202Egnp.exe', customerLabel: "cust_<b>" }),
      ],
      locale: "en",
      timeZone: "UTC",
      baseUrl: BASE,
    });
    expect(email.html).not.toContain("<img");
    expect(email.html).not.toContain("<b>");
    expect(email.html).toContain("<bdi>&lt;img src=x onerror=&quot;alert(1)&quot;&gt;");
    expect(read(email.html).text).toContain('<img src=x onerror="alert(1)">');
  });

  it("lists every task of a batch once, most urgent first, under one subject that counts them", () => {
    const p3 = noticeFixture(
      { taskId: "task_01kbmzr5g0000000000000000b", priority: "P3", at: "2026-12-04T12:40:00.000Z" },
      {
        priority: {
          score: 20,
          level: "P3",
          factors: [{ factor: "nps", points: 20, why: "NPS 4 (0-4 band)", args: { score: 4, band: 4 } }],
        },
        reasons: ["NPS 4 (detractor: 0-6)"],
        customerLabel: "cust_aaaaaaaaaaaa",
      },
    );
    const notices = [p3, escalationFixture(1), noticeFixture()];
    for (const locale of SUPPORTED_LOCALES) {
      const email = renderTaskEmail({ notices, locale, timeZone: "Asia/Shanghai", baseUrl: BASE });
      const links = read(email.html).links.map((l) => l.href);
      expect(links).toHaveLength(3);
      expect(links.at(-1)).toBe(`${BASE}/triage/tasks/task_01kbmzr5g0000000000000000b`);
      expect(shown(email)).not.toMatch(ISO);
    }
    const zh = renderTaskEmail({ notices, locale: "zh-Hans", timeZone: "Asia/Shanghai", baseUrl: BASE });
    expect(zh.subject).toBe("[hearback] 售后团队：3 个跟进任务（2 个新任务，1 个逾期），最高 P1");
    expect(zh.text.startsWith("自上一封邮件以来，售后团队有 3 个跟进任务需要关注，按优先级排列。")).toBe(true);
    expect(zh.text.indexOf("客户 #AAAAAA")).toBeGreaterThan(zh.text.lastIndexOf("客户 #3F9A0C"));
    expect(read(zh.html).links.map((l) => l.text)).toEqual([
      "打开任务 · 客户 #3F9A0C",
      "打开任务 · 客户 #3F9A0C",
      "打开任务 · 客户 #AAAAAA",
    ]);
    expect(zh.html.match(/<h1/g)).toHaveLength(1);
    const en = renderTaskEmail({ notices, locale: "en", timeZone: "Asia/Shanghai" });
    expect(en.subject).toBe("[hearback] After-sales: 3 follow-up tasks (2 new, 1 overdue), highest P1");
  });

  it("names an erased customer as such, not by a placeholder", () => {
    const erased = noticeFixture({}, { customerLabel: "[erased]", customerTier: undefined, latestText: undefined });
    const zh = renderTaskEmail({ notices: [erased], locale: "zh-Hans", timeZone: "Asia/Shanghai" });
    expect(zh.text).toContain("客户：已删除的客户");
    expect(zh.text).toContain("客户原话：客户没有留言");
    expect(shown(zh)).not.toContain("[erased]");
    expect(renderTaskEmail({ notices: [erased], locale: "en", timeZone: "UTC" }).text).toContain(
      "Customer: Erased customer",
    );
  });

  it("words the tier with the workbench's own words, and an unknown tier with a neutral word and its code", () => {
    const zh = renderTaskEmail({ notices: [noticeFixture()], locale: "zh-Hans", timeZone: "Asia/Shanghai" });
    expect(zh.text).toContain("客户：客户 #3F9A0C · 金牌客户");
    expect(zh.text).toContain(`客户：客户 #3F9A0C · ${taskWords("zh-Hans").tier("gold")}`);
    const odd = noticeFixture({}, { customerTier: "Key-Account" });
    expect(renderTaskEmail({ notices: [odd], locale: "zh-Hans", timeZone: "UTC" }).text).toContain(
      "客户：客户 #3F9A0C · 客户（等级 Key-Account）",
    );
  });
});

import type { APIGatewayProxyEventV2 } from "aws-lambda";
import { describe, expect, it } from "vitest";
import { TRAILING_WEEKS } from "#shared/digest/model/build";
import { MIN_LOOP_TASKS, recoveryRate } from "#shared/digest/model/loop-summary";
import { MIN_LOOP_ANSWERS, RECOVERY_WEEKS, recoveryOf, resolutionSatisfaction } from "#shared/follow-up/model/loop";
import type { FollowUpTaskV2 } from "#shared/follow-up/model/task";
import { resolve, waitOnCustomer } from "#shared/follow-up/model/transitions";
import { readLoopFigures } from "#shared/follow-up/resolution-satisfaction";
import { renderTaskEmail } from "#shared/follow-up/views/task-email";
import { renderTaskPage } from "#shared/follow-up/views/task-page";
import { triageActionsFor } from "#shared/follow-up/views/task-parts";
import { taskWords } from "#shared/follow-up/views/task-words";
import { renderTriagePage } from "#shared/follow-up/views/triage-page";
import type { TaskPageInput } from "#shared/follow-up/views/triage-view";
import { WORKBENCH_TEXT } from "#shared/follow-up/views/workbench-text";
import { type WorkbenchDeps, workbench } from "#shared/follow-up/workbench-http";
import type { SupportedLocale } from "#shared/kernel/locale";
import { defaultTaxonomy } from "#shared/taxonomy/taxonomy";
import { contactedTask, later, MemoryTasks } from "./confirmation-fixtures.ts";
import { noticeFixture } from "./notice-fixtures.ts";
import { at, context, input, rows, task } from "./triage-fixtures.ts";

/** The workbench audit's gaps (tiers, masks, names, actions, loop figures, answers), one test each. */

const ID = `task_${"01jnq".padEnd(26, "0")}`;

const taskPage = (over: Partial<TaskPageInput> = {}, locale: SupportedLocale = "zh-Hans"): TaskPageInput => ({
  ...context(locale),
  task: { ...task({ id: ID, status: "assigned", assignee: "Lead" }), round: 1, audit: [] },
  contact: { unmasked: false, email: "w***@example.com", phones: ["[phone]"] },
  customerLocale: "zh-Hans",
  items: [
    {
      id: "fb_2",
      channel: "nps",
      score: 2,
      sentiment: "NEGATIVE",
      themes: ["delivery"],
      occurredAt: at(-61),
      text: "客服电话 [phone] 也打不通，邮箱 [email] 没人回",
    },
  ],
  history: [],
  templates: {},
  themeIds: ["delivery"],
  queueQuery: "",
  ...over,
});

describe("tiers in the lead's words, one function for queue, task page and emails", () => {
  it("names a known tier, and an unknown one with a neutral word and its code", () => {
    expect(taskWords("zh-Hans").tier("gold")).toBe("金牌客户");
    expect(taskWords("zh-Hant").tier(" Gold ")).toBe("金牌客戶");
    expect(taskWords("en").tier("gold")).toBe("Gold customer");
    expect(taskWords("zh-Hans").tier("Key-Account")).toBe("客户（等级 Key-Account）");
    expect(taskWords("en").tier("constructor")).toBe("Customer (tier constructor)");
  });

  it("shows the same words in the queue badge, on the contact card and in the email", () => {
    for (const locale of ["zh-Hans", "zh-Hant", "en"] as const) {
      const word = taskWords(locale).tier("gold");
      expect(rows(renderTriagePage(input({}, locale)))[0]).toContain(`<span class="t">${word}</span>`);
      expect(renderTaskPage(taskPage({}, locale))).toContain(`<dt>${WORKBENCH_TEXT[locale].tier}</dt><dd>${word}</dd>`);
      expect(renderTaskEmail({ notices: [noticeFixture()], locale, timeZone: "UTC" }).text).toContain(word);
    }
    expect(renderTriagePage(input({}, "zh-Hans"))).not.toContain(">gold<");
    expect(renderTaskPage(taskPage())).not.toContain("<dd>gold</dd>");
  });
});

describe("masking tags in the reader's words on the pages", () => {
  it("shows 〔电话已隐去〕 in the queue, and [phone hidden] in English", () => {
    const masked = task({ latestText: "客服电话 [phone] 也打不通" });
    const zh = rows(renderTriagePage(input({ tasks: [masked] }, "zh-Hans")))[0] ?? "";
    expect(zh).toContain("客服电话 〔电话已隐去〕 也打不通");
    expect(zh).not.toContain("[phone]");
    expect(rows(renderTriagePage(input({ tasks: [masked] }, "zh-Hant")))[0]).toContain("〔電話已隱去〕");
    expect(rows(renderTriagePage(input({ tasks: [masked] }, "en")))[0]).toContain("[phone hidden]");
  });

  it("shows them in the task page's words, history, contact card and trail", () => {
    const html = renderTaskPage(
      taskPage({
        history: [
          {
            id: "fb_1",
            channel: "csat",
            score: 1,
            sentiment: "NEGATIVE",
            themes: [],
            occurredAt: at(-6000),
            text: "我是 [name]，卡号 [card]",
          },
        ],
        task: {
          ...task({ id: ID, status: "assigned", assignee: "Lead" }),
          round: 1,
          audit: [{ at: at(-5), actor: "Lead", action: "note", detail: "客户说电话 [phone] 是对的" }],
        },
      }),
    );
    expect(html).toContain("客服电话 〔电话已隐去〕 也打不通，邮箱 〔邮箱已隐去〕 没人回");
    expect(html).toContain("我是 〔姓名已隐去〕，卡号 〔卡号已隐去〕");
    expect(html).toContain("<dd>〔电话已隐去〕</dd>");
    expect(html).toContain("客户说电话 〔电话已隐去〕 是对的");
    expect(html).not.toMatch(/\[(phone|email|name|card)\]/);
  });
});

describe("the customer's name for a viewer who may see it", () => {
  it("heads the task page and the queue card with the given name, not the customer's id", () => {
    const own = { customerLabel: "wang-mxa8gz4r", customerName: "王女士" };
    const page = renderTaskPage(
      taskPage({
        ...context("zh-Hans", { viewer: { name: "li", canSeePersonalData: true } }),
        task: { ...task({ id: ID, ...own }), round: 1, audit: [] },
      }),
    );
    expect(page).toContain("<title>王女士 的跟进任务 – hearback</title>");
    expect(page).not.toContain("wang-mxa8gz4r 的跟进任务");
    // The contact card still says whose record it is.
    expect(page).toContain("wang-mxa8gz4r");
    const card = rows(renderTriagePage(input({ tasks: [task(own)] }, "zh-Hans")))[0] ?? "";
    expect(card).toMatch(/data-open><bdi>王女士<\/bdi><\/a>/);
    // Without a name, the label as a person reads it.
    const anon = renderTaskPage(
      taskPage({ task: { ...task({ id: ID, customerLabel: "cust_3f9a0c1d2e4b" }), round: 1, audit: [] } }),
    );
    expect(anon).toContain("<title>客户 #3F9A0C 的跟进任务 – hearback</title>");
  });
});

describe("every action on the task page", () => {
  it("offers resume while waiting on the customer and close once resolved", () => {
    expect(triageActionsFor("waiting_on_customer", "Lead", "Lead")).toEqual(["resume", "resolve"]);
    expect(triageActionsFor("resolved", "Lead", "Lead")).toEqual(["close", "reopen"]);
    expect(triageActionsFor("closed", "Lead", "Lead")).toEqual(["reopen"]);
    const waiting = renderTaskPage(
      taskPage({ task: { ...task({ id: ID, status: "waiting_on_customer", assignee: "Lead" }), round: 1, audit: [] } }),
    );
    expect(waiting).toContain(`<form method="post" action="/triage/tasks/${ID}/resume">`);
    const resolved = renderTaskPage(
      taskPage({ task: { ...task({ id: ID, status: "resolved" }), round: 1, audit: [] } }),
    );
    expect(resolved).toContain(`<form method="post" action="/triage/tasks/${ID}/close">`);
    expect(resolved).not.toContain('id="a-assignee"');
  });

  it("assigns to a colleague through a labelled, bounded field posting to the same action", () => {
    const html = renderTaskPage(taskPage());
    const form =
      /<form method="post" class="stack" action="\/triage\/tasks\/[^"]+\/assign">[\s\S]*?<\/form>/.exec(html)?.[0] ??
      "";
    expect(form).toContain('<input type="hidden" name="version" value="3">');
    expect(form).toContain('<input type="hidden" name="back" value="task">');
    expect(form).toContain('<label for="a-assignee">指派给同事</label>');
    expect(form).toMatch(/<input type="text" id="a-assignee" name="assignee" maxlength="200" required/);
    expect(form).toContain('<button type="submit">指派</button>');
    for (const locale of ["zh-Hant", "en"] as const) {
      expect(renderTaskPage(taskPage({}, locale))).toContain(`>${WORKBENCH_TEXT[locale].assignToLabel}</label>`);
    }
  });
});

const SECRET = "workbench-test-secret";

const post = (id: string, action: string, form: Record<string, string>, lang = "zh-Hans"): APIGatewayProxyEventV2 =>
  ({
    routeKey: "POST /triage/tasks/{id}/{action}",
    rawPath: `/triage/tasks/${id}/${action}`,
    headers: { host: "127.0.0.1:3000", "accept-language": lang },
    queryStringParameters: {},
    pathParameters: { id, action },
    body: new URLSearchParams({ back: "task", ...form }).toString(),
    isBase64Encoded: false,
    requestContext: { http: { method: "POST" } },
  }) as unknown as APIGatewayProxyEventV2;

const bench = (tasks: MemoryTasks) =>
  workbench({
    tasks: tasks as unknown as WorkbenchDeps["tasks"],
    secret: SECRET,
    taxonomy: defaultTaxonomy,
    basePath: "/triage",
    staff: { locale: "zh-Hans", timeZone: "Asia/Shanghai" },
  } as unknown as WorkbenchDeps);

const flashOf = (location: unknown) => new URL(String(location), "http://x").searchParams.get("flash");
const lead = { name: "li", canSeePersonalData: false };

describe("the task page's forms, through the same use case", () => {
  const act = async (tasks: MemoryTasks, t: FollowUpTaskV2, action: string, form: Record<string, string> = {}) => {
    const res = await bench(tasks).act(post(t.id, action, { version: String(t.version), ...form }), lead, later(90));
    expect(res.statusCode).toBe(303);
    return { flash: flashOf(res.headers?.location), task: await tasks.getTask(t.id) };
  };

  it("assigns to a named colleague and says so in the lead's words", async () => {
    const tasks = new MemoryTasks();
    const t = tasks.put(contactedTask());
    const done = await act(tasks, t, "assign", { assignee: "  mei " });
    expect(done.task?.assignee).toBe("mei");
    expect(done.flash).toBe("已指派给 mei。");
    expect(done.task?.audit.at(-1)).toMatchObject({ actor: "li", action: "assigned" });
  });

  it("refuses an empty, multi-line or too long name, in the lead's words, and changes nothing", async () => {
    for (const assignee of ["   ", "mei\nli", "x".repeat(201)]) {
      const tasks = new MemoryTasks();
      const t = tasks.put(contactedTask());
      const done = await act(tasks, t, "assign", { assignee });
      expect(done.flash).toBe(WORKBENCH_TEXT["zh-Hans"].assigneeInvalid(200));
      expect(done.task?.version).toBe(t.version);
    }
  });

  it("resumes a waiting task and closes a resolved one", async () => {
    const tasks = new MemoryTasks();
    const waiting = tasks.put(waitOnCustomer(contactedTask(), "li", later(40)));
    const resumed = await act(tasks, waiting, "resume");
    expect(resumed.task?.status).not.toBe("waiting_on_customer");
    expect(resumed.flash).toBe("“恢复处理”已完成。");
    const resolved = tasks.put(resolve(contactedTask(), "refund", "li", later(60)));
    const closed = await act(tasks, resolved, "close");
    expect(closed.task?.status).toBe("closed");
    expect(closed.flash).toContain(WORKBENCH_TEXT["zh-Hans"].actions.close);
  });

  it("says a refused step and a missing outcome in Chinese, not the API's English", async () => {
    const tasks = new MemoryTasks();
    const t = tasks.put(contactedTask());
    expect((await act(tasks, t, "resume")).flash).toBe("任务当前为“已联系”，不能执行这一步；以下是最新内容。");
    expect((await act(tasks, t, "resolve")).flash).toBe("请先选择处理结果，再解决任务。");
  });
});

describe("closing the loop in the queue's header", () => {
  it("is the digest's recovery figure over the digest's span, with the digest's minimum", () => {
    const weeks: Array<Record<string, number>> = [
      { detractorTasks: 6, recovered: 2 },
      { detractorTasks: 4, recovered: 1 },
      {},
      { recovered: 1 },
    ];
    expect(recoveryOf(weeks)).toEqual({ n: 10, recovered: 4, share: 40 });
    expect(recoveryRate(weeks)).toEqual({ value: 40, n: 10, enough: true });
    expect(recoveryOf([{}])).toEqual({ n: 0, recovered: 0, share: undefined });
    expect(MIN_LOOP_ANSWERS).toBe(MIN_LOOP_TASKS);
    expect(RECOVERY_WEEKS).toBe(TRAILING_WEEKS + 1);
  });

  it("reads satisfaction and recovery from one read of the loop counters", async () => {
    const tasks = new MemoryTasks();
    tasks.counters.set("2026-W48", { resolutionYes: 5, resolutionNo: 1, detractorTasks: 8, recovered: 2 });
    const figures = await readLoopFigures(tasks, new Date("2026-11-26T12:00:00Z"));
    expect(figures.satisfaction).toMatchObject({ yes: 5, no: 1, n: 6 });
    expect(figures.recovery).toEqual({ n: 8, recovered: 2, share: 25 });
  });

  it("shows recovery next to satisfaction, rounded, and no percentage below five answers", () => {
    const many = renderTriagePage(
      input(
        {
          satisfaction: resolutionSatisfaction([{ resolutionYes: 5, resolutionNo: 1 }]),
          recovery: recoveryOf([{ detractorTasks: 8, recovered: 2 }]),
        },
        "zh-Hans",
      ),
    );
    expect(many).toContain("客户确认已解决：83%，共 6 条回复");
    expect(many).toContain("挽回的贬损者：25%，共 8 个任务（近 9 周）");
    const few = renderTriagePage(
      input(
        {
          satisfaction: resolutionSatisfaction([{ resolutionNo: 1 }]),
          recovery: recoveryOf([{ detractorTasks: 2, recovered: 1 }]),
        },
        "zh-Hans",
      ),
    );
    expect(few).not.toContain("：0%");
    expect(few).not.toContain("：50%");
    expect(few).toContain("回复太少，暂无法判断（1 条，至少需要 5 条");
    expect(few).toContain("挽回的贬损者：任务太少，暂无法判断（2 个，至少需要 5 个");
    const en = renderTriagePage(input({ satisfaction: resolutionSatisfaction([{ resolutionYes: 1 }]) }, "en"));
    expect(en).toContain("too few answers to say (1 of at least 5");
    expect(
      renderTriagePage(input({ satisfaction: resolutionSatisfaction([{ resolutionYes: 1 }]) }, "zh-Hant")),
    ).toContain("回覆太少，暫無法判斷");
  });

  it("keeps the short column words on one line on a desktop", () => {
    const html = renderTriagePage(input({}, "zh-Hans"));
    expect(html).toContain("thead th{white-space:nowrap}");
    expect(html).toMatch(/#queue tr>:nth-child\(7\)\{min-width:[\d.]+rem\}/);
  });
});

describe("the customer's 'not solved' under their words", () => {
  it("shows their comment with its time in the words section, masked tags in the lead's words", () => {
    const html = renderTaskPage(
      taskPage({
        task: {
          ...task({ id: ID, status: "open" }),
          round: 2,
          audit: [
            {
              at: at(-10),
              actor: "customer",
              action: "confirmation_answered",
              detail: "not solved, says the customer; satisfaction 2 of 5: “还是没收到货，电话 [phone]”",
            },
            { at: at(-9), actor: "customer", action: "confirmation_answered", detail: "solved, says the customer" },
          ],
        },
      }),
    );
    const words = /<section class="a-w"[\s\S]*?<\/section>/.exec(html)?.[0] ?? "";
    expect(words).toContain("对“您的问题解决了吗？”回答：没有解决");
    expect(words).toContain("还是没收到货，电话 〔电话已隐去〕");
    expect(words).toMatch(/<li data-answer><p class="meta"><time datetime="[^"]+">[^<]+<\/time>/);
    // A "yes" is not a complaint to read there; the trail keeps both.
    expect(words.match(/data-answer/g)).toHaveLength(1);
  });
});

import { describe, expect, it } from "vitest";
import { SUPPORTED_LOCALES } from "#shared/kernel/locale";
import { defaultTaxonomy } from "#shared/taxonomy/taxonomy";
import { type CardContext, cardOf } from "#shared/webhooks/model/card";
import { dingtalkSign, feishuSign } from "#shared/webhooks/model/chat-sign";
import { render } from "#shared/webhooks/model/formats";
import { taskEvent } from "./fixtures.ts";

const now = new Date("2026-12-04T12:30:00.000Z");
const ctx = (over: Partial<CardContext> = {}): CardContext => ({
  locale: "zh-Hans",
  timeZone: "Asia/Shanghai",
  taxonomy: defaultTaxonomy,
  baseUrl: "https://voc.example.com",
  ...over,
});
const event = taskEvent();
const taskId = String(event.data.taskId);
const rendered = (format: "slack" | "feishu" | "dingtalk" | "wecom", c = ctx(), signingSecret?: string) =>
  render(format, event, cardOf(event, c), { now, signingSecret });
const json = (format: "slack" | "feishu" | "dingtalk" | "wecom", c = ctx(), secret?: string) =>
  JSON.parse(rendered(format, c, secret).body) as Record<string, unknown>;

describe("chat cards", () => {
  it("show the SLA deadlines in the receiver's zone, not UTC", () => {
    // Resolve by 2026-12-05T12:29Z: 20:29 in Shanghai, 13:29 in Berlin.
    const shanghai = JSON.stringify(json("feishu"));
    expect(shanghai).toContain("12月5日 周六 20:29");
    const berlin = JSON.stringify(json("feishu", ctx({ locale: "en", timeZone: "Europe/Berlin" })));
    expect(berlin).toContain("Sat 5 Dec, 13:29");
    expect(berlin).not.toContain("12:29");
  });

  it.each([
    ["zh-Hans", "新的跟进任务", "退款与退换", "打开任务"],
    ["zh-Hant", "新的跟進任務", "退款與退換", "開啟任務"],
    ["en", "New follow-up task", "Refunds & returns", "Open the task"],
  ] as const)("speak %s, with the taxonomy's labels and never raw ids", (locale, title, theme, open) => {
    for (const format of ["slack", "feishu", "dingtalk", "wecom"] as const) {
      // Slack's mrkdwn writes "&" as "&amp;".
      const text = rendered(format, ctx({ locale })).body.replaceAll("&amp;", "&");
      expect(text, format).toContain(title);
      expect(text, format).toContain(theme);
      if (format !== "wecom") expect(text, format).toContain(open);
      expect(text, format).not.toMatch(/"refund"|after_sales/);
    }
  });

  it("quote the customer's words only as masked, and link the task page", () => {
    for (const format of ["slack", "feishu", "dingtalk", "wecom"] as const) {
      const text = rendered(format).body;
      expect(text, format).toContain("phone");
      expect(text, format).toContain(`https://voc.example.com/triage/tasks/${taskId}`);
    }
  });

  it("link nothing when the deployment's address is unknown", () => {
    expect(rendered("slack", ctx({ baseUrl: undefined })).body).not.toContain("/triage/tasks/");
  });

  it("exist in every supported language", () => {
    for (const locale of SUPPORTED_LOCALES) expect(cardOf(event, ctx({ locale })).facts.length).toBeGreaterThan(5);
  });
});

describe("each platform's JSON", () => {
  it("Slack: Block Kit with a header, fields, the quote and a button", () => {
    const slack = json("slack") as {
      text: string;
      blocks: Array<{ type: string; fields?: unknown[]; elements?: Array<{ url: string }> }>;
    };
    expect(slack.text).toContain("新的跟进任务");
    expect(slack.blocks.map((b) => b.type)).toEqual(["header", "section", "section", "actions"]);
    expect(slack.blocks[1]?.fields?.length).toBeLessThanOrEqual(10);
    expect(slack.blocks[3]?.elements?.[0]?.url).toBe(`https://voc.example.com/triage/tasks/${taskId}`);
  });

  it("Feishu: an interactive card coloured by priority, signed when the bot has a signing secret", () => {
    const unsigned = json("feishu") as { msg_type: string; card: { header: { template: string } }; sign?: string };
    expect(unsigned.msg_type).toBe("interactive");
    expect(["red", "orange", "blue", "grey"]).toContain(unsigned.card.header.template);
    expect(unsigned.sign).toBeUndefined();
    const signed = json("feishu", ctx(), "bot-secret") as { timestamp: string; sign: string };
    expect(signed.timestamp).toBe(String(Math.floor(now.getTime() / 1000)));
    expect(signed.sign).toBe(feishuSign(Number(signed.timestamp), "bot-secret"));
  });

  it("DingTalk: an action card, signed in the URL's query", () => {
    const ding = json("dingtalk") as { msgtype: string; actionCard: { text: string; singleURL: string } };
    expect(ding.msgtype).toBe("actionCard");
    expect(ding.actionCard.text.startsWith("### ")).toBe(true);
    expect(ding.actionCard.singleURL).toContain("/triage/tasks/");
    expect(rendered("dingtalk").query).toBeUndefined();
    expect(rendered("dingtalk", ctx(), "SECabc").query).toEqual({
      timestamp: String(now.getTime()),
      sign: dingtalkSign(now.getTime(), "SECabc"),
    });
    const plain = JSON.parse(render("dingtalk", event, cardOf(event, ctx({ baseUrl: undefined })), { now }).body);
    expect(plain.msgtype).toBe("markdown");
  });

  it("WeCom: markdown within its 4,096 bytes", () => {
    const wecom = json("wecom") as { msgtype: string; markdown: { content: string } };
    expect(wecom.msgtype).toBe("markdown");
    expect(Buffer.byteLength(wecom.markdown.content)).toBeLessThanOrEqual(4_096);
    expect(wecom.markdown.content).toContain('<font color="warning">');
  });

  it("escape markup the customer's words could carry", () => {
    const tricky = taskEvent();
    (tricky.data.task as { latestText: string }).latestText = "<!channel> *bold* [link](https://evil.example) ```";
    const card = cardOf(tricky, ctx());
    const slack = render("slack", tricky, card, { now }).body;
    expect(slack).toContain("&lt;!channel&gt;");
    const ding = render("dingtalk", tricky, card, { now }).body;
    expect(ding).toContain("\\\\[link\\\\]");
  });

  it("standard: the Standard Webhooks payload, type, timestamp and data", () => {
    const body = JSON.parse(render("standard", event, cardOf(event, ctx()), { now }).body);
    expect(Object.keys(body)).toEqual(["type", "timestamp", "data"]);
    expect(body.data.taskId).toBe(taskId);
  });
});

describe("cards of other events", () => {
  it("say what they know in the receiver's language, and nothing raw", () => {
    const stored = {
      id: "fb_1",
      type: "feedback.stored" as const,
      timestamp: "2026-12-04T00:00:00.000Z",
      data: { id: "fb_1", channel: "social", themes: ["refund"], sentiment: "NEGATIVE", secretThing: "x" },
    };
    const card = cardOf(stored, ctx({ locale: "en" }));
    expect(card.title).toBe("New customer feedback");
    expect(card.facts).toEqual([
      { label: "Channel", value: expect.any(String) },
      { label: "Themes", value: "Refunds & returns" },
      { label: "Sentiment", value: "negative" },
    ]);
    expect(JSON.stringify(card)).not.toContain("secretThing");
    const odd = cardOf({ ...stored, data: { sentiment: "constructor", channel: "fax" } }, ctx({ locale: "zh-Hans" }));
    expect(odd.facts).toEqual([{ label: "情绪", value: "–" }]);
  });
});

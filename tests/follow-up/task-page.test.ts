import { describe, expect, it } from "vitest";
import { DEFAULT_REPLY_TEMPLATES, fillTemplate } from "#shared/follow-up/model/reply";
import { renderTaskPage } from "#shared/follow-up/views/task-page";
import type { TaskPageInput } from "#shared/follow-up/views/triage-view";
import type { SupportedLocale } from "#shared/kernel/locale";
import { at, context, task } from "./triage-fixtures.ts";

/** The task page a lead works from (issue 14): the customer's words, contact, clocks, trail, actions, reply. */

const ID = `task_${"01jnq".padEnd(26, "0")}`;

const page = (over: Partial<TaskPageInput> = {}, locale: SupportedLocale = "zh-Hans"): TaskPageInput => ({
  ...context(locale),
  task: {
    ...task({ id: ID, status: "assigned", assignee: "Lead" }),
    round: 1,
    audit: [
      { at: at(-60), actor: "system", action: "opened", detail: "fb_01jnq00000000000000000000: nps detractor" },
      { at: at(-30), actor: "Lead", action: "assigned", detail: "Lead" },
      {
        at: at(-20),
        actor: "system",
        action: "escalated",
        detail: "level 1 to team logistics: first response overdue since 2025-03-04T09:40:00.000Z",
      },
    ],
  },
  contact: { unmasked: false, email: "w***@example.com", phones: ["138****5678"] },
  customerLocale: "zh-Hans",
  items: [
    {
      id: "fb_2",
      channel: "nps",
      score: 2,
      sentiment: "NEGATIVE",
      themes: ["delivery"],
      occurredAt: at(-61),
      text: "订单三天了还没发货，客服也不回复",
    },
  ],
  history: [],
  templates: Object.fromEntries(
    Object.entries(DEFAULT_REPLY_TEMPLATES["zh-Hans"]).map(([k, t]) => [
      k,
      fillTemplate(t, "zh-Hans", "王女士", "Lead"),
    ]),
  ),
  themeIds: ["delivery", "service", "product_quality"],
  queueQuery: "status=open&team=logistics",
  ...over,
});

describe("renderTaskPage", () => {
  it("is a Chinese page for a Chinese-speaking lead: labels, not ids; local times, not UTC", () => {
    const html = renderTaskPage(page());
    expect(html).toMatch(/^<!doctype html><html lang="zh-Hans">/);
    expect(html).toContain("客户原话");
    expect(html).toContain("订单三天了还没发货，客服也不回复");
    // The trail reads as sentences in the lead's language, with no feedback ids or UTC instants.
    expect(html).toContain("1 级，通知");
    expect(html).not.toContain("fb_01jnq");
    expect(html).not.toMatch(/\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?!:00\.000Z")/);
    for (const id of ["product_quality", "first_response", "waiting_on_customer", "no_action_needed"]) {
      expect(html.replace(/value="[^"]*"/g, "")).not.toContain(`>${id}<`);
    }
    // English words of the page itself are gone (the product name and codes like NPS stay).
    expect(html).not.toMatch(/>(Assign to me|Resolve|Customer's words|Back to the queue)</);
  });

  it("goes back to the queue with its filters, by link and by the u key", () => {
    const html = renderTaskPage(page());
    expect(html).toContain('<a id="back" href="/triage?status=open&amp;team=logistics">');
    expect(html).toContain('case"u":');
  });

  it("offers the task's actions and a note, each returning to the task page", () => {
    const html = renderTaskPage(page());
    expect(html).toContain(`<form method="post" action="/triage/tasks/${ID}/contact">`);
    expect(html).toContain(`formaction="/triage/tasks/${ID}/wait"`);
    expect(html).toMatch(/<input type="hidden" name="back" value="task">/);
    expect(html).toContain('id="a-outcome"');
    expect(html).toContain(`action="/triage/tasks/${ID}/note"`);
    expect(html).toContain('<textarea id="n-note" name="note"');
  });

  it("hides contact details from leads without the right, and links them for those with it", () => {
    const masked = renderTaskPage(page());
    expect(masked).toContain("w***@example.com");
    expect(masked).not.toContain("mailto:");
    expect(masked).toContain("按您的权限，联系方式已隐藏");
    const shown = renderTaskPage(
      page({
        contact: { unmasked: true, email: "wang@example.com", name: "王女士", phones: ["138 1234 5678"] },
        viewer: { name: "Lead", canSeePersonalData: true },
      }),
    );
    expect(shown).toContain('<a href="mailto:wang@example.com">wang@example.com</a>');
    expect(shown).toContain('<a href="tel:13812345678">138 1234 5678</a>');
    expect(shown).toContain("王女士");
    expect(shown).toContain("您查看这些信息会被记录");
  });

  it("writes to the customer in their language from a template, or says no email is known", () => {
    const html = renderTaskPage(page({ template: "apology" }, "en"));
    expect(html).toContain(`<form method="post" class="stack" action="/triage/tasks/${ID}/reply" lang="zh-Hans">`);
    expect(html).toContain("王女士您好");
    expect(html).toContain('<option value="apology" selected>Apology</option>');
    expect(html).toContain("Written in 简体中文, the customer&#39;s language.");
    // The templates travel as data for the script, never as markup.
    expect(html).toMatch(/<script type="application\/json" id="templates" nonce="n0nce">\{"apology":/);
    const none = renderTaskPage(page({ contact: { unmasked: false, phones: [] } }));
    expect(none).toContain("没有这位客户的邮箱");
    expect(none).not.toContain("/reply");
  });

  it("lets the lead correct a wrong reading of each item", () => {
    const html = renderTaskPage(page());
    expect(html).toContain('action="/triage/feedback/fb_2/corrections"');
    expect(html).toContain('<input type="checkbox" name="themes" value="delivery" checked>');
    expect(html).toContain('<option value="NEGATIVE" selected>负面</option>');
  });

  it("is complete in every language", () => {
    for (const locale of ["zh-Hans", "zh-Hant", "en"] as const) {
      const html = renderTaskPage(page({}, locale));
      expect(html).toContain(`<html lang="${locale}">`);
      expect(html).not.toContain("undefined");
    }
  });
});

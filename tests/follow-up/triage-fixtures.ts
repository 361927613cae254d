import { taskWords } from "#shared/follow-up/views/task-words";
import type { TriagePageInput, TriageTaskView, WorkbenchContext } from "#shared/follow-up/views/triage-view";
import { WORKBENCH_TEXT } from "#shared/follow-up/views/workbench-text";
import type { SupportedLocale } from "#shared/kernel/locale";

/** A typical task and page input for the triage page's tests, and ways to read the rendered rows. */

export const now = new Date("2025-03-04T10:00:00.000Z");
export const at = (minutes: number) => new Date(now.getTime() + minutes * 60_000).toISOString();

export const task = (over: Partial<TriageTaskView> = {}): TriageTaskView => ({
  id: "t-0001",
  version: 3,
  customerLabel: "王** (138****5678)",
  customerTier: "gold",
  channel: "nps",
  status: "open",
  team: "logistics",
  themes: ["delivery"],
  priority: {
    score: 87,
    level: "P1",
    factors: [
      { factor: "nps", points: 30, why: "NPS 2 (0-2 band)", args: { score: 2, band: 2 } },
      { factor: "tier", points: 25, why: "gold customer", args: { tier: "gold" } },
    ],
  },
  reasons: ["NPS detractor"],
  openedAt: at(-60),
  firstResponseDueAt: at(65),
  resolveDueAt: at(1380),
  nextDueAt: at(65),
  escalationLevel: 0,
  latestText: "订单三天了还没发货，客服也不回复",
  feedbackCount: 1,
  ...over,
});

/** What every workbench page needs, in one language (English unless said). */
export const context = (locale: SupportedLocale = "en", over: Partial<WorkbenchContext> = {}): WorkbenchContext => ({
  locale,
  timeZone: "Asia/Shanghai",
  words: taskWords(locale),
  text: WORKBENCH_TEXT[locale],
  viewer: { name: "Lead", canSeePersonalData: false },
  now,
  nonce: "n0nce",
  basePath: "/triage",
  ...over,
});

export const input = (over: Partial<TriagePageInput> = {}, locale: SupportedLocale = "en"): TriagePageInput => ({
  ...context(locale),
  tasks: [task()],
  filters: {},
  teams: ["logistics", "customer_service", "product"],
  themes: ["delivery", "refund", "product_quality"],
  ...over,
});

export const rows = (html: string) => [...html.matchAll(/<tr tabindex="-1"[^>]*>([\s\S]*?)<\/tr>/g)].map((m) => m[0]);
/** The action each button posts to: the form's action for the first, formaction for the others. */
export const buttons = (rowHtml: string) => {
  const form = /<form method="post" action="[^"]*\/([a-z]+)">/.exec(rowHtml)?.[1];
  return [...rowHtml.matchAll(/<button( formaction="[^"]*\/([a-z]+)")?/g)].map((m) => m[2] ?? form);
};
export const tags = (html: string) => [...html.matchAll(/<\/?[a-zA-Z][^\s>/]*/g)].map((m) => m[0]);

import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { renderLoginPage } from "#shared/follow-up/views/login-page";
import { renderTriagePage } from "#shared/follow-up/views/triage-page";
import type { TriagePageInput, TriageTaskView } from "#shared/follow-up/views/triage-view";
import { expectNoInjection, expectShown, hostile, neutral, URL_ATTRIBUTES } from "./html-injection.ts";

/** The triage page and its sign-in page, fuzzed as ./html-injection.ts describes. */

const NOW = new Date("2026-11-25T08:00:00Z");

const taskView = (f: (s: string) => string, v: Record<string, string>, over: Partial<TriageTaskView>) =>
  ({
    id: "task_01",
    version: 3,
    customerLabel: f(v.customer as string),
    customerTier: f(v.tier as string),
    channel: "nps",
    status: "assigned",
    assignee: f(v.assignee as string),
    team: f(v.team as string),
    themes: [f(v.theme as string), "delivery"],
    priority: {
      score: 72,
      level: "P1",
      factors: [{ factor: f(v.factor as string), points: 30, why: f(v.why as string) }],
    },
    reasons: [f(v.reason as string)],
    openedAt: "2026-11-25T06:00:00.000Z",
    firstResponseDueAt: "2026-11-25T08:30:00.000Z",
    resolveDueAt: "2026-11-26T06:00:00.000Z",
    nextDueAt: "2026-11-25T08:30:00.000Z",
    escalationLevel: 1,
    latestText: f(v.text as string),
    feedbackCount: 2,
    ...over,
  }) as TriageTaskView;

const TRIAGE_FIELDS = [
  "customer",
  "tier",
  "assignee",
  "team",
  "theme",
  "factor",
  "why",
  "reason",
  "text",
  "longText",
  "viewer",
  "flash",
  "cursor",
  "fStatus",
  "fTeam",
  "fTheme",
  "fChannel",
  "fAssignee",
] as const;

describe("triage page: customers' words, names, teams, themes and the query string cannot inject markup", () => {
  it("renders every hostile field as text and keeps its own script the only one", () => {
    const fields = fc.record(
      Object.fromEntries(TRIAGE_FIELDS.map((k) => [k, hostile])) as Record<string, typeof hostile>,
    );
    fc.assert(
      fc.property(fields, fc.boolean(), (v, canSee) => {
        const render = (f: (s: string) => string) => {
          const input: TriagePageInput = {
            tasks: [
              taskView(f, v, {}),
              taskView(f, v, {
                id: "task_02",
                status: "resolved",
                latestText: f(`${v.longText}${"长".repeat(120)}${v.text}`),
                channel: f(v.fChannel as string) as TriageTaskView["channel"],
              }),
              taskView(f, v, { status: f(v.fStatus as string) as TriageTaskView["status"], assignee: "" }),
            ],
            filters: {
              status: f(v.fStatus as string),
              team: f(v.fTeam as string),
              theme: f(v.fTheme as string),
              channel: f(v.fChannel as string),
              assignee: f(v.fAssignee as string),
              overdue: true,
            },
            teams: ["logistics", f(v.team as string)],
            themes: ["delivery", f(v.theme as string)],
            viewer: { name: f(v.viewer as string), canSeePersonalData: canSee },
            now: NOW,
            nonce: "n0nce",
            basePath: "/triage",
            nextCursor: f(v.cursor as string),
            flash: f(v.flash as string),
          };
          return renderTriagePage(input);
        };
        const parsed = expectNoInjection(
          render((s) => s),
          render(neutral),
        );
        // The long text is cut into an excerpt and the rest, so its payloads may be split.
        expectShown(
          parsed,
          Object.values(v).filter((x) => x !== v.longText),
        );
        // The only URLs are the page's own paths.
        for (const a of parsed.attributes.filter((x) => URL_ATTRIBUTES.test(x.name))) {
          expect(a.value.startsWith("/triage") || a.value === "#queue").toBe(true);
        }
      }),
      { numRuns: 60 },
    );
  });

  it("keeps a sign-in error and hint as text", () => {
    fc.assert(
      fc.property(hostile, hostile, (error, hint) => {
        const render = (f: (s: string) => string) =>
          renderLoginPage({ nonce: "n0nce", basePath: "/triage", error: f(error), devHint: f(hint) });
        expectShown(
          expectNoInjection(
            render((s) => s),
            render(neutral),
          ),
          [error, hint],
        );
      }),
      { numRuns: 60 },
    );
  });
});

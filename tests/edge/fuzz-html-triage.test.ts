import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { type LoginStep, renderLoginPage } from "#shared/follow-up/views/login-page";
import { taskWords } from "#shared/follow-up/views/task-words";
import { renderTriagePage } from "#shared/follow-up/views/triage-page";
import type { TriagePageInput, TriageTaskView } from "#shared/follow-up/views/triage-view";
import { WORKBENCH_TEXT } from "#shared/follow-up/views/workbench-text";
import { SUPPORTED_LOCALES } from "#shared/kernel/locale";
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
      fc.property(fields, fc.boolean(), fc.constantFrom(...SUPPORTED_LOCALES), (v, canSee, locale) => {
        const render = (f: (s: string) => string) => {
          const input: TriagePageInput = {
            locale,
            timeZone: "Asia/Shanghai",
            words: taskWords(locale),
            text: WORKBENCH_TEXT[locale],
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
        // The long text is cut into an excerpt and the rest, so its payloads may be split. Ids (team,
        // theme, factor, reason, statuses) are shown by their labels, never as sent.
        const byLabel = new Set([v.longText, v.team, v.theme, v.factor, v.why, v.reason, v.fStatus, v.fChannel]);
        expectShown(
          parsed,
          Object.values(v).filter((x) => !byLabel.has(x)),
        );
        // The only URLs are the page's own paths.
        for (const a of parsed.attributes.filter((x) => URL_ATTRIBUTES.test(x.name))) {
          expect(a.value.startsWith("/triage") || a.value === "/explore" || a.value === "#queue").toBe(true);
        }
      }),
      { numRuns: 60 },
    );
  });

  it("keeps a sign-in error, the name typed and an authenticator key as text, at every step", () => {
    const steps = fc.constantFrom("password", "new-password", "totp", "totp-setup");
    const locales = fc.constantFrom(...SUPPORTED_LOCALES);
    fc.assert(
      fc.property(hostile, hostile, hostile, steps, locales, (error, account, secret, kind, locale) => {
        const step = (f: (s: string) => string): LoginStep =>
          kind === "password"
            ? { kind }
            : kind === "totp-setup"
              ? { kind, state: "c2VhbGVk", account: f(account), secret: f(secret) }
              : { kind, state: "c2VhbGVk", account: f(account) };
        const render = (f: (s: string) => string) =>
          renderLoginPage({
            nonce: "n0nce",
            basePath: "/triage",
            locale,
            step: step(f),
            error: f(error),
            devHint: true,
          });
        const parsed = expectNoInjection(
          render((s) => s),
          render(neutral),
        );
        // The key is shown in groups of four, so its payloads may be split; the rest shows whole.
        expectShown(parsed, kind === "password" ? [error] : [error, account]);
        // The only links: the page's own paths, and the key URI authenticator apps open.
        for (const a of parsed.attributes.filter((x) => URL_ATTRIBUTES.test(x.name))) {
          expect(a.value.startsWith("/triage/login") || a.value.startsWith("otpauth://totp/hearback:")).toBe(true);
        }
      }),
      { numRuns: 60 },
    );
  });
});

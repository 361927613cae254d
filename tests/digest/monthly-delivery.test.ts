import {
  CreateScheduleCommand,
  DeleteScheduleCommand,
  ResourceNotFoundException,
  SchedulerClient,
} from "@aws-sdk/client-scheduler";
import { mockClient } from "aws-sdk-client-mock";
import { beforeEach, describe, expect, it } from "vitest";
import { EventBridgeDigestScheduler } from "#shared/digest/adapters/eventbridge-digest-scheduler";
import { weeksToRead } from "#shared/digest/model/monthly";
import { readerTag, verifyReaderToken } from "#shared/digest/model/reader-links";
import {
  DigestSubscription,
  isFirstWorkingDay,
  isMonthlyDue,
  localWeekdayHour,
  monthlySchedule,
  reportedMonth,
} from "#shared/digest/model/subscriptions";
import { sendDueDigests } from "#shared/digest/send-digest";
import { sendDueMonthlyReports } from "#shared/digest/send-monthly";
import { defaultTaxonomy } from "#shared/taxonomy/taxonomy";
import { FIXES, monthlyCounters } from "./monthly-fixtures.ts";
import { KEY } from "./reader-fixtures.ts";

const sub = (over: Record<string, unknown> = {}) =>
  DigestSubscription.parse({ id: "after-sales", recipients: ["a@example.com", "b@example.com"], ...over });

describe("a subscription's reports", () => {
  it("is weekly unless it says otherwise, takes monthly or both in any order, and refuses anything else", () => {
    expect(sub().reports).toEqual(["weekly"]);
    expect(sub({ reports: ["monthly"] }).reports).toEqual(["monthly"]);
    expect(sub({ reports: ["monthly", "weekly"] }).reports).toEqual(["weekly", "monthly"]);
    for (const reports of [[], ["daily"], ["weekly", "weekly"], "monthly"]) {
      const result = DigestSubscription.safeParse({ id: "x", recipients: ["a@example.com"], reports });
      expect(result.success, JSON.stringify(reports)).toBe(false);
      expect(result.error?.issues[0]?.path[0]).toBe("reports");
    }
  });
});

describe("when the monthly report is due", () => {
  const monthly = sub({ reports: ["weekly", "monthly"], hour: 9, timeZone: "Asia/Shanghai" });

  it("is the first working day of the month: the 1st, or Monday the 2nd or 3rd after a weekend", () => {
    const first = (iso: string) => isFirstWorkingDay(localWeekdayHour(new Date(`${iso}T12:00:00Z`), "UTC"));
    expect(first("2026-12-01")).toBe(true); // a Tuesday
    expect(first("2026-12-02")).toBe(false);
    expect(first("2026-11-01")).toBe(false); // a Sunday
    expect(first("2026-11-02")).toBe(true); // Monday
    expect(first("2026-08-01")).toBe(false); // a Saturday
    expect(first("2026-08-03")).toBe(true); // Monday the 3rd
    expect(first("2026-06-02")).toBe(false); // a Tuesday: the 1st was Monday
  });

  it("sends in the subscription's hour of its own local day, and covers its last complete month", () => {
    expect(isMonthlyDue(monthly, new Date("2026-12-01T01:00:00Z"))).toBe(true); // 09:00 in Shanghai
    expect(isMonthlyDue(monthly, new Date("2026-12-01T02:00:00Z"))).toBe(false);
    expect(isMonthlyDue(monthly, new Date("2026-11-02T01:00:00Z"))).toBe(true);
    expect(reportedMonth(new Date("2026-12-01T01:00:00Z"), "Asia/Shanghai")).toBe("2026-11");
    const la = { ...monthly, timeZone: "America/Los_Angeles" };
    // 01:00 UTC on 1 December is 17:00 on 30 November in Los Angeles; 09:00 there is 17:00 UTC.
    expect(isMonthlyDue(la, new Date("2026-12-01T01:00:00Z"))).toBe(false);
    expect(isMonthlyDue(la, new Date("2026-12-01T17:00:00Z"))).toBe(true);
    // Auckland starts 2027 while UTC is still in December: it reports December.
    const nz = { ...monthly, timeZone: "Pacific/Auckland" };
    expect(isMonthlyDue(nz, new Date("2026-12-31T20:00:00Z"))).toBe(true);
    expect(reportedMonth(new Date("2026-12-31T20:00:00Z"), "Pacific/Auckland")).toBe("2026-12");
    expect(isMonthlyDue(sub({ hour: 9, timeZone: "Asia/Shanghai" }), new Date("2026-12-01T01:00:00Z"))).toBe(false);
  });

  it("on AWS, fires on the weekday nearest the 1st within the month, at its hour in its time zone", () => {
    expect(monthlySchedule(monthly)).toEqual({ expression: "cron(0 9 1W * ? *)", timeZone: "Asia/Shanghai" });
  });
});

describe("the scheduler adapter with monthly reports", () => {
  const scheduler = mockClient(SchedulerClient);
  const adapter = new EventBridgeDigestScheduler(new SchedulerClient({}), {
    groupName: "digests",
    functionArn: "arn:aws:lambda:eu-west-1:123456789012:function:send-digests",
    roleArn: "arn:aws:iam::123456789012:role/scheduler",
  });
  beforeEach(() => {
    scheduler.reset();
    scheduler
      .on(DeleteScheduleCommand)
      .rejects(new ResourceNotFoundException({ message: "gone", Message: "gone", $metadata: {} }));
  });

  it("keeps one schedule per report the subscription gets, and removes the other", async () => {
    await adapter.upsert(sub({ reports: ["monthly"] }));
    expect(scheduler.commandCalls(CreateScheduleCommand).map((c) => c.args[0].input)).toMatchObject([
      {
        Name: "digest-after-sales.monthly",
        ScheduleExpression: "cron(0 9 1W * ? *)",
        Target: { Input: '{"subscription":"after-sales","report":"monthly"}' },
      },
    ]);
    expect(scheduler.commandCalls(DeleteScheduleCommand).map((c) => c.args[0].input.Name)).toEqual([
      "digest-after-sales",
    ]);
    scheduler.resetHistory();
    await adapter.remove("after-sales");
    expect(scheduler.commandCalls(DeleteScheduleCommand).map((c) => c.args[0].input.Name)).toEqual([
      "digest-after-sales",
      "digest-after-sales.monthly",
    ]);
  });
});

describe("sending monthly reports", () => {
  const NOW = new Date("2026-12-01T01:00:00Z");
  const setup = (subscriptions: DigestSubscription[]) => {
    const claims = new Set<string>();
    const sent: Array<{ to: string; subject: string }> = [];
    const bodies: Array<{ html: string; text: string }> = [];
    const reads: string[] = [];
    const deps = {
      counters: {
        weeklyCounters: async (week: string) => {
          reads.push(week);
          return monthlyCounters(week).map((r) => ({ week, ...r }));
        },
      },
      fixes: { forTheme: async (theme: string) => FIXES.filter((f) => f.theme === theme) },
      taxonomy: defaultTaxonomy,
      baseUrl: "https://voc.example.com",
      subscriptions,
      ledger: {
        claim: async (s: string, period: string, email: string) => {
          const key = `${s}|${period}|${email}`;
          if (claims.has(key)) return false;
          claims.add(key);
          return true;
        },
        release: async (s: string, period: string, email: string) => {
          claims.delete(`${s}|${period}|${email}`);
        },
        unsubscribed: async () => new Set(["b@example.com"]),
      },
      send: async (email: { to: string; subject: string; html: string; text: string }) => {
        sent.push({ to: email.to, subject: email.subject });
        bodies.push({ html: email.html, text: email.text });
      },
      links: { key: KEY, days: 90 },
    };
    return { deps, claims, sent, reads, bodies };
  };

  it("sends once per recipient and month, skips who unsubscribed, and reads each week's counters once", async () => {
    const { deps, claims, sent, reads } = setup([sub({ reports: ["monthly"], hour: 9, timeZone: "Asia/Shanghai" })]);
    const first = await sendDueMonthlyReports(deps, NOW);
    expect(first).toEqual([
      {
        subscription: "after-sales",
        week: "2026-11",
        report: "monthly",
        sent: 1,
        skipped: 1,
        suppressed: 0,
        failed: 0,
      },
    ]);
    expect(sent).toEqual([{ to: "a@example.com", subject: "hearback · Top 5 after-sales problems, November 2026" }]);
    expect([...claims]).toEqual(["after-sales|2026-11|a@example.com"]);
    expect(reads.sort()).toEqual(weeksToRead("2026-11", FIXES));
    // The same hour again (a retried run): nothing more is sent.
    const again = await sendDueMonthlyReports(deps, NOW);
    expect(again[0]).toMatchObject({ sent: 0, skipped: 2 });
    expect(sent).toHaveLength(1);
    // Not the first working day: not due; named by its schedule or forced: next month's claim is its own.
    expect(await sendDueMonthlyReports(deps, new Date("2026-12-02T01:00:00Z"))).toEqual([]);
    await sendDueMonthlyReports(deps, new Date("2027-01-01T01:00:00Z"), { subscription: "after-sales" });
    expect(claims.has("after-sales|2026-12|a@example.com")).toBe(true);
    expect(sent).toHaveLength(2);
  });

  it("links each reader to the explorer through their own signed link, as the weekly digest does", async () => {
    const { deps, bodies } = setup([sub({ reports: ["monthly"], locale: "zh-TW" })]);
    await sendDueMonthlyReports(deps, NOW, { force: true });
    const [email] = bodies;
    const url = /https:\/\/voc\.example\.com\/digests\/read\/([^/"\s]+)\/explore\?week=2026-W48/.exec(
      email?.text ?? "",
    );
    expect(url).not.toBeNull();
    expect(email?.html).toContain(`${url?.[0]}"`);
    expect(email?.text).toContain(`深入查看：${url?.[0]}`);
    // Chinese punctuation in Chinese lines: no "物流配送: 投訴 80, 佔比 63%".
    expect(email?.text).not.toMatch(/[\u4e00-\u9fff]: |\d, [\u4e00-\u9fff]/u);
    const verified = verifyReaderToken(url?.[1] ?? "", [KEY], NOW);
    expect(verified.ok && verified.claims).toMatchObject({
      subscription: "after-sales",
      reader: readerTag(KEY.secret, "after-sales", "a@example.com"),
      week: "2026-W48",
      locale: "zh-Hant",
    });
  });

  it("gives a monthly-only subscription no weekly digest, and a weekly-only one no monthly report", async () => {
    const { deps, sent } = setup([sub({ reports: ["monthly"] }), sub({ id: "weekly-only" })]);
    const weekly = await sendDueDigests(
      { ...deps, feedback: { sampleDay: async () => [] }, subscriptions: [sub({ reports: ["monthly"] })] },
      NOW,
      { force: true, week: "2026-W48" },
    );
    expect(weekly).toEqual([]);
    const monthly = await sendDueMonthlyReports(deps, NOW, { force: true });
    expect(monthly.map((r) => r.subscription)).toEqual(["after-sales"]);
    expect(sent.map((s) => s.to)).toEqual(["a@example.com"]);
  });
});

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DynamoNoticeHold, MAX_NOTICES_PER_EMAIL } from "#shared/follow-up/adapters/dynamo-notice-hold";
import { noticeId, type TaskNotice } from "#shared/follow-up/model/notice";
import type { MailGroup, TaskMailSender } from "#shared/follow-up/ports/notifier";
import { BatchingMailer, flushTaskMail, MAIL_LEASE_MINUTES } from "#shared/follow-up/task-mail";
import { type Engines, startEngines } from "../support/engines.ts";
import { escalationFixture, noticeFixture } from "./notice-fixtures.ts";

/**
 * Batched task emails against DynamoDB Local: a burst of notices becomes one email per team and
 * audience per window, every notice in exactly one email — also with two sweeps at once, a
 * sender that fails, and a sweep that stops between taking an email and confirming it.
 */
let engines: Engines;
let table = 0;

beforeAll(async () => {
  engines = await startEngines("hearback-task-mail");
});
afterAll(async () => {
  await engines?.stop();
});

/** A fresh hold per test: each test gets its own table so groups never mix. */
const freshHold = async () => {
  const { ensureTable } = await import("#shared/local/engines");
  const name = `hearback-task-mail-${++table}`;
  await ensureTable(engines.dynamo.endpoint, name);
  return new DynamoNoticeHold(engines.db, name);
};

interface Email {
  group: MailGroup;
  ids: string[];
}
const recorder = (failFirst = 0) => {
  const emails: Email[] = [];
  let failures = failFirst;
  const sender: TaskMailSender = {
    deliver: async (group, notices) => {
      if (failures-- > 0) throw new Error("SES said no");
      emails.push({ group, ids: notices.map(noticeId) });
      return true;
    },
  };
  return { emails, sender };
};

const T0 = Date.parse("2026-12-04T12:00:00.000Z");
const at = (minutes: number) => new Date(T0 + minutes * 60_000);
const task = (n: number) => `task_01kbmzr5g000000000000${String(n).padStart(4, "0")}`;
const TEAMS = ["logistics", "billing", "after_sales"];
const opened = (n: number): TaskNotice =>
  noticeFixture({ taskId: task(n), team: TEAMS[n % TEAMS.length] ?? "logistics", priority: "P2" });
const escalated = (n: number): TaskNotice =>
  escalationFixture(2, { taskId: task(n), team: TEAMS[n % TEAMS.length] ?? "logistics", priority: "P3" });

const everyOnce = (emails: readonly Email[]) => {
  const all = emails.flatMap((e) => e.ids);
  return { all: new Set(all), duplicates: all.length - new Set(all).size };
};

describe("batched task emails", () => {
  it("turn a burst into one email per team and audience per window, losing nothing and sending nothing twice", async () => {
    const hold = await freshHold();
    const { emails, sender } = recorder();
    const mailer = new BatchingMailer(hold, sender, () => at(0));
    const burst = [
      ...Array.from({ length: 30 }, (_, i) => opened(i)),
      ...Array.from({ length: 6 }, (_, i) => escalated(i)),
    ];
    await mailer.send(burst);
    // A retried write holds nothing twice.
    await mailer.send(burst.slice(0, 10));
    const deps = { hold, sender, windowMinutes: 10 };

    const first = await flushTaskMail(deps, at(1));
    // Three teams, and the supervisors of those teams for the level-2 escalations.
    expect(first).toMatchObject({ emails: 6, notices: 36, waiting: 0, failed: 0 });
    expect(new Set(emails.map((e) => `${e.group.team}/${e.group.audience}`)).size).toBe(6);

    const later = [opened(100), opened(101), escalated(102)];
    await new BatchingMailer(hold, sender, () => at(3)).send(later);
    expect(await flushTaskMail(deps, at(5))).toMatchObject({ emails: 0, waiting: 3 });
    expect(await flushTaskMail(deps, at(11))).toMatchObject({ emails: 3, notices: 3 });
    expect(await flushTaskMail(deps, at(30))).toMatchObject({ emails: 0, waiting: 0 });

    const { all, duplicates } = everyOnce(emails);
    expect(duplicates).toBe(0);
    expect([...all].sort()).toEqual([...burst, ...later].map(noticeId).sort());
  });

  it("sends each notice once when two sweeps flush at the same time", async () => {
    const hold = await freshHold();
    const { emails, sender } = recorder();
    const notices = Array.from({ length: 24 }, (_, i) => opened(i));
    await hold.hold(notices, at(0));
    const deps = { hold, sender, windowMinutes: 10 };
    await Promise.all([flushTaskMail(deps, at(1)), flushTaskMail(deps, at(1)), flushTaskMail(deps, at(1))]);
    expect(everyOnce(emails).duplicates).toBe(0);
    expect(everyOnce(emails).all.size).toBe(24);
    // At most one email per group in the window, whichever sweep sent it.
    expect(emails.map((e) => e.group.team).sort()).toEqual([...TEAMS].sort());
  });

  it("retries an email whose sending failed, after its lease, and only then", async () => {
    const hold = await freshHold();
    const { emails, sender } = recorder(1);
    await hold.hold([opened(0), opened(3)], at(0));
    const deps = { hold, sender, windowMinutes: 10, onError: () => {} };
    expect(await flushTaskMail(deps, at(1))).toMatchObject({ emails: 0, failed: 1 });
    expect(await flushTaskMail(deps, at(2))).toMatchObject({ emails: 0, failed: 0 });
    expect(await flushTaskMail(deps, at(2 + MAIL_LEASE_MINUTES))).toMatchObject({ emails: 1, notices: 2 });
    expect(await flushTaskMail(deps, at(30))).toMatchObject({ emails: 0 });
    expect(emails.map((e) => e.ids.length)).toEqual([2]);
  });

  it("finishes an email a sweep took and never confirmed (it stopped), once", async () => {
    const hold = await freshHold();
    const { emails, sender } = recorder();
    await hold.hold([opened(0), opened(3), opened(6)], at(0));
    const [held] = await hold.held();
    if (!held) throw new Error("nothing held");
    // The sweep that took this stopped before sending it.
    const taken = await hold.take(held, { now: at(1), lastSentBefore: at(-9), leaseUntil: at(11) });
    expect(taken?.notices).toHaveLength(3);
    const deps = { hold, sender, windowMinutes: 10 };
    expect(await flushTaskMail(deps, at(5))).toMatchObject({ emails: 0, waiting: 0 });
    expect(await flushTaskMail(deps, at(12))).toMatchObject({ emails: 1, notices: 3 });
    expect(await flushTaskMail(deps, at(40))).toMatchObject({ emails: 0 });
    expect(emails).toHaveLength(1);
  });

  it("splits a burst larger than one email holds into emails sent at once, losing nothing", async () => {
    const hold = await freshHold();
    const { emails, sender } = recorder();
    const many = Array.from({ length: MAX_NOTICES_PER_EMAIL + 7 }, (_, i) =>
      noticeFixture({ taskId: task(i), team: "logistics", priority: "P2" }),
    );
    await hold.hold(many, at(0));
    expect(await flushTaskMail({ hold, sender, windowMinutes: 10 }, at(1))).toMatchObject({
      emails: 2,
      notices: many.length,
    });
    expect(emails.map((e) => e.ids.length)).toEqual([MAX_NOTICES_PER_EMAIL, 7]);
    expect(everyOnce(emails).duplicates).toBe(0);
  });

  it("sends what is still held once batching is switched off", async () => {
    const hold = await freshHold();
    const { emails, sender } = recorder();
    await hold.hold([opened(0)], at(0));
    await flushTaskMail({ hold, sender, windowMinutes: 10 }, at(1));
    await hold.hold([opened(3)], at(2));
    expect(await flushTaskMail({ hold, sender, windowMinutes: 0 }, at(3))).toMatchObject({ emails: 1, notices: 1 });
    expect(emails).toHaveLength(2);
  });
});

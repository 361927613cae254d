import { SESv2Client, SendEmailCommand } from "@aws-sdk/client-sesv2";
import { mockClient } from "aws-sdk-client-mock";
import { afterEach, describe, expect, it } from "vitest";
import { SesMailer, type TaskMailSettings } from "#shared/follow-up/adapters/ses-mailer";
import type { TaskNotice } from "#shared/follow-up/model/notice";
import { BatchingMailer } from "#shared/follow-up/task-mail";
import { recipientsFrom } from "#shared/follow-up/wiring";
import { escalationFixture, noticeFixture } from "./notice-fixtures.ts";

const client = new SESv2Client({ region: "eu-west-1", credentials: { accessKeyId: "test", secretAccessKey: "test" } });
const ses = mockClient(client);
afterEach(() => ses.reset());

const settings = (over: Partial<TaskMailSettings> = {}): TaskMailSettings => ({
  from: "hearback@example.com",
  recipients: recipientsFrom({
    NOTIFY_RECIPIENTS: JSON.stringify({
      "*": { team: "support-team@example.com", supervisor: "support-supervisor@example.com" },
      logistics: { team: "logistics@example.com", locale: "en", timeZone: "Europe/London" },
      pricing: { team: "pricing@example.com", locale: "zh-Hant" },
    }),
  }),
  locale: "zh-Hans",
  timeZone: "Asia/Shanghai",
  baseUrl: "https://hearback.example.com",
  ...over,
});

const sent = () =>
  ses.commandCalls(SendEmailCommand).map((c) => {
    const input = c.args[0].input;
    return {
      to: input.Destination?.ToAddresses,
      subject: input.Content?.Simple?.Subject?.Data ?? "",
      text: input.Content?.Simple?.Body?.Text?.Data ?? "",
      html: input.Content?.Simple?.Body?.Html?.Data ?? "",
    };
  });

describe("SesMailer", () => {
  it("sends one SES v2 email per notice with an HTML and a plain-text part, all UTF-8", async () => {
    ses.on(SendEmailCommand).resolves({ MessageId: "m-1" });
    await new SesMailer(client, settings()).send([noticeFixture()]);
    const [call] = ses.commandCalls(SendEmailCommand);
    expect(call?.args[0].input).toMatchObject({
      FromEmailAddress: "hearback@example.com",
      Destination: { ToAddresses: ["support-team@example.com"] },
      Content: {
        Simple: {
          Subject: { Data: expect.stringContaining("新跟进任务"), Charset: "UTF-8" },
          Body: {
            Text: {
              Data: expect.stringContaining("打开任务：https://hearback.example.com/triage/tasks/"),
              Charset: "UTF-8",
            },
            Html: { Data: expect.stringContaining('<html lang="zh-Hans">'), Charset: "UTF-8" },
          },
        },
      },
    });
  });

  it("writes each team's email in its own language and zone, and the rest in the staff's", async () => {
    ses.on(SendEmailCommand).resolves({ MessageId: "m" });
    await new SesMailer(client, settings()).send([
      noticeFixture({ team: "logistics" }),
      noticeFixture({ team: "pricing" }),
      noticeFixture({ team: "billing" }),
    ]);
    const byTo = new Map(sent().map((e) => [e.to?.[0], e]));
    expect(byTo.get("logistics@example.com")?.subject).toContain("new follow-up · Logistics");
    expect(byTo.get("logistics@example.com")?.text).toContain("Fri 4 Dec, 14:29 (Greenwich Mean Time)");
    expect(byTo.get("pricing@example.com")?.subject).toContain("新跟進任務 · 定價團隊");
    // zh-Hant from the team's entry, the zone from the staff's default.
    expect(byTo.get("pricing@example.com")?.text).toContain("（中國標準時間）");
    expect(byTo.get("support-team@example.com")?.subject).toContain("新跟进任务 · 账务团队");
  });

  it("sends a level-2 escalation to the supervisor, and to the team when the entry names no supervisor", async () => {
    ses.on(SendEmailCommand).resolves({ MessageId: "m" });
    await new SesMailer(client, settings()).send([escalationFixture(2), escalationFixture(2, { team: "logistics" })]);
    expect(
      sent()
        .map((e) => e.to?.[0])
        .sort(),
    ).toEqual(["logistics@example.com", "support-supervisor@example.com"]);
  });

  it("sends nothing for a team nobody is configured for", async () => {
    const mailer = new SesMailer(client, settings({ recipients: { logistics: { team: "logistics@example.com" } } }));
    expect(await mailer.deliver({ team: "billing", audience: "team" }, [noticeFixture({ team: "billing" })])).toBe(
      false,
    );
    expect(ses.commandCalls(SendEmailCommand)).toHaveLength(0);
  });

  it("tries every notice when one email fails, then reports the failure", async () => {
    ses.on(SendEmailCommand).rejectsOnce(new Error("throttled")).resolves({ MessageId: "m" });
    await expect(
      new SesMailer(client, settings()).send([
        noticeFixture({ team: "logistics" }),
        noticeFixture({ team: "pricing" }),
      ]),
    ).rejects.toThrow("throttled");
    expect(ses.commandCalls(SendEmailCommand)).toHaveLength(2);
  });
});

describe("NOTIFY_RECIPIENTS", () => {
  it("refuses an unknown language or zone, and text that is not JSON, naming the setting", () => {
    const bad = (value: unknown) => () => recipientsFrom({ NOTIFY_RECIPIENTS: JSON.stringify(value) });
    expect(bad({ "*": { team: "a@example.com", locale: "fr" } })).toThrow(/NOTIFY_RECIPIENTS is invalid: \*\.locale/);
    expect(bad({ "*": { team: "a@example.com", timeZone: "Mars/Olympus" } })).toThrow(/\*\.timeZone: must be an IANA/);
    expect(bad({ "*": { team: "a@example.com", cc: "b@example.com" } })).toThrow(/NOTIFY_RECIPIENTS is invalid/);
    expect(() => recipientsFrom({ NOTIFY_RECIPIENTS: "{team: a}" })).toThrow("NOTIFY_RECIPIENTS must be JSON");
  });
});

describe("BatchingMailer", () => {
  it("holds notices for the team's next email, but sends P1 tasks at once", async () => {
    const held: TaskNotice[] = [];
    const delivered: TaskNotice[][] = [];
    const mailer = new BatchingMailer(
      { hold: async (notices) => void held.push(...notices) },
      { deliver: async (_group, notices) => Boolean(delivered.push([...notices])) },
    );
    const p1 = noticeFixture();
    const p2 = noticeFixture({ priority: "P2", taskId: "task_01kbmzr5g0000000000000000c" });
    const l1 = escalationFixture(1, { priority: "P3" });
    await mailer.send([p1, p2, l1]);
    expect(delivered).toEqual([[p1]]);
    expect(held).toEqual([p2, l1]);
  });
});

import { SESv2Client, SendEmailCommand } from "@aws-sdk/client-sesv2";
import { mockClient } from "aws-sdk-client-mock";
import { afterEach, describe, expect, it } from "vitest";
import { SesCustomerMailer } from "#shared/follow-up/adapters/ses-customer-mailer";
import { SesMailer } from "#shared/follow-up/adapters/ses-mailer";
import type { MailGroup } from "#shared/follow-up/ports/notifier";
import { replyToCustomer } from "#shared/follow-up/reply-to-customer";
import { flushTaskMail } from "#shared/follow-up/task-mail";
import { renderTaskPage } from "#shared/follow-up/views/task-page";
import type { TaskPageInput } from "#shared/follow-up/views/triage-view";
import { recipientsFrom } from "#shared/follow-up/wiring";
import type { SupportedLocale } from "#shared/kernel/locale";
import { AddressSuppressedError } from "#shared/mail/model/errors";
import { normaliseAddress, type Suppression } from "#shared/mail/model/suppression";
import { contactedTask, feedbackOf, MemoryTasks } from "./confirmation-fixtures.ts";
import { escalationFixture, noticeFixture } from "./notice-fixtures.ts";
import { context, task } from "./triage-fixtures.ts";

/**
 * Mail to people whose address bounced or complained: task emails skip a suppressed team or
 * supervisor, customer email is refused before SES is called, and the lead's task page says why
 * and since when, in the lead's language and time zone.
 */
const client = new SESv2Client({ region: "eu-west-1", credentials: { accessKeyId: "test", secretAccessKey: "test" } });
const ses = mockClient(client);
afterEach(() => ses.reset());

const AT = "2025-03-02T06:30:00.000Z";
const entry = (reason: Suppression["reason"], audience: Suppression["audience"] = "staff"): Suppression => ({
  reason,
  at: AT,
  messageId: "m-1",
  audience,
  shownAddress: "x",
});
const listOf = (suppressed: Record<string, Suppression>) => {
  const asked: string[][] = [];
  return {
    asked,
    suppressions: {
      suppressedAmong: async (addresses: readonly string[]) => {
        asked.push([...addresses]);
        return new Map(
          addresses.flatMap((a) => {
            const s = suppressed[normaliseAddress(a)];
            return s ? [[normaliseAddress(a), s] as const] : [];
          }),
        );
      },
    },
  };
};
const recipients = recipientsFrom({
  NOTIFY_RECIPIENTS: JSON.stringify({ "*": { team: "support-team@example.com", supervisor: "Boss@Example.com" } }),
});
const sentTo = () => ses.commandCalls(SendEmailCommand).map((c) => c.args[0].input.Destination?.ToAddresses?.[0]);

describe("task emails and the suppression list", () => {
  it("sends no email to a suppressed supervisor, says so by group, and still mails the team", async () => {
    ses.on(SendEmailCommand).resolves({ MessageId: "m" });
    const told: Array<[MailGroup, string]> = [];
    const { suppressions } = listOf({ "boss@example.com": entry("complaint") });
    const mailer = new SesMailer(client, {
      from: "hearback@example.com",
      recipients,
      locale: "zh-Hans",
      timeZone: "Asia/Shanghai",
      configurationSet: "hearback-mail",
      suppressions,
      onSuppressed: (group, reason) => told.push([group, reason]),
    });
    await mailer.send([escalationFixture(2), noticeFixture()]);
    expect(sentTo()).toEqual(["support-team@example.com"]);
    expect(told).toEqual([[{ team: "after_sales", audience: "supervisor" }, "complaint"]]);
    expect(await mailer.deliver({ team: "logistics", audience: "supervisor" }, [escalationFixture(2)])).toBe(false);
    // What does go out goes through the configuration set, tagged as staff mail.
    expect(ses.commandCalls(SendEmailCommand)[0]?.args[0].input).toMatchObject({
      ConfigurationSetName: "hearback-mail",
      EmailTags: [{ Name: "hearback-audience", Value: "staff" }],
    });
  });

  it("reads the suppression list once for all of a batch's task emails", async () => {
    ses.on(SendEmailCommand).resolves({ MessageId: "m" });
    const { asked, suppressions } = listOf({ "boss@example.com": entry("bounce") });
    const mailer = new SesMailer(client, {
      from: "hearback@example.com",
      recipients,
      locale: "en",
      timeZone: "UTC",
      suppressions,
    });
    await mailer.send([noticeFixture(), escalationFixture(2), noticeFixture(), escalationFixture(2)]);
    expect(asked).toHaveLength(1);
    expect([...(asked[0] ?? [])].sort()).toEqual(["Boss@Example.com", "support-team@example.com"]);
    expect(sentTo()).toEqual(["support-team@example.com", "support-team@example.com"]);
  });

  it("counts a batched email nobody may get as not sent, and lets its notices go", async () => {
    const sentMails: string[] = [];
    const mail = {
      id: "mail-1",
      group: { team: "logistics", audience: "supervisor" as const },
      notices: [escalationFixture(2)],
    };
    const report = await flushTaskMail(
      {
        hold: {
          hold: async () => undefined,
          held: async () => [],
          take: async () => undefined,
          stalled: async () => [mail],
          sent: async (m) => void sentMails.push(m.id),
        },
        sender: { deliver: async () => false },
        windowMinutes: 10,
      },
      new Date(),
    );
    expect(report).toMatchObject({ emails: 0, notices: 0, notSent: 1, failed: 0 });
    expect(sentMails).toEqual(["mail-1"]);
  });
});

describe("customer email and the suppression list", () => {
  const mailerWith = (suppressed: Record<string, Suppression>) =>
    new SesCustomerMailer(client, "Lumo <support@example.com>", ["support@example.com"], {
      configurationSet: "hearback-mail",
      suppressions: listOf(suppressed).suppressions,
    });
  const message = { to: "Wang.Fang@example.com", locale: "zh-Hans" as const, subject: "关于您的订单", text: "您好" };

  it("mails each customer from the sender for their language", async () => {
    ses.on(SendEmailCommand).resolves({ MessageId: "m-1" });
    const senders = {
      byLocale: { "zh-Hans": "Lumo 客服 <support@example.com>", en: "Lumo Support <support@example.com>" },
      fallback: "Lumo 客服 <support@example.com>",
    };
    const mailer = new SesCustomerMailer(client, senders, ["support@example.com"]);
    await mailer.send(message);
    await mailer.send({ ...message, locale: "en", subject: "About your order", text: "Hello" });
    await mailer.send({ ...message, locale: "zh-Hant", subject: "關於您的訂單", text: "您好" });
    expect(ses.commandCalls(SendEmailCommand).map((c) => c.args[0].input.FromEmailAddress)).toEqual([
      "Lumo 客服 <support@example.com>",
      "Lumo Support <support@example.com>",
      "Lumo 客服 <support@example.com>",
    ]);
  });

  it("refuses an address that bounced or complained before calling SES, without naming it", async () => {
    const error = await mailerWith({ "wang.fang@example.com": entry("bounce", "customer") })
      .send(message)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AddressSuppressedError);
    expect((error as AddressSuppressedError).suppression).toMatchObject({ reason: "bounce", at: AT });
    expect((error as Error).message).not.toMatch(/wang/i);
    expect(ses.commandCalls(SendEmailCommand)).toHaveLength(0);
  });

  it("mails anyone else through the configuration set, tagged as customer mail", async () => {
    ses.on(SendEmailCommand).resolves({ MessageId: "m-9" });
    expect(await mailerWith({ "someone@example.com": entry("bounce") }).send(message)).toEqual({ messageId: "m-9" });
    expect(ses.commandCalls(SendEmailCommand)[0]?.args[0].input).toMatchObject({
      ConfigurationSetName: "hearback-mail",
      EmailTags: [{ Name: "hearback-audience", Value: "customer" }],
    });
  });

  it("leaves the task as it was when a lead's reply is refused", async () => {
    const tasks = new MemoryTasks();
    const open = tasks.put(contactedTask());
    const feedback = feedbackOf({ [open.feedbackIds[0] ?? ""]: { email: "wang.fang@example.com" } });
    const reply = replyToCustomer(
      {
        tasks,
        feedback,
        mailer: mailerWith({ "wang.fang@example.com": entry("complaint", "customer") }),
        fallbackLocale: "zh-Hans",
      },
      open.id,
      { version: open.version, subject: "关于您的订单", body: "您好" },
      "mei",
      new Date(),
    );
    await expect(reply).rejects.toBeInstanceOf(AddressSuppressedError);
    expect(tasks.saves).toBe(0);
    expect(ses.commandCalls(SendEmailCommand)).toHaveLength(0);
  });
});

describe("the task page of a customer whose address is suppressed", () => {
  const ID = `task_${"01jnq".padEnd(26, "0")}`;
  const page = (locale: SupportedLocale, reason: Suppression["reason"] | undefined): TaskPageInput => ({
    // The lead is in New York: 06:30 UTC on 2 March is 01:30 there.
    ...context(locale, { timeZone: "America/New_York" }),
    task: { ...task({ id: ID, status: "contacted" }), round: 1, audit: [] },
    contact: {
      unmasked: false,
      email: "w***@example.com",
      phones: [],
      ...(reason && { mailSuppressed: { reason, at: AT } }),
    },
    customerLocale: "zh-Hans",
    items: [],
    history: [],
    templates: { apology: { subject: "抱歉", body: "您好" } },
    themeIds: ["delivery"],
    queueQuery: "",
  });
  const replyCard = (html: string) => /<section[^>]*aria-labelledby="h-reply"[\s\S]*?<\/section>/.exec(html)?.[0] ?? "";

  it("says the address bounced or complained, and when, in the lead's language and time zone", () => {
    const en = replyCard(renderTaskPage(page("en", "bounce")));
    expect(en).toContain("their address bounced on");
    expect(en).toMatch(/<time datetime="2025-03-02T06:30:00.000Z">Sun 2 Mar, 01:30<\/time>/);
    expect(replyCard(renderTaskPage(page("en", "complaint")))).toContain("they marked our email as spam on");
    const hans = replyCard(renderTaskPage(page("zh-Hans", "bounce")));
    expect(hans).toContain("不再给这位客户发邮件：其邮箱于");
    expect(hans).toContain("3月2日");
    expect(hans).toContain("01:30");
    expect(replyCard(renderTaskPage(page("zh-Hant", "complaint")))).toContain("將我們的郵件標記為垃圾郵件");
  });

  it("offers no reply form and no question to the customer, which would be refused", () => {
    const suppressed = renderTaskPage(page("en", "bounce"));
    expect(replyCard(suppressed)).not.toContain("<form");
    expect(suppressed).not.toContain('name="confirm"');
    const mailable = renderTaskPage(page("en", undefined));
    expect(replyCard(mailable)).toContain("<form");
    expect(mailable).toContain('name="confirm"');
  });
});

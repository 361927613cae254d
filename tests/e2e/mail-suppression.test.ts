import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { LOCAL_AWS_ENV } from "#shared/local/engines";
import { DEFAULT_DEV_PASSWORD, type LocalStack, startLocalStack } from "#shared/local/stack";
import type { MailSuppressions } from "#shared/mail/ports/suppressions";
import { mailSuppressions } from "#shared/mail/wiring";
import { parseSigningKeys } from "#shared/platform/signing-keys";
import { pseudonymKey } from "#shared/privacy/model/disclose";
import { runMail } from "../../tools/cli/commands/mail.ts";
import { apiClient } from "../support/api.ts";
import { eventBridgeEvent } from "../support/fixtures.ts";
import { sessionCookieOf, signInToTriage } from "./secure-stack.ts";

/**
 * Issue 16: SES says an address bounced or complained, and hearback stops mailing it. The local
 * stack hands sample SES events (events/eventbridge/) to the real mail-events function, as the
 * EventBridge rule does on AWS; then the next digest skips that reader while the others get it,
 * an escalation skips the suppressed supervisor, and a lead's task page says the customer's address
 * complained (and their reply is refused). `hearback mail unsuppress` brings a reader back.
 */
let stack: LocalStack;
let api: ReturnType<typeof apiClient>;
let list: MailSuppressions;
const run = Date.now().toString(36);

interface Mail {
  subject: string;
  destination: { to: string[] };
  body: { text?: string };
}
const mailbox = async () => ((await (await fetch(`${stack.mailboxUrl}/store`)).json()) as { emails: Mail[] }).emails;
const to = (mails: Mail[], address: string) => mails.filter((m) => m.destination.to.includes(address));

/** The sample events, about another address (as SES reports it: in whatever case it was sent). */
const bounceOf = (address: string) => {
  const event = eventBridgeEvent("ses-bounce-permanent");
  const detail = event.detail as { bounce: { bouncedRecipients: Array<{ emailAddress: string }> } };
  detail.bounce.bouncedRecipients = [{ emailAddress: address }];
  return event;
};
const complaintOf = (address: string, audience: "staff" | "customer") => {
  const event = eventBridgeEvent("ses-complaint");
  const detail = event.detail as {
    complaint: { complainedRecipients: Array<{ emailAddress: string }> };
    mail: { tags: Record<string, string[]>; messageId: string };
  };
  detail.complaint.complainedRecipients = [{ emailAddress: address }];
  detail.mail.tags["hearback-audience"] = [audience];
  detail.mail.messageId = `${detail.mail.messageId}-${address}`;
  return event;
};

beforeAll(async () => {
  stack = await startLocalStack({
    port: 0,
    apiKey: "mail-key",
    // No scheduled run in the middle of the test: it calls the jobs itself.
    firstScheduledRunMs: 3_600_000,
    env: {
      DIGEST_SUBSCRIPTIONS: JSON.stringify([
        { id: "org", recipients: ["pm-a@example.com", "pm-b@example.com"], locale: "en", timeZone: "Asia/Shanghai" },
      ]),
      NOTIFY_RECIPIENTS: JSON.stringify({
        "*": { team: "care-team@example.com", supervisor: "care-boss@example.com" },
      }),
      // The local mailbox takes (and ignores) a configuration set: SendEmail works with one set.
      SES_CONFIGURATION_SET: "hearback-local",
    },
  });
  api = apiClient(stack);
  const db = DynamoDBDocumentClient.from(
    new DynamoDBClient({
      endpoint: stack.dynamoEndpoint,
      region: LOCAL_AWS_ENV.AWS_REGION,
      credentials: {
        accessKeyId: LOCAL_AWS_ENV.AWS_ACCESS_KEY_ID,
        secretAccessKey: LOCAL_AWS_ENV.AWS_SECRET_ACCESS_KEY,
      },
    }),
  );
  // What `hearback mail --local` builds: the stack's table, keyed by the stack's signing keys.
  list = mailSuppressions(
    { TABLE_NAME: stack.tableName },
    pseudonymKey(parseSigningKeys(process.env.SURVEY_SIGNING_KEYS ?? "")),
    db,
  );
});
afterAll(async () => {
  await stack?.stop({ drain: false });
});

describe("a digest reader whose address bounced", () => {
  it("gets no digest while the others do, and gets it again once an operator lifts the suppression", async () => {
    expect(await stack.deliverMailEvent(bounceOf("PM-A@Example.com"))).toMatchObject({
      status: "recorded",
      suppressed: 1,
    });
    // EventBridge delivers at least once: the same event again changes nothing.
    expect(await stack.deliverMailEvent(bounceOf("PM-A@Example.com"))).toMatchObject({
      suppressed: 0,
      alreadySuppressed: 1,
    });

    const runs = await stack.runScheduled("send-digests", { force: true, week: "2026-W40" });
    expect(runs).toEqual([{ subscription: "org", week: "2026-W40", sent: 1, skipped: 0, suppressed: 1, failed: 0 }]);
    const week40 = (await mailbox()).filter((m) => m.subject.includes("Week 40, 2026"));
    expect(to(week40, "pm-b@example.com")).toHaveLength(1);
    expect(to(week40, "pm-a@example.com")).toHaveLength(0);

    // The operator sees why, and lifts it (the address was fixed).
    const lines: string[] = [];
    await runMail("suppressed", {}, list, (l) => lines.push(l));
    expect(lines.some((l) => /bounce \(Permanent\) +staff +pm-a@example\.com/.test(l))).toBe(true);
    await runMail("unsuppress", { email: "pm-a@example.com" }, list, (l) => lines.push(l));
    expect(lines.at(-1)).toContain("is off the suppression list");

    // The same week again: the reader who was skipped gets it now, nobody gets it twice.
    const again = await stack.runScheduled("send-digests", { force: true, week: "2026-W40" });
    expect(again).toEqual([{ subscription: "org", week: "2026-W40", sent: 1, skipped: 1, suppressed: 0, failed: 0 }]);
    const after = (await mailbox()).filter((m) => m.subject.includes("Week 40, 2026"));
    expect(to(after, "pm-a@example.com")).toHaveLength(1);
    expect(to(after, "pm-b@example.com")).toHaveLength(1);
  });
});

const detractorTask = async (customer: Record<string, string>, comment: string) => {
  const res = await api.post({ channel: "nps", score: 0, comment, customer, locale: "zh-CN" });
  const [{ id }] = ((await res.json()) as { items: [{ id: string }] }).items;
  const stored = await api.waitStored(id);
  const tasks = (await (await api.get("/v1/tasks?limit=200")).json()) as {
    items: Array<{ id: string; customerId: string; firstResponseDueAt: string; version: number }>;
  };
  const task = tasks.items.find((t) => t.customerId === stored.customerId);
  if (!task) throw new Error("no task was opened");
  return task;
};

describe("task emails to a supervisor who complained", () => {
  it("escalate to the team as before, and send the supervisor nothing", async () => {
    expect(await stack.deliverMailEvent(complaintOf("care-boss@example.com", "staff"))).toMatchObject({
      suppressed: 1,
    });
    const task = await detractorTask({ id: `cust-${run}-late` }, "没人回复我，太差了");

    const { sweep } = await import("#functions/schedule/sweep-tasks");
    const due = Date.parse(task.firstResponseDueAt);
    await sweep(new Date(due + 10 * 60_000));
    await sweep(new Date(due + 3 * 3_600_000));
    await sweep(new Date(due + 3 * 3_600_000 + 60_000));
    const escalated = (await (await api.get(`/v1/tasks/${task.id}`)).json()) as {
      escalations: Array<{ level: number }>;
    };
    // Level 2 is the supervisor's: the escalation happened, only its email did not go out.
    expect(escalated.escalations.map((e) => e.level).sort()).toEqual([1, 2]);

    const about = (await mailbox()).filter((m) => (m.body.text ?? "").includes(`/triage/tasks/${task.id}`));
    expect(to(about, "care-team@example.com").length).toBeGreaterThanOrEqual(2);
    expect(to(about, "care-boss@example.com")).toHaveLength(0);
  });
});

describe("a customer who marked our email as spam", () => {
  it("is shown as such on the lead's task page, and a reply to them is refused", async () => {
    const email = `wang-${run}@example.com`;
    const task = await detractorTask({ id: `cust-${run}-spam`, email }, "退款三周了还没到账");
    expect(await stack.deliverMailEvent(complaintOf(email, "customer"))).toMatchObject({ suppressed: 1 });

    const session = sessionCookieOf(await signInToTriage(stack, "lead", DEFAULT_DEV_PASSWORD)) ?? "";
    const cookie = `hb_session=${session}; hb_lang=en`;
    const page = await fetch(`${stack.url}/triage/tasks/${task.id}`, { headers: { cookie } });
    expect(page.status).toBe(200);
    const html = await page.text();
    // When, in the lead's zone (Shanghai by default), to the minute.
    expect(html).toMatch(
      /No email is sent to this customer: they marked our email as spam on <time[^>]*>[^<]*14:41<\/time>/,
    );
    expect(html).not.toContain(`action="/triage/tasks/${task.id}/reply"`);

    // A reply posted anyway (a page drawn before the complaint) is refused, in the lead's words.
    const current = (await (await api.get(`/v1/tasks/${task.id}`)).json()) as { version: number };
    const posted = await fetch(`${stack.url}/triage/tasks/${task.id}/reply`, {
      method: "POST",
      headers: { cookie, origin: stack.url, "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({
        version: String(current.version),
        subject: "关于您的退款",
        body: "您好",
        back: "task",
      }).toString(),
      redirect: "manual",
    });
    expect(posted.status).toBe(303);
    const back = await fetch(new URL(posted.headers.get("location") ?? "", stack.url), { headers: { cookie } });
    expect(await back.text()).toMatch(
      /<p id="flash" role="status">No email is sent to this customer: they marked our email as spam on /,
    );
    expect(to(await mailbox(), email)).toHaveLength(0);
    const after = (await (await api.get(`/v1/tasks/${task.id}`)).json()) as { version: number };
    expect(after.version).toBe(current.version);
  });
});

import { describe, expect, it } from "vitest";
import { contactKey } from "#shared/feedback/model/contact";
import { confirmationOf } from "#shared/follow-up/model/confirmation";
import { addNote } from "#shared/follow-up/model/transitions";
import { sendConfirmation } from "#shared/follow-up/resolution-confirmation";
import { readResolutionSatisfaction } from "#shared/follow-up/resolution-satisfaction";
import { actOnTask } from "#shared/follow-up/task-actions";
import { verifyConfirmationToken } from "#shared/surveys/model/confirmation-token";
import { contactedTask, feedbackOf, KEY, later, MemoryTasks, senderWith } from "./confirmation-fixtures.ts";

/**
 * Resolving a task asks the customer "is your problem solved?": the email in their language with
 * two links, recorded on the task; never at the cost of the resolve, never twice for one
 * resolution, never to a customer asked within the quiet period.
 */
const ISO_TIME = /\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/;

const setUp = (customer: { email?: string; name?: string; locale?: string; text?: string } = {}) => {
  const tasks = new MemoryTasks();
  const task = tasks.put(contactedTask());
  const { sender, mailer, marks, problems } = senderWith(feedbackOf({ [task.feedbackIds[0] ?? ""]: customer }));
  const resolveIt = (input: { confirm?: boolean } = {}, id = task.id, version = 2) =>
    actOnTask(
      { tasks, confirmations: sender },
      id,
      "resolve",
      { version, outcome: "refund", ...input },
      "mei",
      later(60),
    );
  return { tasks, task, sender, mailer, marks, problems, resolveIt };
};

const linksIn = (text: string) => [...text.matchAll(/https:\/\/hb\.example\.com\/c\/(\S+)\?a=(yes|no)/g)];

describe("resolving asks the customer", () => {
  it("mails the question in Chinese with a yes and a no link, and records it on the task", async () => {
    const { resolveIt, mailer, tasks, task } = setUp({ email: "wang@example.com", name: "王女士", locale: "zh-CN" });
    const result = await resolveIt();
    expect(result.status).toBe("resolved");
    expect(confirmationOf(result, 1)).toMatchObject({ state: "sent", round: 1 });
    expect(result.audit.map((e) => e.action).slice(-2)).toEqual(["resolved", "confirmation_sent"]);
    expect(JSON.stringify(result.audit)).not.toContain("wang@example.com");
    expect(await tasks.getTask(task.id)).toEqual(result);

    expect(mailer.sent).toHaveLength(1);
    const [mail] = mailer.sent;
    expect(mail).toMatchObject({ to: "wang@example.com", locale: "zh-Hans", subject: "您的问题解决了吗？" });
    expect(mail?.text).toContain("王女士，您好：");
    expect(mail?.text).toContain("我们已为您办理退款。");
    expect(mail?.text).toContain("是，已解决：https://hb.example.com/c/");
    expect(mail?.text).toContain("否，还没有：https://hb.example.com/c/");
    expect(mail?.text).toContain("链接 3 天内有效。");
    // Chinese punctuation, no space after a Chinese full stop.
    expect(mail?.text).toContain("补充说明。链接 3 天内有效。");
    expect(mail?.text).not.toMatch(/[\u4e00-\u9fff。]: |。 /u);
    expect(mail?.html).toContain('<html lang="zh-Hans">');
    expect(mail?.html).toMatch(/>是，已解决<\/a>/);
    // No ids, no UTC times in front of the customer; the link names the task only in its signed token.
    for (const part of [mail?.text ?? "", mail?.html ?? ""]) {
      expect(part).not.toContain(task.id);
      expect(part).not.toMatch(ISO_TIME);
      expect(part).not.toContain("c-1001");
    }
    const links = linksIn(mail?.text ?? "");
    expect(links.map((l) => l[2])).toEqual(["yes", "no"]);
    const verified = verifyConfirmationToken(decodeURIComponent(links[0]?.[1] ?? ""), [KEY], later(61));
    expect(verified).toEqual({
      ok: true,
      claims: {
        taskId: task.id,
        round: 1,
        locale: "zh-Hans",
        expiresAt: Math.floor(later(60 + 3 * 24 * 60).getTime() / 1000),
      },
    });
  });

  it("writes to an English-speaking customer in English", async () => {
    const { resolveIt, mailer } = setUp({ email: "amy@example.com", locale: "en-GB" });
    await resolveIt();
    const [mail] = mailer.sent;
    expect(mail).toMatchObject({ locale: "en", subject: "Is your problem solved?" });
    expect(mail?.text).toContain("Hello,");
    expect(mail?.text).toContain("We have issued your refund.");
    expect(mail?.text).toContain("Yes, it’s solved: https://hb.example.com/c/");
    expect(mail?.text).toContain("The link works for 3 days.");
    expect(mail?.html).toContain('<html lang="en">');
    expect(mail?.text).not.toMatch(ISO_TIME);
  });

  it("does not ask when the lead says so, and says why on the task when it cannot", async () => {
    const quiet = setUp({ email: "wang@example.com" });
    const notAsked = await quiet.resolveIt({ confirm: false });
    expect(notAsked.confirmations).toBeUndefined();
    expect(quiet.mailer.sent).toEqual([]);

    const noEmail = setUp({ name: "李先生" });
    const result = await noEmail.resolveIt();
    expect(result.status).toBe("resolved");
    expect(confirmationOf(result, 1)).toMatchObject({ state: "not_sent", reason: "no_email" });
    expect(result.audit.at(-1)).toMatchObject({
      action: "confirmation_not_sent",
      detail: "not asked: no email address is known for this customer",
    });
  });

  it("keeps the resolve when the email fails, says 'could not send' on the task, and logs no address", async () => {
    const { resolveIt, mailer, tasks, task, problems, marks } = setUp({ email: "wang@example.com" });
    mailer.failWith = Object.assign(new Error("Email address is not verified: wang@example.com"), {
      name: "MessageRejected",
    });
    const result = await resolveIt();
    expect(result).toMatchObject({ status: "resolved", outcome: "refund" });
    expect(confirmationOf(result, 1)).toMatchObject({ state: "not_sent", reason: "send_failed" });
    expect(result.audit.at(-1)?.detail).toMatch(/^could not send/);
    expect((await tasks.getTask(task.id))?.status).toBe("resolved");
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^MessageRejected: /);
    expect(problems[0]).not.toContain("wang@example.com");
    // Nothing reached the customer: the quiet period does not hold them back.
    expect(marks.asked.has(contactKey(task.contact))).toBe(false);
  });

  it("asks a customer at most once within the quiet period, across their tasks", async () => {
    const { tasks, sender, mailer } = setUp();
    const one = tasks.put(contactedTask("c-2002"));
    const two = tasks.put(contactedTask("c-2002"));
    const feedback = feedbackOf({
      [one.feedbackIds[0] ?? ""]: { email: "zhao@example.com" },
      [two.feedbackIds[0] ?? ""]: { email: "zhao@example.com" },
    });
    const deps = { tasks, confirmations: { ...sender, feedback } };
    await actOnTask(deps, one.id, "resolve", { version: 2, outcome: "refund" }, "mei", later(60));
    const second = await actOnTask(deps, two.id, "resolve", { version: 2, outcome: "apology" }, "li", later(120));
    expect(mailer.sent).toHaveLength(1);
    expect(confirmationOf(second, 1)).toMatchObject({ state: "not_sent", reason: "quiet_period" });
  });

  it("writes the outcome over a lead's change made meanwhile, and never sends twice for one resolution", async () => {
    const { resolveIt, tasks, task, mailer, sender } = setUp({ email: "wang@example.com" });
    // A lead adds a note between the resolve (write 1) and the outcome's write (write 2).
    tasks.beforeSave = (n) => {
      const current = tasks.items.get(task.id);
      if (n === 2 && current) tasks.put(addNote(current, "li", later(60), "called the customer"));
    };
    const result = await resolveIt();
    expect(confirmationOf(result, 1)?.state).toBe("sent");
    expect(result.audit.map((e) => e.action).slice(-3)).toEqual(["resolved", "note", "confirmation_sent"]);
    expect(await tasks.getTask(task.id)).toEqual(result);
    // Resolving the same round again is refused (409 or 4xx): the question is not sent again.
    await expect(resolveIt({}, task.id, result.version)).rejects.toThrow();
    expect(await sendConfirmation({ ...sender, tasks }, result, later(70))).toBe(result);
    expect(mailer.sent).toHaveLength(1);
  });
});

describe("the triage header's satisfaction", () => {
  it("reads the last four weeks' answers from the loop counters", async () => {
    const tasks = new MemoryTasks();
    tasks.counters.set("2026-W48", { resolutionYes: 8, resolutionNo: 1 });
    tasks.counters.set("2026-W46", { resolutionYes: 1 });
    tasks.counters.set("2026-W44", { resolutionNo: 5 });
    expect(await readResolutionSatisfaction(tasks, new Date("2026-11-26T12:00:00Z"))).toEqual({
      yes: 9,
      no: 1,
      n: 10,
      share: 90,
      target: 90,
      meetsTarget: true,
    });
  });
});

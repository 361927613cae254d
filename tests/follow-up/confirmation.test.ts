import { describe, expect, it } from "vitest";
import { loopSummary } from "#shared/digest/model/loop-summary";
import {
  answerConfirmation,
  confirmationExpiry,
  confirmationOf,
  recordConfirmationOutcome,
  shouldAsk,
  startConfirmation,
} from "#shared/follow-up/model/confirmation";
import { autoCloseDue } from "#shared/follow-up/model/escalation";
import { LOOP_KEY, loopCounterChange, resolutionSatisfaction } from "#shared/follow-up/model/loop";
import { FollowUpTaskV2 } from "#shared/follow-up/model/task";
import { close, markContacted, reopen, resolve } from "#shared/follow-up/model/transitions";
import { contactedTask, later, RULES } from "./confirmation-fixtures.ts";

/** A task resolved at +60 min with this round's question sent. */
const asked = () => {
  const resolved = resolve(contactedTask(), "refund", "mei", later(60), "refunded in full");
  const started = startConfirmation(resolved, later(60), confirmationExpiry(resolved, RULES));
  return recordConfirmationOutcome(started, started.round, { sent: true, detail: "by email" }, later(61));
};

describe("when resolving asks", () => {
  it("asks customers by default, not when the lead says no, not social authors, never twice a round", () => {
    const resolved = resolve(contactedTask(), "apology", "mei", later(60));
    expect(shouldAsk(resolved, undefined, RULES)).toBe(true);
    expect(shouldAsk(resolved, false, RULES)).toBe(false);
    expect(shouldAsk(resolved, undefined, { confirmResolution: false })).toBe(false);
    expect(shouldAsk(resolved, true, { confirmResolution: false })).toBe(true);
    expect(shouldAsk({ ...resolved, contact: { kind: "social", platform: "weibo", handle: "x" } }, true, RULES)).toBe(
      false,
    );
    const started = startConfirmation(resolved, later(60), confirmationExpiry(resolved, RULES));
    expect(shouldAsk(started, true, RULES)).toBe(false);
  });

  it("lets the link live exactly as long as the task waits for an answer before closing itself", () => {
    const resolved = resolve(contactedTask(), "refund", "mei", later(60));
    const expiry = confirmationExpiry(resolved, RULES);
    expect(expiry.getTime() - later(60).getTime()).toBe(RULES.closeAfterResolvedDays * 86_400_000);
    // The sweep closes it as unanswered at that moment, whatever the question's state.
    expect(autoCloseDue(asked(), expiry, RULES)).toBe(true);
    expect(autoCloseDue(asked(), new Date(expiry.getTime() - 60_000), RULES)).toBe(false);
    const timedOut = close(asked(), "system:sla-sweep", expiry, "timeout");
    expect(timedOut).toMatchObject({ status: "closed", closeReason: "timeout" });
  });

  it("records the question on the task: sent once, or not sent and why, without the address", () => {
    const task = asked();
    expect(confirmationOf(task, 1)).toMatchObject({ round: 1, state: "sent", at: later(61).toISOString() });
    expect(task.audit.at(-1)).toMatchObject({ action: "confirmation_sent", actor: "system:confirmation" });
    // Writing an outcome again (a retry) changes nothing.
    expect(recordConfirmationOutcome(task, 1, { sent: false, reason: "send_failed" }, later(62))).toBe(task);

    const resolved = resolve(contactedTask(), "refund", "mei", later(60));
    const started = startConfirmation(resolved, later(60), confirmationExpiry(resolved, RULES));
    const failed = recordConfirmationOutcome(started, 1, { sent: false, reason: "send_failed" }, later(61));
    expect(failed.status).toBe("resolved");
    expect(confirmationOf(failed, 1)).toMatchObject({ state: "not_sent", reason: "send_failed" });
    expect(failed.audit.at(-1)?.detail).toMatch(/^could not send/);
  });

  it("reads tasks stored before confirmations existed, and the new fields back", () => {
    const { confirmations: _none, ...old } = asked();
    expect(FollowUpTaskV2.parse(old).confirmations).toBeUndefined();
    expect(FollowUpTaskV2.parse(JSON.parse(JSON.stringify(asked()))).confirmations).toEqual(asked().confirmations);
  });
});

describe("the customer's answer", () => {
  it("yes closes the task as confirmed, with the rating and the words (masked) in the audit", () => {
    const task = asked();
    const { effect, task: next } = answerConfirmation(
      task,
      1,
      { solved: true, csat: 5, comment: "收到了，谢谢！有事打我 13812345678" },
      later(24 * 60),
    );
    expect(effect).toBe("closed");
    expect(next).toMatchObject({
      status: "closed",
      closeReason: "customer_confirmed",
      closedAt: later(24 * 60).toISOString(),
    });
    expect(confirmationOf(next, 1)?.answer).toEqual({
      solved: true,
      csat: 5,
      at: later(24 * 60).toISOString(),
      effect: "closed",
    });
    const answered = next.audit.find((e) => e.action === "confirmation_answered");
    expect(answered).toMatchObject({ actor: "customer" });
    expect(answered?.detail).toContain("solved, says the customer; satisfaction 5 of 5");
    expect(answered?.detail).toContain("收到了，谢谢！");
    expect(answered?.detail).not.toContain("13812345678");
  });

  it("no reopens it with fresh clocks, a new round and the customer's words for the lead", () => {
    const task = asked();
    const at = later(2 * 24 * 60);
    const { effect, task: next } = answerConfirmation(task, 1, { solved: false, comment: "退款还没到账" }, at);
    expect(effect).toBe("reopened");
    expect(next).toMatchObject({ status: "open", round: 2, clockStartedAt: at.toISOString() });
    expect(next.firstRespondedAt).toBeUndefined();
    expect(next.resolvedAt).toBeUndefined();
    expect(Date.parse(next.firstResponseDueAt)).toBe(at.getTime() + 2 * 3_600_000);
    expect(Date.parse(next.resolveDueAt)).toBe(at.getTime() + 24 * 3_600_000);
    expect(next.audit.find((e) => e.action === "confirmation_answered")?.detail).toBe(
      "not solved, says the customer: “退款还没到账”",
    );
    expect(next.audit.at(-1)).toMatchObject({ action: "reopened", actor: "customer" });
    // The next resolution gets its own question.
    const contactedAgain = markContacted(next, "mei", later(3 * 24 * 60));
    expect(shouldAsk(resolve(contactedAgain, "refund", "mei", later(3 * 24 * 60 + 5)), undefined, RULES)).toBe(true);
  });

  it("no is only recorded when the customer has another active task by now", () => {
    const { effect, task } = answerConfirmation(asked(), 1, { solved: false }, later(100), false);
    expect(effect).toBe("recorded");
    expect(task).toMatchObject({ status: "resolved", round: 1 });
    expect(task.audit.at(-1)?.detail).toContain("the customer has another open task: recorded only");
    expect(answerConfirmation(asked(), 1, { solved: true }, later(100), false).effect).toBe("closed");
  });

  it("is recorded once: a second answer to the same question changes nothing", () => {
    const { task: closed } = answerConfirmation(asked(), 1, { solved: true }, later(100));
    expect(answerConfirmation(closed, 1, { solved: false, comment: "changed my mind" }, later(101))).toEqual({
      effect: "already_answered",
      task: closed,
    });
  });

  it("after the task closed by timeout, records the answer and keeps it closed", () => {
    const timedOut = close(asked(), "system:sla-sweep", later(3 * 24 * 60 + 60), "timeout");
    for (const solved of [true, false]) {
      const { effect, task } = answerConfirmation(timedOut, 1, { solved }, later(3 * 24 * 60 + 61));
      expect(effect).toBe("recorded");
      expect(task).toMatchObject({ status: "closed", closeReason: "timeout", round: 1 });
      expect(task.audit.at(-1)?.detail).toContain("the task was already closed: recorded only");
    }
  });

  it("about an earlier resolution (a lead reopened the task since), records it and changes no state", () => {
    const reopened = reopen(asked(), "mei", later(120), "customer called again");
    const { effect, task } = answerConfirmation(reopened, 1, { solved: false }, later(130));
    expect(effect).toBe("recorded");
    expect(task).toMatchObject({ status: reopened.status, round: 2, clockStartedAt: reopened.clockStartedAt });
    expect(answerConfirmation(reopened, 2, { solved: true }, later(130)).effect).toBe("not_asked");
  });
});

describe("satisfaction with the resolution", () => {
  it("counts each answer once, as yes or no, under the task's week", () => {
    const task = asked();
    const yes = answerConfirmation(task, 1, { solved: true }, later(100)).task;
    expect(loopCounterChange(task, yes)).toEqual({ week: "2026-W48", key: LOOP_KEY, add: { resolutionYes: 1 } });
    const no = answerConfirmation(task, 1, { solved: false }, later(100)).task;
    expect(loopCounterChange(task, no)?.add).toEqual({ resolutionNo: 1 });
    expect(loopCounterChange(yes, yes)).toBeUndefined();
    // Sending the question counts nothing.
    expect(loopCounterChange(resolve(contactedTask(), "refund", "mei", later(60)), task)).toBeUndefined();
  });

  it("is the share of yes over the weeks given, next to its 90 % target", () => {
    expect(
      resolutionSatisfaction([{ resolutionYes: 17, resolutionNo: 1 }, { resolutionYes: 1, resolutionNo: 1 }, {}]),
    ).toEqual({
      yes: 18,
      no: 2,
      n: 20,
      share: 90,
      target: 90,
      meetsTarget: true,
    });
    expect(resolutionSatisfaction([{ resolutionYes: 3, resolutionNo: 1 }])).toMatchObject({
      share: 75,
      meetsTarget: false,
    });
    expect(resolutionSatisfaction([{ opened: 4 }])).toMatchObject({ n: 0, share: undefined, meetsTarget: undefined });
  });

  it("goes into the digest's loop summary over the four newest weeks, honest below five answers", () => {
    const weeks: Array<Record<string, number>> = [
      { resolutionYes: 4 },
      { resolutionYes: 3, resolutionNo: 1 },
      {},
      { resolutionNo: 1 },
      { resolutionNo: 50 },
    ];
    expect(loopSummary(weeks[0] ?? {}, 0, weeks).resolutionSatisfied).toEqual({
      value: 77.77777777777777,
      n: 9,
      enough: true,
    });
    expect(loopSummary({ resolutionYes: 2, resolutionNo: 1 }, 0).resolutionSatisfied).toMatchObject({
      n: 3,
      enough: false,
    });
  });
});

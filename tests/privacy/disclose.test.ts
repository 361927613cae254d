import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { enrichFeedback } from "#shared/enrich/model/enrich";
import { StoredFeedback } from "#shared/feedback/model/schema";
import { FollowUpTaskV2 } from "#shared/follow-up/model/task";
import {
  forViewer,
  isCode,
  type Lens,
  maskForDisplay,
  maskKnownValues,
  pseudonymKey,
  pseudonymOf,
  type UnmaskedRead,
} from "#shared/privacy/model/disclose";
import { POLICIES, type RecordKind } from "#shared/privacy/model/policy";

/** The privacy policy (shared/privacy/model/policy.ts) as a reader without rights meets it. */

const KEY = pseudonymKey([{ id: "k1", secret: new TextEncoder().encode("a-signing-secret-of-32-characters!!") }]);
const noRights: Lens = { canSeePersonalData: false, pseudonymKey: KEY };
const EMAIL = "li.lei@example.com";
const PHONE = "13812345678";
const NAME = "张伟";
const RAW = [EMAIL, PHONE, NAME];

const feedback = {
  id: "fb_01jd0000000000000000000000",
  channel: "csat",
  receivedAt: "2026-11-24T08:00:00.000Z",
  occurredAt: "2026-11-24T08:00:00.000Z",
  week: "2026-W48",
  score: 1,
  text: `我是${NAME}, 电话 [phone]`,
  language: "zh-Hans",
  sentiment: "NEGATIVE",
  sentimentScores: { positive: 0, negative: 1, neutral: 0, mixed: 0 },
  sentimentSource: "text",
  themes: ["delivery"],
  taxonomyVersion: "v1",
  analyzer: "local",
  detractor: true,
  customerId: NAME,
  touchpoint: EMAIL,
  locale: "zh-CN",
  sourceId: PHONE,
  platform: NAME,
  url: `https://weibo.com/${EMAIL}/123`,
  authorHandle: EMAIL,
  followers: 10,
  service: { ticketId: PHONE, agentId: NAME, team: EMAIL },
  taskId: "task_01jd0000000000000000000000",
  storedAt: "2026-11-24T08:00:01.000Z",
} satisfies StoredFeedback;

const task = {
  id: "task_01jd0000000000000000000000",
  contact: { kind: "customer", id: NAME },
  customerId: NAME,
  customerTier: PHONE,
  channel: "csat",
  feedbackIds: [feedback.id],
  themes: ["delivery"],
  team: "logistics",
  status: "contacted",
  assignee: "mei",
  priority: { score: 80, level: "P1", factors: [{ factor: "tier", points: 25, why: `${PHONE} customer` }] },
  reasons: [`CSAT 1 of 5, ${EMAIL}`],
  openedAt: "2026-11-24T08:00:00.000Z",
  sla: { firstResponseHours: 2, resolveHours: 48 },
  clockStartedAt: "2026-11-24T08:00:00.000Z",
  round: 1,
  firstResponseDueAt: "2026-11-24T10:00:00.000Z",
  resolveDueAt: "2026-11-26T08:00:00.000Z",
  resolutionNote: `called ${PHONE}`,
  pauses: [],
  escalations: [],
  version: 3,
  audit: [
    { at: "2026-11-24T09:00:00.000Z", actor: "mei", action: "note", detail: `mailed ${EMAIL}, spoke to ${NAME}` },
  ],
};

const leaks = (value: unknown) => RAW.filter((raw) => JSON.stringify(value).includes(raw));

describe("the policy names every field", () => {
  const shapeOf = (schema: unknown): Record<string, unknown> => {
    const s = schema as { shape?: Record<string, unknown>; out?: { shape?: Record<string, unknown> } };
    return s.shape ?? s.out?.shape ?? {};
  };
  const declared = (kind: RecordKind, field: string) =>
    Object.keys(POLICIES[kind]).some((p) => p === field || p.startsWith(`${field}.`) || p.startsWith(`${field}[]`));

  it.each([
    ["feedback", shapeOf(StoredFeedback)],
    ["task", shapeOf(FollowUpTaskV2)],
  ] as const)("%s", (kind, shape) => {
    expect(Object.keys(shape).length).toBeGreaterThan(10);
    expect(Object.keys(shape).filter((field) => !declared(kind, field))).toEqual([]);
  });
});

describe("forViewer without the right to personal data", () => {
  it("shows no raw personal value of a feedback item, and pseudonymises what groups", () => {
    const shown = forViewer("feedback", feedback, noRights);
    expect(leaks(shown)).toEqual([]);
    expect(shown.customerId).toMatch(/^cust_[0-9a-f]{12}$/);
    expect(shown.authorHandle).toMatch(/^author_[0-9a-f]{12}$/);
    expect(shown.service).toEqual({
      ticketId: expect.stringMatching(/^ticket_/),
      agentId: expect.stringMatching(/^agent_/),
      team: expect.stringMatching(/^team_/),
    });
    expect(shown.touchpoint).toMatch(/^tp_/);
    expect(shown.url).toBe("https://weibo.com/…");
    // The customer's id inside their own words follows the id.
    expect(shown.text).toBe(`我是${shown.customerId}, 电话 [phone]`);
    // Not personal: as stored.
    expect(shown).toMatchObject({ id: feedback.id, score: 1, themes: ["delivery"], locale: "zh-CN" });
  });

  it("shows no raw personal value of a task, its notes and reasons included", () => {
    const shown = forViewer("task", task, noRights);
    expect(leaks(shown)).toEqual([]);
    expect(shown.customerTier).toMatch(/^tier_/);
    expect(shown.priority.factors[0]?.why).toBe(`${shown.customerTier} customer`);
    expect(shown.reasons).toEqual(["CSAT 1 of 5, l***@example.com"]);
    // The phone number is also the tier here: known values are shown as their own field shows them.
    expect(shown.resolutionNote).toBe(`called ${shown.customerTier}`);
    expect(shown.audit[0]?.detail).toBe(`mailed l***@example.com, spoke to ${shown.customerId}`);
    expect(shown).toMatchObject({ assignee: "mei", team: "logistics", status: "contacted", version: 3 });
  });

  it("gives a customer the same pseudonym in feedback and tasks, another key another one, and none without a key", () => {
    const a = forViewer("feedback", feedback, noRights).customerId;
    expect(forViewer("task", task, noRights).customerId).toBe(a);
    expect(forViewer("task", task, noRights).contact.id).toBe(a);
    expect(forViewer("feedback", feedback, noRights).customerId).toBe(a);
    const other = pseudonymKey([{ id: "k2", secret: new TextEncoder().encode("another-signing-secret-of-32-chars!") }]);
    expect(forViewer("feedback", feedback, { canSeePersonalData: false, pseudonymKey: other }).customerId).not.toBe(a);
    expect(forViewer("feedback", feedback, { canSeePersonalData: false }).customerId).toBe("cust_hidden");
  });

  it("masks a field it does not know as free text", () => {
    const shown = forViewer("feedback", { ...feedback, somethingNew: `ring ${PHONE} or 13912345678` }, noRights);
    expect(shown.somethingNew).toBe(`ring ${shown.sourceId} or 139****5678`);
  });

  it("never lets an email or a mainland mobile through any field", () => {
    const fields = ["customerId", "touchpoint", "sourceId", "platform", "authorHandle", "text", "url"] as const;
    fc.assert(
      fc.property(
        fc.constantFrom(...fields),
        fc.emailAddress(),
        fc.stringMatching(/^1[3-9]\d{9}$/),
        fc.string({ maxLength: 8 }),
        (field, email, phone, around) => {
          const value = `${around}${email} ${phone}${around}`;
          const shown = JSON.stringify(forViewer("feedback", { ...feedback, [field]: value }, noRights));
          // Stored text is masked on the way in; here it is checked that the rest never shows either.
          if (field === "text") return;
          expect(shown).not.toContain(email);
          expect(shown).not.toContain(phone);
        },
      ),
    );
  });
});

describe("forViewer with the right to personal data", () => {
  it("returns the record as it is, after the unmasked-read hook", () => {
    const reads: UnmaskedRead[] = [];
    const lens: Lens = {
      canSeePersonalData: true,
      pseudonymKey: KEY,
      viewer: "pii-lead",
      onUnmasked: (r) => reads.push(r),
    };
    expect(forViewer("task", task, lens)).toBe(task);
    expect(forViewer("feedback", feedback, lens)).toBe(feedback);
    expect(reads).toEqual([
      { kind: "task", id: task.id, viewer: "pii-lead" },
      { kind: "feedback", id: feedback.id, viewer: "pii-lead" },
    ]);
  });
});

describe("the treatments", () => {
  it("masks emails and mainland mobiles so that a reader can still tell which", () => {
    expect(maskForDisplay(EMAIL)).toBe("l***@example.com");
    expect(maskForDisplay(PHONE)).toBe("138****5678");
    expect(maskForDisplay("+86 138 1234 5678 or 110101199003071234")).toBe("138****5678 or [id]");
  });

  it("shows codes and pseudonymises anything that is not one", () => {
    expect(["delivery", "gold", "weibo", "T-100", "srv_aB3"].every(isCode)).toBe(true);
    expect([EMAIL, PHONE, NAME, "@lilei", " x"].some(isCode)).toBe(false);
    expect(pseudonymOf("cust", NAME, KEY)).toBe(pseudonymOf("cust", NAME, KEY));
    expect(pseudonymOf("cust", NAME, KEY)).not.toBe(pseudonymOf("agent", NAME, KEY));
  });

  it("replaces known values in a text, longest first, and leaves short ones alone", () => {
    const known = new Map([
      ["li.lei", "author_1"],
      ["li.lei@example.com", "cust_1"],
      ["ab", "x"],
    ]);
    expect(maskKnownValues("LI.LEI@example.com wrote; li.lei too; ab", known)).toBe("cust_1 wrote; author_1 too; ab");
  });
});

describe("on the way in", () => {
  it("masks the customer's own name, id, email and agent in the text they wrote", () => {
    const { record, originalText } = enrichFeedback(
      {
        id: "fb_01jd0000000000000000000001",
        receivedAt: "2026-11-24T08:00:00.000Z",
        input: {
          channel: "csat",
          score: 1,
          comment: `我是${NAME}, 账号 vip-${NAME}-01, 客服 agent-7 很差`,
          customer: { id: `vip-${NAME}-01`, name: NAME, email: EMAIL },
          service: { agentId: "agent-7" },
        },
      },
      { analysis: undefined, themes: [], taxonomyVersion: "v1", now: new Date("2026-11-24T08:00:01Z") },
    );
    expect(record.text).toBe("我是[name], 账号 [customer], 客服 [agent] 很差");
    expect(originalText).toContain(NAME);
  });
});

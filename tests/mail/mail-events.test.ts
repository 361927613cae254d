import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseMailEvent, recipientEvents, sendEmailTracking } from "#shared/mail/model/ses-event";
import {
  addressDigest,
  normaliseAddress,
  type RecipientEvent,
  type Suppression,
  shownAddress,
  verdictAfterTransients,
  verdictFor,
} from "#shared/mail/model/suppression";
import type { MailSuppressions } from "#shared/mail/ports/suppressions";
import { recordMailEvent } from "#shared/mail/record-mail-event";
import { eventBridgeEvent } from "../support/fixtures.ts";

/**
 * SES's bounce and complaint events, from the EventBridge envelope to the suppression list: which
 * shapes are read, who gets suppressed and when, and that a redelivered event changes nothing.
 */

/** The list in memory, with the store's rules: one entry per address, soft bounces once per message. */
const memoryList = () => {
  const entries = new Map<string, Suppression>();
  const transients = new Map<string, Map<string, string>>();
  const list: MailSuppressions = {
    suppressedAmong: async (addresses) =>
      new Map(
        addresses.flatMap((a) =>
          entries.has(normaliseAddress(a))
            ? [[normaliseAddress(a), entries.get(normaliseAddress(a)) as Suppression]]
            : [],
        ),
      ),
    suppress: async (address, s) => {
      if (entries.has(normaliseAddress(address))) return "already";
      entries.set(normaliseAddress(address), s);
      return "suppressed";
    },
    recordTransient: async (address, bounce, since) => {
      const mine = transients.get(normaliseAddress(address)) ?? new Map<string, string>();
      mine.set(bounce.messageId, bounce.at);
      transients.set(normaliseAddress(address), mine);
      return [...mine.values()].filter((at) => at >= since.toISOString()).length;
    },
    lift: async (address) => entries.delete(normaliseAddress(address)),
    list: async () => [...entries.values()],
  };
  return { list, entries };
};

const bounce = (over: { address?: string; type?: string; messageId?: string; at?: string } = {}) => {
  const event = eventBridgeEvent("ses-bounce-permanent");
  const detail = event.detail as {
    mail: { messageId: string };
    bounce: { bounceType: string; timestamp: string; bouncedRecipients: Array<{ emailAddress: string }> };
  };
  if (over.address) detail.bounce.bouncedRecipients = [{ emailAddress: over.address }];
  if (over.type) detail.bounce.bounceType = over.type;
  if (over.messageId) detail.mail.messageId = over.messageId;
  if (over.at) detail.bounce.timestamp = over.at;
  return event;
};

describe("reading SES events", () => {
  it("reads the sample bounce and complaint as SES publishes them to EventBridge", () => {
    const b = parseMailEvent(eventBridgeEvent("ses-bounce-permanent"));
    const c = parseMailEvent(eventBridgeEvent("ses-complaint"));
    if (!b.ok || !c.ok) throw new Error("the samples do not parse");
    expect(recipientEvents(b.event)).toEqual([
      {
        address: "product-team@example.com",
        kind: "permanent-bounce",
        bounceType: "Permanent",
        at: "2026-11-30T01:00:03.512Z",
        messageId: "0102019ad1f39e0b-1c0f7a52-83d9-4b6e-a2f4-6e9d1b3c8a07-000000",
        audience: "staff",
      },
    ]);
    expect(recipientEvents(c.event)).toEqual([
      expect.objectContaining({ address: "wang.fang@example.com", kind: "complaint", audience: "customer" }),
    ]);
  });

  it("refuses other shapes, saying where they broke and never quoting the address", () => {
    const cases: unknown[] = [
      null,
      "Email Bounced",
      { ...eventBridgeEvent("ses-bounce-permanent"), source: "aws.s3" },
      { ...eventBridgeEvent("ses-bounce-permanent"), "detail-type": "Email Delivered" },
      // The envelope says complaint, the record says bounce.
      { ...eventBridgeEvent("ses-bounce-permanent"), "detail-type": "Email Complaint Received" },
      bounce({ type: "Soft" }),
      bounce({ at: "yesterday" }),
      { ...bounce(), detail: { ...bounce().detail, mail: {} } },
    ];
    for (const raw of cases) {
      const parsed = parseMailEvent(raw);
      expect(parsed.ok, JSON.stringify(raw)?.slice(0, 80)).toBe(false);
      if (!parsed.ok) {
        expect(parsed.problems.length).toBeGreaterThan(0);
        expect(parsed.problems.join(" ")).not.toContain("@");
      }
    }
    const none = bounce();
    (none.detail as { bounce: { bouncedRecipients: unknown[] } }).bounce.bouncedRecipients = [];
    expect(parseMailEvent(none).ok).toBe(false);
  });

  it("takes an event with fields it does not know (SES adds some over time)", () => {
    const event = bounce();
    (event.detail as Record<string, unknown>).somethingNew = { x: 1 };
    expect(parseMailEvent(event).ok).toBe(true);
  });

  it("counts untagged mail as a customer's, whose address is kept least", () => {
    const event = bounce();
    delete (event.detail as { mail: { tags?: unknown } }).mail.tags;
    const parsed = parseMailEvent(event);
    expect(parsed.ok && recipientEvents(parsed.event)[0]?.audience).toBe("customer");
  });

  it("asks SES to publish events through the configuration set, tagging the audience", () => {
    expect(sendEmailTracking("hearback-mail", "staff")).toEqual({
      ConfigurationSetName: "hearback-mail",
      EmailTags: [{ Name: "hearback-audience", Value: "staff" }],
    });
    expect(sendEmailTracking(undefined, "customer")).toEqual({
      EmailTags: [{ Name: "hearback-audience", Value: "customer" }],
    });
  });
});

describe("who is suppressed", () => {
  const event = (kind: RecipientEvent["kind"], audience: RecipientEvent["audience"] = "staff"): RecipientEvent => ({
    address: "Li.Lei@Example.com",
    kind,
    at: "2026-11-30T01:00:03.512Z",
    messageId: "m-1",
    audience,
  });

  it("suppresses at once for a permanent bounce or a complaint, never for a soft bounce or a not-spam report", () => {
    expect(verdictFor(event("permanent-bounce"))).toMatchObject({
      action: "suppress",
      suppression: { reason: "bounce" },
    });
    expect(verdictFor(event("complaint"))).toMatchObject({ action: "suppress", suppression: { reason: "complaint" } });
    expect(verdictFor(event("transient-bounce"))).toEqual({ action: "count-transient" });
    expect(verdictFor(event("not-spam"))).toEqual({ action: "none" });
  });

  it("suppresses after the third soft bounce within the window", () => {
    expect(verdictAfterTransients(event("transient-bounce"), 2)).toEqual({ action: "none" });
    expect(verdictAfterTransients(event("transient-bounce"), 3)).toMatchObject({
      action: "suppress",
      suppression: { reason: "bounce", bounceType: "Transient" },
    });
  });

  it("keeps a staff address as it is and a customer's only masked", () => {
    expect(verdictFor(event("complaint", "staff"))).toMatchObject({
      suppression: { shownAddress: "li.lei@example.com" },
    });
    expect(verdictFor(event("complaint", "customer"))).toMatchObject({
      suppression: { shownAddress: "l***@example.com" },
    });
    expect(shownAddress("Wang <Wang.Fang@Example.com>", "customer")).toBe("w***@example.com");
  });

  it("treats an address the same whatever its case, spaces or display name, and keys it by a keyed hash", () => {
    fc.assert(
      fc.property(fc.emailAddress(), (address) => {
        const variants = [address, address.toUpperCase(), `  ${address} `, `Someone <${address}>`];
        const digests = new Set(variants.map((v) => addressDigest(v, "key-1")));
        expect(digests.size).toBe(1);
        expect(normaliseAddress(normaliseAddress(address))).toBe(normaliseAddress(address));
        expect([...digests][0]).toMatch(/^[\w-]{43}$/);
        expect(addressDigest(address, "key-2")).not.toBe(addressDigest(address, "key-1"));
      }),
    );
  });
});

describe("recording an event", () => {
  it("suppresses a permanently bouncing address once, however often the event comes", async () => {
    const { list, entries } = memoryList();
    const first = await recordMailEvent({ suppressions: list }, bounce({ address: "PM@Example.com" }));
    const again = await recordMailEvent({ suppressions: list }, bounce({ address: "PM@Example.com" }));
    expect(first).toMatchObject({ status: "recorded", eventType: "Bounce", suppressed: 1, alreadySuppressed: 0 });
    expect(again).toMatchObject({ status: "recorded", suppressed: 0, alreadySuppressed: 1 });
    expect([...entries.keys()]).toEqual(["pm@example.com"]);
    expect(entries.get("pm@example.com")).toMatchObject({
      reason: "bounce",
      bounceType: "Permanent",
      at: "2026-11-30T01:00:03.512Z",
      messageId: "0102019ad1f39e0b-1c0f7a52-83d9-4b6e-a2f4-6e9d1b3c8a07-000000",
    });
  });

  it("suppresses a complaint, but not a not-spam report", async () => {
    const { list, entries } = memoryList();
    expect(await recordMailEvent({ suppressions: list }, eventBridgeEvent("ses-complaint"))).toMatchObject({
      suppressed: 1,
    });
    expect(entries.get("wang.fang@example.com")).toMatchObject({ reason: "complaint", audience: "customer" });
    const notSpam = eventBridgeEvent("ses-complaint");
    const complaint = (notSpam.detail as { complaint: Record<string, unknown> }).complaint;
    complaint.complaintFeedbackType = "not-spam";
    complaint.complainedRecipients = [{ emailAddress: "zhao@example.com" }];
    expect(await recordMailEvent({ suppressions: list }, notSpam)).toMatchObject({ suppressed: 0, ignored: 1 });
    expect(entries.has("zhao@example.com")).toBe(false);
  });

  it("counts soft bounces: the third within seven days suppresses, older ones and repeats do not count", async () => {
    const { list, entries } = memoryList();
    const soft = (messageId: string, at: string) =>
      recordMailEvent(
        { suppressions: list },
        bounce({ address: "full@example.com", type: "Transient", messageId, at }),
      );
    await soft("m-old", "2026-11-01T08:00:00.000Z");
    await soft("m-1", "2026-11-20T08:00:00.000Z");
    expect(await soft("m-2", "2026-11-24T08:00:00.000Z")).toMatchObject({ transient: 1, suppressed: 0 });
    // The same event again: still two in the window.
    expect(await soft("m-2", "2026-11-24T08:00:00.000Z")).toMatchObject({ suppressed: 0 });
    expect(entries.size).toBe(0);
    expect(await soft("m-3", "2026-11-26T08:00:00.000Z")).toMatchObject({ transient: 1, suppressed: 1 });
    expect(entries.get("full@example.com")).toMatchObject({ reason: "bounce", bounceType: "Transient" });
    // An undetermined bounce counts like a soft one.
    expect(
      await recordMailEvent({ suppressions: list }, bounce({ address: "x@example.com", type: "Undetermined" })),
    ).toMatchObject({ transient: 1, suppressed: 0 });
  });

  it("ignores an event of an unknown shape, reporting why, without touching the list", async () => {
    const { list, entries } = memoryList();
    const report = await recordMailEvent({ suppressions: list }, { source: "aws.ses", "detail-type": "Email Opened" });
    expect(report).toMatchObject({ status: "ignored" });
    expect(report.status === "ignored" && report.problems[0]).toMatch(/detail-type|detail/);
    expect(entries.size).toBe(0);
  });
});

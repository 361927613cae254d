import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { maskEmail, maskPersonalData } from "#shared/analysis/model/pii";
import { feedbackId, isFeedbackId } from "#shared/feedback/model/ids";
import { daysNewestFirst, isoWeek, utcDay } from "#shared/kernel/time";

describe("isoWeek", () => {
  it("matches the ISO 8601 calendar on year boundaries", () => {
    expect(isoWeek("2026-01-01T00:00:00Z")).toBe("2026-W01"); // a Thursday
    expect(isoWeek("2027-01-01T12:00:00Z")).toBe("2026-W53"); // 2026 has 53 weeks
    expect(isoWeek("2024-12-30T08:00:00Z")).toBe("2025-W01"); // Monday of 2025's first week
    expect(isoWeek("2021-01-03T12:00:00Z")).toBe("2020-W53");
    expect(isoWeek("2026-11-25T09:30:00Z")).toBe("2026-W48");
  });

  it("keeps Monday 00:00 to Sunday 23:59 UTC in one week", () => {
    expect(isoWeek("2026-11-23T00:00:00Z")).toBe("2026-W48"); // Monday
    expect(isoWeek("2026-11-29T23:59:59.999Z")).toBe("2026-W48"); // Sunday
    expect(isoWeek("2026-11-30T00:00:00Z")).toBe("2026-W49"); // next Monday
  });

  it("uses the UTC day, not the sender's offset", () => {
    // Monday 01:00 in Shanghai is still Sunday in UTC.
    expect(isoWeek("2026-11-30T01:00:00+08:00")).toBe("2026-W48");
    expect(isoWeek(new Date("2026-11-30T01:00:00+08:00"))).toBe("2026-W48");
  });

  it("gives every day of a Monday-to-Sunday run the week of its Monday", () => {
    fc.assert(
      fc.property(
        fc.date({ min: new Date("2000-01-01T00:00:00Z"), max: new Date("2099-12-31T00:00:00Z"), noInvalidDate: true }),
        fc.integer({ min: 0, max: 7 * 86_400_000 - 1 }),
        (any, offset) => {
          const weekday = any.getUTCDay() || 7;
          const monday = Date.UTC(any.getUTCFullYear(), any.getUTCMonth(), any.getUTCDate() - (weekday - 1));
          expect(isoWeek(new Date(monday + offset))).toBe(isoWeek(new Date(monday)));
          expect(isoWeek(new Date(monday + 7 * 86_400_000))).not.toBe(isoWeek(new Date(monday)));
        },
      ),
    );
  });
});

describe("daysNewestFirst", () => {
  it("lists every UTC day from `to` back to `from`, both included", () => {
    expect(daysNewestFirst(new Date("2026-02-27T23:00:00Z"), new Date("2026-03-02T01:00:00Z"))).toEqual([
      "2026-03-02",
      "2026-03-01",
      "2026-02-28",
      "2026-02-27",
    ]);
  });

  it("gives one day when from and to fall on the same day, none when from is after to", () => {
    expect(daysNewestFirst(new Date("2026-11-25T01:00:00Z"), new Date("2026-11-25T22:00:00Z"))).toEqual(["2026-11-25"]);
    expect(daysNewestFirst(new Date("2026-11-26T00:00:00Z"), new Date("2026-11-25T00:00:00Z"))).toEqual([]);
  });

  it("crosses a leap day and a year boundary", () => {
    expect(daysNewestFirst(new Date("2028-02-28T00:00:00Z"), new Date("2028-03-01T00:00:00Z"))).toEqual([
      "2028-03-01",
      "2028-02-29",
      "2028-02-28",
    ]);
    expect(daysNewestFirst(new Date("2026-12-31T00:00:00Z"), new Date("2027-01-01T00:00:00Z"))).toEqual([
      "2027-01-01",
      "2026-12-31",
    ]);
    expect(utcDay("2026-11-25T23:30:00-02:00")).toBe("2026-11-26");
  });
});

describe("feedbackId", () => {
  it("is the same for the same (channel, sourceId), whenever it is computed", () => {
    const a = feedbackId("nps", "survey-8812", new Date("2026-01-01T00:00:00Z"));
    const b = feedbackId("nps", "survey-8812", new Date("2027-06-01T00:00:00Z"));
    expect(a).toBe(b);
    expect(isFeedbackId(a)).toBe(true);
  });

  it("differs across channels and across source ids", () => {
    const ids = new Set([
      feedbackId("nps", "s-1"),
      feedbackId("csat", "s-1"),
      feedbackId("social", "s-1"),
      feedbackId("nps", "s-2"),
    ]);
    expect(ids.size).toBe(4);
  });

  it("differs for any two different source ids on one channel", () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1 }), fc.string({ minLength: 1 }), (x, y) => {
        fc.pre(x !== y);
        expect(feedbackId("nps", x)).not.toBe(feedbackId("nps", y));
      }),
    );
  });

  it("makes 1,000 distinct random ids without a sourceId, each fb_ plus 26 characters", () => {
    const now = new Date("2026-11-25T09:30:00Z");
    const ids = Array.from({ length: 1_000 }, () => feedbackId("csat", undefined, now));
    expect(new Set(ids).size).toBe(1_000);
    for (const id of ids) {
      expect(id.startsWith("fb_")).toBe(true);
      expect(id.length).toBe(3 + 26);
      expect(isFeedbackId(id)).toBe(true);
    }
  });

  it("orders random ids by time", () => {
    const earlier = feedbackId("nps", undefined, new Date("2026-11-25T09:30:00.000Z"));
    const later = feedbackId("nps", undefined, new Date("2026-11-25T09:30:00.001Z"));
    expect(earlier < later).toBe(true);
  });

  it("derives well-formed ids from any sourceId", () => {
    fc.assert(
      fc.property(
        fc.constantFrom("nps", "csat", "social") as fc.Arbitrary<"nps" | "csat" | "social">,
        fc.string(),
        (c, s) => {
          expect(isFeedbackId(feedbackId(c, s))).toBe(true);
        },
      ),
    );
  });

  it("isFeedbackId rejects what is not an id", () => {
    const good = feedbackId("nps", "x");
    for (const bad of ["", good.slice(3), `${good}0`, good.slice(0, -1), `fb_${"i".repeat(26)}`, good.toUpperCase()]) {
      expect(isFeedbackId(bad)).toBe(false);
    }
  });
});

describe("maskPersonalData", () => {
  it.each([
    ["13812345678", "[phone]"],
    ["打电话13812345678也没人接", "打电话[phone]也没人接"],
    ["call 138 1234 5678 please", "call [phone] please"],
    ["电话 +86 138-1234-5678", "电话 [phone]"],
    ["+8613912345678", "[phone]"],
    ["mail wang.li+vip@example.com.cn now", "mail [email] now"],
    ["身份证 11010519491231002X 已登记", "身份证 [id] 已登记"],
    ["ID 110105194912310021", "ID [id]"],
    ["卡号 6222 0212 3456 7890 扣款两次", "卡号 [card] 扣款两次"],
    ["card 4111-1111-1111-1111", "card [card]"],
    ["call +1 (415) 555-0100 anytime", "call [phone] anytime"],
    ["(415) 555-0100", "[phone]"],
    ["+44 20 7946 0958", "[phone]"],
  ])("masks %j", (input, masked) => {
    expect(maskPersonalData(input)).toBe(masked);
  });

  it.each([
    "订单号 20261125 还没发货",
    "still no refund after 3 weeks",
    "只要¥299，很划算",
    "送达日期 2026-11-25",
    "下午 15:30 到 17:45 之间",
    "order #A-1024 arrived at 09:30 on 2026-11-25",
    "5 stars, 10/10 would buy again",
  ])("leaves %j unchanged", (text) => {
    expect(maskPersonalData(text)).toBe(text);
  });

  it("masks every piece of personal data in one text", () => {
    const masked = maskPersonalData("王先生 13812345678，邮箱 wang@example.com，卡 6222 0212 3456 7890");
    expect(masked).toBe("王先生 [phone]，邮箱 [email]，卡 [card]");
  });

  it("leaves text without digits or @ untouched", () => {
    fc.assert(
      fc.property(
        fc.string({ unit: "grapheme" }).filter((s) => !/[\d@]/.test(s)),
        (s) => maskPersonalData(s) === s,
      ),
    );
  });
});

describe("maskEmail", () => {
  it("keeps the first letter and the domain", () => {
    expect(maskEmail("alice@example.com")).toBe("a***@example.com");
    expect(maskEmail("@example.com")).toBe("[email]");
    expect(maskEmail("no-at-sign")).toBe("[email]");
  });
});

describe("masking options", () => {
  it("keeps order numbers (by default) and what the team configured, while still masking a card next to them", () => {
    const text = "订单号 2026112512345678 退款到卡 6222 0212 3456 7890";
    expect(maskPersonalData(text)).toBe("订单号 2026112512345678 退款到卡 [card]");
    const member = "会员号 4111111111111111 退款到卡 6222 0212 3456 7890";
    expect(maskPersonalData(member)).toBe("会员号 [card] 退款到卡 [card]");
    expect(maskPersonalData(member, { keep: [/(?<=会员号 )\d{16}/] })).toBe("会员号 4111111111111111 退款到卡 [card]");
  });

  it("masks @handles only when configured, and never an email's domain", () => {
    const text = "@lumo_help 还没回复我，邮件 wang@example.com";
    expect(maskPersonalData(text)).toBe("@lumo_help 还没回复我，邮件 [email]");
    expect(maskPersonalData(text, { handles: true })).toBe("@[handle] 还没回复我，邮件 [email]");
  });
});

describe("weeks", () => {
  it("finds the Monday of an ISO week and the weeks before it, across a year boundary", async () => {
    const { weekStart, previousWeeks } = await import("#shared/kernel/time");
    expect(weekStart("2026-W48").toISOString()).toBe("2026-11-23T00:00:00.000Z");
    expect(weekStart("2026-W01").toISOString()).toBe("2025-12-29T00:00:00.000Z");
    expect(previousWeeks("2026-W02", 3)).toEqual(["2026-W01", "2025-W52", "2025-W51"]);
    expect(() => weekStart("2026-48")).toThrow(RangeError);
  });
});

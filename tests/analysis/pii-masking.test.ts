import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { luhnValid, maskPersonalData, residentIdValid } from "#shared/analysis/model/pii";
import { isCode, maskForDisplay } from "#shared/privacy/model/disclose";

/** The rule is in docs/personal-data.md (first section): these cases are its examples. */

/** Appends the Luhn check digit to a digit string. */
const withLuhnDigit = (body: string): string => `${body}${[..."0123456789"].find((d) => luhnValid(`${body}${d}`))}`;

describe("order, ticket and tracking numbers stay readable", () => {
  it.each([
    "ORD-2026120400012 还没到",
    "ord-2026120400012 never arrived",
    "SO2026120400012 shipped late",
    "SO-4411 was cancelled",
    "T-100234 is still open",
    "TK-20261204-0012 opened twice",
    "TKT-88231 closed without an answer",
    "ticket #88231 closed without an answer",
    "see #12345 and #A-1024",
    "订单号 2026112512345679 还没发货",
    "订单号：2026112512345678 还没发货",
    "订单编号:2026112512345678",
    "訂單號 2026112512345678 還沒到",
    "我的订单2026112512345678还没发货",
    "订单号是 2026112512345678",
    "单号 SF1234567890123",
    "快递单号：773012345678901，三天没动",
    "运单号 YT7512345678901",
    "工单号#20261204001 没人处理",
    "售后单号 4000123456789012 退款没到",
    "order 2026112512345678",
    "order no. 2026112512345678 missing",
    "Order number: 2026112512345678",
    "order number is 2026112512345678",
    "order #2026112512345678",
    "order id 2026112512345678",
    "ticket 4000123456789012 reopened",
    "tracking 1Z999AA10123456784",
    "tracking number: 9400111899223856928499",
    "waybill 4000123456789012",
  ])("keeps %j", (text) => {
    expect(maskPersonalData(text)).toBe(text);
  });

  it("keeps a 16-digit order number after 订单号 whether or not it passes the Luhn check", () => {
    const order = withLuhnDigit("202611251234567");
    expect(luhnValid(order)).toBe(true);
    expect(maskPersonalData(order)).toBe("[card]");
    expect(maskPersonalData(`订单号 ${order}`)).toBe(`订单号 ${order}`);
    expect(maskPersonalData("订单号 2026112512345679")).toBe("订单号 2026112512345679");
  });

  it("leaves long digit runs that fail the Luhn check alone, grouped or not", () => {
    for (const text of ["2026120400012345", "1234 5678 9012 3456", "1234-5678-9012-3456", "6222021234567890"]) {
      expect(luhnValid(text.replace(/\D/g, ""))).toBe(false);
      expect(maskPersonalData(text)).toBe(text);
    }
  });

  it("keeps the references and masks the personal data around them", () => {
    expect(maskPersonalData("订单号 ORD-123, 电话 13812345678")).toBe("订单号 ORD-123, 电话 [phone]");
    expect(maskPersonalData("订单号 2026112512345679，手机13912345678，卡号 4111 1111 1111 1111")).toBe(
      "订单号 2026112512345679，手机[phone]，卡号 [card]",
    );
    expect(maskPersonalData("Order ORD-2026120400012: call me on +1 (415) 555-0100 or a@b.co")).toBe(
      "Order ORD-2026120400012: call me on [phone] or [email]",
    );
    expect(maskPersonalData("ticket T-100234 / 身份证 11010519491231002X")).toBe("ticket T-100234 / 身份证 [id]");
  });
});

describe("personal data is still masked", () => {
  it.each([
    ["4111111111111111", "[card]"],
    ["card 4111 1111 1111 1111", "card [card]"],
    ["card 4111-1111-1111-1111 charged twice", "card [card] charged twice"],
    ["visa 4012888888881881 refunded", "visa [card] refunded"],
    ["amex 3782 822463 10005", "amex [card]"],
    ["银联 6212 2602 0000 0000 006 扣款", "银联 [card] 扣款"],
    ["Luhn-valid 13 digits 4222222222222", "Luhn-valid 13 digits [card]"],
    // After a card keyword any 13-19 digit run is a card, mistyped or not.
    ["卡号：6222021234567890", "卡号：[card]"],
    ["卡号 6222 0212 3456 7890 扣款两次", "卡号 [card] 扣款两次"],
    ["信用卡6222021234567890被扣款", "信用卡[card]被扣款"],
    ["card number: 4111111111111112", "card number: [card]"],
    ["13812345678", "[phone]"],
    ["+86 138-1234-5678", "[phone]"],
    ["电话 010-12345678", "电话 [phone]"],
    ["座机 0755-8765-4321", "座机 [phone]"],
    ["+44 20 7946 0958", "[phone]"],
    ["+33 1 23 45 67 89", "[phone]"],
    ["call +49 30 1234 5678 90", "call [phone]"],
    ["身份证 11010519491231002X", "身份证 [id]"],
    ["ID 110105194912310021", "ID [id]"],
  ])("masks %j", (input, masked) => {
    expect(maskPersonalData(input)).toBe(masked);
  });

  it.each([
    ["订单号 13812345678", "订单号 [phone]"],
    ["订单号：138 1234 5678", "订单号：[phone]"],
    ["订单号 +86 138 1234 5678", "订单号 [phone]"],
    ["order number 8613812345678", "order number [phone]"],
    ["ticket #13812345678", "ticket #[phone]"],
    ["#13812345678", "#[phone]"],
    ["订单号 11010519491231002X", "订单号 [id]"],
    ["订单号 2026 13812345678", "订单号 2026 [phone]"],
    ["单号 ORD-55 13812345678", "单号 ORD-55 [phone]"],
  ])("masks a person's number put where an order number goes: %j", (input, masked) => {
    expect(maskPersonalData(input)).toBe(masked);
  });

  it("checks resident ID check characters and card Luhn digits", () => {
    expect(residentIdValid("11010519491231002X")).toBe(true);
    expect(residentIdValid("110105194912310021")).toBe(false);
    expect(luhnValid("4111111111111111")).toBe(true);
    expect(luhnValid("4111111111111112")).toBe(false);
  });

  it("masks every Luhn-valid 16-digit number outside a reference", () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[1-9]\d{14}$/), (body) => {
        const card = withLuhnDigit(body);
        return maskPersonalData(`refund to ${card} please`) === "refund to [card] please";
      }),
    );
  });

  it("keeps every reference written with a prefix, whatever the digits", () => {
    fc.assert(
      fc.property(fc.constantFrom("ORD-", "SO", "TK-", "T-"), fc.stringMatching(/^\d{4,20}$/), (prefix, digits) => {
        const text = `${prefix}${digits}`;
        return maskPersonalData(`工单 ${text} 电话 13812345678`) === `工单 ${text} 电话 [phone]`;
      }),
    );
  });
});

describe("configured keep patterns", () => {
  it("keep other numbers readable on top of the order rule", () => {
    const text = "发票 INV4111111111111111，订单 ORD-1，卡 4012888888881881";
    expect(maskPersonalData(text)).toBe("发票 INV[card]，订单 ORD-1，卡 [card]");
    expect(maskPersonalData(text, { keep: [/INV\d{16}/] })).toBe("发票 INV4111111111111111，订单 ORD-1，卡 [card]");
  });
});

describe("what readers without the right see", () => {
  it("shows order numbers to them, and masks the phone beside it", () => {
    expect(maskForDisplay("订单号 ORD-2026120400012, 电话 13812345678")).toBe(
      "订单号 ORD-2026120400012, 电话 138****5678",
    );
    expect(isCode("ORD-2026120400012")).toBe(true);
    expect(isCode("4111111111111111")).toBe(false);
  });
});

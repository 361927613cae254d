import { describe, expect, it } from "vitest";
import { disabledEmail, reasonText } from "#shared/webhooks/model/owner-email";
import { endpoint } from "./fixtures.ts";

const failing = { kind: "failing", since: "2026-12-04T20:29:54.733Z", hours: 72, last: "HTTP 502" } as const;
const hook = endpoint({ id: "crm", url: "https://hooks.example.com/hearback?access_token=secret" });

describe("the email an endpoint's owner gets when it is disabled", () => {
  it("is written in the owner's language with the time in their zone, never a UTC timestamp", () => {
    const zh = disabledEmail(hook, failing, "zh-Hans", "Asia/Shanghai");
    expect(zh.subject).toBe("hearback：Webhook 端点 crm 已停用");
    // 20:29 UTC is 04:29 the next morning in Shanghai.
    expect(zh.text).toMatch(/自 2026年12月5日 04:29 GMT\+8 起的每次投递都失败了（至少 72 小时）；最后一次：HTTP 502/);
    expect(zh.text).not.toMatch(/\d{4}-\d{2}-\d{2}T|every attempt|since/);
    const hant = disabledEmail(hook, failing, "zh-Hant", "Asia/Taipei");
    expect(hant.text).toContain("每次傳送都失敗了");
    expect(hant.text).not.toMatch(/\d{4}-\d{2}-\d{2}T/);
    const en = disabledEmail(hook, failing, "en", "Europe/London");
    expect(en.text).toContain("every attempt has failed since Dec 4, 2026, 20:29 GMT (at least 72 hours)");
  });

  it("leaves the URL's query out (chat platforms put their tokens there) and says how to bring it back", () => {
    const mail = disabledEmail(hook, { kind: "gone" }, "en", "UTC");
    expect(mail.text).not.toContain("access_token");
    expect(mail.text).toContain("https://hooks.example.com/hearback");
    expect(mail.text).toContain("the receiver answered 410 Gone");
    expect(mail.text).toContain("npm run hearback -- webhooks redeliver crm");
    expect(disabledEmail(hook, { kind: "gone" }, "zh-Hans", "UTC").text).toContain("接收方回复 410 Gone");
  });

  it("keeps the reason in English for the API and the logs", () => {
    expect(reasonText(failing)).toBe(
      "every attempt has failed since 2026-12-04T20:29:54.733Z (at least 72 hours); the last: HTTP 502",
    );
  });
});

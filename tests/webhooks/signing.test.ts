import fc from "fast-check";
import { Webhook } from "standardwebhooks";
import { describe, expect, it } from "vitest";
import { dingtalkSign, feishuSign } from "#shared/webhooks/model/chat-sign";
import { webhookIdOf } from "#shared/webhooks/model/events";
import { generateSecret, signedHeaders } from "#shared/webhooks/model/signature";

describe("Standard Webhooks signatures", () => {
  it("verify with the reference package's own Webhook.verify, for any body", () => {
    const secret = generateSecret();
    const verifier = new Webhook(secret);
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), (text) => {
        const body = JSON.stringify({ type: "task.opened", data: { text } });
        const headers = signedHeaders(secret, "msg_test", new Date(), body);
        expect(verifier.verify(body, { ...headers })).toEqual(JSON.parse(body));
      }),
      { numRuns: 50 },
    );
  });

  it("fail for another body, another secret, or an old timestamp", () => {
    const secret = generateSecret();
    const body = '{"type":"task.opened"}';
    const headers = { ...signedHeaders(secret, "msg_test", new Date(), body) };
    expect(() => new Webhook(secret).verify('{"type":"task.resolved"}', headers)).toThrow();
    expect(() => new Webhook(generateSecret()).verify(body, headers)).toThrow();
    const old = { ...signedHeaders(secret, "msg_test", new Date(Date.now() - 10 * 60_000), body) };
    expect(() => new Webhook(secret).verify(body, old)).toThrow(/timestamp/i);
  });

  it("generates whsec_ secrets of 32 random bytes, never the same twice", () => {
    const a = generateSecret();
    expect(a).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    expect(Buffer.from(a.slice(6), "base64")).toHaveLength(32);
    expect(generateSecret()).not.toBe(a);
  });

  it("gives one event one webhook-id per endpoint: the same on every attempt, different across endpoints", () => {
    const id = webhookIdOf("task_1#opened#team", "ops");
    expect(id).toBe(webhookIdOf("task_1#opened#team", "ops"));
    expect(id).toMatch(/^msg_[A-Za-z0-9_-]{27}$/);
    expect(webhookIdOf("task_1#opened#team", "lark")).not.toBe(id);
    expect(webhookIdOf("task_2#opened#team", "ops")).not.toBe(id);
  });
});

/**
 * Expected values computed with the Python code of the platforms' documentation (Feishu: "Custom bot usage
 * guide", gen_sign; DingTalk: "Custom robot security settings", the Python sample with quote_plus).
 */
describe("chat platform signatures", () => {
  it("sign Feishu messages as Feishu's gen_sign does", () => {
    expect(feishuSign(1599360473, "demo")).toBe("l1N0gAcBjdwBvGm1xMjOF0XSyaLRpR7tuO5dHfhAYc8=");
    expect(feishuSign(1733395200, "uQ4JmWuxJrTSzgFTR1Kubb")).toBe("gp9yYn+9mYo5oL/8VqQrT6XU9eV5LZqKLswK2EVdNpE=");
  });

  it("sign DingTalk URLs as DingTalk's sample does, URL-encoded like quote_plus", () => {
    expect(dingtalkSign(1577262236757, "this is secret")).toBe("hmPWwU+7lVdm3ZZz0r9tSfx0L4Q26jWOZr9+Gs6EZQM=");
    const sign = dingtalkSign(1733395200000, "SEC0c1e5d0c2b7a4b9b8c7d6e5f4a3b2c1d0e9f8a7b6c5d4e3f2a1b0c9d8e7f6a5");
    const url = new URL("https://oapi.dingtalk.com/robot/send?access_token=t");
    url.searchParams.set("sign", sign);
    expect(url.search).toContain("sign=oczjoBaA%2Fa2xEAsJYMGp943KkWixISYMdFAnlTtTAzE%3D");
  });
});

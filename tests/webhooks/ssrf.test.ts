import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { addressAllowed, checkWebhookUrl } from "#shared/webhooks/model/ssrf";

const onAws = { allowLoopback: false };
const local = { allowLoopback: true };
const verdict = (url: string, rules = onAws) => checkWebhookUrl(url, rules).ok;

describe("webhook URLs (SSRF)", () => {
  it.each([
    "https://hooks.slack.com/services/T000/B000/XXXX",
    "https://open.feishu.cn/open-apis/bot/v2/hook/abc",
    "https://oapi.dingtalk.com/robot/send?access_token=abc",
    "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=abc",
    "https://8.8.8.8/hook",
    "https://[2606:4700::1111]/hook",
  ])("accepts %s on AWS", (url) => expect(verdict(url)).toBe(true));

  it.each([
    ["http://hooks.example.com/x", "plain http"],
    ["ftp://example.com/x", "another scheme"],
    ["https://user:pass@example.com/x", "credentials in the URL"],
    ["https://127.0.0.1/x", "loopback"],
    ["https://localhost/x", "localhost"],
    ["https://api.localhost/x", "a localhost subdomain"],
    ["https://10.1.2.3/x", "RFC 1918"],
    ["https://172.16.0.1/x", "RFC 1918"],
    ["https://192.168.1.1/x", "RFC 1918"],
    ["https://169.254.169.254/latest/meta-data", "the instance metadata service"],
    ["https://100.100.100.200/", "carrier-grade NAT (another cloud's metadata)"],
    ["https://0.0.0.0/", "unspecified"],
    ["https://2130706433/", "127.0.0.1 written as a decimal number"],
    ["https://0x7f.1/", "127.0.0.1 written in hex"],
    ["https://017700000001/", "127.0.0.1 written in octal"],
    ["https://[::1]/", "IPv6 loopback"],
    ["https://[::ffff:127.0.0.1]/", "IPv4-mapped loopback"],
    ["https://[::ffff:a9fe:a9fe]/", "IPv4-mapped metadata address"],
    ["https://[fd00:ec2::254]/", "the metadata service over IPv6 (unique local)"],
    ["https://[fe80::1]/", "IPv6 link-local"],
    ["https://[64:ff9b::7f00:1]/", "NAT64 of loopback"],
    ["https://[2002:7f00:1::]/", "6to4 of loopback"],
    ["https://metadata.google.internal/", "a metadata name"],
    ["https://intranet/", "a single-label name"],
    ["https://printer.local/", "mDNS"],
    ["not a url", "no URL at all"],
  ])("refuses %s on AWS (%s)", (url) => expect(verdict(url)).toBe(false));

  it("allows http receivers on loopback locally, and nothing else new", () => {
    expect(verdict("http://127.0.0.1:8080/hook", local)).toBe(true);
    expect(verdict("http://[::1]:8080/hook", local)).toBe(true);
    expect(verdict("http://localhost:8080/hook", local)).toBe(true);
    expect(verdict("http://example.com/hook", local)).toBe(false);
    expect(verdict("http://10.0.0.1/hook", local)).toBe(false);
    expect(verdict("https://169.254.169.254/", local)).toBe(false);
  });

  it("judges resolved addresses the same way, IPv4-mapped ones as IPv4", () => {
    expect(addressAllowed("93.184.216.34", onAws)).toBe(true);
    expect(addressAllowed("2606:2800:220:1:248:1893:25c8:1946", onAws)).toBe(true);
    for (const a of [
      "127.0.0.1",
      "::ffff:127.0.0.1",
      "::ffff:10.0.0.1",
      "169.254.169.254",
      "fd00:ec2::254",
      "::",
      "224.0.0.1",
    ])
      expect(addressAllowed(a, onAws), a).toBe(false);
    expect(addressAllowed("::ffff:127.0.0.1", local)).toBe(true);
    expect(addressAllowed("not-an-address", local)).toBe(false);
  });

  it("judges an IPv4 address the same however its host is written (dotted, one decimal number, IPv4-mapped IPv6)", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 32 - 1 }), (n) => {
        const dotted = [24, 16, 8, 0].map((shift) => (n >>> shift) & 255).join(".");
        const hex = n.toString(16).padStart(8, "0");
        const mapped = `[::ffff:${hex.slice(0, 4)}:${hex.slice(4)}]`;
        const expected = addressAllowed(dotted, onAws);
        expect(verdict(`https://${dotted}/`)).toBe(expected);
        expect(verdict(`https://${n}/`)).toBe(expected);
        expect(verdict(`https://${mapped}/`)).toBe(expected);
      }),
      { numRuns: 300 },
    );
  });
});

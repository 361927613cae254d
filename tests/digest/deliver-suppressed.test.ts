import { describe, expect, it } from "vitest";
import { deliverToRecipients } from "#shared/digest/deliver";
import { normaliseAddress, type Suppression } from "#shared/mail/model/suppression";

/**
 * The delivery loop of digests and monthly reports with the suppression list: an address that
 * bounced or complained gets nothing and is counted apart; everyone else still gets theirs.
 */
const bounced: Suppression = {
  reason: "bounce",
  bounceType: "Permanent",
  at: "2026-11-30T01:00:03.512Z",
  messageId: "m-1",
  audience: "staff",
  shownAddress: "gone@example.com",
};

const setup = (suppressed: readonly string[]) => {
  const claims = new Set<string>();
  const sent: string[] = [];
  const asked: string[][] = [];
  const deps = {
    ledger: {
      claim: async (_s: string, period: string, email: string) => {
        if (claims.has(`${period}|${email}`)) return false;
        claims.add(`${period}|${email}`);
        return true;
      },
      release: async (_s: string, period: string, email: string) => {
        claims.delete(`${period}|${email}`);
      },
      unsubscribed: async () => new Set(["left@example.com"]),
    },
    suppressions: {
      suppressedAmong: async (addresses: readonly string[]) => {
        asked.push([...addresses]);
        return new Map(
          addresses.filter((a) => suppressed.includes(normaliseAddress(a))).map((a) => [normaliseAddress(a), bounced]),
        );
      },
    },
  };
  return { deps, claims, sent, asked };
};

const subscription = {
  id: "org",
  recipients: ["pm@example.com", "Gone@Example.com", "left@example.com", "lead@example.com"],
};

describe("delivering to a subscription's recipients with a suppression list", () => {
  it("skips a suppressed address, counts it apart, and still sends to everyone else", async () => {
    const { deps, sent, claims, asked } = setup(["gone@example.com"]);
    const counts = await deliverToRecipients(deps, subscription, "2026-W48", new Date(), async (to) => {
      sent.push(to);
    });
    expect(counts).toEqual({ sent: 2, skipped: 1, suppressed: 1, failed: 0 });
    expect(sent).toEqual(["pm@example.com", "lead@example.com"]);
    // One lookup for the whole list, and no claim for the suppressed reader.
    expect(asked).toEqual([subscription.recipients]);
    expect([...claims].some((c) => c.toLowerCase().includes("gone"))).toBe(false);
  });

  it("reaches the address in a later run once it is lifted, since it was never claimed", async () => {
    const suppressed = ["gone@example.com"];
    const { deps, sent } = setup(suppressed);
    await deliverToRecipients(deps, subscription, "2026-W48", new Date(), async (to) => {
      sent.push(to);
    });
    suppressed.length = 0;
    const rerun = await deliverToRecipients(deps, subscription, "2026-W48", new Date(), async (to) => {
      sent.push(to);
    });
    expect(rerun).toEqual({ sent: 1, skipped: 3, suppressed: 0, failed: 0 });
    expect(sent.at(-1)).toBe("Gone@Example.com");
  });

  it("mails everyone without a list (a deployment that has none)", async () => {
    const { deps, sent } = setup([]);
    const counts = await deliverToRecipients(
      { ledger: deps.ledger },
      subscription,
      "2026-11",
      new Date(),
      async (to) => {
        sent.push(to);
      },
    );
    expect(counts).toEqual({ sent: 3, skipped: 1, suppressed: 0, failed: 0 });
  });
});

import { describe, expect, it } from "vitest";
import { readerAmong, verifyReaderToken } from "#shared/digest/model/reader-links";
import { verifyUnsubscribe } from "#shared/digest/model/subscriptions";
import { sendDueDigests } from "#shared/digest/send-digest";
import { digestLinks } from "#shared/digest/wiring";
import { loadConfig } from "#shared/platform/config";
import { defaultTaxonomy } from "#shared/taxonomy/taxonomy";
import { BASE, inApp, KEY, late, NOW, readerDeps, subscriptions, WEEK } from "./reader-fixtures.ts";

interface Sent {
  to: string;
  html: string;
  text: string;
  unsubscribeUrl: string;
}

/** Sends the logistics team's digest to its two readers, through fakes of the ledger and SES. */
const send = async (days: number) => {
  const sent: Sent[] = [];
  const deps = readerDeps();
  const runs = await sendDueDigests(
    {
      feedback: deps.feedback,
      counters: deps.counters,
      taxonomy: defaultTaxonomy,
      baseUrl: BASE,
      subscriptions: subscriptions.filter((s) => s.id === "logistics-tw"),
      ledger: {
        claim: async () => true,
        release: async () => undefined,
        unsubscribed: async () => new Set<string>(),
      },
      send: async (email) => {
        sent.push(email);
      },
      links: { key: KEY, days },
    },
    NOW,
    { force: true, week: WEEK },
  );
  return { runs, sent };
};

const readerLinksIn = (body: string) =>
  [...body.matchAll(/https:\/\/voc\.example\.com\/digests\/read\/([\w.-]+)/g)].map((m) => {
    const verified = verifyReaderToken(m[1] ?? "", [KEY], NOW);
    if (!verified.ok) throw new Error(`a link that does not verify: ${m[0]}`);
    return {
      ...verified.claims,
      reader: readerAmong(verified.claims, verified.key, ["lead@example.com", "pm@example.com"]),
    };
  });

describe("a digest's links, per reader", () => {
  it("signs every link of each email for its own reader, subscription and week, expiring after DIGEST_LINK_DAYS", async () => {
    const { runs, sent } = await send(30);
    expect(runs).toEqual([{ subscription: "logistics-tw", week: WEEK, sent: 2, skipped: 0, suppressed: 0, failed: 0 }]);
    expect(sent.map((s) => s.to)).toEqual(["lead@example.com", "pm@example.com"]);
    const expiresAt = Math.floor(NOW.getTime() / 1000) + 30 * 86_400;
    for (const email of sent) {
      for (const body of [email.html, email.text]) {
        const links = readerLinksIn(body);
        // "View in browser" (top and bottom of the HTML, once in the text) and one link per quote.
        expect(links.filter((l) => l.feedbackId === undefined).length).toBeGreaterThanOrEqual(1);
        expect(links.flatMap((l) => (l.feedbackId ? [l.feedbackId] : [])).sort()).toEqual([late.id, inApp.id].sort());
        for (const link of links) {
          expect(link).toMatchObject({
            subscription: "logistics-tw",
            reader: email.to,
            week: WEEK,
            locale: "zh-Hant",
            expiresAt,
          });
        }
        // Nothing a reader cannot open: no API links, no address in a reader link.
        expect(body).not.toContain("/v1/");
        expect(body).not.toContain("/digests/preview");
      }
      const unsubscribe = new URL(email.unsubscribeUrl);
      expect(unsubscribe.searchParams.get("e")).toBe(email.to);
      expect(verifyUnsubscribe(KEY.secret, "logistics-tw", email.to, unsubscribe.searchParams.get("sig") ?? "")).toBe(
        true,
      );
    }
    // The same digest, rendered twice: the words are the same, the links are not.
    const [lead, pm] = sent as [Sent, Sent];
    const withoutLinks = (html: string) => html.replace(/https:\/\/[^"\s]+/g, "URL");
    expect(withoutLinks(lead.html)).toBe(withoutLinks(pm.html));
    expect(readerLinksIn(lead.html)[0]).not.toEqual(readerLinksIn(pm.html)[0]);
  });

  it("lasts DIGEST_LINK_DAYS: 90 unless configured, 1 to 365, and refuses to run without a signing key", () => {
    expect(digestLinks(loadConfig({ TABLE_NAME: "t" }), KEY)).toEqual({ key: KEY, days: 90 });
    expect(digestLinks(loadConfig({ TABLE_NAME: "t", DIGEST_LINK_DAYS: "14" }), KEY).days).toBe(14);
    for (const bad of ["0", "366", "two weeks"]) {
      expect(() => loadConfig({ TABLE_NAME: "t", DIGEST_LINK_DAYS: bad })).toThrow(/DIGEST_LINK_DAYS/);
    }
    expect(() => digestLinks(loadConfig({ TABLE_NAME: "t" }), undefined)).toThrow(/signing key/);
  });
});

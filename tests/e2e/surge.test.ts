import { describe, expect, it } from "vitest";
import { formatSurgeReport, runSurge } from "../../tools/soak/soak.ts";

/**
 * `npm run soak -- --surge` at CI size: 1,000 messages (about 2 % sent twice) put straight onto the queue at once
 * while four workers drain it through the real handlers into DynamoDB Local, behind a proxy that cancels
 * transactions racing for the same item with TransactionConflict, as DynamoDB does. Whatever the timing, nothing
 * may be lost or stored twice, every weekly counter row (its shards summed) must equal a recount, and each customer
 * has at most one active follow-up task.
 */
describe("surge: a burst straight onto the queue drains with nothing lost", () => {
  it("stores every item once, counts each once across the shards, and keeps one active task per customer", async () => {
    const report = await runSurge({ items: 1_000, workers: 4 });
    const summary = formatSurgeReport(report);

    expect(report.violations, summary).toEqual([]);
    expect(report.followUpViolations, summary).toEqual([]);
    expect(report.verdict.lost, summary).toEqual([]);
    expect(report.verdict.stored, summary).toBe(report.uniqueItems);
    expect(report.verdict.storedDuplicated, summary).toBe(report.sentTwice);
    expect(report.verdict.counterMismatches, summary).toBe(0);
    expect(report.verdict.counterRows, summary).toBeGreaterThan(0);
    expect(report.verdict.tasks.customersWithSeveralActive, summary).toBe(0);
    // The report carries what it promises: the queue watched while it drained, and every delivery accounted for.
    expect(report.samples.length, summary).toBeGreaterThan(0);
    expect(report.worker.deliveries, summary).toBeGreaterThanOrEqual(report.items);
    // What the adapters counted as conflicts is what the proxy cancelled (nothing else cancels with TransactionConflict).
    expect(report.conflicts.feedback + report.conflicts.tasks, summary).toBe(report.proxy.conflicts);
  }, 180_000);
});

import { describe, expect, it } from "vitest";
import { ciSoak, formatReport, runSoak } from "../../tools/soak/soak.ts";

const total = (counts: Partial<Record<string, number>>) =>
  Object.values(counts).reduce<number>((a, b) => a + (b ?? 0), 0);

/**
 * `npm run soak` at CI size: 2,000 items through the public API while the application is killed
 * mid-batch once, DynamoDB writes fail for a while and Comprehend throttles and times out; then
 * every accepted item must be stored exactly once or sit in the DLQ with its reason.
 */
describe("soak: nothing accepted is lost under faults", () => {
  it("stores every accepted item once (or dead-letters it with a reason) through an application kill, a whole-stack kill, store and analyzer faults", async () => {
    const report = await runSoak(ciSoak(2_000));
    const summary = formatReport(report);

    expect(report.violations, summary).toEqual([]);
    expect(report.verdict.lost, summary).toEqual([]);
    // The faults really happened: an application kill with a batch in hand, a SIGKILL of the whole
    // stack (DynamoDB Local's JVM and the queues included), store and analyzer faults.
    expect(
      report.kills.map((k) => k.wholeStack === true),
      summary,
    ).toEqual([false, true]);
    expect(report.kills[0]?.inFlight, summary).toBeGreaterThan(0);
    expect(report.appStarts, summary).toBe(3);
    expect(report.engineStarts, summary).toBe(2);
    expect(total(report.storeFaults), summary).toBeGreaterThan(0);
    expect(total(report.analyzerFaults), summary).toBeGreaterThan(0);
    // Every accepted item is accounted for: stored, or parked with its reason.
    expect(report.verdict.stored + report.verdict.parkedAccepted, summary).toBe(report.accepted);
    expect(report.invalidRejected, summary).toBe(report.invalidSent);
    expect(report.verdict.counterMismatches, summary).toBe(0);
    // The malformed queue messages are all in the DLQ, each with its reason.
    expect(report.verdict.deadLetters.filter((l) => l.reason !== undefined).length, summary).toBeGreaterThanOrEqual(
      report.poisonSent,
    );
    // Follow-up tasks: every detractor has its task, one active task per customer (workers racing
    // for the same customer join one task), tasks list exactly stored feedback, the weekly
    // "opened" counts match.
    expect(report.verdict.tasks.customersWithSeveralActive, summary).toBe(0);
    expect(report.verdict.tasks.otherViolations, summary).toBe(0);
  }, 240_000);
});

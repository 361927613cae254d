/** What a surge run found (tools/soak/surge.ts), and the table `npm run soak -- --surge` prints. */
import type { SoakVerdict } from "./soak-check.ts";

export interface SurgeSample {
  /** Seconds since the first message was sent. */
  at: number;
  visible: number;
  inFlight: number;
  /** Age in seconds of the oldest item sent and not yet stored at that moment. */
  oldestAge: number;
}

export interface SurgeReport {
  items: number;
  uniqueItems: number;
  sentTwice: number;
  workers: number;
  /** Records a worker takes at once (the deployed `enrichWorker.batchSize`, as the local poller uses). */
  batchSize: number;
  holdMs: number;
  sendSeconds: number;
  /** From the first message sent to the last record stored. */
  drainSeconds: number;
  /** From the last message sent to the last record stored. */
  afterSendSeconds: number;
  itemsPerSecond: number;
  samples: SurgeSample[];
  maxDepth: number;
  maxOldestAge: number;
  /** Seconds from sending to storing, per stored item. */
  wait: { p50: number; p90: number; p99: number; max: number };
  worker: { batches: number; deliveries: number; handedBack: number; crashes: number; redeliveries: number };
  /** Transactions cancelled by TransactionConflict and retried, as the adapters counted them (GET /metrics). */
  conflicts: { feedback: number; tasks: number };
  proxy: { transactions: number; conflicts: number };
  counterShardItems: number;
  verdict: SoakVerdict;
  violations: string[];
  followUpViolations: string[];
}

const n = (x: number) => x.toLocaleString("en-US");

/** The queue's depth and oldest age, about twelve readings across the run. */
const timeline = (samples: readonly SurgeSample[]) => {
  const step = Math.max(1, Math.ceil(samples.length / 12));
  const picked = samples.filter((_, i) => i % step === 0 || i === samples.length - 1);
  return picked.map((s) => `${s.at} s: ${n(s.visible + s.inFlight)} queued, oldest ${s.oldestAge} s`).join("; ");
};

export const formatSurgeReport = (r: SurgeReport): string => {
  const v = r.verdict;
  const rows: Array<[string, string]> = [
    [
      "burst",
      `${n(r.items)} messages straight onto the queue (${n(r.uniqueItems)} items, ${n(r.sentTwice)} sent twice)`,
    ],
    ["sent in", `${r.sendSeconds} s (${n(Math.round(r.items / Math.max(0.1, r.sendSeconds)))} messages/s)`],
    ["workers", `${r.workers} concurrent batches of ${r.batchSize}; conflict proxy holds ${r.holdMs} ms`],
    [
      "drained in",
      `${r.drainSeconds} s from the first message (${r.afterSendSeconds} s after the last was sent), ${n(r.itemsPerSecond)} items/s`,
    ],
    ["queue over time", timeline(r.samples)],
    ["deepest queue / oldest item", `${n(r.maxDepth)} messages / ${r.maxOldestAge} s`],
    ["wait, sent to stored", `p50 ${r.wait.p50} s, p90 ${r.wait.p90} s, p99 ${r.wait.p99} s, max ${r.wait.max} s`],
    [
      "worker retries",
      `${n(r.worker.handedBack)} deliveries handed back to the queue, ${n(r.worker.crashes)} batches crashed; ${n(r.worker.deliveries)} deliveries in ${n(r.worker.batches)} batches (${n(r.worker.redeliveries)} redeliveries)`,
    ],
    [
      "transaction conflicts (retried)",
      `${n(r.conflicts.feedback)} record transactions, ${n(r.conflicts.tasks)} task transactions; the proxy cancelled ${n(r.proxy.conflicts)} of ${n(r.proxy.transactions)}`,
    ],
    ["stored", `${n(v.stored)} (of them sent twice: ${n(v.storedDuplicated)})`],
    ["lost", n(v.lost.length)],
    [
      "weekly counter rows = recount",
      `${n(v.counterRows - v.counterMismatches)} of ${n(v.counterRows)} (summed from ${n(r.counterShardItems)} shard items)`,
    ],
    [
      "follow-up tasks",
      `${n(v.tasks.total)} for ${n(v.tasks.detractorRecords)} detractor records; customers with several active: ${n(v.tasks.customersWithSeveralActive)}`,
    ],
    [
      "violations",
      r.violations.length + r.followUpViolations.length === 0
        ? "none"
        : String(r.violations.length + r.followUpViolations.length),
    ],
  ];
  const width = Math.max(...rows.map(([k]) => k.length));
  return [
    ...rows.map(([k, val]) => `${k.padEnd(width)}  ${val}`),
    ...[...r.violations, ...r.followUpViolations].map((x) => `  ✗ ${x}`),
  ].join("\n");
};

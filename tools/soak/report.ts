/** What a soak run found, and the table `npm run soak` prints. */
import type { AnalyzerFault, StoreFault } from "#shared/local/chaos";
import type { SoakVerdict } from "./soak-check.ts";

export interface SoakReport {
  items: number;
  requests: number;
  clientRetries: number;
  accepted: number;
  answeredDuplicate: number;
  duplicatesSent: number;
  invalidSent: number;
  invalidRejected: number;
  poisonSent: number;
  /** SIGKILLs of the application, or of the whole stack (application and engines). */
  kills: Array<{ at: number; inFlight: number; wholeStack?: boolean }>;
  appStarts: number;
  /** Starts of the engines' process (1 + whole-stack kills). */
  engineStarts: number;
  unexpectedAppExits: number;
  storeFaults: Partial<Record<StoreFault, number>>;
  storeWrites: number;
  /** Requests DynamoDB served through the fault proxy, by operation. */
  storeRequests: Record<string, number>;
  /** TransactWriteItems the conflict proxy saw, and those it cancelled with TransactionConflict (then retried). */
  transactionConflicts: { transactions: number; conflicts: number };
  analyzerFaults: Partial<Record<AnalyzerFault, number>>;
  analyzerCalls: number;
  sendSeconds: number;
  drainSeconds: number;
  elapsedSeconds: number;
  itemsPerSecond: number;
  verdict: SoakVerdict;
  /** Anything lost, counted twice or let in that should not be; and the client's and app's surprises. */
  violations: string[];
  /** Follow-up task invariants broken (see SoakVerdict.tasks). */
  followUpViolations: string[];
}

const n = (x: number) => x.toLocaleString("en-US");
const kinds = (r: Partial<Record<string, number>>) =>
  Object.entries(r)
    .filter(([, v]) => (v ?? 0) > 0)
    .map(([k, v]) => `${k} ${n(v ?? 0)}`)
    .join(", ") || "none";

export const reportRows = (r: SoakReport): Array<[string, string]> => {
  const v = r.verdict;
  const totalFaults = (x: Partial<Record<string, number>>) =>
    Object.values(x).reduce<number>((a, b) => a + (b ?? 0), 0);
  return [
    ["items sent", `${n(r.items)} in ${n(r.requests)} requests (${n(r.clientRetries)} client retries)`],
    ["accepted (202, unique ids)", n(r.accepted)],
    ["duplicates sent", `${n(r.duplicatesSent)} (answered "duplicate": ${n(r.answeredDuplicate)})`],
    ["invalid sent / rejected with 400", `${n(r.invalidSent)} / ${n(r.invalidRejected)}`],
    ["malformed messages put on the queue", n(r.poisonSent)],
    ["stored", `${n(v.stored)} (of them sent more than once: ${n(v.storedDuplicated)})`],
    ["dead-lettered, by reason", `${kinds(v.deadLettersByReason)} (accepted items among them: ${n(v.parkedAccepted)})`],
    ["lost", n(v.lost.length)],
    [
      "weekly counter rows = recount",
      `${n(v.counterRows - v.counterMismatches)} of ${n(v.counterRows)} (summed from ${n(v.counterShards)} shard items)`,
    ],
    [
      "follow-up tasks",
      `${n(v.tasks.total)} (${n(v.tasks.active)} active) for ${n(v.tasks.detractorRecords)} detractor records`,
    ],
    [
      "kills (SIGKILL mid-batch)",
      `${r.kills.length}: ${r.kills.map((k) => `${k.wholeStack ? "whole stack" : "application"} at ${Math.round(k.at * 100)} % with ${k.inFlight} in flight`).join("; ") || "none"}`,
    ],
    ["app starts / crashes on its own", `${r.appStarts} / ${r.unexpectedAppExits}`],
    ["engine starts", String(r.engineStarts)],
    [
      "store faults injected",
      `${n(totalFaults(r.storeFaults))} of ${n(r.storeWrites)} writes: ${kinds(r.storeFaults)}`,
    ],
    [
      "transactions cancelled by a conflict",
      `${n(r.transactionConflicts.conflicts)} of ${n(r.transactionConflicts.transactions)} (retried on another counter shard)`,
    ],
    [
      "analyzer faults injected",
      `${n(totalFaults(r.analyzerFaults))} of ${n(r.analyzerCalls)} calls: ${kinds(r.analyzerFaults)}`,
    ],
    ["edge 'accepted' markers lost to faults", n(v.markersMissing)],
    [
      "elapsed",
      `${r.elapsedSeconds.toFixed(0)} s (sending ${r.sendSeconds.toFixed(0)} s, then draining ${r.drainSeconds.toFixed(0)} s)`,
    ],
    ["throughput", `${r.itemsPerSecond.toFixed(0)} items/s stored, faults and restarts included`],
    ["violations (lost, counted twice, let in)", r.violations.length === 0 ? "none" : String(r.violations.length)],
    [
      "follow-up task invariants broken",
      r.followUpViolations.length === 0 ? "none" : String(r.followUpViolations.length),
    ],
  ];
};

export const formatReport = (r: SoakReport): string => {
  const rows = reportRows(r);
  const width = Math.max(...rows.map(([k]) => k.length));
  return [
    ...rows.map(([k, v]) => `${k.padEnd(width)}  ${v}`),
    ...[...r.violations, ...r.followUpViolations].map((v) => `  ✗ ${v}`),
  ].join("\n");
};

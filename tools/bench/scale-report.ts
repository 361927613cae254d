/** The scale model's report on the console: one table per scenario, its peak and safe settings, the inputs. */
import { formatUsd } from "./cost-format.ts";
import type { ScalePoint } from "./scale-model.ts";
import type { ScaleReport } from "./scale-scenarios.ts";

const percent = (x: number) => (x < 1e-9 ? "0 %" : x < 0.001 ? "<0.1 %" : `${(100 * x).toFixed(1)} %`);
const workersOf = (n: number) => `${n} worker${n === 1 ? "" : "s"}`;
const usd = (x: number | null) => (x === null ? "-" : formatUsd(x));

const row = (p: ScalePoint) => ({
  "items/s stored": p.itemsPerSecond,
  bottleneck: p.bottleneck,
  "conflicts (of attempts)": percent(p.conflictRate),
  "batches failed": percent(p.failedDeliveryRate),
  "dead-lettered": percent(p.deadLetterShare),
  "USD / 1,000 items": usd(p.costPer1000ItemsUsd),
});

export const printScaleReport = (r: ScaleReport): void => {
  console.log(
    `\nScale model: the worker draining a backlog on AWS (${r.region}), batch ${r.batchSize}, window ${r.batchWindowSeconds} s`,
  );
  for (const s of r.scenarios) {
    console.log(`\n${s.name}`);
    console.table(Object.fromEntries(s.points.map((p) => [workersOf(p.workers), row(p)])));
    const last = s.points.at(-1);
    if (last) console.log(`  at ${workersOf(last.workers)}: ${last.limit}`);
    console.log(`  peak: ${s.peak.itemsPerSecond} items/s at ${workersOf(s.peak.workers)} (${s.peak.bottleneck})`);
    const safe = (label: string, x: ScaleReport["scenarios"][number]["safe"]) =>
      console.log(
        x
          ? `  ${label}: batch ${x.batchSize}, maximum concurrency ${x.workers}: ${x.point.itemsPerSecond} items/s, ${percent(x.point.failedDeliveryRate)} of batches failed, ${usd(x.point.costPer1000ItemsUsd)} per 1,000 items`
          : `  ${label}: none tried parks fewer than 1 in 10,000 messages`,
      );
    safe("safe", s.safe);
    safe(`safe at batch ${r.batchSize}`, s.safeAtDeployedBatch);
    if (s.safeUpTo !== null)
      console.log(`  at batch ${r.batchSize}, every maximum concurrency up to ${s.safeUpTo} is safe`);
  }
  console.log("\nshards per row (the sharded code; items/s stored and conflicts at 10, 50, 200 workers):");
  console.table(
    Object.fromEntries(
      r.shardSweep.map((k) => [
        `K = ${k.counterShards}`,
        Object.fromEntries(
          k.points.map((p) => [workersOf(p.workers), `${p.itemsPerSecond}/s, ${percent(p.conflictRate)} conflicts`]),
        ),
      ]),
    ),
  );
  for (const t of r.sensitivity) {
    console.log(
      `\nwith ${t.transactionMs} ms a transaction instead of ${r.assumptions.transactionMs}: ${t.scenarios
        .map(
          (s) =>
            `${s.name.split(":")[0]}: ${s.points.map((p) => `${p.workers} -> ${p.itemsPerSecond}/s (${percent(p.deadLetterShare)} parked)`).join(", ")}`,
        )
        .join("; ")}`,
    );
  }
  const p = r.profile;
  console.log(
    `\nread off the code (demo week, ${p.items} items): ${p.recordTransactions.perBatch} record transaction(s) per ${p.batchSize} items (${p.recordTransactions.meanActions} actions, at most ${p.recordTransactions.maxActions} of 100), ${p.loopTransactionsPerItem} loop-row transactions per item, ${p.counterRowShares.length} counter rows (hottest: ${p.counterRowShares
      .slice(0, 3)
      .map((c) => `${c.row} ${percent(c.share)} of items`)
      .join(", ")}), ${p.wruPerItem} WRU per item; shared partitions: ${p.sharedPartitions
      .map((s) => `${s.where} ${s.key} ${s.wcuPerItem} WCU/item${s.timeOrderedSortKey ? " (timestamp sort key)" : ""}`)
      .join(", ")}.`,
  );
  console.log(`batch time: ${r.batchMsSource}.`);
  console.log(
    `assumed: ${Object.entries(r.assumptions)
      .map(([k, v]) => `${k} ${v}`)
      .join(", ")}.`,
  );
};

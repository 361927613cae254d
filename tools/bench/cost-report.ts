/** The cost model's report on the console: totals per mode and scenario, each line's arithmetic, the inputs. */
import { formatUsd, perUnit } from "./cost-format.ts";
import type { CostReport } from "./cost-model.ts";
import { ANALYZER_MODES } from "./prices.ts";

export const printCostReport = (r: CostReport): void => {
  console.log(`\nAWS cost per 1,000 feedback items (${r.region}; ${r.note})`);
  console.table(
    Object.fromEntries(
      ANALYZER_MODES.map((mode) => [
        mode,
        Object.fromEntries(
          r.scenarios.map((s) => [
            `USD, ${s.itemsPerPost} item${s.itemsPerPost === 1 ? "" : "s"}/POST`,
            Number(s.modes[mode].totalUsd.toFixed(4)),
          ]),
        ),
      ]),
    ),
  );
  const [first] = r.scenarios;
  if (!first) return;
  for (const mode of ANALYZER_MODES) {
    const cost = first.modes[mode];
    console.log(`\n${mode}, ${first.itemsPerPost} item(s) per POST: ${formatUsd(cost.totalUsd)} per 1,000 items`);
    for (const l of cost.lines) console.log(`  ${l.service}: ${l.arithmetic}`);
  }
  const d = r.durations.local;
  console.log(`\ndurations: ingest ${d.sources.ingest}; worker ${d.sources.enrich}; init ${d.sources.init}.`);
  console.log(
    `assumed: ${Object.entries(r.assumptions)
      .map(([k, v]) => `${k} ${v}`)
      .join(", ")}.`,
  );
  console.log("prices (us-east-1, on-demand):");
  for (const p of Object.values(r.prices)) console.log(`  ${perUnit(p)} per ${p.unit}: ${p.source}, since ${p.since}`);
};

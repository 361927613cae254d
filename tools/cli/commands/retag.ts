/** `hearback retag`: re-tags stored feedback with the current taxonomy. */
import { parseArgs } from "node:util";
import { retagFeedback } from "#shared/analysis/retag";
import { defaultTaxonomy } from "#shared/taxonomy/taxonomy";
import { UsageError } from "../usage-error.ts";
import { feedbackStoreOn, tableTarget } from "./targets.ts";

export const retag = async (args: string[]) => {
  const { values } = parseArgs({
    args,
    options: {
      since: { type: "string" },
      until: { type: "string" },
      table: { type: "string", default: process.env.TABLE_NAME },
      local: { type: "boolean", default: false },
    },
  });
  const since = new Date(values.since ?? "");
  const until = values.until ? new Date(values.until) : new Date();
  if (Number.isNaN(since.getTime()) || Number.isNaN(until.getTime())) throw new UsageError("dates must be ISO 8601");
  const store = feedbackStoreOn(await tableTarget(values));
  console.log(
    `re-tagging ${since.toISOString().slice(0, 10)}..${until.toISOString().slice(0, 10)} with taxonomy ${defaultTaxonomy.version}`,
  );
  const report = await retagFeedback({ store, taxonomy: defaultTaxonomy }, { since, until }, (line) =>
    console.log(`  ${line}`),
  );
  console.log(
    `done: ${report.read} records over ${report.days} days; ${report.retagged} re-tagged, ${report.unchanged} unchanged, ${report.stale} changed meanwhile (skipped)`,
  );
};

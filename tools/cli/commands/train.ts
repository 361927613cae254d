/** `hearback train`: re-trains the sentiment model from scored comments. */
import { parseArgs } from "node:util";
import { DEFAULT_TRAINING, trainFromScoredFeedback } from "#shared/analysis/train-model";
import { modelStore } from "#shared/analysis/wiring";
import { feedbackStoreOn, tableTarget } from "./targets.ts";

/** Re-trains from the scored comments of the last --days days; workers pick the new model up within 5 minutes. */
export const train = async (args: string[]) => {
  const { values } = parseArgs({
    args,
    options: {
      days: { type: "string", default: String(DEFAULT_TRAINING.days) },
      "min-examples": { type: "string", default: String(DEFAULT_TRAINING.minExamples) },
      "min-per-class": { type: "string", default: String(DEFAULT_TRAINING.minPerClass) },
      table: { type: "string", default: process.env.TABLE_NAME },
      local: { type: "boolean", default: false },
    },
  });
  const target = await tableTarget(values);
  const result = await trainFromScoredFeedback(
    { feedback: feedbackStoreOn(target), models: modelStore(target.config, target.db), now: () => new Date() },
    {
      days: Number(values.days),
      minExamples: Number(values["min-examples"]),
      minPerClass: Number(values["min-per-class"]),
    },
  );
  if (result.status === "skipped") {
    console.log(`not trained: ${result.reason}`);
    return;
  }
  const c = result.comparison;
  console.log(`on ${c.comments} held-back praising or complaining comments, read as their score says:`);
  console.log(`  lexicon alone          ${c.lexicon.toFixed(3)}`);
  if (c.current !== undefined) console.log(`  current model, blended ${c.current.toFixed(3)}`);
  console.log(`  new model, blended     ${c.candidate.toFixed(3)}`);
  if (result.status === "kept")
    console.log(`kept the current ${c.current === undefined ? "lexicon alone" : "model"}: ${result.reason}`);
  else
    console.log(
      `promoted model ${result.version}, trained on ${result.examples} scored comments (${JSON.stringify(result.byLabel)}), ${result.features} features; workers pick it up within 5 minutes`,
    );
};

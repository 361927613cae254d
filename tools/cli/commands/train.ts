/** `hearback train`: re-trains the sentiment model from scored comments. */
import { parseArgs } from "node:util";
import { DEFAULT_TRAINING, trainFromScoredFeedback } from "#shared/analysis/train-model";
import { modelStore } from "#shared/analysis/wiring";
import { feedbackStoreOn, tableFor } from "./targets.ts";

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
  const target = tableFor(values);
  const result = await trainFromScoredFeedback(
    { feedback: feedbackStoreOn(target), models: modelStore(target.config, target.db), now: () => new Date() },
    {
      days: Number(values.days),
      minExamples: Number(values["min-examples"]),
      minPerClass: Number(values["min-per-class"]),
    },
  );
  if (result.status === "skipped") console.log(`not trained: ${result.reason}`);
  else
    console.log(
      `trained model ${result.version} on ${result.examples} scored comments (${JSON.stringify(result.byLabel)}), ${result.features} features; workers pick it up within 5 minutes`,
    );
};

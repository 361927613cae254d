import middy from "@middy/core";
import { DEFAULT_TRAINING, type TrainingResult, trainFromScoredFeedback } from "#shared/analysis/train-model";
import { modelStore } from "#shared/analysis/wiring";
import { feedbackStore } from "#shared/feedback/wiring";
import { loadConfig } from "#shared/platform/config";
import { logger, observability } from "#shared/platform/observability";

const config = loadConfig();
const deps = { feedback: feedbackStore(config), models: modelStore(config) };

/**
 * Scheduled (daily): re-trains the deployment's sentiment model from its scored comments. Workers
 * pick the new version up within minutes; `hearback train` runs the same code on command.
 */
export const trainModel = async (): Promise<TrainingResult> => {
  const result = await trainFromScoredFeedback({ ...deps, now: () => new Date() }, DEFAULT_TRAINING);
  logger.info("sentiment model training", { ...result });
  return result;
};

export const handler = middy()
  .use(observability())
  .handler(() => trainModel());

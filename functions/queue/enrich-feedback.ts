import { BatchProcessor, EventType, processPartialResponse } from "@aws-lambda-powertools/batch";
import middy from "@middy/core";
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from "aws-lambda";
import { ModelCache } from "#shared/analysis/model-cache";
import { analyzers, modelStore, piiDetector } from "#shared/analysis/wiring";
import { erasures } from "#shared/data-rights/wiring";
import {
  type EnrichDeps,
  prepareBatch,
  processRecord,
  type QueueRecord,
  storeBatch,
} from "#shared/enrich/enrich-batch";
import { type BatchProfile, BatchTimer, profiledDeps } from "#shared/enrich/profile";
import { enrichedStore } from "#shared/enrich/wiring";
import { eventPublisher, mailer, rulesFrom, taskStore } from "#shared/follow-up/wiring";
import { ingestQueue } from "#shared/ingest/wiring";
import { mailSuppressions } from "#shared/mail/wiring";
import { loadConfig } from "#shared/platform/config";
import { count, logger, observability } from "#shared/platform/observability";
import { loadSigningKeys } from "#shared/platform/signing-keys";
import { pseudonymKey } from "#shared/privacy/model/disclose";
import { surveyStore } from "#shared/surveys/wiring";
import { defaultTaxonomy } from "#shared/taxonomy/taxonomy";

const config = loadConfig();
const rules = rulesFrom(config);
const { local, ...engines } = analyzers(config);
/** Warm workers check for a newly trained model at most every five minutes. */
const models = new ModelCache(modelStore(config), local, 5 * 60_000, (error) =>
  logger.warn("could not refresh the sentiment model; keeping the current one", { error }),
);
// Pseudonyms in task emails and events, and the keyed hashes of the erasure register (shared/privacy/).
const pseudonyms = pseudonymKey(await loadSigningKeys(config));
// Task events and feedback.stored go to the same bus (locally: the events file and the webhook queue).
const events = eventPublisher(config);
const deps: EnrichDeps = {
  store: enrichedStore(config),
  queue: ingestQueue(config),
  ...engines,
  taxonomy: defaultTaxonomy,
  now: () => new Date(),
  maxReceiveCount: config.MAX_RECEIVE_COUNT,
  erasures: erasures(config, pseudonyms),
  piiDetector: piiDetector(config),
  surveys: surveyStore(config),
  followUp: {
    tasks: taskStore(config, rules),
    rules,
    taxonomy: defaultTaxonomy,
    // None to a team address that bounced or complained (shared/mail/).
    mailer: mailer(config, mailSuppressions(config, pseudonyms)),
    events,
    onNotifyError: (error) => logger.warn("task notification failed", { error }),
    // Task emails and events show customers by pseudonym (shared/privacy/).
    pseudonymKey: pseudonyms,
  },
  // Each stored record, told to the bus (feedback.stored); a lost event is logged, the batch never fails for it.
  events: events && {
    bus: events,
    pseudonymKey: pseudonyms,
    maxAgeDays: rules.maxAgeDays,
    onError: (error) => logger.warn("feedback.stored events not published", { error }),
  },
  surveyEditWindowDays: config.SURVEY_EDIT_WINDOW_DAYS,
  mask: { handles: config.PII_MASK_HANDLES, keep: config.PII_KEEP_PATTERNS },
};
const processor = new BatchProcessor(EventType.SQS);

let profileSink: ((batch: BatchProfile) => void) | undefined;
/**
 * The bench's hook (`npm run bench -- --only enrich --profile`, in the local stack's process): each
 * batch's step times go to `sink`; undefined turns it off. Never set in Lambda.
 */
export const profileBatches = (sink: ((batch: BatchProfile) => void) | undefined): void => {
  profileSink = sink;
};

const toQueueRecord = (record: SQSRecord): QueueRecord => ({
  messageId: record.messageId,
  body: record.body,
  receiveCount: Number(record.attributes?.ApproximateReceiveCount ?? 1),
});

/** Counts what reaches the dead-letter queue, by reason, once it is there. */
const countingDeadLetters = (queue: EnrichDeps["queue"]): EnrichDeps["queue"] => ({
  deadLetter: async (letters) => {
    await queue.deadLetter(letters);
    for (const reason of new Set(letters.map((l) => l.kind))) {
      count("FeedbackDeadLettered", letters.filter((l) => l.kind === reason).length, { reason });
    }
  },
});

/**
 * SQS -> enrich: analyze, tag, mask, store, count and open follow-up tasks. Failed records are
 * reported individually (partial batch response); the rest of the batch is not retried.
 */
export const enrichFeedback = async (
  event: SQSEvent,
  context: Context,
  dependencies: EnrichDeps = deps,
): Promise<SQSBatchResponse> => {
  const timer = profileSink && new BatchTimer();
  const profiled = timer ? profiledDeps(dependencies, timer) : dependencies;
  const counted: EnrichDeps = { ...profiled, queue: countingDeadLetters(profiled.queue) };
  const prepared = await prepareBatch(event.Records.map(toQueueRecord), counted);
  const report = await storeBatch(prepared, counted);
  const outcomes: Record<string, number> = {};
  const response = await processPartialResponse(
    event,
    async (record: SQSRecord) => {
      const outcome = await processRecord(toQueueRecord(record), prepared.get(record.messageId), counted);
      outcomes[outcome] = (outcomes[outcome] ?? 0) + 1;
      if (outcome === "dead-lettered") logger.warn("message parked in the DLQ", { messageId: record.messageId });
    },
    processor,
    { context, throwOnFullBatchFailure: false },
  );
  logger.info("batch enriched", {
    records: event.Records.length,
    ...outcomes,
    retry: response.batchItemFailures.length,
  });
  count("FeedbackStored", outcomes.stored ?? 0);
  count("FeedbackDuplicates", outcomes.duplicate ?? 0, { stage: "worker" });
  for (const [source, texts] of Object.entries(report.analyzedBy)) count("AnalyzerSource", texts, { source });
  count("AnalyzerFallbacks", report.analyzerFallbacks);
  count("TasksOpened", report.tasksOpened);
  count("SurveyAnswersCounted", report.surveyAnswersCounted);
  if (timer) profileSink?.(timer.finish(event.Records.length));
  return response;
};

export const handler = middy<SQSEvent, SQSBatchResponse>()
  .use(observability())
  .handler(async (event, context) => {
    await models.refresh();
    return enrichFeedback(event, context);
  });

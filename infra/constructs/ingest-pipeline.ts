import { Duration, Validations } from "aws-cdk-lib";
import { Policy, PolicyStatement } from "aws-cdk-lib/aws-iam";
import { SqsEventSource } from "aws-cdk-lib/aws-lambda-event-sources";
import type { Construct } from "constructs";
import { enrichWorker } from "#shared/platform/resources";
import type { AppFunction } from "../app-function.ts";
import { Capability, retentionFromContext, type StatefulResources } from "./capability.ts";
import type { Notifications } from "./notifications.ts";

export const analyzers = ["local", "comprehend", "hybrid"] as const;
export type AnalyzerKind = (typeof analyzers)[number];
export const piiDetections = ["patterns", "comprehend"] as const;
export type PiiDetection = (typeof piiDetections)[number];

/** Reads `-c analyzer=...` and `-c piiDetection=...`; anything the worker does not know fails the synth. */
export const analysisFromContext = (scope: Construct): { analyzer: AnalyzerKind; piiDetection: PiiDetection } => {
  const analyzer: unknown = scope.node.tryGetContext("analyzer") ?? "local";
  const knownAnalyzer = analyzers.find((a) => a === analyzer);
  if (!knownAnalyzer) {
    throw new Error(`Context "analyzer" must be one of ${analyzers.join(", ")}; got ${String(analyzer)}`);
  }
  const pii: unknown = scope.node.tryGetContext("piiDetection") ?? "patterns";
  const knownPii = piiDetections.find((p) => p === pii);
  if (!knownPii) throw new Error(`Context "piiDetection" must be patterns or comprehend; got ${String(pii)}`);
  return { analyzer: knownAnalyzer, piiDetection: knownPii };
};

export interface IngestPipelineProps {
  readonly stateful: StatefulResources;
  readonly notifications: Notifications;
  /** At most this many workers poll the ingest queue at once (default `enrichWorker.maxConcurrency`). */
  readonly workerMaxConcurrency?: number | undefined;
}

/**
 * Feedback in and back out: the API that accepts feedback and queues it, the worker that enriches it from the
 * ingest queue (analysis, PII masking, counters, follow-up tasks), and the API that reads it back.
 */
export class IngestPipeline extends Capability {
  readonly analyzer: AnalyzerKind;
  readonly piiDetection: PiiDetection;
  readonly functions: Record<
    "post-feedback" | "list-feedback" | "get-feedback" | "correct-feedback" | "enrich-feedback",
    AppFunction
  >;

  constructor(scope: Construct, id: string, props: IngestPipelineProps) {
    super(scope, id);
    const { table, ingestQueue, deadLetterQueue, surveySigningKeys } = props.stateful;
    // Read before any function is bundled, so a wrong value fails the synth at once.
    const { analyzer, piiDetection } = analysisFromContext(this);
    this.analyzer = analyzer;
    this.piiDetection = piiDetection;

    const post = this.fn("post-feedback", "accepts feedback and queues it")
      .useTable(table, "readWrite")
      .sendsTo(ingestQueue, "QUEUE_URL");
    // The signing keys also key the pseudonyms of personal data (shared/privacy/).
    const list = this.fn("list-feedback", "lists feedback by day")
      .useTable(table, "read")
      .readsSigningKeys(surveySigningKeys);
    const get = this.fn("get-feedback", "reads one feedback item")
      .useTable(table, "read")
      .readsSigningKeys(surveySigningKeys);
    const correct = this.fn("correct-feedback", "records a person's correction of an item's reading")
      .useTable(table, "readWrite")
      .readsSigningKeys(surveySigningKeys);

    const enrich = this.fn("enrich-feedback", "enriches queued feedback")
      .useTable(table, "readWrite")
      .sendsTo(deadLetterQueue, "DLQ_URL")
      .readsSigningKeys(surveySigningKeys)
      .setEnv("ANALYZER", analyzer)
      .setEnv("PII_DETECTION", piiDetection);
    // The worker stamps each record's originals with their expiry.
    const retentionDays = retentionFromContext(this);
    if (retentionDays !== undefined) enrich.setEnv("ORIGINALS_RETENTION_DAYS", retentionDays);
    props.notifications.notifies(enrich);
    enrich.addEventSource(
      new SqsEventSource(ingestQueue, {
        batchSize: enrichWorker.batchSize,
        maxBatchingWindow: Duration.seconds(enrichWorker.maxBatchingWindowSeconds),
        maxConcurrency: props.workerMaxConcurrency ?? enrichWorker.maxConcurrency,
        reportBatchItemFailures: true,
      }),
    );
    this.grantComprehend(enrich);

    this.functions = {
      "post-feedback": post,
      "list-feedback": list,
      "get-feedback": get,
      "correct-feedback": correct,
      "enrich-feedback": enrich,
    };
  }

  /** The read-only Comprehend calls the worker makes with the analyzer and PII detection chosen; none when local. */
  private grantComprehend(worker: AppFunction): void {
    const actions = [
      ...(this.analyzer !== "local"
        ? ["comprehend:BatchDetectDominantLanguage", "comprehend:BatchDetectSentiment"]
        : []),
      ...(this.piiDetection === "comprehend" ? ["comprehend:DetectPiiEntities"] : []),
    ];
    if (actions.length === 0 || !worker.role) return;
    const comprehend = new Policy(this, "EnrichComprehendPolicy", {
      roles: [worker.role],
      statements: [new PolicyStatement({ actions, resources: ["*"] })],
    });
    Validations.of(comprehend).acknowledge({
      id: "AwsSolutions-IAM5[Resource::*]",
      reason:
        "Amazon Comprehend's BatchDetectSentiment, BatchDetectDominantLanguage and DetectPiiEntities are not resource-scoped (no resource types or condition keys), so IAM requires Resource '*'; the actions are limited to the read-only calls the worker makes.",
    });
  }
}

import { ComprehendClient } from "@aws-sdk/client-comprehend";
import type { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import { dynamo, type TableAccess } from "#shared/platform/clients";
import type { Config } from "#shared/platform/config";
import { traced } from "#shared/platform/tracing";
import { ComprehendAnalyzer, type ComprehendAnalyzerOptions } from "./adapters/comprehend-analyzer.ts";
import { ComprehendPiiDetector } from "./adapters/comprehend-pii-detector.ts";
import { DynamoModelStore } from "./adapters/dynamo-model-store.ts";
import { BlendedAnalyzer } from "./model/blended-analyzer.ts";
import { HybridAnalyzer } from "./model/hybrid-analyzer.ts";
import { LocalAnalyzer } from "./model/local-analyzer.ts";
import type { Analyzer } from "./ports/analyzer.ts";
import type { PiiDetector } from "./ports/pii-detector.ts";

/** Amazon Comprehend behind the Analyzer port, on the caller's client (the bench meters its requests). */
export const comprehendAnalyzer = (client: ComprehendClient, options?: ComprehendAnalyzerOptions): Analyzer =>
  new ComprehendAnalyzer(client, options);

/** Where the learned sentiment model is kept between trainings. */
export const modelStore = (config: TableAccess, db: DynamoDBDocumentClient = dynamo()): DynamoModelStore =>
  new DynamoModelStore(db, config.TABLE_NAME);

/**
 * The configured analyzer, and a fallback for what it cannot handle. With Comprehend, the SDK's
 * own retries are off: the adapter retries throttling with backoff per 25-text chunk itself.
 * Hybrid: the local engine answers when confident, Comprehend (told the language) when not.
 */
export const analyzers = (
  config: Config,
): { analyzer: Analyzer; fallbackAnalyzer: Analyzer | undefined; local: BlendedAnalyzer } => {
  // The lexicon, blended with this deployment's learned model once one has been trained.
  const local = new BlendedAnalyzer(new LocalAnalyzer());
  if (config.ANALYZER === "local") return { analyzer: local, fallbackAnalyzer: undefined, local };
  // A call that hangs is abandoned after 2.5 s and retried by the adapter (up to 4 attempts with
  // backoff), well inside the worker's 30 s, instead of holding the batch until the function times out.
  const client = traced(
    new ComprehendClient({
      maxAttempts: 1,
      requestHandler: { requestTimeout: 2_500, connectionTimeout: 1_000 },
    }),
  );
  if (config.ANALYZER === "comprehend") {
    return { analyzer: comprehendAnalyzer(client), fallbackAnalyzer: local, local };
  }
  const remote = comprehendAnalyzer(client, { trustLocaleHint: true });
  return { analyzer: new HybridAnalyzer(local, remote, config.HYBRID_CONFIDENCE), fallbackAnalyzer: local, local };
};

export const piiDetector = (config: Config): PiiDetector | undefined =>
  config.PII_DETECTION === "comprehend" ? new ComprehendPiiDetector(traced(new ComprehendClient({}))) : undefined;

import { injectLambdaContext } from "@aws-lambda-powertools/logger/middleware";
import middy from "@middy/core";
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from "aws-lambda";
import type { HealthReport } from "#shared/api-contract/health-report";
import { openApiDocument } from "#shared/api-contract/openapi";
import { problemDetails } from "#shared/edge/middleware";
import { json } from "#shared/edge/problem";
import type { FeedbackStore } from "#shared/feedback/ports/feedback-store";
import { feedbackStore } from "#shared/feedback/wiring";
import type { IngestQueue } from "#shared/ingest/ports/ingest-queue";
import { ingestQueue } from "#shared/ingest/wiring";
import { loadConfig } from "#shared/platform/config";
import { logger } from "#shared/platform/observability";

const config = loadConfig();
const deps = { store: feedbackStore(config), queue: ingestQueue(config) };

const TIMEOUT_MS = 2_000;

const check = async <T>(probe: () => Promise<T>) => {
  const started = Date.now();
  try {
    const detail = await Promise.race([
      probe(),
      new Promise<never>((_, reject) => setTimeout(() => reject(new Error("timed out")), TIMEOUT_MS)),
    ]);
    return {
      status: "ok" as const,
      latencyMs: Date.now() - started,
      ...(detail && typeof detail === "object" ? detail : {}),
    };
  } catch (error) {
    return {
      status: "down" as const,
      latencyMs: Date.now() - started,
      error: error instanceof Error ? error.message : "unavailable",
    };
  }
};

/** GET /health: each component's status; 503 when any is down, so load balancers and monitors can act. */
export const health = async (
  dependencies: { store: Pick<FeedbackStore, "ping">; queue: Pick<IngestQueue, "depth"> } = deps,
): Promise<APIGatewayProxyStructuredResultV2> => {
  const [table, queue] = await Promise.all([
    check(() => dependencies.store.ping()),
    check(() => dependencies.queue.depth()),
  ]);
  const components = { table, queue, analyzer: { status: "ok" as const, engine: config.ANALYZER } };
  const ok = table.status === "ok" && queue.status === "ok";
  return json(ok ? 200 : 503, { status: ok ? "ok" : "degraded", components } satisfies HealthReport);
};

let contract: ReturnType<typeof openApiDocument> | undefined;

/**
 * GET /openapi.json: the API contract (shared/api-contract/), built on first request so health
 * checks never pay for it. It changes only with a deployment, so caches may keep it a while.
 */
export const openApi = (): APIGatewayProxyStructuredResultV2 => {
  contract ??= openApiDocument();
  return json(200, contract, { "cache-control": "public, max-age=300" });
};

export const handler = middy<APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2>()
  .use(injectLambdaContext(logger))
  .use(problemDetails(logger))
  .handler((event) => (event.routeKey === "GET /openapi.json" ? openApi() : health()));

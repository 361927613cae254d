import { SQSClient } from "@aws-sdk/client-sqs";
import { describe, expect, it, vi } from "vitest";

/**
 * X-Ray only where Lambda runs with active tracing. Locally the X-Ray SDK must not even load: it would turn on async
 * hooks for the whole process (cls-hooked registers its namespace in `process.namespaces`).
 */
const xrayLoaded = () => (process as { namespaces?: Record<string, unknown> }).namespaces?.AWSXRay !== undefined;
const instrumented = (client: { middlewareStack: { identify(): string[] } }) =>
  client.middlewareStack.identify().some((m) => m.startsWith("XRaySDKInstrumentation"));

describe("tracing", () => {
  it("is off locally: no tracer, clients untouched, the X-Ray SDK never loaded", async () => {
    const { tracer, traced } = await import("#shared/platform/tracing");
    const { observability } = await import("#shared/platform/observability");
    const client = new SQSClient({ region: "us-east-1" });
    expect(tracer).toBeUndefined();
    expect(traced(client)).toBe(client);
    expect(instrumented(client)).toBe(false);
    expect(observability()).toHaveLength(2);
    expect(xrayLoaded()).toBe(false);
  });

  it("on Lambda with active tracing, captures the AWS clients, the DynamoDB document client included", async () => {
    vi.resetModules();
    vi.stubEnv("AWS_XRAY_DAEMON_ADDRESS", "127.0.0.1:2000");
    vi.stubEnv("AWS_LAMBDA_FUNCTION_NAME", "hearback-enrich-feedback");
    vi.stubEnv("AWS_EXECUTION_ENV", "AWS_Lambda_nodejs22.x");
    vi.stubEnv("AWS_REGION", "us-east-1");
    try {
      const { tracer, traced } = await import("#shared/platform/tracing");
      const { dynamo, ses } = await import("#shared/platform/clients");
      const { observability } = await import("#shared/platform/observability");
      expect(tracer?.isTracingEnabled()).toBe(true);
      expect(xrayLoaded()).toBe(true);
      expect(instrumented(traced(new SQSClient({})))).toBe(true);
      expect(instrumented(dynamo())).toBe(true);
      expect(instrumented(ses())).toBe(true);
      // The handler's own segment comes first, before the logger and the metrics flush.
      expect(observability()).toHaveLength(3);
    } finally {
      vi.unstubAllEnvs();
    }
  });
});

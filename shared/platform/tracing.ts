import type { Tracer } from "@aws-lambda-powertools/tracer";

/**
 * X-Ray, on AWS only: Lambda sets AWS_XRAY_DAEMON_ADDRESS when active tracing is on (infra/app-function.ts). Locally
 * and in tests the tracer is never even loaded, because loading the X-Ray SDK turns on async hooks for the whole
 * process. Kept apart from the logger (observability.ts) because the clients need it and the local runtime imports
 * them before it has set the environment the logger reads.
 */
const onAws = process.env.AWS_XRAY_DAEMON_ADDRESS !== undefined && process.env.AWS_LAMBDA_FUNCTION_NAME !== undefined;

export const tracer: Tracer | undefined = onAws
  ? new (await import("@aws-lambda-powertools/tracer")).Tracer({
      serviceName: process.env.POWERTOOLS_SERVICE_NAME ?? "hearback",
      // Only the AWS clients are traced: patching every socket would trace their requests twice.
      captureHTTPsRequests: false,
    })
  : undefined;

/** An AWS SDK v3 client whose calls show as X-Ray subsegments on AWS; the client itself everywhere else. */
export const traced = <T>(client: T): T => (tracer ? tracer.captureAWSv3Client(client) : client);

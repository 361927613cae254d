import { Duration, RemovalPolicy, Validations } from "aws-cdk-lib";
import type { IRole } from "aws-cdk-lib/aws-iam";
import { SqsDestination } from "aws-cdk-lib/aws-lambda-destinations";
import { Queue, QueueEncryption } from "aws-cdk-lib/aws-sqs";
import type { Construct } from "constructs";
import type { AppFunction } from "../app-function.ts";
import { Capability } from "./capability.ts";

/** Lambda's own retries of an asynchronous invocation (EventBridge rules, Scheduler and SES events invoke so). */
export const asyncRetryAttempts = 2;
/** An event older than this is not worth running any more (a sweep or digest six hours late is parked instead). */
export const asyncMaxEventAge = Duration.hours(6);

/**
 * Where work that runs without a caller goes when it fails for good: the scheduled jobs (model training, the SLA
 * sweep, the digest and monthly report schedules, including those the subscriptions API creates at run time) and
 * the mail events. Two ways in, both to one queue: a function that keeps failing after Lambda's retries (its
 * on-failure destination records the event, the error and the function), and an invocation EventBridge or
 * Scheduler could not deliver at all (their dead-letter queue). An alarm fires on the first message
 * (infra/constructs/monitoring.ts); docs/operations.md says how to read and re-run them.
 */
export class FailedJobs extends Capability {
  readonly queue: Queue;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    this.queue = new Queue(this, "FailedJobsQueue", {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
      removalPolicy: RemovalPolicy.RETAIN,
    });
    Validations.of(this.queue).acknowledge({
      id: "AwsSolutions-SQS3",
      reason:
        "This queue is itself the dead-letter queue and on-failure destination of the scheduled and asynchronous invocations; nothing consumes it automatically, an operator reads it.",
    });
  }

  /** `fn`'s asynchronous invocations that still fail after Lambda's retries land here, with the error. */
  catchFailuresOf(fn: AppFunction): AppFunction {
    fn.configureAsyncInvoke({
      onFailure: new SqsDestination(this.queue),
      retryAttempts: asyncRetryAttempts,
      maxEventAge: asyncMaxEventAge,
    });
    return fn;
  }

  /** Lets a Scheduler role park what it could not deliver here (the schedules the API creates name this queue). */
  acceptsFrom(role: IRole): void {
    this.queue.grantSendMessages(role);
  }
}

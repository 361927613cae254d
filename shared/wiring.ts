import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { SQSClient } from "@aws-sdk/client-sqs";
import { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import { DynamoFeedbackStore } from "./adapters/dynamo-feedback-store.ts";
import { SqsIngestQueue } from "./adapters/sqs-ingest-queue.ts";
import type { Config } from "./config.ts";

/**
 * Module-scope wiring shared by the functions: one client per service per cold start. Endpoints
 * come from the SDK's standard variables (AWS_ENDPOINT_URL_DYNAMODB, AWS_ENDPOINT_URL_SQS), which
 * the local runtime sets and AWS leaves unset.
 */
export const feedbackStore = (config: Config): DynamoFeedbackStore =>
  new DynamoFeedbackStore(
    DynamoDBDocumentClient.from(new DynamoDBClient({}), {
      marshallOptions: { removeUndefinedValues: true, convertClassInstanceToMap: false },
    }),
    config.TABLE_NAME,
  );

export const ingestQueue = (config: Config): SqsIngestQueue =>
  new SqsIngestQueue(new SQSClient({ useQueueUrlAsEndpoint: false }), {
    queueUrl: config.QUEUE_URL,
    deadLetterQueueUrl: config.DLQ_URL,
  });

import { SQSClient } from "@aws-sdk/client-sqs";
import type { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import { dynamo, type TableAccess } from "#shared/platform/clients";
import type { Config } from "#shared/platform/config";
import { DynamoAcceptanceLedger } from "./adapters/dynamo-acceptance-ledger.ts";
import { SqsIngestQueue } from "./adapters/sqs-ingest-queue.ts";

export const acceptanceLedger = (config: TableAccess, db: DynamoDBDocumentClient = dynamo()): DynamoAcceptanceLedger =>
  new DynamoAcceptanceLedger(db, config.TABLE_NAME);

export const ingestQueue = (
  config: Pick<Config, "QUEUE_URL" | "DLQ_URL">,
  sqs: SQSClient = new SQSClient({ useQueueUrlAsEndpoint: false }),
): SqsIngestQueue =>
  new SqsIngestQueue(sqs, {
    queueUrl: config.QUEUE_URL,
    deadLetterQueueUrl: config.DLQ_URL,
  });

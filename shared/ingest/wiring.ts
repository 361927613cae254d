import { SQSClient } from "@aws-sdk/client-sqs";
import type { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import { dynamo, type TableAccess } from "#shared/platform/clients";
import type { Config } from "#shared/platform/config";
import { traced } from "#shared/platform/tracing";
import { DynamoAcceptanceLedger } from "./adapters/dynamo-acceptance-ledger.ts";
import { DynamoImportLedger } from "./adapters/dynamo-import-ledger.ts";
import { SqsDeadLetters } from "./adapters/sqs-dead-letters.ts";
import { SqsIngestQueue } from "./adapters/sqs-ingest-queue.ts";
import type { DeadLetterQueue } from "./ports/dead-letters.ts";

export const acceptanceLedger = (config: TableAccess, db: DynamoDBDocumentClient = dynamo()): DynamoAcceptanceLedger =>
  new DynamoAcceptanceLedger(db, config.TABLE_NAME);

/** The ledger `hearback import` accepts with: the API's duplicates, plus stored records; no marker per row. */
export const importLedger = (config: TableAccess, db: DynamoDBDocumentClient = dynamo()): DynamoImportLedger =>
  new DynamoImportLedger(db, config.TABLE_NAME);

export const ingestQueue = (
  config: Pick<Config, "QUEUE_URL" | "DLQ_URL">,
  sqs: SQSClient = traced(new SQSClient({ useQueueUrlAsEndpoint: false })),
): SqsIngestQueue =>
  new SqsIngestQueue(sqs, {
    queueUrl: config.QUEUE_URL,
    deadLetterQueueUrl: config.DLQ_URL,
  });

/** The ingest dead-letter queue as `hearback dlq` reads and redrives it (to the ingest queue). */
export const deadLetters = (
  urls: { deadLetterQueueUrl: string; queueUrl: string },
  sqs: SQSClient = new SQSClient({ useQueueUrlAsEndpoint: false }),
): DeadLetterQueue => new SqsDeadLetters(sqs, urls);

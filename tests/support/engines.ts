import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { SQSClient } from "@aws-sdk/client-sqs";
import { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import { type DynamoEngine, ensureTable, LOCAL_AWS_ENV, startDynamoDbLocal } from "#shared/local/engines";
import { type QueueEngine, startQueues } from "#shared/local/queues";
import { type TableStores, tableStores } from "./stores.ts";

export interface Engines {
  dynamo: DynamoEngine;
  queue: QueueEngine;
  tableName: string;
  stores: TableStores;
  /** The document client the stores use, for tests that read or write items themselves. */
  db: DynamoDBDocumentClient;
  sqs: SQSClient;
  stop(): Promise<void>;
}

const credentials = {
  accessKeyId: LOCAL_AWS_ENV.AWS_ACCESS_KEY_ID,
  secretAccessKey: LOCAL_AWS_ENV.AWS_SECRET_ACCESS_KEY,
};

/**
 * Real local engines (DynamoDB Local in memory, fauxqs) with the project's table and queues, and
 * the environment a Lambda would get, for tests that import the handlers themselves.
 */
export const startEngines = async (tableName = "hearback-test"): Promise<Engines> => {
  const [dynamo, queue] = await Promise.all([startDynamoDbLocal({}), startQueues({ visibilityTimeoutSeconds: 1 })]);
  await ensureTable(dynamo.endpoint, tableName);
  Object.assign(process.env, {
    ...LOCAL_AWS_ENV,
    AWS_ENDPOINT_URL_DYNAMODB: dynamo.endpoint,
    AWS_ENDPOINT_URL_SQS: queue.endpoint,
    TABLE_NAME: tableName,
    QUEUE_URL: queue.queueUrl,
    DLQ_URL: queue.deadLetterQueueUrl,
    POWERTOOLS_LOG_LEVEL: "SILENT",
  });
  const region = LOCAL_AWS_ENV.AWS_REGION;
  const db = DynamoDBDocumentClient.from(new DynamoDBClient({ endpoint: dynamo.endpoint, region, credentials }), {
    marshallOptions: { removeUndefinedValues: true },
  });
  const stores = tableStores(db, tableName);
  const sqs = new SQSClient({ endpoint: queue.endpoint, region, credentials, useQueueUrlAsEndpoint: false });
  return {
    dynamo,
    queue,
    tableName,
    stores,
    db,
    sqs,
    stop: async () => {
      sqs.destroy();
      db.destroy();
      await Promise.all([dynamo.stop(), queue.stop()]);
    },
  };
};

import type { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import { dynamo, type TableAccess } from "#shared/platform/clients";
import { DynamoEnrichedStore } from "./adapters/dynamo-enriched-store.ts";

/** The worker's transactional write of records and their counters. */
export const enrichedStore = (config: TableAccess, db: DynamoDBDocumentClient = dynamo()): DynamoEnrichedStore =>
  new DynamoEnrichedStore(db, config.TABLE_NAME);

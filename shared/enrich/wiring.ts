import type { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import { dynamo, type TableAccess } from "#shared/platform/clients";
import type { Config } from "#shared/platform/config";
import { DynamoEnrichedStore } from "./adapters/dynamo-enriched-store.ts";

/**
 * The worker's transactional write of records, their originals and their counters; the originals
 * expire after `ORIGINALS_RETENTION_DAYS` (its default when the config does not say).
 */
export const enrichedStore = (
  config: TableAccess & Partial<Pick<Config, "ORIGINALS_RETENTION_DAYS">>,
  db: DynamoDBDocumentClient = dynamo(),
): DynamoEnrichedStore => new DynamoEnrichedStore(db, config.TABLE_NAME, config.ORIGINALS_RETENTION_DAYS);

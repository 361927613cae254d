import type { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import { dynamo, type TableAccess } from "#shared/platform/clients";
import type { Config } from "#shared/platform/config";
import type { CounterWriteOptions } from "#shared/platform/dynamo";
import { count } from "#shared/platform/observability";
import { DynamoEnrichedStore } from "./adapters/dynamo-enriched-store.ts";

/**
 * The worker's transactional write of records, their originals and their counters; the originals
 * expire after `ORIGINALS_RETENTION_DAYS` (its default when the config does not say). Transactions
 * cancelled by a concurrent write are counted (TransactionConflicts, store=feedback) unless `counterWrites` says
 * otherwise (and picks the counter shards: the bench compares shard counts).
 */
export const enrichedStore = (
  config: TableAccess & Partial<Pick<Config, "ORIGINALS_RETENTION_DAYS">>,
  db: DynamoDBDocumentClient = dynamo(),
  counterWrites: CounterWriteOptions = {},
): DynamoEnrichedStore =>
  new DynamoEnrichedStore(db, config.TABLE_NAME, config.ORIGINALS_RETENTION_DAYS, {
    onConflict: () => count("TransactionConflicts", 1, { store: "feedback" }),
    ...counterWrites,
  });

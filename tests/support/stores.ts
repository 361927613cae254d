import type { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import { modelStore } from "#shared/analysis/wiring";
import { apiKeyStore } from "#shared/edge/wiring";
import { enrichedStore } from "#shared/enrich/wiring";
import { feedbackStore, weeklyCounters } from "#shared/feedback/wiring";
import { acceptanceLedger } from "#shared/ingest/wiring";

/** Every store on one table, built as the functions build them, for tests that read back what the pipeline wrote. */
export const tableStores = (db: DynamoDBDocumentClient, tableName: string) => {
  const table = { TABLE_NAME: tableName };
  return {
    feedback: feedbackStore(table, db),
    counters: weeklyCounters(table, db),
    enriched: enrichedStore(table, db),
    accepted: acceptanceLedger(table, db),
    apiKeys: apiKeyStore(table, db),
    models: modelStore(table, db),
  };
};

export type TableStores = ReturnType<typeof tableStores>;

import type { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import { dynamo, type TableAccess } from "#shared/platform/clients";
import { DynamoCountersBackfill } from "./adapters/dynamo-counters-backfill.ts";
import { DynamoFeedbackStore } from "./adapters/dynamo-feedback-store.ts";
import { DynamoWeeklyCounters } from "./adapters/dynamo-weekly-counters.ts";

/** Stored feedback. `db` defaults to the function's one DynamoDB client; tools pass their own. */
export const feedbackStore = (config: TableAccess, db: DynamoDBDocumentClient = dynamo()): DynamoFeedbackStore =>
  new DynamoFeedbackStore(db, config.TABLE_NAME);

export const weeklyCounters = (config: TableAccess, db: DynamoDBDocumentClient = dynamo()): DynamoWeeklyCounters =>
  new DynamoWeeklyCounters(db, config.TABLE_NAME);

/** `hearback migrate`'s step that counts older records in the touchpoint x theme rows (schema version 5). */
export const countersBackfillMigration = (
  config: TableAccess,
  db: DynamoDBDocumentClient = dynamo(),
): DynamoCountersBackfill => new DynamoCountersBackfill(db, config.TABLE_NAME);

import type { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import { dynamo, type TableAccess } from "#shared/platform/clients";
import { DynamoFeedbackStore } from "./adapters/dynamo-feedback-store.ts";
import { DynamoWeeklyCounters } from "./adapters/dynamo-weekly-counters.ts";

/** Stored feedback. `db` defaults to the function's one DynamoDB client; tools pass their own. */
export const feedbackStore = (config: TableAccess, db: DynamoDBDocumentClient = dynamo()): DynamoFeedbackStore =>
  new DynamoFeedbackStore(db, config.TABLE_NAME);

export const weeklyCounters = (config: TableAccess, db: DynamoDBDocumentClient = dynamo()): DynamoWeeklyCounters =>
  new DynamoWeeklyCounters(db, config.TABLE_NAME);

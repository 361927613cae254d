import type { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import { dynamo, type TableAccess } from "#shared/platform/clients";
import { DynamoPostLimiter } from "./adapters/dynamo-post-limiter.ts";
import { DynamoSurveyStore } from "./adapters/dynamo-survey-store.ts";

export const surveyStore = (config: TableAccess, db: DynamoDBDocumentClient = dynamo()): DynamoSurveyStore =>
  new DynamoSurveyStore(db, config.TABLE_NAME);

/** The per-survey post limits' counters. */
export const postLimiter = (config: TableAccess, db: DynamoDBDocumentClient = dynamo()): DynamoPostLimiter =>
  new DynamoPostLimiter(db, config.TABLE_NAME);

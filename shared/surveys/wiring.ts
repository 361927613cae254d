import type { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import { dynamo, type TableAccess } from "#shared/platform/clients";
import type { Config } from "#shared/platform/config";
import { DynamoConfirmationMarks } from "./adapters/dynamo-confirmation-marks.ts";
import { DynamoPostLimiter } from "./adapters/dynamo-post-limiter.ts";
import { DynamoSurveyStore } from "./adapters/dynamo-survey-store.ts";

/** Surveys expire the originals' retention (`ORIGINALS_RETENTION_DAYS`) after their link does. */
export const surveyStore = (
  config: TableAccess & Partial<Pick<Config, "ORIGINALS_RETENTION_DAYS">>,
  db: DynamoDBDocumentClient = dynamo(),
): DynamoSurveyStore => new DynamoSurveyStore(db, config.TABLE_NAME, config.ORIGINALS_RETENTION_DAYS);

/** The per-survey post limits' counters. */
export const postLimiter = (config: TableAccess, db: DynamoDBDocumentClient = dynamo()): DynamoPostLimiter =>
  new DynamoPostLimiter(db, config.TABLE_NAME);

/** When each customer was last asked whether their problem is solved (the confirmations' quiet period). */
export const confirmationMarks = (
  config: TableAccess,
  db: DynamoDBDocumentClient = dynamo(),
): DynamoConfirmationMarks => new DynamoConfirmationMarks(db, config.TABLE_NAME);

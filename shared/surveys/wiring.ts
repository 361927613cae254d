import type { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import { dynamo, type TableAccess } from "#shared/platform/clients";
import { DynamoSurveyStore } from "./adapters/dynamo-survey-store.ts";

export const surveyStore = (config: TableAccess, db: DynamoDBDocumentClient = dynamo()): DynamoSurveyStore =>
  new DynamoSurveyStore(db, config.TABLE_NAME);

import { randomBytes } from "node:crypto";
import { ConditionalCheckFailedException } from "@aws-sdk/client-dynamodb";
import {
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  TransactWriteCommand,
  UpdateCommand,
} from "@aws-sdk/lib-dynamodb";
import { contactKey, contactPartition } from "#shared/feedback/model/contact";
import { originalsExpireAt } from "#shared/feedback/model/originals";
import { DEFAULT_ORIGINALS_RETENTION_DAYS } from "#shared/platform/config";
import { conditionFailedAt } from "#shared/platform/dynamo";
import { StoredAttempt, type SurveyAnswer, SurveyRecord } from "../model/record.ts";
import type { SurveyStore } from "../ports/survey-store.ts";

const key = {
  survey: (id: string) => ({ PK: `SURVEY#${id}`, SK: "SURVEY" }),
  lastSurveyed: (customerId: string, kind: string) => ({
    PK: contactPartition(contactKey({ kind: "customer", id: customerId })),
    SK: `LASTSURVEY#${kind}`,
  }),
};

/** Attempts are kept for burst detection and audit, then expire. */
const ATTEMPT_TTL_SECONDS = 60 * 86_400;
const RECENT_ATTEMPTS = 50;

/**
 * A survey's item holds the customer's contact fields, so the table's TTL removes it the
 * retention period after the link's end (never before: answers need it until then). The TTL
 * attribute is the table's `expiresAt` (epoch seconds), so the link's end is stored as
 * `linkExpiresAt`; items written before keep it in `expiresAt` (a string, which the TTL ignores,
 * until `hearback migrate` gives them their TTL).
 */
export const surveyItem = (survey: SurveyRecord, retentionDays: number): Record<string, unknown> => ({
  ...key.survey(survey.surveyId),
  ...survey,
  linkExpiresAt: survey.expiresAt,
  expiresAt: originalsExpireAt(survey.expiresAt, retentionDays),
});

const surveyOf = (item: Record<string, unknown>): SurveyRecord => {
  const { linkExpiresAt, ...rest } = item;
  return SurveyRecord.parse(typeof linkExpiresAt === "string" ? { ...rest, expiresAt: linkExpiresAt } : rest);
};

export class DynamoSurveyStore implements SurveyStore {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly retentionDays: number = DEFAULT_ORIGINALS_RETENTION_DAYS,
  ) {}

  async lastSurveyedAt(customerId: string, kind: "nps" | "csat"): Promise<string | undefined> {
    const out = await this.db.send(
      new GetCommand({ TableName: this.tableName, Key: key.lastSurveyed(customerId, kind) }),
    );
    return typeof out.Item?.lastSurveyedAt === "string" ? out.Item.lastSurveyedAt : undefined;
  }

  async createSurvey(survey: SurveyRecord, quiet: { notAfter: string | undefined }): Promise<"created" | "suppressed"> {
    try {
      await this.db.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Update: {
                TableName: this.tableName,
                Key: key.lastSurveyed(survey.customer.id, survey.kind),
                // customerId marks the item as keyed by contactKey (hearback migrate moves those without).
                UpdateExpression: "SET lastSurveyedAt = :now, surveyId = :id, customerId = :customer",
                ...(quiet.notAfter === undefined
                  ? {
                      ExpressionAttributeValues: {
                        ":now": survey.createdAt,
                        ":id": survey.surveyId,
                        ":customer": survey.customer.id,
                      },
                    }
                  : {
                      ConditionExpression: "attribute_not_exists(lastSurveyedAt) OR lastSurveyedAt <= :notAfter",
                      ExpressionAttributeValues: {
                        ":now": survey.createdAt,
                        ":id": survey.surveyId,
                        ":customer": survey.customer.id,
                        ":notAfter": quiet.notAfter,
                      },
                    }),
              },
            },
            {
              Put: {
                TableName: this.tableName,
                Item: surveyItem(survey, this.retentionDays),
                ConditionExpression: "attribute_not_exists(PK)",
              },
            },
            {
              // The customer's pointer to this survey: how an erasure or an export finds every survey
              // minted for them (shared/privacy/). It expires with the survey record.
              Put: {
                TableName: this.tableName,
                Item: {
                  PK: contactPartition(contactKey({ kind: "customer", id: survey.customer.id })),
                  SK: `SURVEY#${survey.surveyId}`,
                  surveyId: survey.surveyId,
                  createdAt: survey.createdAt,
                  expiresAt: originalsExpireAt(survey.expiresAt, this.retentionDays),
                },
              },
            },
          ],
        }),
      );
      return "created";
    } catch (error) {
      if (conditionFailedAt(error, 0)) {
        return "suppressed";
      }
      throw error;
    }
  }

  async getSurvey(surveyId: string): Promise<SurveyRecord | undefined> {
    const out = await this.db.send(new GetCommand({ TableName: this.tableName, Key: key.survey(surveyId) }));
    if (!out.Item) return undefined;
    return surveyOf(out.Item);
  }

  async recentAttempts(surveyId: string): Promise<StoredAttempt[]> {
    const out = await this.db.send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: "PK = :pk AND begins_with(SK, :attempt)",
        ExpressionAttributeValues: { ":pk": `SURVEY#${surveyId}`, ":attempt": "ATTEMPT#" },
        ScanIndexForward: false,
        Limit: RECENT_ATTEMPTS,
      }),
    );
    return (out.Items ?? []).map((item) => StoredAttempt.parse(item));
  }

  async recordAttempt(surveyId: string, attempt: StoredAttempt): Promise<void> {
    await this.db.send(
      new PutCommand({
        TableName: this.tableName,
        Item: {
          PK: `SURVEY#${surveyId}`,
          SK: `ATTEMPT#${attempt.at}#${randomBytes(4).toString("hex")}`,
          ...attempt,
          expiresAt: Math.floor(Date.parse(attempt.at) / 1000) + ATTEMPT_TTL_SECONDS,
        },
      }),
    );
  }

  async saveAnswer(surveyId: string, answer: SurveyAnswer, firstCountedAt: string): Promise<boolean> {
    try {
      await this.db.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: key.survey(surveyId),
          UpdateExpression: "SET answer = :answer, firstCountedAt = if_not_exists(firstCountedAt, :first)",
          ConditionExpression: "attribute_exists(PK) AND (attribute_not_exists(answer) OR answer.revision < :revision)",
          ExpressionAttributeValues: { ":answer": answer, ":first": firstCountedAt, ":revision": answer.revision },
        }),
      );
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
  }
}

import { randomBytes } from "node:crypto";
import { ConditionalCheckFailedException, TransactionCanceledException } from "@aws-sdk/client-dynamodb";
import {
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  TransactWriteCommand,
  UpdateCommand,
} from "@aws-sdk/lib-dynamodb";
import { contactKey, contactPartition } from "#shared/feedback/model/contact";
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

export class DynamoSurveyStore implements SurveyStore {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
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
                Item: { ...key.survey(survey.surveyId), ...survey },
                ConditionExpression: "attribute_not_exists(PK)",
              },
            },
          ],
        }),
      );
      return "created";
    } catch (error) {
      if (
        error instanceof TransactionCanceledException &&
        error.CancellationReasons?.[0]?.Code === "ConditionalCheckFailed"
      ) {
        return "suppressed";
      }
      throw error;
    }
  }

  async getSurvey(surveyId: string): Promise<SurveyRecord | undefined> {
    const out = await this.db.send(new GetCommand({ TableName: this.tableName, Key: key.survey(surveyId) }));
    if (!out.Item) return undefined;
    return SurveyRecord.parse(out.Item);
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

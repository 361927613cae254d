import { ConditionalCheckFailedException } from "@aws-sdk/client-dynamodb";
import { type DynamoDBDocumentClient, GetCommand, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import type { PostRefusal, PostWindow } from "../model/post-limits.ts";
import type { PostLimiter } from "../ports/post-limiter.ts";

const key = (surveyId: string) => ({ PK: `SURVEYPOSTS#${surveyId}`, SK: "POSTS" });

/**
 * One counter item per survey: the total and one count per window, added to and checked in one
 * conditional UpdateItem, so concurrent posts on any number of function instances can never pass
 * a limit together. Only admitted posts add a window attribute, so the item stays small; it goes
 * by itself (TTL) after the link's end.
 */
export class DynamoPostLimiter implements PostLimiter {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async admit(
    surveyId: string,
    window: PostWindow,
    limits: { perWindow: number; total: number },
    expiresAt: Date,
  ): Promise<{ admitted: true } | { admitted: false; refusal: PostRefusal }> {
    const windowName = `w${window.id}`;
    try {
      await this.db.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: key(surveyId),
          UpdateExpression: "ADD #w :one, posts :one SET expiresAt = :ttl",
          ConditionExpression:
            "(attribute_not_exists(#w) OR #w < :perWindow) AND (attribute_not_exists(posts) OR posts < :total)",
          ExpressionAttributeNames: { "#w": windowName },
          ExpressionAttributeValues: {
            ":one": 1,
            ":perWindow": limits.perWindow,
            ":total": limits.total,
            ":ttl": Math.ceil(expiresAt.getTime() / 1000),
          },
        }),
      );
      return { admitted: true };
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
      const out = await this.db.send(
        new GetCommand({
          TableName: this.tableName,
          Key: key(surveyId),
          ProjectionExpression: "posts",
          ConsistentRead: true,
        }),
      );
      return { admitted: false, refusal: Number(out.Item?.posts ?? 0) >= limits.total ? "total" : "window" };
    }
  }
}

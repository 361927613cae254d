import { ConditionalCheckFailedException } from "@aws-sdk/client-dynamodb";
import { DeleteCommand, type DynamoDBDocumentClient, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import { type ContactKey, contactPartition } from "#shared/feedback/model/contact";
import type { ConfirmationMarks } from "../ports/confirmation-marks.ts";

/**
 * The mark lives in the contact's partition (so an erasure removes it with everything else kept per
 * contact) and expires through the table's TTL; the condition compares the time itself, because
 * the TTL removes items up to a couple of days late.
 */
const key = (contact: ContactKey) => ({ PK: contactPartition(contact), SK: "LASTCONFIRM" });

export class DynamoConfirmationMarks implements ConfirmationMarks {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async claim(contact: ContactKey, at: Date, notAfter: Date, expiresAt: Date): Promise<"claimed" | "suppressed"> {
    try {
      await this.db.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: key(contact),
          UpdateExpression: "SET askedAt = :at, expiresAt = :ttl",
          ConditionExpression: "attribute_not_exists(askedAt) OR askedAt <= :notAfter",
          ExpressionAttributeValues: {
            ":at": at.toISOString(),
            ":notAfter": notAfter.toISOString(),
            ":ttl": Math.ceil(expiresAt.getTime() / 1000),
          },
        }),
      );
      return "claimed";
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return "suppressed";
      throw error;
    }
  }

  async release(contact: ContactKey, at: Date): Promise<void> {
    try {
      await this.db.send(
        new DeleteCommand({
          TableName: this.tableName,
          Key: key(contact),
          ConditionExpression: "askedAt = :at",
          ExpressionAttributeValues: { ":at": at.toISOString() },
        }),
      );
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
    }
  }
}

import {
  DeleteCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
} from "@aws-sdk/lib-dynamodb";
import { DigestSubscription } from "../model/subscriptions.ts";
import type { DigestSubscriptionStore } from "../ports/subscriptions.ts";

const PARTITION = "DIGESTSUBS";
const key = (id: string) => ({ PK: PARTITION, SK: `SUB#${id}` });

/** API-managed digest subscriptions: one small partition, read with a Query (never a Scan). */
export class DynamoSubscriptionStore implements DigestSubscriptionStore {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async list(): Promise<DigestSubscription[]> {
    const subs: DigestSubscription[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const out = await this.db.send(
        new QueryCommand({
          TableName: this.tableName,
          KeyConditionExpression: "PK = :pk AND begins_with(SK, :sub)",
          ExpressionAttributeValues: { ":pk": PARTITION, ":sub": "SUB#" },
          ExclusiveStartKey: start,
        }),
      );
      for (const item of out.Items ?? []) subs.push(DigestSubscription.parse(item.subscription));
      start = out.LastEvaluatedKey;
    } while (start);
    return subs;
  }

  async get(id: string): Promise<DigestSubscription | undefined> {
    const out = await this.db.send(new GetCommand({ TableName: this.tableName, Key: key(id) }));
    return out.Item ? DigestSubscription.parse(out.Item.subscription) : undefined;
  }

  async put(subscription: DigestSubscription, at: string): Promise<"created" | "replaced"> {
    const out = await this.db.send(
      new PutCommand({
        TableName: this.tableName,
        Item: { ...key(subscription.id), subscription, updatedAt: at },
        ReturnValues: "ALL_OLD",
      }),
    );
    return out.Attributes ? "replaced" : "created";
  }

  async remove(id: string): Promise<boolean> {
    const out = await this.db.send(
      new DeleteCommand({ TableName: this.tableName, Key: key(id), ReturnValues: "ALL_OLD" }),
    );
    return out.Attributes !== undefined;
  }
}

import { ConditionalCheckFailedException } from "@aws-sdk/client-dynamodb";
import {
  DeleteCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  UpdateCommand,
} from "@aws-sdk/lib-dynamodb";
import { WEBHOOKS_PARTITION, webhookEndpointKey } from "#shared/platform/table-keys";
import { WebhookEndpoint } from "../model/endpoint.ts";
import type { EndpointStore } from "../ports/endpoints.ts";

/** Webhook endpoints: one small partition, listed with a Query (never a Scan); state changes are conditional updates. */
export class DynamoEndpointStore implements EndpointStore {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async list(): Promise<WebhookEndpoint[]> {
    const endpoints: WebhookEndpoint[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const out = await this.db.send(
        new QueryCommand({
          TableName: this.tableName,
          KeyConditionExpression: "PK = :pk AND begins_with(SK, :ep)",
          ExpressionAttributeValues: { ":pk": WEBHOOKS_PARTITION, ":ep": "EP#" },
          ExclusiveStartKey: start,
        }),
      );
      for (const item of out.Items ?? []) endpoints.push(WebhookEndpoint.parse(item.endpoint));
      start = out.LastEvaluatedKey;
    } while (start);
    return endpoints;
  }

  async get(id: string): Promise<WebhookEndpoint | undefined> {
    const out = await this.db.send(
      new GetCommand({ TableName: this.tableName, Key: webhookEndpointKey(id), ConsistentRead: true }),
    );
    return out.Item ? WebhookEndpoint.parse(out.Item.endpoint) : undefined;
  }

  async put(endpoint: WebhookEndpoint): Promise<"created" | "replaced"> {
    const out = await this.db.send(
      new PutCommand({
        TableName: this.tableName,
        Item: { ...webhookEndpointKey(endpoint.id), endpoint },
        ReturnValues: "ALL_OLD",
      }),
    );
    return out.Attributes ? "replaced" : "created";
  }

  async remove(id: string): Promise<boolean> {
    const out = await this.db.send(
      new DeleteCommand({ TableName: this.tableName, Key: webhookEndpointKey(id), ReturnValues: "ALL_OLD" }),
    );
    return out.Attributes !== undefined;
  }

  /** Sets `failingSince` only if no run is going on; either way answers the run's start. */
  async failing(id: string, at: string): Promise<string | undefined> {
    try {
      await this.db.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: webhookEndpointKey(id),
          UpdateExpression: "SET #e.#since = :at",
          ConditionExpression: "attribute_exists(#e) AND attribute_not_exists(#e.#since)",
          ExpressionAttributeNames: { "#e": "endpoint", "#since": "failingSince" },
          ExpressionAttributeValues: { ":at": at },
        }),
      );
      return at;
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
      return (await this.get(id))?.failingSince;
    }
  }

  async recovered(id: string): Promise<void> {
    try {
      await this.db.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: webhookEndpointKey(id),
          UpdateExpression: "REMOVE #e.#since",
          ConditionExpression: "attribute_exists(#e.#since)",
          ExpressionAttributeNames: { "#e": "endpoint", "#since": "failingSince" },
        }),
      );
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
    }
  }

  async disable(id: string, at: string, reason: string): Promise<boolean> {
    try {
      await this.db.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: webhookEndpointKey(id),
          UpdateExpression: "SET #e.#on = :no, #e.#at = :at, #e.#why = :why",
          ConditionExpression: "#e.#on = :yes",
          ExpressionAttributeNames: {
            "#e": "endpoint",
            "#on": "enabled",
            "#at": "disabledAt",
            "#why": "disabledReason",
          },
          ExpressionAttributeValues: { ":no": false, ":yes": true, ":at": at, ":why": reason.slice(0, 500) },
        }),
      );
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
  }
}

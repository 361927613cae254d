import { DeleteCommand, type DynamoDBDocumentClient, GetCommand, PutCommand } from "@aws-sdk/lib-dynamodb";
import { webhookSecretKey } from "#shared/platform/table-keys";
import { EndpointSecrets } from "../model/endpoint.ts";
import type { SecretStore } from "../ports/endpoints.ts";

/**
 * The local stack's secret store: each endpoint's secrets in an item of the table beside it (DynamoDB
 * Local, in the data folder). On AWS they are in Secrets Manager instead (./secrets-manager-store.ts).
 */
export class TableSecretStore implements SecretStore {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async get(id: string): Promise<EndpointSecrets | undefined> {
    const out = await this.db.send(
      new GetCommand({ TableName: this.tableName, Key: webhookSecretKey(id), ConsistentRead: true }),
    );
    return out.Item ? EndpointSecrets.parse(out.Item.secrets) : undefined;
  }

  async put(id: string, secrets: EndpointSecrets): Promise<void> {
    await this.db.send(new PutCommand({ TableName: this.tableName, Item: { ...webhookSecretKey(id), secrets } }));
  }

  async remove(id: string): Promise<void> {
    await this.db.send(new DeleteCommand({ TableName: this.tableName, Key: webhookSecretKey(id) }));
  }
}

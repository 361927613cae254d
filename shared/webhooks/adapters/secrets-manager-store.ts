import {
  CreateSecretCommand,
  DeleteSecretCommand,
  GetSecretValueCommand,
  PutSecretValueCommand,
  ResourceNotFoundException,
  type SecretsManagerClient,
} from "@aws-sdk/client-secrets-manager";
import { EndpointSecrets } from "../model/endpoint.ts";
import type { SecretStore } from "../ports/endpoints.ts";

/** How long a warm delivery function trusts a secret it read: a rotated secret is in use within this. */
const CACHE_MS = 5 * 60_000;

/**
 * Each endpoint's secrets in one Secrets Manager secret, `<prefix><endpoint id>` (WEBHOOK_SECRET_PREFIX,
 * which the functions' IAM policies are scoped to). Read through a short cache: a batch of deliveries to
 * one endpoint makes one GetSecretValue call.
 */
export class SecretsManagerStore implements SecretStore {
  private readonly cache = new Map<string, { value: EndpointSecrets | undefined; until: number }>();

  constructor(
    private readonly client: SecretsManagerClient,
    private readonly prefix: string,
    private readonly now: () => number = Date.now,
  ) {}

  private name(id: string): string {
    return `${this.prefix}${id}`;
  }

  async get(id: string): Promise<EndpointSecrets | undefined> {
    const cached = this.cache.get(id);
    if (cached && cached.until > this.now()) return cached.value;
    let value: EndpointSecrets | undefined;
    try {
      const out = await this.client.send(new GetSecretValueCommand({ SecretId: this.name(id) }));
      value = out.SecretString ? EndpointSecrets.parse(JSON.parse(out.SecretString)) : undefined;
    } catch (error) {
      if (!(error instanceof ResourceNotFoundException)) throw error;
    }
    this.cache.set(id, { value, until: this.now() + CACHE_MS });
    return value;
  }

  async put(id: string, secrets: EndpointSecrets): Promise<void> {
    const SecretString = JSON.stringify(secrets);
    try {
      await this.client.send(new PutSecretValueCommand({ SecretId: this.name(id), SecretString }));
    } catch (error) {
      if (!(error instanceof ResourceNotFoundException)) throw error;
      await this.client.send(
        new CreateSecretCommand({
          Name: this.name(id),
          Description: `hearback webhook endpoint ${id}: its Standard Webhooks secret and platform signing secret`,
          SecretString,
        }),
      );
    }
    this.cache.delete(id);
  }

  async remove(id: string): Promise<void> {
    try {
      // At once: an endpoint created again under the same id gets a new secret, not the old one back.
      await this.client.send(new DeleteSecretCommand({ SecretId: this.name(id), ForceDeleteWithoutRecovery: true }));
    } catch (error) {
      if (!(error instanceof ResourceNotFoundException)) throw error;
    }
    this.cache.delete(id);
  }
}

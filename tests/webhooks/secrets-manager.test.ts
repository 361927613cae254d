import {
  CreateSecretCommand,
  DeleteSecretCommand,
  GetSecretValueCommand,
  PutSecretValueCommand,
  ResourceNotFoundException,
  SecretsManagerClient,
} from "@aws-sdk/client-secrets-manager";
import { mockClient } from "aws-sdk-client-mock";
import { afterEach, describe, expect, it } from "vitest";
import { SecretsManagerStore } from "#shared/webhooks/adapters/secrets-manager-store";

/** The Secrets Manager adapter's requests (no local engine stands in for Secrets Manager: request shapes only). */
const client = new SecretsManagerClient({
  region: "eu-west-1",
  credentials: { accessKeyId: "t", secretAccessKey: "t" },
});
const sm = mockClient(client);
afterEach(() => sm.reset());

const notFound = () => new ResourceNotFoundException({ message: "not found", $metadata: {} });
const secrets = { secret: `whsec_${Buffer.alloc(32, 7).toString("base64")}`, signingSecret: "bot" };

describe("SecretsManagerStore", () => {
  it("creates an endpoint's secret under the stack's prefix the first time, and updates it after", async () => {
    sm.on(PutSecretValueCommand).rejectsOnce(notFound()).resolves({});
    sm.on(CreateSecretCommand).resolves({});
    const store = new SecretsManagerStore(client, "HearbackService/webhooks/");
    await store.put("crm", secrets);
    await store.put("crm", secrets);
    expect(sm.commandCalls(PutSecretValueCommand).map((c) => c.args[0].input)).toEqual([
      { SecretId: "HearbackService/webhooks/crm", SecretString: JSON.stringify(secrets) },
      { SecretId: "HearbackService/webhooks/crm", SecretString: JSON.stringify(secrets) },
    ]);
    expect(sm.commandCalls(CreateSecretCommand)[0]?.args[0].input).toMatchObject({
      Name: "HearbackService/webhooks/crm",
      SecretString: JSON.stringify(secrets),
    });
  });

  it("reads through a five-minute cache, and answers nothing for an endpoint without a secret", async () => {
    let now = 0;
    sm.on(GetSecretValueCommand, { SecretId: "p/crm" }).resolves({ SecretString: JSON.stringify(secrets) });
    sm.on(GetSecretValueCommand, { SecretId: "p/none" }).rejects(notFound());
    const store = new SecretsManagerStore(client, "p/", () => now);
    expect(await store.get("crm")).toEqual(secrets);
    expect(await store.get("crm")).toEqual(secrets);
    expect(sm.commandCalls(GetSecretValueCommand)).toHaveLength(1);
    now += 5 * 60_000 + 1;
    await store.get("crm");
    expect(sm.commandCalls(GetSecretValueCommand)).toHaveLength(2);
    expect(await store.get("none")).toBeUndefined();
  });

  it("deletes without a recovery window, so an endpoint made again gets a new secret", async () => {
    sm.on(DeleteSecretCommand).resolves({});
    await new SecretsManagerStore(client, "p/").remove("crm");
    expect(sm.commandCalls(DeleteSecretCommand)[0]?.args[0].input).toEqual({
      SecretId: "p/crm",
      ForceDeleteWithoutRecovery: true,
    });
  });

  it("refuses a stored value that is not an endpoint's secrets", async () => {
    sm.on(GetSecretValueCommand).resolves({ SecretString: '{"secret":"plain"}' });
    await expect(new SecretsManagerStore(client, "p/").get("crm")).rejects.toThrow();
  });
});

import { GetSecretValueCommand, SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import * as z from "zod";
import type { SigningKey } from "#shared/kernel/signing-key";
import type { Config } from "./config.ts";
import { ConfigError } from "./config.ts";

const Key = z.object({ id: z.string().min(1).max(8), secret: z.string().min(32) });
const KeyFile = z.union([
  Key.transform((k) => [k]),
  z.array(Key).min(1),
  z.object({ keys: z.array(Key).min(1) }).transform((f) => f.keys),
]);

export const parseSigningKeys = (json: string): SigningKey[] => {
  let raw: unknown;
  try {
    raw = JSON.parse(json);
  } catch {
    throw new ConfigError("Survey signing keys are not JSON");
  }
  const parsed = KeyFile.safeParse(raw);
  if (!parsed.success) {
    throw new ConfigError(
      'Survey signing keys must be {"id","secret"} (secret of 32+ characters), a list, or {"keys": [...]}',
    );
  }
  return parsed.data.map((k) => ({ id: k.id, secret: new TextEncoder().encode(k.secret) }));
};

/**
 * The keys that sign and verify survey links: from SURVEY_SIGNING_KEYS (local), or read once per
 * cold start from Secrets Manager (AWS). Never logged.
 */
export const loadSigningKeys = async (config: Config): Promise<SigningKey[]> => {
  if (config.SURVEY_SIGNING_KEYS) return parseSigningKeys(config.SURVEY_SIGNING_KEYS);
  if (!config.SURVEY_KEYS_SECRET_ARN) {
    throw new ConfigError("Set SURVEY_SIGNING_KEYS or SURVEY_KEYS_SECRET_ARN to sign survey links");
  }
  const client = new SecretsManagerClient({});
  const out = await client.send(new GetSecretValueCommand({ SecretId: config.SURVEY_KEYS_SECRET_ARN }));
  client.destroy();
  if (!out.SecretString) throw new ConfigError("The survey signing key secret is empty");
  return parseSigningKeys(out.SecretString);
};

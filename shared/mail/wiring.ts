import type { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import { dynamo, type TableAccess } from "#shared/platform/clients";
import { type Config, DEFAULT_ORIGINALS_RETENTION_DAYS } from "#shared/platform/config";
import { DynamoMailSuppressions } from "./adapters/dynamo-suppressions.ts";
import type { MailSuppressions } from "./ports/suppressions.ts";

/**
 * The suppression list. The pseudonym key (shared/privacy/model/disclose.ts, pseudonymKey) keys
 * its hashes, so every function that reads or writes it must be given the same signing keys;
 * without one (undefined) it can only be listed.
 */
export const mailSuppressions = (
  config: TableAccess & Partial<Pick<Config, "ORIGINALS_RETENTION_DAYS">>,
  pseudonymKey: string | undefined,
  db: DynamoDBDocumentClient = dynamo(),
): MailSuppressions =>
  new DynamoMailSuppressions(
    db,
    config.TABLE_NAME,
    pseudonymKey,
    config.ORIGINALS_RETENTION_DAYS ?? DEFAULT_ORIGINALS_RETENTION_DAYS,
  );

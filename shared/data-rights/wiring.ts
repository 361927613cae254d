import type { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import { dynamo, type TableAccess } from "#shared/platform/clients";
import { DynamoAuditLog } from "./adapters/dynamo-audit-log.ts";
import { DynamoCustomerData } from "./adapters/dynamo-customer-data.ts";
import { DynamoErasureHorizonMigration } from "./adapters/dynamo-erasure-horizon-migration.ts";
import { DynamoErasures } from "./adapters/dynamo-erasures.ts";

export const auditLog = (config: TableAccess, db: DynamoDBDocumentClient = dynamo()): DynamoAuditLog =>
  new DynamoAuditLog(db, config.TABLE_NAME);

export const customerData = (config: TableAccess, db: DynamoDBDocumentClient = dynamo()): DynamoCustomerData =>
  new DynamoCustomerData(db, config.TABLE_NAME);

/** The register of erased customers; the pseudonym key keys its hashes. */
export const erasures = (
  config: TableAccess,
  pseudonymKey: string,
  db: DynamoDBDocumentClient = dynamo(),
): DynamoErasures => new DynamoErasures(db, config.TABLE_NAME, pseudonymKey);

/** `hearback migrate`'s step for the erasure horizon (schema version 4). */
export const erasureHorizonMigration = (
  config: TableAccess,
  db: DynamoDBDocumentClient = dynamo(),
): DynamoErasureHorizonMigration => new DynamoErasureHorizonMigration(db, config.TABLE_NAME);

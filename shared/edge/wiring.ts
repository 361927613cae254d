import { CognitoIdentityProviderClient } from "@aws-sdk/client-cognito-identity-provider";
import type { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import { dynamo, type TableAccess } from "#shared/platform/clients";
import { type Config, ConfigError } from "#shared/platform/config";
import { traced } from "#shared/platform/tracing";
import { cognitoJwtVerifier } from "./adapters/cognito-jwt.ts";
import { DynamoApiKeyStore } from "./adapters/dynamo-api-key-store.ts";
import { DynamoSessionStore } from "./adapters/dynamo-session-store.ts";
import { DynamoSignInThrottle } from "./adapters/dynamo-sign-in-throttle.ts";
import { CognitoTokenRevoker, CognitoUserDirectory, DevUserDirectory } from "./adapters/user-directories.ts";
import type { SessionStore } from "./ports/sessions.ts";
import type { TokenRevoker, UserDirectory } from "./ports/users.ts";
import { sessionBoundTokens } from "./session.ts";

export const apiKeyStore = (config: TableAccess, db: DynamoDBDocumentClient = dynamo()): DynamoApiKeyStore =>
  new DynamoApiKeyStore(db, config.TABLE_NAME);

/** The support leads' server-side sessions. */
export const sessionStore = (config: TableAccess, db: DynamoDBDocumentClient = dynamo()): DynamoSessionStore =>
  new DynamoSessionStore(db, config.TABLE_NAME);

/** Failed sign-ins per name and per client. */
export const signInThrottle = (config: TableAccess, db: DynamoDBDocumentClient = dynamo()): DynamoSignInThrottle =>
  new DynamoSignInThrottle(db, config.TABLE_NAME);

let cognito: CognitoIdentityProviderClient | undefined;
const cognitoClient = () => {
  cognito ??= traced(new CognitoIdentityProviderClient({}));
  return cognito;
};

/** Who may sign in to the triage page: the Cognito user pool on AWS, development users locally. */
export const userDirectory = (config: Config): UserDirectory => {
  if (config.COGNITO_CLIENT_ID) return new CognitoUserDirectory(cognitoClient(), config.COGNITO_CLIENT_ID);
  if (config.DEV_LOGIN_PASSWORD) {
    const viewers = config.DEV_PII_VIEWERS.split(",")
      .map((n) => n.trim())
      .filter(Boolean);
    return new DevUserDirectory(config.DEV_LOGIN_PASSWORD, viewers);
  }
  throw new ConfigError("Set COGNITO_CLIENT_ID (AWS) or DEV_LOGIN_PASSWORD (local) for the triage page");
};

/** Revokes a Cognito sign-in's refresh token at sign-out on AWS; undefined locally (nothing to revoke). */
export const tokenRevoker = (config: Pick<Config, "COGNITO_CLIENT_ID">): TokenRevoker | undefined =>
  config.COGNITO_CLIENT_ID ? new CognitoTokenRevoker(cognitoClient(), config.COGNITO_CLIENT_ID) : undefined;

/**
 * Verifies the support leads' Cognito access tokens on AWS, refusing those of a triage session that
 * has ended (signed out, idle, over); undefined locally (sessions only).
 */
export const jwtVerifier = (
  config: Pick<Config, "COGNITO_USER_POOL_ID" | "COGNITO_CLIENT_ID">,
  sessions: SessionStore,
) =>
  config.COGNITO_USER_POOL_ID && config.COGNITO_CLIENT_ID
    ? sessionBoundTokens(cognitoJwtVerifier(config.COGNITO_USER_POOL_ID, config.COGNITO_CLIENT_ID), sessions)
    : undefined;

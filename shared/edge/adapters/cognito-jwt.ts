import { CognitoJwtVerifier } from "aws-jwt-verify";
import type { Viewer } from "../ports/users.ts";
import { PII_VIEWERS_GROUP } from "../ports/users.ts";

/**
 * Accepts access tokens of the support leads' Cognito user pool (signature, issuer, client, expiry
 * checked against the pool's published keys, fetched once and cached by the warm function).
 */
export const cognitoJwtVerifier = (userPoolId: string, clientId: string) => {
  const verifier = CognitoJwtVerifier.create({ userPoolId, clientId, tokenUse: "access" });
  const verify = async (token: string): Promise<Viewer | undefined> => {
    try {
      const claims = await verifier.verify(token);
      return {
        name: String(claims.username ?? claims.sub),
        canSeePersonalData: (claims["cognito:groups"] ?? []).includes(PII_VIEWERS_GROUP),
      };
    } catch {
      return undefined;
    }
  };
  return Object.assign(verify, { verifier });
};

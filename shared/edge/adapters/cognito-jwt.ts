import { CognitoJwtVerifier } from "aws-jwt-verify";
import { PII_VIEWERS_GROUP, type VerifiedToken } from "../ports/users.ts";

/**
 * Accepts access tokens of the support leads' Cognito user pool (signature, issuer, client, expiry
 * checked against the pool's published keys, fetched once and cached by the warm function).
 */
export const cognitoJwtVerifier = (userPoolId: string, clientId: string) => {
  const verifier = CognitoJwtVerifier.create({ userPoolId, clientId, tokenUse: "access" });
  const verify = async (token: string): Promise<VerifiedToken | undefined> => {
    try {
      const claims = await verifier.verify(token);
      // origin_jti: the same for every token issued from one sign-in (with token revocation on).
      const family = claims.origin_jti;
      return {
        name: String(claims.username ?? claims.sub),
        canSeePersonalData: (claims["cognito:groups"] ?? []).includes(PII_VIEWERS_GROUP),
        ...(typeof family === "string" && { tokenFamily: family }),
      };
    } catch {
      return undefined;
    }
  };
  return Object.assign(verify, { verifier });
};

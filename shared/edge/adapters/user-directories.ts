import { timingSafeEqual } from "node:crypto";
import {
  type CognitoIdentityProviderClient,
  InitiateAuthCommand,
  RevokeTokenCommand,
} from "@aws-sdk/client-cognito-identity-provider";
import {
  type IdentityGrant,
  PII_VIEWERS_GROUP,
  type SignedIn,
  type TokenRevoker,
  type UserDirectory,
  type Viewer,
} from "../ports/users.ts";

/**
 * Local development: any name with the shared development password. Names listed in
 * `piiViewers` may see personal data, so both views can be tried.
 */
export class DevUserDirectory implements UserDirectory {
  constructor(
    private readonly password: string,
    private readonly piiViewers: readonly string[],
  ) {}

  async authenticate(name: string, password: string): Promise<Viewer | undefined> {
    const a = Buffer.from(password);
    const b = Buffer.from(this.password);
    if (!name.trim() || a.length !== b.length || !timingSafeEqual(a, b)) return undefined;
    return { name: name.trim(), canSeePersonalData: this.piiViewers.includes(name.trim()) };
  }
}

/** Amazon Cognito user pool (USER_PASSWORD_AUTH on an app client without a secret). */
export class CognitoUserDirectory implements UserDirectory {
  constructor(
    private readonly cognito: CognitoIdentityProviderClient,
    private readonly clientId: string,
  ) {}

  async authenticate(name: string, password: string): Promise<SignedIn | undefined> {
    try {
      const out = await this.cognito.send(
        new InitiateAuthCommand({
          AuthFlow: "USER_PASSWORD_AUTH",
          ClientId: this.clientId,
          AuthParameters: { USERNAME: name, PASSWORD: password },
        }),
      );
      const idToken = out.AuthenticationResult?.IdToken;
      if (!idToken) return undefined;
      // Straight from Cognito over TLS in this call: its claims can be read without re-verifying.
      const claims = JSON.parse(Buffer.from(idToken.split(".")[1] ?? "", "base64url").toString("utf8")) as {
        "cognito:username"?: string;
        "cognito:groups"?: string[];
        origin_jti?: string;
      };
      const refreshToken = out.AuthenticationResult?.RefreshToken;
      return {
        name: claims["cognito:username"] ?? name,
        canSeePersonalData: (claims["cognito:groups"] ?? []).includes(PII_VIEWERS_GROUP),
        // Kept with the server-side session so signing out can revoke it.
        ...(refreshToken && claims.origin_jti && { grant: { refreshToken, tokenFamily: claims.origin_jti } }),
      };
    } catch (error) {
      if (error instanceof Error && /NotAuthorized|UserNotFound|UserNotConfirmed/.test(error.name)) return undefined;
      throw error;
    }
  }
}

/**
 * Cognito's RevokeToken: the refresh token of a sign-in, and every access token issued from it,
 * stop working at Cognito (the app client has token revocation enabled). Our own verifier does not
 * ask Cognito, so the tasks API also refuses the family by its session (session.ts).
 */
export class CognitoTokenRevoker implements TokenRevoker {
  constructor(
    private readonly cognito: CognitoIdentityProviderClient,
    private readonly clientId: string,
  ) {}

  async revoke(grant: IdentityGrant): Promise<void> {
    await this.cognito.send(new RevokeTokenCommand({ ClientId: this.clientId, Token: grant.refreshToken }));
  }
}

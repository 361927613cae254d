import { timingSafeEqual } from "node:crypto";
import { type CognitoIdentityProviderClient, InitiateAuthCommand } from "@aws-sdk/client-cognito-identity-provider";
import { PII_VIEWERS_GROUP, type UserDirectory, type Viewer } from "../ports/users.ts";

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

  async authenticate(name: string, password: string): Promise<Viewer | undefined> {
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
      };
      return {
        name: claims["cognito:username"] ?? name,
        canSeePersonalData: (claims["cognito:groups"] ?? []).includes(PII_VIEWERS_GROUP),
      };
    } catch (error) {
      if (error instanceof Error && /NotAuthorized|UserNotFound|UserNotConfirmed/.test(error.name)) return undefined;
      throw error;
    }
  }
}

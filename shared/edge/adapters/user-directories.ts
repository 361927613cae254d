import { timingSafeEqual } from "node:crypto";
import {
  AssociateSoftwareTokenCommand,
  type AuthenticationResultType,
  type ChallengeNameType,
  type CognitoIdentityProviderClient,
  InitiateAuthCommand,
  RespondToAuthChallengeCommand,
  RevokeTokenCommand,
  VerifySoftwareTokenCommand,
} from "@aws-sdk/client-cognito-identity-provider";
import { HearbackError } from "#shared/kernel/errors";
import { localeOf } from "#shared/kernel/locale";
import {
  type IdentityGrant,
  type PasswordProblem,
  PII_VIEWERS_GROUP,
  type SignInChallenge,
  type SignInStep,
  type TokenRevoker,
  type UserDirectory,
} from "../ports/users.ts";
import { knownTimeZone } from "../workbench-locale.ts";

/**
 * Local development: any name with the shared development password, no further steps. Names
 * listed in `piiViewers` may see personal data, so both views can be tried.
 */
export class DevUserDirectory implements UserDirectory {
  constructor(
    private readonly password: string,
    private readonly piiViewers: readonly string[],
  ) {}

  async authenticate(name: string, password: string): Promise<SignInStep> {
    const a = Buffer.from(password);
    const b = Buffer.from(this.password);
    if (!name.trim() || a.length !== b.length || !timingSafeEqual(a, b)) {
      return { outcome: "refused", reason: "wrong-password" };
    }
    return {
      outcome: "signed-in",
      lead: { name: name.trim(), canSeePersonalData: this.piiViewers.includes(name.trim()) },
    };
  }

  /** It never asks for more than the password, so no challenge of its own can be answered. */
  async answer(): Promise<SignInStep> {
    return { outcome: "refused", reason: "expired" };
  }
}

/** What Cognito says when it refuses a new password, as the rule it breaks. */
const PASSWORD_PROBLEMS: ReadonlyArray<[RegExp, PasswordProblem]> = [
  [/long enough|length/i, "too-short"],
  [/lowercase/i, "needs-lowercase"],
  [/uppercase/i, "needs-uppercase"],
  [/numeric|digit|number/i, "needs-digit"],
  [/symbol|special/i, "needs-symbol"],
  [/previously|reuse|history/i, "reused"],
];
export const passwordProblemsOf = (message: string): PasswordProblem[] => {
  const found = PASSWORD_PROBLEMS.filter(([pattern]) => pattern.test(message)).map(([, problem]) => problem);
  return found.length > 0 ? found : ["other"];
};

const errorName = (error: unknown) => (error instanceof Error ? error.name : "");

/**
 * Amazon Cognito user pool: USER_PASSWORD_AUTH on an app client without a secret (so no
 * SECRET_HASH), then whatever challenges the pool asks for: NEW_PASSWORD_REQUIRED (a lead created
 * with a temporary password), SOFTWARE_TOKEN_MFA (the authenticator app's code) and MFA_SETUP (a
 * pool that requires MFA, a lead without an app yet: AssociateSoftwareToken, VerifySoftwareToken).
 */
export class CognitoUserDirectory implements UserDirectory {
  constructor(
    private readonly cognito: CognitoIdentityProviderClient,
    private readonly clientId: string,
  ) {}

  async authenticate(name: string, password: string): Promise<SignInStep> {
    const out = await this.cognito
      .send(
        new InitiateAuthCommand({
          AuthFlow: "USER_PASSWORD_AUTH",
          ClientId: this.clientId,
          AuthParameters: { USERNAME: name, PASSWORD: password },
        }),
      )
      .catch((error: unknown) => {
        if (/NotAuthorized|UserNotFound|UserNotConfirmed/.test(errorName(error))) return undefined;
        throw error;
      });
    return out ? this.next(out, name) : { outcome: "refused", reason: "wrong-password" };
  }

  async answer(challenge: SignInChallenge, response: string): Promise<SignInStep> {
    const { user, session } = challenge;
    try {
      if (challenge.kind === "new-password") {
        return await this.next(
          await this.respond("NEW_PASSWORD_REQUIRED", session, { NEW_PASSWORD: response }, user),
          user,
        );
      }
      if (challenge.kind === "totp") {
        return await this.next(
          await this.respond("SOFTWARE_TOKEN_MFA", session, { SOFTWARE_TOKEN_MFA_CODE: response }, user),
          user,
        );
      }
      const verified = await this.cognito.send(
        new VerifySoftwareTokenCommand({ Session: session, UserCode: response, FriendlyDeviceName: "hearback" }),
      );
      if (verified.Status !== "SUCCESS" || !verified.Session) return { outcome: "refused", reason: "wrong-code" };
      return await this.next(await this.respond("MFA_SETUP", verified.Session, {}, user), user);
    } catch (error) {
      const name = errorName(error);
      // A wrong code leaves the challenge standing; so does a password the pool's policy refuses.
      if (/CodeMismatch|EnableSoftwareTokenMFA|ExpiredCode/.test(name))
        return { outcome: "refused", reason: "wrong-code" };
      if (/InvalidPassword/.test(name)) {
        return {
          outcome: "refused",
          reason: "password-rejected",
          problems: passwordProblemsOf(error instanceof Error ? error.message : ""),
        };
      }
      // "Invalid session for the user": spent, or older than the pool's few minutes.
      if (/NotAuthorized|UserNotFound/.test(name)) return { outcome: "refused", reason: "expired" };
      throw error;
    }
  }

  private respond(name: ChallengeNameType, session: string, answers: Record<string, string>, user: string) {
    return this.cognito.send(
      new RespondToAuthChallengeCommand({
        ClientId: this.clientId,
        ChallengeName: name,
        Session: session,
        ChallengeResponses: { USERNAME: user, ...answers },
      }),
    );
  }

  /** The next step after Cognito's answer: tokens, or the challenge it asks for. */
  private async next(
    out: {
      AuthenticationResult?: AuthenticationResultType | undefined;
      ChallengeName?: ChallengeNameType | undefined;
      ChallengeParameters?: Record<string, string> | undefined;
      Session?: string | undefined;
    },
    user: string,
  ): Promise<SignInStep> {
    if (out.AuthenticationResult) return this.signedIn(out.AuthenticationResult, user);
    const next = out.ChallengeParameters?.USER_ID_FOR_SRP ?? user;
    const session = out.Session;
    if (!session) throw new HearbackError(`Cognito answered ${out.ChallengeName ?? "nothing"} without a session`);
    if (out.ChallengeName === "NEW_PASSWORD_REQUIRED") {
      return { outcome: "challenge", challenge: { kind: "new-password", user: next, session } };
    }
    if (out.ChallengeName === "SOFTWARE_TOKEN_MFA") {
      return { outcome: "challenge", challenge: { kind: "totp", user: next, session } };
    }
    if (
      out.ChallengeName === "MFA_SETUP" &&
      (out.ChallengeParameters?.MFAS_CAN_SETUP ?? "").includes("SOFTWARE_TOKEN_MFA")
    ) {
      const associated = await this.cognito.send(new AssociateSoftwareTokenCommand({ Session: session }));
      if (!associated.SecretCode || !associated.Session) throw new HearbackError("Cognito gave no authenticator key");
      return {
        outcome: "challenge",
        challenge: { kind: "totp-setup", user: next, session: associated.Session, secret: associated.SecretCode },
      };
    }
    // SMS_MFA, SELECT_MFA_TYPE, …: the pool allows a second factor this page does not offer (infra allows TOTP only).
    throw new HearbackError(
      `Cognito asked for ${out.ChallengeName ?? "nothing"}, which the triage sign-in does not answer`,
    );
  }

  private signedIn(result: AuthenticationResultType, user: string): SignInStep {
    const idToken = result.IdToken;
    if (!idToken) throw new HearbackError("Cognito signed the lead in without an ID token");
    // Straight from Cognito over TLS in this call: its claims can be read without re-verifying.
    const claims = JSON.parse(Buffer.from(idToken.split(".")[1] ?? "", "base64url").toString("utf8")) as {
      "cognito:username"?: string;
      "cognito:groups"?: string[];
      origin_jti?: string;
      locale?: string;
      zoneinfo?: string;
    };
    const locale = typeof claims.locale === "string" ? localeOf(claims.locale) : undefined;
    const timeZone = typeof claims.zoneinfo === "string" ? knownTimeZone(claims.zoneinfo) : undefined;
    const refreshToken = result.RefreshToken;
    return {
      outcome: "signed-in",
      lead: {
        name: claims["cognito:username"] ?? user,
        canSeePersonalData: (claims["cognito:groups"] ?? []).includes(PII_VIEWERS_GROUP),
        ...(locale && { locale }),
        ...(timeZone && { timeZone }),
        // Kept with the server-side session so signing out can revoke it.
        ...(refreshToken && claims.origin_jti && { grant: { refreshToken, tokenFamily: claims.origin_jti } }),
      },
    };
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

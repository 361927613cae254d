import {
  AssociateSoftwareTokenCommand,
  CodeMismatchException,
  CognitoIdentityProviderClient,
  EnableSoftwareTokenMFAException,
  InitiateAuthCommand,
  InvalidPasswordException,
  NotAuthorizedException,
  RespondToAuthChallengeCommand,
  VerifySoftwareTokenCommand,
} from "@aws-sdk/client-cognito-identity-provider";
import { mockClient } from "aws-sdk-client-mock";
import { afterEach, describe, expect, it } from "vitest";
import { CognitoUserDirectory, passwordProblemsOf } from "#shared/edge/adapters/user-directories";
import type { SignInChallenge } from "#shared/edge/ports/users";

/** The Cognito directory's challenge steps: the requests it sends and what it makes of the answers. */
const cognito = mockClient(CognitoIdentityProviderClient);
afterEach(() => cognito.reset());

const CLIENT = "triageclient123";
const idToken = (claims: Record<string, unknown>) =>
  `e30.${Buffer.from(JSON.stringify(claims)).toString("base64url")}.sig`;
const tokens = {
  AuthenticationResult: {
    IdToken: idToken({ "cognito:username": "mei", "cognito:groups": [], origin_jti: "fam-9" }),
    AccessToken: "access",
    RefreshToken: "refresh-9",
  },
};
const directory = () => new CognitoUserDirectory(new CognitoIdentityProviderClient({}), CLIENT);
const challenge = (over: Partial<SignInChallenge>): SignInChallenge => ({
  kind: "totp",
  user: "mei",
  session: "s",
  ...over,
});

describe("CognitoUserDirectory challenges", () => {
  it("takes a lead from the temporary password through a new password and the authenticator's code", async () => {
    cognito.on(InitiateAuthCommand).resolves({
      ChallengeName: "NEW_PASSWORD_REQUIRED",
      Session: "session-1",
      // Typed as an email (a sign-in alias): the answers must name the pool's username.
      ChallengeParameters: { USER_ID_FOR_SRP: "mei", requiredAttributes: "[]", userAttributes: "{}" },
    });
    cognito
      .on(RespondToAuthChallengeCommand, { ChallengeName: "NEW_PASSWORD_REQUIRED" })
      .resolves({ ChallengeName: "SOFTWARE_TOKEN_MFA", Session: "session-2", ChallengeParameters: {} })
      .on(RespondToAuthChallengeCommand, { ChallengeName: "SOFTWARE_TOKEN_MFA" })
      .resolves(tokens);

    const first = await directory().authenticate("mei@example.com", "Temp-pass-1");
    expect(first).toEqual({
      outcome: "challenge",
      challenge: { kind: "new-password", user: "mei", session: "session-1" },
    });
    if (first.outcome !== "challenge") throw new Error("expected a challenge");

    const second = await directory().answer(first.challenge, "My-own-pass-2026");
    expect(second).toEqual({ outcome: "challenge", challenge: { kind: "totp", user: "mei", session: "session-2" } });
    if (second.outcome !== "challenge") throw new Error("expected a challenge");

    expect(await directory().answer(second.challenge, "123456")).toEqual({
      outcome: "signed-in",
      lead: { name: "mei", canSeePersonalData: false, grant: { refreshToken: "refresh-9", tokenFamily: "fam-9" } },
    });
    expect(cognito.commandCalls(RespondToAuthChallengeCommand).map((c) => c.args[0].input)).toEqual([
      {
        ClientId: CLIENT,
        ChallengeName: "NEW_PASSWORD_REQUIRED",
        Session: "session-1",
        ChallengeResponses: { USERNAME: "mei", NEW_PASSWORD: "My-own-pass-2026" },
      },
      {
        ClientId: CLIENT,
        ChallengeName: "SOFTWARE_TOKEN_MFA",
        Session: "session-2",
        ChallengeResponses: { USERNAME: "mei", SOFTWARE_TOKEN_MFA_CODE: "123456" },
      },
    ]);
  });

  it("sets an authenticator up when the pool requires MFA: associate, verify, then answer MFA_SETUP", async () => {
    cognito.on(InitiateAuthCommand).resolves({
      ChallengeName: "MFA_SETUP",
      Session: "session-1",
      ChallengeParameters: { MFAS_CAN_SETUP: '["SOFTWARE_TOKEN_MFA"]', USER_ID_FOR_SRP: "mei" },
    });
    cognito.on(AssociateSoftwareTokenCommand).resolves({ SecretCode: "JBSWY3DPEHPK3PXP", Session: "session-2" });
    cognito.on(VerifySoftwareTokenCommand).resolves({ Status: "SUCCESS", Session: "session-3" });
    cognito.on(RespondToAuthChallengeCommand).resolves(tokens);

    const first = await directory().authenticate("mei", "pw");
    expect(first).toEqual({
      outcome: "challenge",
      challenge: { kind: "totp-setup", user: "mei", session: "session-2", secret: "JBSWY3DPEHPK3PXP" },
    });
    expect(cognito.commandCalls(AssociateSoftwareTokenCommand)[0]?.args[0].input).toEqual({ Session: "session-1" });
    if (first.outcome !== "challenge") throw new Error("expected a challenge");

    expect((await directory().answer(first.challenge, "654321")).outcome).toBe("signed-in");
    expect(cognito.commandCalls(VerifySoftwareTokenCommand)[0]?.args[0].input).toEqual({
      Session: "session-2",
      UserCode: "654321",
      FriendlyDeviceName: "hearback",
    });
    expect(cognito.commandCalls(RespondToAuthChallengeCommand)[0]?.args[0].input).toEqual({
      ClientId: CLIENT,
      ChallengeName: "MFA_SETUP",
      Session: "session-3",
      ChallengeResponses: { USERNAME: "mei" },
    });
  });

  it("tells a wrong code, a refused password and a spent session apart", async () => {
    cognito
      .on(RespondToAuthChallengeCommand, { ChallengeName: "SOFTWARE_TOKEN_MFA" })
      .rejects(new CodeMismatchException({ message: "Invalid code received for user", $metadata: {} }));
    expect(await directory().answer(challenge({ kind: "totp" }), "000000")).toEqual({
      outcome: "refused",
      reason: "wrong-code",
    });

    cognito.on(RespondToAuthChallengeCommand, { ChallengeName: "NEW_PASSWORD_REQUIRED" }).rejects(
      new InvalidPasswordException({
        message: "Password does not conform to policy: Password must have uppercase characters",
        $metadata: {},
      }),
    );
    expect(await directory().answer(challenge({ kind: "new-password" }), "lower-case-only-1")).toEqual({
      outcome: "refused",
      reason: "password-rejected",
      problems: ["needs-uppercase"],
    });

    cognito.reset();
    cognito
      .on(RespondToAuthChallengeCommand)
      .rejects(
        new NotAuthorizedException({ message: "Invalid session for the user, session is expired.", $metadata: {} }),
      );
    expect(await directory().answer(challenge({ kind: "totp" }), "123456")).toEqual({
      outcome: "refused",
      reason: "expired",
    });

    cognito
      .on(VerifySoftwareTokenCommand)
      .rejects(new EnableSoftwareTokenMFAException({ message: "Code mismatch", $metadata: {} }));
    expect(await directory().answer(challenge({ kind: "totp-setup", secret: "K" }), "111111")).toEqual({
      outcome: "refused",
      reason: "wrong-code",
    });
  });

  it("refuses to guess at a second factor it does not offer (SMS)", async () => {
    cognito.on(InitiateAuthCommand).resolves({ ChallengeName: "SMS_MFA", Session: "s", ChallengeParameters: {} });
    await expect(directory().authenticate("mei", "pw")).rejects.toThrow(/SMS_MFA/);
  });

  it("reads the pool's password refusals as the rules they break", () => {
    expect(passwordProblemsOf("Password did not conform with policy: Password not long enough")).toEqual(["too-short"]);
    expect(passwordProblemsOf("Password does not conform to policy: Password must have symbol characters")).toEqual([
      "needs-symbol",
    ]);
    expect(passwordProblemsOf("Password does not conform to policy: Password must have numeric characters")).toEqual([
      "needs-digit",
    ]);
    expect(passwordProblemsOf("Password has previously been used")).toEqual(["reused"]);
    expect(passwordProblemsOf("Something new")).toEqual(["other"]);
  });
});

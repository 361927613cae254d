import {
  CognitoIdentityProviderClient,
  InitiateAuthCommand,
  NotAuthorizedException,
  RevokeTokenCommand,
} from "@aws-sdk/client-cognito-identity-provider";
import { mockClient } from "aws-sdk-client-mock";
import { afterEach, describe, expect, it } from "vitest";
import { CognitoTokenRevoker, CognitoUserDirectory } from "#shared/edge/adapters/user-directories";

/** The Cognito adapters' requests, and what they make of Cognito's answers. */
const cognito = mockClient(CognitoIdentityProviderClient);
afterEach(() => cognito.reset());

const CLIENT = "triageclient123";
const idToken = (claims: Record<string, unknown>) =>
  `e30.${Buffer.from(JSON.stringify(claims)).toString("base64url")}.sig`;

describe("CognitoUserDirectory", () => {
  it("signs in with USER_PASSWORD_AUTH and keeps the refresh token and token family as the sign-in's grant", async () => {
    cognito.on(InitiateAuthCommand).resolves({
      AuthenticationResult: {
        IdToken: idToken({ "cognito:username": "mei", "cognito:groups": ["pii-viewers"], origin_jti: "fam-1" }),
        AccessToken: "access",
        RefreshToken: "refresh-1",
      },
    });
    const directory = new CognitoUserDirectory(new CognitoIdentityProviderClient({}), CLIENT);
    expect(await directory.authenticate("mei", "pw")).toEqual({
      outcome: "signed-in",
      lead: { name: "mei", canSeePersonalData: true, grant: { refreshToken: "refresh-1", tokenFamily: "fam-1" } },
    });
    expect(cognito.commandCalls(InitiateAuthCommand)[0]?.args[0].input).toEqual({
      AuthFlow: "USER_PASSWORD_AUTH",
      ClientId: CLIENT,
      AuthParameters: { USERNAME: "mei", PASSWORD: "pw" },
    });
  });

  it("answers a wrong password with no one", async () => {
    cognito.on(InitiateAuthCommand).rejects(new NotAuthorizedException({ message: "no", $metadata: {} }));
    const directory = new CognitoUserDirectory(new CognitoIdentityProviderClient({}), CLIENT);
    expect(await directory.authenticate("mei", "wrong")).toEqual({ outcome: "refused", reason: "wrong-password" });
  });
});

describe("CognitoTokenRevoker", () => {
  it("revokes the sign-in's refresh token for the triage client", async () => {
    cognito.on(RevokeTokenCommand).resolves({});
    await new CognitoTokenRevoker(new CognitoIdentityProviderClient({}), CLIENT).revoke({
      refreshToken: "refresh-1",
      tokenFamily: "fam-1",
    });
    const calls = cognito.commandCalls(RevokeTokenCommand);
    expect(calls).toHaveLength(1);
    expect(calls[0]?.args[0].input).toEqual({ ClientId: CLIENT, Token: "refresh-1" });
  });

  it("lets a failure reach the caller, which has ended the session already", async () => {
    cognito.on(RevokeTokenCommand).rejects(new Error("TooManyRequestsException"));
    await expect(
      new CognitoTokenRevoker(new CognitoIdentityProviderClient({}), CLIENT).revoke({
        refreshToken: "r",
        tokenFamily: "f",
      }),
    ).rejects.toThrow();
  });
});

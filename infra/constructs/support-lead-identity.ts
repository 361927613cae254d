import { CfnOutput, RemovalPolicy, Validations } from "aws-cdk-lib";
import {
  AccountRecovery,
  CfnUserPoolGroup,
  Mfa,
  OAuthScope,
  UserPool,
  type UserPoolClient,
} from "aws-cdk-lib/aws-cognito";
import type { Construct } from "constructs";
import { LEAD_PASSWORD_POLICY, PII_VIEWERS_GROUP } from "#shared/edge/ports/users";
import { Capability } from "./capability.ts";

/**
 * The support leads who sign in to the triage page: a Cognito user pool without self sign-up, the group whose
 * members may read customers' words unmasked, and the triage page's client. The pool holds accounts, so it is
 * retained on delete and keeps its logical id.
 */
export class SupportLeadIdentity extends Capability {
  readonly userPool: UserPool;
  readonly triageClient: UserPoolClient;

  constructor(
    scope: Construct,
    id: string,
    props: { readonly signIn?: { callbackUrls: string[]; logoutUrls?: string[] | undefined } | undefined } = {},
  ) {
    super(scope, id);
    this.userPool = new UserPool(this, "SupportLeads", {
      selfSignUpEnabled: false,
      signInAliases: { username: true, email: true },
      // The sign-in page explains these rules and checks a new password against them first.
      passwordPolicy: { ...LEAD_PASSWORD_POLICY },
      mfa: Mfa.OPTIONAL,
      mfaSecondFactor: { otp: true, sms: false },
      accountRecovery: AccountRecovery.EMAIL_ONLY,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    new CfnUserPoolGroup(this, "PiiViewers", {
      userPoolId: this.userPool.userPoolId,
      groupName: PII_VIEWERS_GROUP,
      description: "Support leads who may read customers' words unmasked",
    });
    this.triageClient = this.userPool.addClient("TriageClient", {
      authFlows: { userPassword: true },
      generateSecret: false,
      // Sign-out revokes the sign-in's refresh token (RevokeToken), and with it its access tokens.
      enableTokenRevocation: true,
      // The triage page signs in with the pool directly. A hosted sign-in is offered only for the deployment's own
      // callback addresses, and only with the authorization code grant (never the implicit grant, never a
      // placeholder address).
      ...(props.signIn
        ? {
            oAuth: {
              flows: { authorizationCodeGrant: true, implicitCodeGrant: false },
              scopes: [OAuthScope.OPENID, OAuthScope.EMAIL, OAuthScope.PROFILE],
              callbackUrls: props.signIn.callbackUrls,
              logoutUrls: props.signIn.logoutUrls ?? [],
            },
          }
        : { disableOAuth: true }),
    });
    Validations.of(this.userPool).acknowledge(
      {
        id: "AwsSolutions-COG2",
        reason:
          "MFA is available (TOTP) and recommended for support leads; the triage sign-in answers its challenges and sets an authenticator up when the pool requires one, so the operator may switch it to required.",
      },
      {
        id: "AwsSolutions-COG8",
        reason:
          "The Plus feature plan (threat protection) is a per-deployment cost decision left to the operator; the pool has no self sign-up and a strong password policy.",
      },
      {
        id: "AwsSolutions-COG3",
        reason:
          "Cognito threat protection is a paid feature plan the operator enables per deployment; the pool has no self sign-up and a strong password policy.",
      },
    );
    new CfnOutput(this, "SupportLeadsUserPoolId", { value: this.userPool.userPoolId });
  }
}

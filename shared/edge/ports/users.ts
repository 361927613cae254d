import type { SupportedLocale } from "#shared/kernel/locale";

/** The Cognito group (and local list) whose members see personal data unmasked. */
export const PII_VIEWERS_GROUP = "pii-viewers";

export interface Viewer {
  name: string;
  /** Support leads allowed to read customers' words unmasked (audited). */
  canSeePersonalData: boolean;
  /**
   * The lead's profile (Cognito's `locale` and `zoneinfo` attributes, set by `hearback leads add`):
   * the language and time zone their pages use on any device until they pick another on the page.
   */
  locale?: SupportedLocale | undefined;
  timeZone?: string | undefined;
}

/**
 * What the identity provider handed out at sign-in, kept with the server-side session only: the
 * refresh token (revoked at sign-out) and the token family (Cognito's `origin_jti`, shared by
 * every access token issued from it).
 */
export interface IdentityGrant {
  refreshToken: string;
  tokenFamily: string;
}

/** An access token the identity provider signed, as its verifier reads it (`tokenFamily`: see IdentityGrant). */
export type VerifiedToken = Viewer & { tokenFamily?: string | undefined };

/** A lead who just signed in; `grant` when the directory issued tokens (Cognito). */
export type SignedIn = Viewer & { grant?: IdentityGrant };

/**
 * The support leads' password rules: the user pool enforces them (infra), the sign-in page explains
 * them and checks a new password against them before sending it.
 */
export const LEAD_PASSWORD_POLICY = {
  minLength: 12,
  requireDigits: true,
  requireLowercase: true,
  requireUppercase: true,
  requireSymbols: true,
} as const;

/** A rule of LEAD_PASSWORD_POLICY a password breaks, or "reused" / "other" when only the pool can tell. */
export type PasswordProblem =
  | "too-short"
  | "needs-lowercase"
  | "needs-uppercase"
  | "needs-digit"
  | "needs-symbol"
  | "reused"
  | "other";

/**
 * What else a sign-in needs before it is one: a new password (a lead's first sign-in with the
 * temporary password, or after a reset), the 6-digit code of their authenticator app, or setting
 * the app up (a pool that requires MFA, a lead without it yet). Challenges can follow each other.
 */
export type ChallengeKind = "new-password" | "totp" | "totp-setup";

export interface SignInChallenge {
  kind: ChallengeKind;
  /** Who the directory knows the lead as (Cognito's USER_ID_FOR_SRP: a username even when they typed their email). */
  user: string;
  /** The directory's state of this sign-in (Cognito's Session): it must never reach a browser readable or forgeable. */
  session: string;
  /** totp-setup: the key the lead adds to their authenticator app. */
  secret?: string;
}

/**
 * Where a sign-in stands after one step. Refused: `wrong-password` (name and password), `wrong-code`
 * and `password-rejected` (the challenge still stands: answer it again), `expired` (its state is
 * spent or too old: start again).
 */
export type SignInStep =
  | { outcome: "signed-in"; lead: SignedIn }
  | { outcome: "challenge"; challenge: SignInChallenge }
  | { outcome: "refused"; reason: "wrong-password" | "wrong-code" | "expired" }
  | { outcome: "refused"; reason: "password-rejected"; problems: PasswordProblem[] };

/** Who may sign in to the triage page: Cognito on AWS, development users on a laptop. */
export interface UserDirectory {
  authenticate(name: string, password: string): Promise<SignInStep>;
  /** Answers a challenge: the new password, or the 6-digit code. */
  answer(challenge: SignInChallenge, response: string): Promise<SignInStep>;
}

/** Ends a grant at the identity provider, so its refresh token mints no more access tokens. */
export interface TokenRevoker {
  revoke(grant: IdentityGrant): Promise<void>;
}

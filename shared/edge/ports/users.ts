/** The Cognito group (and local list) whose members see personal data unmasked. */
export const PII_VIEWERS_GROUP = "pii-viewers";

export interface Viewer {
  name: string;
  /** Support leads allowed to read customers' words unmasked (audited). */
  canSeePersonalData: boolean;
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

/** Who may sign in to the triage page: Cognito on AWS, development users on a laptop. */
export interface UserDirectory {
  authenticate(name: string, password: string): Promise<SignedIn | undefined>;
}

/** Ends a grant at the identity provider, so its refresh token mints no more access tokens. */
export interface TokenRevoker {
  revoke(grant: IdentityGrant): Promise<void>;
}

import type { IdentityGrant, Viewer } from "./users.ts";

/** A signed-in support lead's session, kept server-side so signing out ends it everywhere. */
export interface SessionRecord {
  id: string;
  viewer: Viewer;
  startedAt: string;
  lastSeenAt: string;
  /** Absolute end, whatever the activity. */
  expiresAt: string;
  /** The identity provider's tokens for this sign-in (AWS): revoked when the session ends. */
  grant?: IdentityGrant;
}

export interface SessionStore {
  start(session: SessionRecord): Promise<void>;
  get(id: string): Promise<SessionRecord | undefined>;
  /** Moves the idle clock on. */
  touch(id: string, at: string): Promise<void>;
  /** Signing out: the session no longer exists, whatever cookie still names it. Returns what it was. */
  end(id: string): Promise<SessionRecord | undefined>;
  /** The session a token family was issued to, while that link lasts (past the session's absolute end). */
  sessionOfTokenFamily(tokenFamily: string): Promise<string | undefined>;
}

/** Failed sign-ins counted per name and per client in fixed windows, to slow down guessing. */
export interface SignInThrottle {
  /** Failures recorded under each key in the window. */
  failures(keys: readonly string[], window: string): Promise<Map<string, number>>;
  fail(keys: readonly string[], window: string, expiresAt: Date): Promise<void>;
}

import { createCipheriv, createDecipheriv, createHash, createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import type { SessionRecord, SessionStore, SignInThrottle } from "./ports/sessions.ts";
import type { ChallengeKind, SignedIn, SignInChallenge, TokenRevoker, VerifiedToken, Viewer } from "./ports/users.ts";

/**
 * The triage page's session. The cookie (HttpOnly, SameSite=Strict, Secure outside localhost)
 * names a server-side session and carries its viewer and absolute end, signed (HMAC-SHA256); the
 * session itself lives in the table, so signing out ends it everywhere and an idle one ends by
 * itself. A forged or foreign cookie is refused before any read.
 */
export const SESSION_COOKIE = "hb_session";
export const SESSION_LIMITS = {
  /** Signed out after this long without a request. */
  idleMinutes: 60,
  /** Signed out after this long, however active. */
  absoluteHours: 10,
  /** The idle clock is written at most this often (not on every request). */
  touchEveryMinutes: 5,
} as const;
const MINUTE = 60_000;

const sign = (payload: string, secret: string) => createHmac("sha256", secret).update(payload).digest("base64url");

interface Token {
  sid: string;
  name: string;
  canSeePersonalData: boolean;
  exp: number;
}

const tokenOf = (token: Token, secret: string): string => {
  const payload = Buffer.from(JSON.stringify(token)).toString("base64url");
  return `${payload}.${sign(payload, secret)}`;
};

const readToken = (cookieHeader: string | undefined, secret: string, now: Date): Token | undefined => {
  const value = cookieHeader
    ?.split(";")
    .map((c) => c.trim())
    .find((c) => c.startsWith(`${SESSION_COOKIE}=`))
    ?.slice(SESSION_COOKIE.length + 1);
  if (!value) return undefined;
  const [payload, signature] = value.split(".");
  if (!payload || !signature) return undefined;
  const expected = Buffer.from(sign(payload, secret));
  const given = Buffer.from(signature);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return undefined;
  try {
    const data = JSON.parse(Buffer.from(payload, "base64url").toString("utf8")) as Partial<Token>;
    if (typeof data.exp !== "number" || data.exp < now.getTime()) return undefined;
    if (typeof data.sid !== "string" || typeof data.name !== "string") return undefined;
    return { sid: data.sid, name: data.name, canSeePersonalData: data.canSeePersonalData === true, exp: data.exp };
  } catch {
    return undefined;
  }
};

export interface SessionDeps {
  sessions: SessionStore;
  secret: string;
}

/** Starts a session for a lead who just signed in; returns the cookie value (which never holds the grant). */
export const startSession = async (deps: SessionDeps, signedIn: SignedIn, now: Date): Promise<string> => {
  const { grant, ...viewer } = signedIn;
  const id = randomBytes(18).toString("base64url");
  const expiresAt = new Date(now.getTime() + SESSION_LIMITS.absoluteHours * 60 * MINUTE);
  await deps.sessions.start({
    id,
    viewer,
    startedAt: now.toISOString(),
    lastSeenAt: now.toISOString(),
    expiresAt: expiresAt.toISOString(),
    ...(grant && { grant }),
  });
  return tokenOf({ sid: id, ...viewer, exp: expiresAt.getTime() }, deps.secret);
};

/** The signed-in lead, or undefined: no cookie, a forged one, an ended, expired or idle session. */
export const currentViewer = async (
  deps: SessionDeps,
  cookieHeader: string | undefined,
  now: Date,
): Promise<Viewer | undefined> => {
  const token = readToken(cookieHeader, deps.secret, now);
  if (!token) return undefined;
  return liveSession(deps.sessions, token.sid, now);
};

/** The session's viewer while it lives; an idle one is ended on the way. */
const liveSession = async (sessions: SessionStore, sid: string, now: Date): Promise<Viewer | undefined> => {
  const session = await sessions.get(sid);
  if (!session || Date.parse(session.expiresAt) < now.getTime()) return undefined;
  const idle = now.getTime() - Date.parse(session.lastSeenAt);
  if (idle > SESSION_LIMITS.idleMinutes * MINUTE) {
    await sessions.end(sid);
    return undefined;
  }
  if (idle > SESSION_LIMITS.touchEveryMinutes * MINUTE) await sessions.touch(sid, now.toISOString());
  return session.viewer;
};

/**
 * Signing out: the session ends server-side, so the old cookie no longer works anywhere, and the
 * identity provider's refresh token of the sign-in is revoked (AWS). The session is the source of
 * truth: it has ended even when the revocation fails, which is then handed back to be logged.
 */
export const endSession = async (
  deps: SessionDeps & { revoker?: TokenRevoker | undefined },
  cookieHeader: string | undefined,
  now: Date,
): Promise<{ ended?: SessionRecord; revokeFailed?: unknown }> => {
  const token = readToken(cookieHeader, deps.secret, now);
  const ended = token && (await deps.sessions.end(token.sid));
  if (!ended) return {};
  if (!ended.grant || !deps.revoker) return { ended };
  try {
    await deps.revoker.revoke(ended.grant);
    return { ended };
  } catch (error) {
    return { ended, revokeFailed: error };
  }
};

/**
 * Bearer tokens of the identity provider (Cognito access tokens) hold only while the server-side
 * session they were issued to lives: once it is signed out, idle or over, its tokens are refused
 * though their signature and expiry are still good. Tokens a lead got from the pool directly,
 * not through the triage sign-in, belong to no session and are judged by the verifier alone.
 */
export const sessionBoundTokens =
  (verify: (token: string) => Promise<VerifiedToken | undefined>, sessions: SessionStore, clock = () => new Date()) =>
  async (token: string): Promise<Viewer | undefined> => {
    const verified = await verify(token);
    if (!verified) return undefined;
    const { tokenFamily, ...viewer } = verified;
    if (tokenFamily === undefined) return viewer;
    const sid = await sessions.sessionOfTokenFamily(tokenFamily);
    if (sid === undefined) return viewer;
    return (await liveSession(sessions, sid, clock())) && viewer;
  };

export const sessionCookie = (
  value: string,
  secure: boolean,
  maxAgeSeconds = SESSION_LIMITS.absoluteHours * 3_600,
): string =>
  `${SESSION_COOKIE}=${value}; Path=/; HttpOnly; SameSite=Strict; Max-Age=${maxAgeSeconds}${secure ? "; Secure" : ""}`;

/**
 * Failed sign-ins slow guessing down: at most `perName` wrong passwords for one name and
 * `perClient` from one address in a window; then every attempt waits for the next window, even
 * with the right password.
 */
export const SIGN_IN_LIMITS = { perName: 5, perClient: 20, windowMinutes: 15 } as const;

const throttleKeys = (name: string, client: string) => [
  `name:${createHash("sha256").update(name.trim().toLowerCase()).digest("base64url").slice(0, 22)}`,
  `client:${client.slice(0, 64)}`,
];
const windowOf = (now: Date) => {
  const size = SIGN_IN_LIMITS.windowMinutes * MINUTE;
  const start = Math.floor(now.getTime() / size) * size;
  return { id: String(start), end: new Date(start + size) };
};

/** Seconds until the next attempt may be judged, or 0 when this one may be. */
export const signInWait = async (
  throttle: SignInThrottle,
  name: string,
  client: string,
  now: Date,
): Promise<number> => {
  const [byName, byClient] = throttleKeys(name, client) as [string, string];
  const window = windowOf(now);
  const failures = await throttle.failures([byName, byClient], window.id);
  const blocked =
    (failures.get(byName) ?? 0) >= SIGN_IN_LIMITS.perName || (failures.get(byClient) ?? 0) >= SIGN_IN_LIMITS.perClient;
  return blocked ? Math.ceil((window.end.getTime() - now.getTime()) / 1000) : 0;
};

export const recordFailedSignIn = async (throttle: SignInThrottle, name: string, client: string, now: Date) => {
  const window = windowOf(now);
  await throttle.fail(throttleKeys(name, client), window.id, new Date(window.end.getTime() + MINUTE));
};

/**
 * A status line the server wrote and hands back through a redirect (`?flash=...&fs=...`): shown
 * only with a valid signature, so a crafted link cannot put its own words in the page's banner.
 */
const noteSignature = (text: string, secret: string) => sign(`note\u0000${text}`, secret).slice(0, 22);

export const signedNote = (text: string, secret: string): { flash: string; fs: string } => ({
  flash: text,
  fs: noteSignature(text, secret),
});

export const verifiedNote = (
  text: string | undefined,
  signature: string | undefined,
  secret: string,
): string | undefined => {
  if (text === undefined || signature === undefined) return undefined;
  const expected = Buffer.from(noteSignature(text, secret));
  const given = Buffer.from(signature);
  return expected.length === given.length && timingSafeEqual(expected, given) ? text : undefined;
};

/**
 * A sign-in half done (a new password or a code still to give) travels with the page's form, sealed:
 * AES-256-GCM under a key derived from the session secret, so the browser can neither read the
 * identity provider's session in it nor forge or alter one, and it works for a few minutes only
 * (Cognito's own sign-in session lasts three). `name` is what the lead typed: the throttle's key.
 */
export const SIGN_IN_STEP_MINUTES = 3;

export interface PendingSignIn {
  name: string;
  challenge: SignInChallenge;
}

const stepKey = (secret: string) => createHmac("sha256", secret).update("hearback sign-in step v1").digest();
const STEP_AAD = Buffer.from("sign-in-step");
const CHALLENGE_KINDS: Record<ChallengeKind, true> = { "new-password": true, totp: true, "totp-setup": true };
const isChallengeKind = (kind: unknown): kind is ChallengeKind =>
  typeof kind === "string" && Object.hasOwn(CHALLENGE_KINDS, kind);

export const sealSignInStep = (pending: PendingSignIn, secret: string, now: Date): string => {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", stepKey(secret), iv).setAAD(STEP_AAD);
  const plain = JSON.stringify({ ...pending, exp: now.getTime() + SIGN_IN_STEP_MINUTES * MINUTE });
  const sealed = Buffer.concat([cipher.update(plain, "utf8"), cipher.final()]);
  return Buffer.concat([iv, cipher.getAuthTag(), sealed]).toString("base64url");
};

/** The pending sign-in, or undefined: altered, forged, from another deployment, or expired. */
export const openSignInStep = (sealed: string, secret: string, now: Date): PendingSignIn | undefined => {
  const raw = Buffer.from(sealed, "base64url");
  if (raw.length < 29 || raw.length > 16_384) return undefined;
  try {
    const decipher = createDecipheriv("aes-256-gcm", stepKey(secret), raw.subarray(0, 12)).setAAD(STEP_AAD);
    decipher.setAuthTag(raw.subarray(12, 28));
    const plain = Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString("utf8");
    const data = JSON.parse(plain) as { name?: unknown; exp?: unknown; challenge?: Partial<Record<string, unknown>> };
    const c = data.challenge;
    if (typeof data.exp !== "number" || data.exp < now.getTime() || typeof data.name !== "string" || !c)
      return undefined;
    if (!isChallengeKind(c.kind) || typeof c.user !== "string" || typeof c.session !== "string") return undefined;
    return {
      name: data.name,
      challenge: {
        kind: c.kind,
        user: c.user,
        session: c.session,
        ...(typeof c.secret === "string" && { secret: c.secret }),
      },
    };
  } catch {
    return undefined;
  }
};

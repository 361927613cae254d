import { describe, expect, it } from "vitest";
import type { SessionRecord, SessionStore, SignInThrottle } from "#shared/edge/ports/sessions";
import type { IdentityGrant, VerifiedToken } from "#shared/edge/ports/users";
import {
  currentViewer,
  endSession,
  recordFailedSignIn,
  SESSION_LIMITS,
  SIGN_IN_LIMITS,
  sessionBoundTokens,
  signInWait,
  startSession,
} from "#shared/edge/session";

/** In-memory stand-ins with the ports' meaning; the DynamoDB adapters are exercised end to end. */
const memorySessions = () => {
  const items = new Map<string, SessionRecord>();
  const families = new Map<string, string>();
  const touches: string[] = [];
  const store: SessionStore = {
    start: async (s) => {
      items.set(s.id, { ...s });
      if (s.grant) families.set(s.grant.tokenFamily, s.id);
    },
    get: async (id) => items.get(id),
    touch: async (id, at) => {
      touches.push(at);
      const s = items.get(id);
      if (s) s.lastSeenAt = at;
    },
    end: async (id) => {
      const s = items.get(id);
      items.delete(id);
      return s;
    },
    sessionOfTokenFamily: async (family) => families.get(family),
  };
  return { store, items, touches };
};
const memoryThrottle = (): SignInThrottle => {
  const counts = new Map<string, number>();
  return {
    failures: async (keys, window) => new Map(keys.map((k) => [k, counts.get(`${k}|${window}`) ?? 0])),
    fail: async (keys, window) => {
      for (const k of keys) counts.set(`${k}|${window}`, (counts.get(`${k}|${window}`) ?? 0) + 1);
    },
  };
};

const SECRET = "a-test-secret-of-sixty-four-characters-for-triage-sessions-0000";
const lead = { name: "lin", canSeePersonalData: false };
const T0 = new Date("2026-12-04T09:00:00.000Z");
const minutes = (n: number) => new Date(T0.getTime() + n * 60_000);
const cookie = (value: string) => `other=1; hb_session=${value}`;

describe("triage sessions", () => {
  it("knows the lead until they sign out, then not even with the old cookie", async () => {
    const { store } = memorySessions();
    const deps = { sessions: store, secret: SECRET };
    const value = await startSession(deps, lead, T0);
    expect(await currentViewer(deps, cookie(value), minutes(1))).toEqual(lead);
    await endSession(deps, cookie(value), minutes(2));
    expect(await currentViewer(deps, cookie(value), minutes(3))).toBeUndefined();
  });

  it("ends a session left idle, and keeps one in use alive until its absolute end", async () => {
    const { store, items } = memorySessions();
    const deps = { sessions: store, secret: SECRET };
    const idle = await startSession(deps, lead, T0);
    expect(await currentViewer(deps, cookie(idle), minutes(SESSION_LIMITS.idleMinutes + 1))).toBeUndefined();
    expect(items.size).toBe(0);

    const busy = await startSession(deps, lead, T0);
    for (let m = 30; m < SESSION_LIMITS.absoluteHours * 60; m += 30) {
      expect(await currentViewer(deps, cookie(busy), minutes(m)), `minute ${m}`).toEqual(lead);
    }
    expect(await currentViewer(deps, cookie(busy), minutes(SESSION_LIMITS.absoluteHours * 60 + 1))).toBeUndefined();
  });

  it("writes the idle clock at most every few minutes, not on every request", async () => {
    const { store, touches } = memorySessions();
    const deps = { sessions: store, secret: SECRET };
    const value = await startSession(deps, lead, T0);
    for (let s = 10; s < 4 * 60; s += 10) await currentViewer(deps, cookie(value), new Date(T0.getTime() + s * 1000));
    expect(touches).toEqual([]);
    await currentViewer(deps, cookie(value), minutes(SESSION_LIMITS.touchEveryMinutes + 1));
    expect(touches).toHaveLength(1);
  });

  it("refuses a cookie signed with another secret or naming a session that does not exist", async () => {
    const { store, items } = memorySessions();
    const value = await startSession({ sessions: store, secret: "another-secret-".repeat(5) }, lead, T0);
    expect(await currentViewer({ sessions: store, secret: SECRET }, cookie(value), minutes(1))).toBeUndefined();
    items.clear();
    const gone = await startSession({ sessions: store, secret: SECRET }, lead, T0);
    items.clear();
    expect(await currentViewer({ sessions: store, secret: SECRET }, cookie(gone), minutes(1))).toBeUndefined();
  });
});

describe("Cognito tokens of a triage sign-in (AWS)", () => {
  const grant: IdentityGrant = { refreshToken: "refresh-token-of-the-sign-in", tokenFamily: "origin-jti-1" };
  const revoker = () => {
    const revoked: IdentityGrant[] = [];
    return { revoked, revoke: async (g: IdentityGrant) => void revoked.push(g) };
  };
  /** What the verifier reads from a well-signed, unexpired access token of that sign-in. */
  const verified =
    (tokenFamily?: string) =>
    async (token: string): Promise<VerifiedToken | undefined> =>
      token === "good.jwt.sig" ? { ...lead, ...(tokenFamily !== undefined && { tokenFamily }) } : undefined;

  it("keeps the refresh token server-side only, and revokes it at sign-out", async () => {
    const { store, items } = memorySessions();
    const r = revoker();
    const value = await startSession({ sessions: store, secret: SECRET }, { ...lead, grant }, T0);
    expect(Buffer.from(value.split(".")[0] ?? "", "base64url").toString()).not.toContain("refresh");
    expect([...items.values()][0]?.grant).toEqual(grant);
    expect(await currentViewer({ sessions: store, secret: SECRET }, cookie(value), minutes(1))).toEqual(lead);

    const out = await endSession({ sessions: store, secret: SECRET, revoker: r }, cookie(value), minutes(2));
    expect(out.revokeFailed).toBeUndefined();
    expect(r.revoked).toEqual([grant]);
    expect(await currentViewer({ sessions: store, secret: SECRET }, cookie(value), minutes(3))).toBeUndefined();
    // Signing out twice revokes nothing more.
    await endSession({ sessions: store, secret: SECRET, revoker: r }, cookie(value), minutes(4));
    expect(r.revoked).toHaveLength(1);
  });

  it("refuses the sign-in's access tokens once its session is signed out, idle or over", async () => {
    const { store } = memorySessions();
    const deps = { sessions: store, secret: SECRET };
    let now = minutes(1);
    const tokens = sessionBoundTokens(verified(grant.tokenFamily), store, () => now);
    const value = await startSession(deps, { ...lead, grant }, T0);
    expect(await tokens("good.jwt.sig")).toEqual(lead);
    expect(await tokens("forged.jwt.sig")).toBeUndefined();
    await endSession(deps, cookie(value), minutes(2));
    now = minutes(3);
    expect(await tokens("good.jwt.sig")).toBeUndefined();

    const idleGrant = { ...grant, tokenFamily: "origin-jti-2" };
    await startSession(deps, { ...lead, grant: idleGrant }, T0);
    const idle = sessionBoundTokens(verified(idleGrant.tokenFamily), store, () => now);
    expect(await idle("good.jwt.sig")).toEqual(lead);
    now = minutes(SESSION_LIMITS.idleMinutes + 5);
    expect(await idle("good.jwt.sig")).toBeUndefined();
  });

  it("still signs out when Cognito cannot revoke, and hands the failure back to be logged", async () => {
    const { store } = memorySessions();
    const deps = { sessions: store, secret: SECRET };
    const value = await startSession(deps, { ...lead, grant }, T0);
    const failing = {
      revoke: async () => {
        throw new Error("throttled");
      },
    };
    const out = await endSession({ ...deps, revoker: failing }, cookie(value), minutes(1));
    expect(out.revokeFailed).toBeInstanceOf(Error);
    expect(await currentViewer(deps, cookie(value), minutes(2))).toBeUndefined();
    expect(
      await sessionBoundTokens(verified(grant.tokenFamily), store, () => minutes(2))("good.jwt.sig"),
    ).toBeUndefined();
  });

  it("judges tokens that belong to no triage session by the verifier alone", async () => {
    const { store } = memorySessions();
    expect(await sessionBoundTokens(verified("from-elsewhere"), store, () => T0)("good.jwt.sig")).toEqual(lead);
    expect(await sessionBoundTokens(verified(), store, () => T0)("good.jwt.sig")).toEqual(lead);
  });
});

describe("failed sign-ins", () => {
  it("stops judging a name's passwords after a few failures, for that name only, until the window ends", async () => {
    const throttle = memoryThrottle();
    for (let i = 0; i < SIGN_IN_LIMITS.perName; i++) {
      expect(await signInWait(throttle, "Lin ", `10.0.0.${i}`, T0)).toBe(0);
      await recordFailedSignIn(throttle, "lin", `10.0.0.${i}`, T0);
    }
    const wait = await signInWait(throttle, "LIN", "10.0.0.99", T0);
    expect(wait).toBeGreaterThan(0);
    expect(wait).toBeLessThanOrEqual(SIGN_IN_LIMITS.windowMinutes * 60);
    expect(await signInWait(throttle, "wang", "10.0.0.99", T0)).toBe(0);
    expect(await signInWait(throttle, "lin", "10.0.0.99", minutes(SIGN_IN_LIMITS.windowMinutes))).toBe(0);
  });

  it("stops one client guessing many names", async () => {
    const throttle = memoryThrottle();
    for (let i = 0; i < SIGN_IN_LIMITS.perClient; i++) await recordFailedSignIn(throttle, `user${i}`, "10.0.0.7", T0);
    expect(await signInWait(throttle, "someone-new", "10.0.0.7", T0)).toBeGreaterThan(0);
    expect(await signInWait(throttle, "someone-new", "10.0.0.8", T0)).toBe(0);
  });
});

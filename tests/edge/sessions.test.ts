import { describe, expect, it } from "vitest";
import type { SessionRecord, SessionStore, SignInThrottle } from "#shared/edge/ports/sessions";
import {
  currentViewer,
  endSession,
  recordFailedSignIn,
  SESSION_LIMITS,
  SIGN_IN_LIMITS,
  signInWait,
  startSession,
} from "#shared/edge/session";

/** In-memory stand-ins with the ports' meaning; the DynamoDB adapters are exercised end to end. */
const memorySessions = () => {
  const items = new Map<string, SessionRecord>();
  const touches: string[] = [];
  const store: SessionStore = {
    start: async (s) => void items.set(s.id, { ...s }),
    get: async (id) => items.get(id),
    touch: async (id, at) => {
      touches.push(at);
      const s = items.get(id);
      if (s) s.lastSeenAt = at;
    },
    end: async (id) => void items.delete(id),
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

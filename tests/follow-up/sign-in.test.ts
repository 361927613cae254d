import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from "aws-lambda";
import { describe, expect, it } from "vitest";
import type { SessionRecord, SessionStore, SignInThrottle } from "#shared/edge/ports/sessions";
import type { SignInChallenge, SignInStep, UserDirectory } from "#shared/edge/ports/users";
import { currentViewer, SIGN_IN_LIMITS, SIGN_IN_STEP_MINUTES, sealSignInStep } from "#shared/edge/session";
import { passwordProblems, signInPages } from "#shared/follow-up/sign-in-http";

/**
 * The triage page's sign-in routes end to end, with a directory that asks what Cognito asks a
 * lead created by an admin: a new password, then the authenticator's code.
 */

const SECRET = "a-test-secret-of-sixty-four-characters-for-triage-sessions-0000";
const T0 = new Date("2026-12-04T09:00:00.000Z");
const at = (minutes: number) => new Date(T0.getTime() + minutes * 60_000);
const TEMPORARY = "Tmp-Pass-0001!";
const NEW_PASSWORD = "Mei-own-pass-2026!";
const CODE = "123456";

const memorySessions = () => {
  const items = new Map<string, SessionRecord>();
  const store: SessionStore = {
    start: async (s) => void items.set(s.id, { ...s }),
    get: async (id) => items.get(id),
    touch: async () => {},
    end: async (id) => {
      const s = items.get(id);
      items.delete(id);
      return s;
    },
    sessionOfTokenFamily: async () => undefined,
  };
  return { store, items };
};
const memoryThrottle = () => {
  const counts = new Map<string, number>();
  const throttle: SignInThrottle = {
    failures: async (keys, window) => new Map(keys.map((k) => [k, counts.get(`${k}|${window}`) ?? 0])),
    fail: async (keys, window) => {
      for (const k of keys) counts.set(`${k}|${window}`, (counts.get(`${k}|${window}`) ?? 0) + 1);
    },
  };
  return { throttle, total: () => [...counts.values()].reduce((a, b) => a + b, 0) / 2 };
};

/** Cognito as a lead created with admin-create-user meets it, with every challenge's session. */
const pool = () => {
  const answered: Array<{ challenge: SignInChallenge; response: string }> = [];
  let spent = false;
  const directory: UserDirectory = {
    authenticate: async (name, password): Promise<SignInStep> =>
      name === "mei" && password === TEMPORARY
        ? { outcome: "challenge", challenge: { kind: "new-password", user: "mei-sub", session: "cognito-session-1" } }
        : { outcome: "refused", reason: "wrong-password" },
    answer: async (challenge, response): Promise<SignInStep> => {
      answered.push({ challenge, response });
      if (challenge.session === "cognito-session-1" && challenge.kind === "new-password") {
        if (response === "Used-before-2025!")
          return { outcome: "refused", reason: "password-rejected", problems: ["reused"] };
        return { outcome: "challenge", challenge: { kind: "totp", user: "mei-sub", session: "cognito-session-2" } };
      }
      if (challenge.session === "cognito-session-2" && challenge.kind === "totp" && !spent) {
        if (response !== CODE) return { outcome: "refused", reason: "wrong-code" };
        spent = true;
        return { outcome: "signed-in", lead: { name: "mei", canSeePersonalData: true } };
      }
      return { outcome: "refused", reason: "expired" };
    },
  };
  return { directory, answered };
};

const setup = (over: { staffLocale?: "zh-Hans" | "zh-Hant" | "en"; devHint?: boolean } = {}) => {
  const sessions = memorySessions();
  const throttle = memoryThrottle();
  const cognito = pool();
  const pages = signInPages({
    users: cognito.directory,
    sessions: sessions.store,
    throttle: throttle.throttle,
    secret: SECRET,
    basePath: "/triage",
    staff: { locale: over.staffLocale ?? "zh-Hans", timeZone: "Asia/Shanghai" },
    devHint: over.devHint ?? false,
  });
  return { pages, sessions, throttle, cognito };
};

const event = (
  method: "GET" | "POST",
  opts: { form?: Record<string, string>; query?: Record<string, string>; headers?: Record<string, string> } = {},
): APIGatewayProxyEventV2 => ({
  version: "2.0",
  routeKey: `${method} /triage/login`,
  rawPath: "/triage/login",
  rawQueryString: new URLSearchParams(opts.query).toString(),
  headers: { host: "hearback.example.com", "accept-language": "en-GB,en;q=0.8", ...opts.headers },
  ...(opts.query && { queryStringParameters: opts.query }),
  requestContext: {
    accountId: "123456789012",
    apiId: "api",
    domainName: "hearback.example.com",
    domainPrefix: "hearback",
    http: { method, path: "/triage/login", protocol: "HTTP/1.1", sourceIp: "203.0.113.7", userAgent: "test" },
    requestId: "r",
    routeKey: `${method} /triage/login`,
    stage: "$default",
    time: "04/Dec/2026:09:00:00 +0000",
    timeEpoch: T0.getTime(),
  },
  ...(opts.form && { body: new URLSearchParams(opts.form).toString() }),
  isBase64Encoded: false,
});

type Pages = ReturnType<typeof setup>["pages"];
const post = async (pages: Pages, form: Record<string, string>, now = T0, headers: Record<string, string> = {}) =>
  (await pages.handle(event("POST", { form, headers }), "n0nce", now)) as APIGatewayProxyStructuredResultV2;
const body = (res: APIGatewayProxyStructuredResultV2) => String(res.body ?? "");
const stateOf = (res: APIGatewayProxyStructuredResultV2) => {
  const state = /name="state" value="([^"]+)"/.exec(body(res))?.[1];
  if (!state) throw new Error(`no sign-in state in the page:\n${body(res)}`);
  return state;
};
const alertOf = (res: APIGatewayProxyStructuredResultV2) => /<p role="alert">([^<]*)<\/p>/.exec(body(res))?.[1];

describe("triage sign-in: a lead's first sign-in", () => {
  it("sets a new password, gives the authenticator's code, and ends signed in like any sign-in", async () => {
    const { pages, sessions, cognito, throttle } = setup();
    const zh = { "accept-language": "zh-CN,zh;q=0.9" };

    const first = await post(pages, { name: "mei", password: TEMPORARY }, T0, zh);
    expect(first.statusCode).toBe(200);
    expect(body(first)).toContain('<html lang="zh-Hans">');
    expect(body(first)).toContain("<h1>设置新密码</h1>");
    // The pool's session stays sealed: the browser neither reads it nor could alter it unnoticed.
    expect(body(first)).not.toContain("cognito-session-1");
    expect(body(first)).not.toContain("mei-sub");
    expect(first.cookies ?? []).toEqual([]);
    const state1 = stateOf(first);

    const mismatch = await post(
      pages,
      { state: state1, "new-password": NEW_PASSWORD, "confirm-password": `${NEW_PASSWORD}x` },
      at(0.5),
      zh,
    );
    expect(mismatch.statusCode).toBe(400);
    expect(alertOf(mismatch)).toBe("两次输入的新密码不一致，请输入相同的密码。");
    expect(stateOf(mismatch)).toBe(state1);

    const weak = await post(
      pages,
      { state: state1, "new-password": "short", "confirm-password": "short" },
      at(0.6),
      zh,
    );
    expect(weak.statusCode).toBe(400);
    expect(alertOf(weak)).toBe("密码未被接受：还需要至少 12 个字符、一个大写字母、一个数字、一个符号，如 ! 或 #。");
    // Mistakes the page can tell by itself never reach the pool.
    expect(cognito.answered).toHaveLength(0);

    const reused = await post(
      pages,
      { state: state1, "new-password": "Used-before-2025!", "confirm-password": "Used-before-2025!" },
      at(0.7),
      zh,
    );
    expect(reused.statusCode).toBe(400);
    expect(alertOf(reused)).toBe("该密码以前用过，请换一个新密码。");

    const second = await post(
      pages,
      { state: state1, "new-password": NEW_PASSWORD, "confirm-password": NEW_PASSWORD },
      at(1),
      zh,
    );
    expect(second.statusCode).toBe(200);
    expect(body(second)).toContain("<h1>输入验证码</h1>");
    expect(body(second)).toContain('inputmode="numeric" autocomplete="one-time-code"');
    const state2 = stateOf(second);

    const malformed = await post(pages, { state: state2, code: "12345" }, at(1.5), zh);
    expect(malformed.statusCode).toBe(400);
    expect(alertOf(malformed)).toBe("请输入应用显示的 6 位数字。");

    const wrong = await post(pages, { state: state2, code: "000000" }, at(1.6), zh);
    expect(wrong.statusCode).toBe(401);
    expect(alertOf(wrong)).toBe("验证码不正确，请输入应用当前显示的验证码。");
    expect(stateOf(wrong)).toBe(state2);

    const done = await post(pages, { state: state2, code: "123 456" }, at(2), zh);
    expect(done.statusCode).toBe(303);
    expect(done.headers?.location).toBe("/triage");
    const cookie = (done.cookies ?? []).find((c) => c.startsWith("hb_session="));
    expect(cookie).toMatch(/HttpOnly; SameSite=Strict; Max-Age=36000; Secure$/);
    const value = cookie?.split(";")[0] ?? "";
    expect(await currentViewer({ sessions: sessions.store, secret: SECRET }, value, at(3))).toEqual({
      name: "mei",
      canSeePersonalData: true,
    });
    expect(sessions.items.size).toBe(1);

    // The directory got its own sessions back, for the pool's username, with each answer.
    expect(cognito.answered.map((a) => [a.challenge.kind, a.challenge.user, a.challenge.session, a.response])).toEqual([
      ["new-password", "mei-sub", "cognito-session-1", "Used-before-2025!"],
      ["new-password", "mei-sub", "cognito-session-1", NEW_PASSWORD],
      ["totp", "mei-sub", "cognito-session-2", "000000"],
      ["totp", "mei-sub", "cognito-session-2", CODE],
    ]);
    // The refusals of the pool counted against the sign-in throttle: the reused password, the wrong code.
    expect(throttle.total()).toBe(2);
  });

  it("sends an altered, foreign or expired step back to the first page, in the lead's language, and counts it", async () => {
    const { pages, throttle, cognito } = setup();
    const first = await post(pages, { name: "mei", password: TEMPORARY });
    const state = stateOf(first);
    const flipped = `${state.slice(0, 20)}${state[20] === "A" ? "B" : "A"}${state.slice(21)}`;
    const foreign = sealSignInStep(
      { name: "mei", challenge: { kind: "totp", user: "mei-sub", session: "cognito-session-2" } },
      "another-deployment's-secret-0000000000000000000000000000000000000",
      T0,
    );
    const cases = [
      { state: flipped, now: at(1) },
      { state: foreign, now: at(1) },
      { state: "not even base64 ✓", now: at(1) },
      { state, now: at(SIGN_IN_STEP_MINUTES + 0.1) },
    ];
    for (const c of cases) {
      const res = await post(
        pages,
        { state: c.state, "new-password": NEW_PASSWORD, "confirm-password": NEW_PASSWORD, username: "mei" },
        c.now,
      );
      expect(res.statusCode).toBe(401);
      expect(alertOf(res)).toBe("That sign-in took too long or was already used. Sign in again.");
      expect(body(res)).toContain('<input id="l-name" name="name"');
      expect(body(res)).not.toContain('name="state"');
    }
    expect(cognito.answered).toHaveLength(0);
    expect(throttle.total()).toBe(cases.length);
  });

  it("starts over when the pool says the step's session is spent", async () => {
    const { pages } = setup({ staffLocale: "zh-Hant" });
    const tw = { "accept-language": "zh-TW" };
    const state1 = stateOf(await post(pages, { name: "mei", password: TEMPORARY }, T0, tw));
    const state2 = stateOf(
      await post(pages, { state: state1, "new-password": NEW_PASSWORD, "confirm-password": NEW_PASSWORD }, at(0.5), tw),
    );
    expect((await post(pages, { state: state2, code: CODE }, at(1), tw)).statusCode).toBe(303);
    // The same sealed step again (a replayed form): Cognito refuses its spent session.
    const replay = await post(pages, { state: state2, code: CODE }, at(1.5), tw);
    expect(replay.statusCode).toBe(401);
    expect(body(replay)).toContain('<html lang="zh-Hant">');
    expect(alertOf(replay)).toBe("此次登入已逾時或已使用，請重新登入。");
  });

  it("counts failed steps with failed passwords: past the limit the right code waits too, and the page says how long", async () => {
    const { pages } = setup();
    const state1 = stateOf(await post(pages, { name: "mei", password: TEMPORARY }));
    const state2 = stateOf(
      await post(pages, { state: state1, "new-password": NEW_PASSWORD, "confirm-password": NEW_PASSWORD }, at(0.2)),
    );
    expect((await post(pages, { name: "mei", password: "guess" }, at(0.3))).statusCode).toBe(401);
    for (let i = 1; i < SIGN_IN_LIMITS.perName; i++) {
      expect((await post(pages, { state: state2, code: "000000" }, at(0.3 + i / 10))).statusCode).toBe(401);
    }
    const blocked = await post(pages, { state: state2, code: CODE }, at(1));
    expect(blocked.statusCode).toBe(429);
    expect(alertOf(blocked)).toBe("Too many failed sign-ins. Try again in 14 min.");
    expect(blocked.headers?.["retry-after"]).toBe(String(14 * 60));
    expect(blocked.cookies ?? []).toEqual([]);
    const zh = await post(pages, { name: "mei", password: TEMPORARY }, at(1), { "accept-language": "zh-CN" });
    expect(zh.statusCode).toBe(429);
    expect(alertOf(zh)).toBe("登录失败次数过多，请 14 分钟后再试。");
  });
});

describe("triage sign-in: the first page", () => {
  it("speaks the language picked with ?lang= and remembers it, else the cookie's, the browser's, the staff's", async () => {
    const { pages } = setup({ staffLocale: "zh-Hans", devHint: true });
    const picked = (await pages.handle(
      event("GET", { query: { lang: "zh-Hant" } }),
      "n",
      T0,
    )) as APIGatewayProxyStructuredResultV2;
    expect(picked.statusCode).toBe(200);
    expect(body(picked)).toContain('<html lang="zh-Hant">');
    expect(body(picked)).toContain("本機開發：任意使用者名稱，使用開發密碼。");
    expect(picked.cookies).toEqual(["hb_lang=zh-Hant; Path=/; Max-Age=31536000; SameSite=Lax; Secure"]);

    const remembered = (await pages.handle(
      event("GET", { headers: { cookie: "hb_lang=en", "accept-language": "zh-CN" } }),
      "n",
      T0,
    )) as APIGatewayProxyStructuredResultV2;
    expect(body(remembered)).toContain('<html lang="en">');

    const browser = (await pages.handle(
      event("GET", { headers: { "accept-language": "zh-HK" } }),
      "n",
      T0,
    )) as APIGatewayProxyStructuredResultV2;
    expect(body(browser)).toContain('<html lang="zh-Hant">');

    const plain = event("GET");
    delete plain.headers["accept-language"];
    expect(body((await pages.handle(plain, "n", T0)) as APIGatewayProxyStructuredResultV2)).toContain(
      '<html lang="zh-Hans">',
    );
  });

  it("refuses a wrong password and a cross-site form in the lead's language", async () => {
    const { pages, sessions } = setup();
    const wrong = await post(pages, { name: "mei", password: "nope" }, T0, { "accept-language": "zh-CN" });
    expect(wrong.statusCode).toBe(401);
    expect(alertOf(wrong)).toBe("用户名或密码不正确。");
    expect(sessions.items.size).toBe(0);

    const crossSite = pages.crossSite(event("POST", { headers: { "accept-language": "zh-TW" } }), "n", T0);
    expect(crossSite.statusCode).toBe(403);
    expect(alertOf(crossSite)).toBe("此表單來自其他網站，已拒絕。");
  });

  it("answers only its own routes", async () => {
    const { pages } = setup();
    const other = { ...event("GET"), routeKey: "GET /triage" };
    expect(await pages.handle(other, "n", T0)).toBeUndefined();
  });
});

describe("passwordProblems", () => {
  it("names every rule of the pool's policy a new password breaks", () => {
    expect(passwordProblems("short")).toEqual(["too-short", "needs-uppercase", "needs-digit", "needs-symbol"]);
    expect(passwordProblems("ALL-UPPER-CASE-1")).toEqual(["needs-lowercase"]);
    expect(passwordProblems("Has a space 2026")).toEqual([]);
    expect(passwordProblems(NEW_PASSWORD)).toEqual([]);
  });
});

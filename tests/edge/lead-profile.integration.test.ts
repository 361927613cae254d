import { CognitoIdentityProviderClient, InitiateAuthCommand } from "@aws-sdk/client-cognito-identity-provider";
import type { APIGatewayProxyEventV2 } from "aws-lambda";
import { mockClient } from "aws-sdk-client-mock";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { DynamoSessionStore } from "#shared/edge/adapters/dynamo-session-store";
import { CognitoUserDirectory } from "#shared/edge/adapters/user-directories";
import { workbenchLocale } from "#shared/edge/workbench-locale";
import { type Engines, startEngines } from "../support/engines.ts";

/**
 * A lead's profile (issue 14, item 5): the language and zone `hearback leads add --locale --time-zone`
 * sets in the user pool reach the lead's pages on any device, from the sign-in through the session,
 * until the lead picks another language on the page.
 */
const cognito = mockClient(CognitoIdentityProviderClient);
afterEach(() => cognito.reset());

let engines: Engines;
beforeAll(async () => {
  engines = await startEngines("hearback-lead-profile");
}, 60_000);
afterAll(async () => {
  await engines?.stop();
});

const idToken = (claims: Record<string, unknown>) =>
  `e30.${Buffer.from(JSON.stringify(claims)).toString("base64url")}.sig`;
const signIn = async (claims: Record<string, unknown>) => {
  cognito.on(InitiateAuthCommand).resolves({
    AuthenticationResult: { IdToken: idToken({ "cognito:username": "mei", ...claims }), AccessToken: "a" },
  });
  const step = await new CognitoUserDirectory(new CognitoIdentityProviderClient({}), "client").authenticate(
    "mei",
    "Pass-word-2026!",
  );
  if (step.outcome !== "signed-in") throw new Error(`expected a sign-in, got ${step.outcome}`);
  return step.lead;
};
const page = (headers: Record<string, string> = {}, cookies: string[] = [], lang?: string) =>
  ({
    headers,
    cookies,
    queryStringParameters: lang === undefined ? undefined : { lang },
  }) as unknown as APIGatewayProxyEventV2;
const DEFAULTS = { locale: "en" as const, timeZone: "Europe/London", secure: true };

describe("a lead's language and time zone from their profile", () => {
  it("reads Cognito's locale and zoneinfo at sign-in (aliases mapped, unknown values dropped)", async () => {
    expect(await signIn({ locale: "zh-TW", zoneinfo: "Asia/Taipei" })).toMatchObject({
      locale: "zh-Hant",
      timeZone: "Asia/Taipei",
    });
    const odd = await signIn({ locale: "klingon", zoneinfo: "Mars/Olympus" });
    expect(odd).not.toHaveProperty("locale");
    expect(odd).not.toHaveProperty("timeZone");
  });

  it("keeps the profile with the server-side session", async () => {
    const store = new DynamoSessionStore(engines.db, engines.tableName);
    const now = new Date().toISOString();
    const viewer = { name: "mei", canSeePersonalData: false, locale: "zh-Hans" as const, timeZone: "Asia/Shanghai" };
    await store.start({ id: "s-profile", viewer, startedAt: now, lastSeenAt: now, expiresAt: now });
    expect((await store.get("s-profile"))?.viewer).toEqual(viewer);
    const plain = { name: "li", canSeePersonalData: true };
    await store.start({ id: "s-plain", viewer: plain, startedAt: now, lastSeenAt: now, expiresAt: now });
    expect((await store.get("s-plain"))?.viewer).toEqual(plain);
  });

  it("speaks the profile's language over the browser's, until the lead picks another on the page", () => {
    const profile = { locale: "zh-Hans" as const, timeZone: "Asia/Shanghai" };
    const englishBrowser = { "accept-language": "en-US,en;q=0.9" };
    expect(workbenchLocale(page(englishBrowser), DEFAULTS, profile)).toMatchObject({
      locale: "zh-Hans",
      timeZone: "Asia/Shanghai",
    });
    // No profile: the browser decides, as before.
    expect(workbenchLocale(page(englishBrowser), DEFAULTS).locale).toBe("en");
    // A choice made on the page (the switch, then its cookie) wins over the profile.
    expect(workbenchLocale(page(englishBrowser, [], "zh-Hant"), DEFAULTS, profile).locale).toBe("zh-Hant");
    expect(workbenchLocale(page(englishBrowser, ["hb_lang=en"]), DEFAULTS, profile).locale).toBe("en");
    // The zone the browser reports wins over the profile's; a bad profile zone falls back to the default.
    expect(workbenchLocale(page({}, ["hb_tz=Asia/Taipei"]), DEFAULTS, profile).timeZone).toBe("Asia/Taipei");
    expect(workbenchLocale(page(), DEFAULTS, { timeZone: "Nowhere/Atlantis" }).timeZone).toBe("Europe/London");
  });
});

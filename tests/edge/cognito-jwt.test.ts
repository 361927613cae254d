import { createSign, generateKeyPairSync } from "node:crypto";
import { describe, expect, it } from "vitest";
import { cognitoJwtVerifier } from "#shared/edge/adapters/cognito-jwt";

/** Tokens shaped like Cognito's, signed by a key the verifier is given in place of the pool's JWKS. */
const POOL = "eu-west-1_AbCdEf123";
const CLIENT = "triageclient123";
const { privateKey, publicKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
const jwk = { ...publicKey.export({ format: "jwk" }), kid: "test-key", alg: "RS256", use: "sig" };

const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString("base64url");
const token = (claims: Record<string, unknown>) => {
  const head = b64({ alg: "RS256", kid: "test-key", typ: "JWT" });
  const body = b64(claims);
  const signature = createSign("RSA-SHA256").update(`${head}.${body}`).sign(privateKey).toString("base64url");
  return `${head}.${body}.${signature}`;
};
const now = () => Math.floor(Date.now() / 1000);
const claims = (extra: Record<string, unknown> = {}) => ({
  sub: "u-1",
  iss: `https://cognito-idp.eu-west-1.amazonaws.com/${POOL}`,
  client_id: CLIENT,
  token_use: "access",
  username: "mei",
  "cognito:groups": ["pii-viewers"],
  iat: now(),
  exp: now() + 600,
  ...extra,
});

describe("Cognito access tokens on the tasks API", () => {
  const verify = cognitoJwtVerifier(POOL, CLIENT);
  verify.verifier.cacheJwks({ keys: [jwk as never] });

  it("accepts a valid token and reads the lead's name and groups", async () => {
    expect(await verify(token(claims()))).toEqual({ name: "mei", canSeePersonalData: true });
  });

  it("names the token's family (origin_jti), which ties it to the triage session it was issued to", async () => {
    expect(await verify(token(claims({ origin_jti: "fam-1" })))).toEqual({
      name: "mei",
      canSeePersonalData: true,
      tokenFamily: "fam-1",
    });
  });

  it("refuses expired, foreign-client, id tokens and forged signatures", async () => {
    expect(await verify(token(claims({ exp: now() - 10 })))).toBeUndefined();
    expect(await verify(token(claims({ client_id: "someone-else" })))).toBeUndefined();
    expect(await verify(token(claims({ token_use: "id" })))).toBeUndefined();
    const good = token(claims());
    expect(await verify(`${good.slice(0, -4)}AAAA`)).toBeUndefined();
  });
});

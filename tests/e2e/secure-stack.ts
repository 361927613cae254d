import { randomBytes } from "node:crypto";
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import { expect } from "vitest";
import { sessionSecret } from "#shared/follow-up/task-http";
import { type LocalStack, startLocalStack } from "#shared/local/stack";
import { parseSigningKeys } from "#shared/platform/signing-keys";
import { DynamoSurveyStore } from "#shared/surveys/adapters/dynamo-survey-store";
import { apiClient } from "../support/api.ts";
import { tableStores } from "../support/stores.ts";

/**
 * The security files' local stack: fresh random secrets, every credential a test handles
 * remembered, and everything the stack writes captured, so that each file can end by checking that
 * no secret (API key, triage password, session, signing key, survey token, unsubscribe signature)
 * ever reached a log line.
 */
export const securityFixture = () => {
  const SECRETS = {
    apiKey: `hb_sec_${randomBytes(18).toString("base64url")}`,
    devPassword: `pw-${randomBytes(12).toString("base64url")}`,
    signingSecret: randomBytes(32).toString("base64url"),
  };
  const SIGNING_KEYS = JSON.stringify({ id: "sec1", secret: SECRETS.signingSecret });
  const keys = parseSigningKeys(SIGNING_KEYS);
  /** Every credential the tests handle, right or wrong: none may ever be logged. */
  const handled = new Set<string>(Object.values(SECRETS));
  const remember = (...values: string[]) => {
    for (const v of values) if (v.length >= 12) handled.add(v);
    return values[0] as string;
  };
  return {
    run: Date.now().toString(36),
    SECRETS,
    SIGNING_KEYS,
    keys,
    signingKey: keys[0],
    handled,
    remember,
    /** Everything the stack writes: its log callback, and the functions' Powertools lines on stdout/stderr. */
    logged: [] as string[],
  };
};
export type SecurityFixture = ReturnType<typeof securityFixture>;

/** Sends stdout and stderr into `logged` until the returned function puts them back. */
export const captureOutput = (logged: string[]): (() => void) => {
  const originalWrite = {
    out: process.stdout.write.bind(process.stdout),
    err: process.stderr.write.bind(process.stderr),
  };
  const capture = (chunk: unknown) => {
    logged.push(typeof chunk === "string" ? chunk : Buffer.from(chunk as Uint8Array).toString("utf8"));
    return true;
  };
  process.stdout.write = capture as typeof process.stdout.write;
  process.stderr.write = capture as typeof process.stderr.write;
  return () => {
    process.stdout.write = originalWrite.out;
    process.stderr.write = originalWrite.err;
  };
};

export const startSecureStack = async (fx: SecurityFixture) => {
  const stack = await startLocalStack({
    port: 0,
    apiKey: fx.SECRETS.apiKey,
    log: (line) => fx.logged.push(line),
    // Log everything the functions can log: a secret in a debug line is a secret in a log.
    env: {
      SURVEY_SIGNING_KEYS: fx.SIGNING_KEYS,
      DEV_LOGIN_PASSWORD: fx.SECRETS.devPassword,
      POWERTOOLS_LOG_LEVEL: "DEBUG",
    },
  });
  const client = DynamoDBDocumentClient.from(
    new DynamoDBClient({
      endpoint: stack.dynamoEndpoint,
      region: "us-east-1",
      credentials: { accessKeyId: "local", secretAccessKey: "local" },
    }),
  );
  return {
    stack,
    api: apiClient(stack),
    stores: tableStores(client, stack.tableName),
    surveys: new DynamoSurveyStore(client, stack.tableName),
  };
};

type Api = ReturnType<typeof apiClient>;

/** A detractor's feedback, stored, with the follow-up task it opened. */
export const storedDetractor = async (api: Api, id: string): Promise<{ feedbackId: string; taskId: string }> => {
  const res = await api.post({
    channel: "nps",
    score: 1,
    comment: "退款三周了还没到账",
    customer: { id },
    sourceId: id,
  });
  const [item] = ((await res.json()) as { items: Array<{ id: string }> }).items;
  const stored = await api.waitStored(item?.id ?? "");
  return { feedbackId: String(stored.id), taskId: String(stored.taskId) };
};

export const signInToTriage = async (stack: Pick<LocalStack, "url">, name: string, password: string) =>
  fetch(`${stack.url}/triage/login`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ name, password }).toString(),
    redirect: "manual",
  });

export const sessionCookieOf = (res: Response): string | undefined =>
  res.headers
    .getSetCookie()
    .map((c) => /^hb_session=([^;]*)/.exec(c)?.[1])
    .find((v) => v);

/**
 * Each security file's last test: after a few more log-worthy events (a sign-in, a task action by
 * session, a digest run), no credential the file handled appears in anything the stack wrote.
 */
export const expectNoSecretLogged = async (fx: SecurityFixture, stack: LocalStack, api: Api) => {
  const { taskId } = await storedDetractor(api, `sec-${fx.run}-logs`);
  const res = await signInToTriage(stack, "pii-lead", fx.SECRETS.devPassword);
  const cookie = fx.remember(sessionCookieOf(res) ?? "");
  const task = (await (await api.get(`/v1/tasks/${taskId}`)).json()) as { version: number };
  const acted = await api.request("POST", `/v1/tasks/${taskId}/assign`, {
    body: { version: task.version, assignee: "pii-lead" },
    headers: { cookie: `hb_session=${cookie}` },
  });
  expect(acted.status).toBe(200);
  await stack.runScheduled("send-digests", { force: true }).catch((error: unknown) => fx.logged.push(String(error)));
  await stack.drain(10_000);

  fx.remember(
    sessionSecret(fx.keys),
    Buffer.from(fx.SECRETS.signingSecret).toString("base64"),
    Buffer.from(fx.SECRETS.signingSecret).toString("hex"),
  );
  const all = fx.logged.join("\n");
  // The capture works: the functions' own lines are in it.
  expect(all).toContain('"message":"feedback accepted"');
  expect(all).toContain('"message":"triage sign-in"');
  expect(all).toContain('"message":"task changed"');
  for (const secret of fx.handled) {
    expect(all.includes(secret), `a secret of ${secret.length} characters appears in the logs`).toBe(false);
  }
};

/** `hearback digest`: renders a digest through the API, or sends it from the running local stack (--send). */
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { DigestSubscriptions } from "#shared/digest/model/subscriptions";
import { LOCAL_AWS_ENV } from "#shared/local/engines";
import { table } from "#shared/platform/resources";
import { apiTarget, localDataDir, localStack } from "./targets.ts";

/**
 * `digest --send`: the real digest function, run here against the running local stack (its
 * DynamoDB Local, its SES mailbox, its signing key), for one subscription, a team's, or all. On AWS,
 * invoke the deployed function instead: aws lambda invoke --function-name <SendDigests> --payload
 * '{"team":"logistics","week":"2026-W47"}' out.json
 */
const sendLocalDigests = async (values: {
  week?: string | undefined;
  team?: string | undefined;
  subscription?: string | undefined;
  url?: string | undefined;
  data: string;
  subscriptions: string;
}) => {
  const stack = await localStack(values.data, "name the data folder of the one that runs with --data DIR");
  // A stack found by PORT alone has no record: its engines sit on the next ports, as `start` puts them.
  const port = Number(new URL(stack.url).port);
  const mailbox = stack.mailboxUrl ?? `http://127.0.0.1:${port + 3}`;
  const keysFile = join(stack.dataDir ?? values.data, "survey-keys.json");
  if (!existsSync(keysFile)) throw new Error(`no ${keysFile}: is ${stack.url} the stack of ${values.data}?`);
  Object.assign(process.env, {
    ...LOCAL_AWS_ENV,
    AWS_ENDPOINT_URL_DYNAMODB: stack.dynamoEndpoint ?? `http://127.0.0.1:${port + 1}`,
    AWS_ENDPOINT_URL_SESV2: mailbox,
    TABLE_NAME: stack.tableName ?? table.localName,
    SURVEY_SIGNING_KEYS: readFileSync(keysFile, "utf8"),
    PUBLIC_BASE_URL: values.url ?? stack.url,
    POWERTOOLS_LOG_LEVEL: process.env.POWERTOOLS_LOG_LEVEL ?? "WARN",
    ...(existsSync(values.subscriptions) && {
      DIGEST_SUBSCRIPTIONS: JSON.stringify(
        DigestSubscriptions.parse(JSON.parse(readFileSync(values.subscriptions, "utf8"))),
      ),
    }),
  });
  const { sendDigests } = await import("#functions/schedule/send-digests");
  const runs = await sendDigests({
    force: true,
    ...(values.week && { week: values.week }),
    ...(values.team && { team: values.team }),
    ...(values.subscription && { subscription: values.subscription }),
  });
  if (runs.length === 0) throw new Error("no subscription matched (see GET /v1/digest-subscriptions)");
  for (const r of runs) {
    console.log(
      `${r.subscription} ${r.week}: ${r.sent} sent, ${r.skipped} already sent or unsubscribed, ${r.failed} failed`,
    );
  }
  console.log(`mailbox: ${mailbox}`);
};

/** Renders the weekly digest through GET /v1/digests/preview and writes the email's HTML (or sends it: --send). */
export const digest = async (args: string[]) => {
  const { values } = parseArgs({
    args,
    options: {
      week: { type: "string" },
      team: { type: "string" },
      locale: { type: "string" },
      out: { type: "string", default: "digest.html" },
      url: { type: "string" },
      key: { type: "string" },
      send: { type: "boolean", default: false },
      subscription: { type: "string" },
      data: { type: "string", default: localDataDir() },
      subscriptions: { type: "string", default: "digest-subscriptions.json" },
    },
  });
  if (values.send) {
    await sendLocalDigests(values);
    return;
  }
  // Without --locale the preview speaks the subscription's language (--subscription), else the staff's.
  const query = new URLSearchParams({
    ...(values.locale && { locale: values.locale }),
    ...(values.subscription && { subscription: values.subscription }),
    ...(values.week && { week: values.week }),
    ...(values.team && { team: values.team }),
  });
  const api = await apiTarget(values);
  const res = await fetch(`${api.url}/v1/digests/preview?${query}`, {
    headers: { authorization: `Bearer ${api.key}` },
  });
  if (res.status !== 200) throw new Error(`${res.status}: ${await res.text()}`);
  writeFileSync(values.out, await res.text());
  console.log(`${decodeURIComponent(res.headers.get("x-digest-subject") ?? "")}\nwritten to ${values.out}`);
};

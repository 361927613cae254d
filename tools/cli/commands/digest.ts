/** `hearback digest`: renders a digest through the API, or sends it from the running local stack (--send). */
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { DigestSubscriptions } from "#shared/digest/model/subscriptions";
import { LOCAL_AWS_ENV } from "#shared/local/engines";
import { table } from "#shared/platform/resources";
import { localApiKey, localApiUrl } from "./targets.ts";

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
  url: string;
  data: string;
  subscriptions: string;
}) => {
  const port = Number(process.env.PORT ?? 3000);
  const keysFile = `${values.data}/survey-keys.json`;
  if (!existsSync(keysFile)) throw new Error(`no ${keysFile}: start the local stack first (npm start)`);
  Object.assign(process.env, {
    ...LOCAL_AWS_ENV,
    AWS_ENDPOINT_URL_DYNAMODB: `http://127.0.0.1:${port + 1}`,
    AWS_ENDPOINT_URL_SESV2: `http://127.0.0.1:${port + 3}`,
    TABLE_NAME: table.localName,
    SURVEY_SIGNING_KEYS: readFileSync(keysFile, "utf8"),
    PUBLIC_BASE_URL: values.url,
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
  console.log(`mailbox: http://127.0.0.1:${port + 3}`);
};

/** Renders the weekly digest through GET /v1/digests/preview and writes the email's HTML (or sends it: --send). */
export const digest = async (args: string[]) => {
  const { values } = parseArgs({
    args,
    options: {
      week: { type: "string" },
      team: { type: "string" },
      locale: { type: "string", default: "en" },
      out: { type: "string", default: "digest.html" },
      url: { type: "string", default: localApiUrl() },
      key: { type: "string", default: localApiKey() },
      send: { type: "boolean", default: false },
      subscription: { type: "string" },
      data: { type: "string", default: ".hearback/data" },
      subscriptions: { type: "string", default: "digest-subscriptions.json" },
    },
  });
  if (values.send) {
    await sendLocalDigests(values);
    return;
  }
  const query = new URLSearchParams({
    locale: values.locale,
    ...(values.week && { week: values.week }),
    ...(values.team && { team: values.team }),
  });
  const res = await fetch(`${values.url}/v1/digests/preview?${query}`, {
    headers: { authorization: `Bearer ${values.key}` },
  });
  if (res.status !== 200) throw new Error(`${res.status}: ${await res.text()}`);
  writeFileSync(values.out, await res.text());
  console.log(`${decodeURIComponent(res.headers.get("x-digest-subject") ?? "")}\nwritten to ${values.out}`);
};

import { injectLambdaContext } from "@aws-lambda-powertools/logger/middleware";
import middy from "@middy/core";
import { sendDigestEmail } from "#shared/adapters/digest-delivery";
import { loadSigningKeys } from "#shared/adapters/signing-keys";
import { type DigestRun, sendDueDigests } from "#shared/app/send-digest";
import { loadConfig } from "#shared/config";
import { defaultTaxonomy } from "#shared/domain/themes";
import { logger } from "#shared/observability";
import { digestLedger, digestSubscriptions, feedbackStore, rulesFrom, ses, taskStore } from "#shared/wiring";

const config = loadConfig();
const [signingKey] = await loadSigningKeys(config);
const deps = {
  store: feedbackStore(config),
  tasks: taskStore(config, rulesFrom(config)),
  taxonomy: defaultTaxonomy,
  baseUrl: config.PUBLIC_BASE_URL ?? "http://127.0.0.1:3000",
  subscriptions: digestSubscriptions(config),
  ledger: digestLedger(config),
  // The rendered email with its inline chart images.
  send: (email: Omit<Parameters<typeof sendDigestEmail>[1], "from">) =>
    sendDigestEmail(ses(), { from: config.NOTIFY_FROM, ...email }),
  unsubscribeSecret: signingKey?.secret ?? new Uint8Array(),
};

/**
 * Hourly: sends each subscription its digest in its own time zone's send hour (default Monday
 * 09:00). `{"force": true, "week": "2026-W47"}` sends now (the local demo and re-sends use it).
 */
export const sendDigests = async (event: { force?: boolean; week?: string } = {}): Promise<DigestRun[]> => {
  const runs = await sendDueDigests(deps, new Date(), {
    ...(event.force && { force: true }),
    ...(event.week && { week: event.week }),
  });
  if (runs.length > 0) logger.info("weekly digests", { runs });
  return runs;
};

export const handler = middy<{ force?: boolean; week?: string }>()
  .use(injectLambdaContext(logger))
  .handler((event) => sendDigests(event ?? {}));

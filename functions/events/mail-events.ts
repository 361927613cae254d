import middy from "@middy/core";
import type { MailSuppressions } from "#shared/mail/ports/suppressions";
import { type MailEventReport, recordMailEvent } from "#shared/mail/record-mail-event";
import { mailSuppressions } from "#shared/mail/wiring";
import { loadConfig } from "#shared/platform/config";
import { logger, observability } from "#shared/platform/observability";
import { loadSigningKeys } from "#shared/platform/signing-keys";
import { pseudonymKey } from "#shared/privacy/model/disclose";

const config = loadConfig();
// The list is keyed by the same pseudonym key the senders use to look addresses up.
const suppressions = mailSuppressions(config, pseudonymKey(await loadSigningKeys(config)));

/**
 * SES's bounce and complaint events for the configuration set (SES_CONFIGURATION_SET), delivered
 * by an EventBridge rule on the default bus: permanent bounces and complaints put the address on
 * the suppression list, soft bounces are counted. A shape we do not know is logged and ignored
 * (a retry would bring it back unchanged); a store failure throws, so EventBridge retries.
 */
export const mailEvents = async (
  event: unknown,
  deps: { suppressions: MailSuppressions } = { suppressions },
): Promise<MailEventReport> => {
  const report = await recordMailEvent(deps, event);
  // Counts only: the addresses are personal data.
  if (report.status === "ignored") logger.warn("SES event of an unknown shape ignored", { problems: report.problems });
  else logger.info("SES mail event", { ...report });
  return report;
};

export const handler = middy<unknown>()
  .use(observability())
  .handler((event) => mailEvents(event));

import middy from "@middy/core";
import { allSubscriptions } from "#shared/digest/manage-subscriptions";
import { type DigestRun, sendDueDigests } from "#shared/digest/send-digest";
import { sendDueMonthlyReports } from "#shared/digest/send-monthly";
import {
  digestLedger,
  digestLinks,
  digestMailer,
  digestSubscriptions,
  subscriptionStore,
  themeFixStore,
} from "#shared/digest/wiring";
import { feedbackStore, weeklyCounters } from "#shared/feedback/wiring";
import { eventPublisher, rulesFrom, taskStore } from "#shared/follow-up/wiring";
import { mailSuppressions } from "#shared/mail/wiring";
import { loadConfig } from "#shared/platform/config";
import { count, logger, observability } from "#shared/platform/observability";
import { loadSigningKeys } from "#shared/platform/signing-keys";
import { pseudonymKey } from "#shared/privacy/model/disclose";
import { defaultTaxonomy } from "#shared/taxonomy/taxonomy";

const config = loadConfig();
const keys = await loadSigningKeys(config);
const [signingKey] = keys;
const subscriptions = { configured: digestSubscriptions(config), store: subscriptionStore(config) };
const deps = {
  feedback: feedbackStore(config),
  counters: weeklyCounters(config),
  tasks: taskStore(config, rulesFrom(config)),
  taxonomy: defaultTaxonomy,
  baseUrl: config.PUBLIC_BASE_URL ?? "http://127.0.0.1:3000",
  ledger: digestLedger(config),
  // The rendered email with its inline chart images.
  send: digestMailer(config),
  // Signs each reader's links: the digest in a browser, each quote's comment, unsubscribe.
  links: digestLinks(config, signingKey),
  // The monthly report's "fixes that worked".
  fixes: themeFixStore(config),
  // Readers whose address bounced or complained are skipped (shared/mail/).
  suppressions: mailSuppressions(config, pseudonymKey(keys)),
};
// digest.sent and theme.emerging, for webhooks (a lost event is logged; the digests are sent).
const bus = eventPublisher(config);
const events = bus && {
  bus,
  onError: (error: unknown) => logger.warn("digest events not published", { error }),
};

type DigestEvent = {
  subscription?: string;
  team?: string;
  force?: boolean;
  week?: string;
  /** "monthly": the monthly report (its AWS schedule says so); "weekly" or absent: the weekly digest. */
  report?: "weekly" | "monthly";
  /** The month a monthly report covers, e.g. "2026-10" (default: the last complete month). */
  month?: string;
};

/**
 * On AWS each subscription's EventBridge Scheduler schedule invokes this with {"subscription": id}
 * at its local send time (default Monday 09:00), and its monthly schedule with {"subscription": id,
 * "report": "monthly"} on the first working day of the month. Locally the hourly check (no event) sends
 * each subscription's weekly digest and monthly report in its local send hour. `{"force": true, "week": "2026-W47"}` sends every one now
 * (the local demo and re-sends use it), `{"team": "logistics", "week": ...}` that team's. Subscriptions are the config file's plus the API's.
 */
export const sendDigests = async (event: DigestEvent = {}): Promise<DigestRun[]> => {
  const subs = await allSubscriptions(subscriptions);
  const now = new Date();
  // The hourly check (no event) sends both reports when due; a schedule or a person asks for one.
  const hourly = Object.keys(event).length === 0;
  const runs: DigestRun[] = [];
  if (event.report !== "monthly") {
    runs.push(
      ...(await sendDueDigests({ ...deps, subscriptions: subs, events }, now, {
        ...(event.subscription && { subscription: event.subscription }),
        ...(event.team && { team: event.team }),
        ...(event.force && { force: true }),
        ...(event.week && { week: event.week }),
      })),
    );
  }
  if (hourly || event.report === "monthly") {
    runs.push(
      ...(await sendDueMonthlyReports({ ...deps, subscriptions: subs }, now, {
        ...(event.subscription && { subscription: event.subscription }),
        ...(event.force && { force: true }),
        ...(event.month && { month: event.month }),
      })),
    );
  }
  const monthly = runs.filter((run) => "report" in run && run.report === "monthly");
  const emails = (of: readonly DigestRun[], field: "sent" | "failed") => of.reduce((n, run) => n + run[field], 0);
  count("DigestsSent", emails(runs, "sent") - emails(monthly, "sent"));
  count("MonthlyReportsSent", emails(monthly, "sent"));
  count("DigestSendFailures", emails(runs, "failed"));
  if (runs.length > 0) logger.info("digests and monthly reports", { runs });
  else if (event.subscription) logger.warn("no such digest subscription", { subscription: event.subscription });
  return runs;
};

export const handler = middy<DigestEvent>()
  .use(observability())
  .handler((event) => sendDigests(event ?? {}));

import { injectLambdaContext } from "@aws-lambda-powertools/logger/middleware";
import middy from "@middy/core";
import { type SweepReport, sweepTasks } from "#shared/follow-up/follow-ups";
import { eventPublisher, mailer, rulesFrom, taskStore } from "#shared/follow-up/wiring";
import { loadConfig } from "#shared/platform/config";
import { logger } from "#shared/platform/observability";
import { loadSigningKeys } from "#shared/platform/signing-keys";
import { pseudonymKey } from "#shared/privacy/model/disclose";
import { defaultTaxonomy } from "#shared/taxonomy/taxonomy";

const config = loadConfig();
const rules = rulesFrom(config);
const deps = {
  tasks: taskStore(config, rules),
  rules,
  taxonomy: defaultTaxonomy,
  mailer: mailer(config),
  events: eventPublisher(config),
  onNotifyError: (error: unknown) => logger.warn("escalation notice failed", { error }),
  // Task emails and events show customers by pseudonym (shared/privacy/).
  pseudonymKey: pseudonymKey(await loadSigningKeys(config)),
};

/** Scheduled every few minutes: escalates overdue tasks once per level and auto-closes stale resolved ones. */
export const sweep = async (now = new Date()): Promise<SweepReport> => {
  const report = await sweepTasks(deps, now);
  if (report.escalated > 0 || report.autoClosed > 0 || report.conflicts > 0) logger.info("SLA sweep", { ...report });
  return report;
};

export const handler = middy()
  .use(injectLambdaContext(logger))
  .handler(() => sweep());

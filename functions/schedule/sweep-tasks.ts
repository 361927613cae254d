import middy from "@middy/core";
import { feedbackStore } from "#shared/feedback/wiring";
import { type SweepReport, sweepTasks } from "#shared/follow-up/follow-ups";
import { flushTaskMail, type TaskMailFlushReport } from "#shared/follow-up/task-mail";
import { eventPublisher, mailer, rulesFrom, taskMailFlush, taskStore } from "#shared/follow-up/wiring";
import { mailSuppressions } from "#shared/mail/wiring";
import { loadConfig } from "#shared/platform/config";
import { count, gauge, logger, observability } from "#shared/platform/observability";
import { loadSigningKeys } from "#shared/platform/signing-keys";
import { pseudonymKey } from "#shared/privacy/model/disclose";
import { defaultTaxonomy } from "#shared/taxonomy/taxonomy";

const config = loadConfig();
const rules = rulesFrom(config);
// Task emails and events show customers by pseudonym (shared/privacy/); the same key keys the
// suppression list, whose addresses (they bounced or complained) get no task email.
const pseudonyms = pseudonymKey(await loadSigningKeys(config));
const suppressions = mailSuppressions(config, pseudonyms);
const deps = {
  tasks: taskStore(config, rules),
  rules,
  taxonomy: defaultTaxonomy,
  mailer: mailer(config, suppressions),
  events: eventPublisher(config),
  onNotifyError: (error: unknown) => logger.warn("escalation notice failed", { error }),
  pseudonymKey: pseudonyms,
  feedback: feedbackStore(config),
};
const mail = {
  ...taskMailFlush(config, suppressions),
  onError: (error: unknown) => logger.warn("batched task email failed; retried at a later sweep", { error }),
};

/**
 * Scheduled every few minutes: escalates overdue tasks once per level, auto-closes stale resolved
 * ones, then sends the batched task emails whose window has passed (NOTIFY_BATCH_MINUTES).
 */
export const sweep = async (now = new Date()): Promise<SweepReport & { mail: TaskMailFlushReport }> => {
  const report = await sweepTasks(deps, now);
  const sent = await flushTaskMail(mail, now);
  const mailed = sent.emails > 0 || sent.failed > 0 || sent.notSent > 0;
  if (report.escalated > 0 || report.autoClosed > 0 || report.conflicts > 0 || mailed)
    logger.info("SLA sweep", { ...report, mail: sent });
  count("TasksEscalated", report.escalated);
  gauge("SlaBreaches", report.overdue);
  return { ...report, mail: sent };
};

export const handler = middy()
  .use(observability())
  .handler(() => sweep());

/** `hearback migrate`: moves a table written by an older version to the current layout, step by step. */
import { parseArgs } from "node:util";
import { erasureHorizonMigration } from "#shared/data-rights/wiring";
import { countersBackfillMigration } from "#shared/feedback/wiring";
import { migrateSchema, SCHEMA_VERSION } from "#shared/follow-up/migrate-schema";
import { schemaMigration } from "#shared/follow-up/wiring";
import { OriginalsRetentionDays } from "#shared/platform/config";
import type { StepReport } from "#shared/platform/schema-migrations";
import { UsageError } from "../usage-error.ts";
import { tableTarget } from "./targets.ts";

const describe = (step: StepReport): string => {
  const c = (name: string) => step.counts[name] ?? 0;
  const done = `version ${step.version}${step.resumed ? " (resumed)" : ""}: ${c("scanned")} items read; `;
  if (step.version === 2)
    return (
      done +
      `${c("feedback")} history entries re-keyed, ${c("tasks")} tasks given their contact, ` +
      `${c("moved")} pointers/watches/survey marks moved, ${c("superseded")} old ones dropped for newer, ` +
      `${c("unknown")} left (contact unknown)`
    );
  return (
    done +
    `${c("originals")} records' originals moved to their expiring item, ${c("dropped")} removed (past retention), ` +
    `${c("surveys")} surveys given their expiry, ${c("changed")} left (rewritten meanwhile)`
  );
};

export const migrate = async (args: string[]) => {
  const { values } = parseArgs({
    args,
    options: {
      table: { type: "string", default: process.env.TABLE_NAME },
      local: { type: "boolean", default: false },
      force: { type: "boolean", default: false },
      "page-size": { type: "string", default: "100" },
      "retention-days": { type: "string", default: process.env.ORIGINALS_RETENTION_DAYS },
    },
  });
  const pageSize = Number(values["page-size"]);
  if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > 1_000)
    throw new UsageError("--page-size must be a whole number from 1 to 1000");
  const retention = OriginalsRetentionDays.safeParse(values["retention-days"]);
  if (!retention.success) throw new UsageError("--retention-days must be a whole number from 1 to 3650");
  const { config, db } = await tableTarget(values);
  console.log(`migrating ${config.TABLE_NAME} to schema version ${SCHEMA_VERSION}`);
  const report = await migrateSchema(
    schemaMigration({ ...config, ORIGINALS_RETENTION_DAYS: retention.data }, db, {
      erasureHorizon: erasureHorizonMigration(config, db),
      countersBackfill: countersBackfillMigration(config, db),
    }),
    {
      force: values.force,
      pageSize,
      log: (line) => console.log(`  ${line}`),
    },
  );
  if (report.alreadyDone) {
    console.log("nothing to do: the table is marked migrated (--force scans it again)");
    return;
  }
  for (const step of report.steps) console.log(`done ${describe(step)}`);
};

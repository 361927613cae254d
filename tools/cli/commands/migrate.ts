/** `hearback migrate`: moves a table written by an older version to the current key layout. */
import { parseArgs } from "node:util";
import { migrateContactKeys } from "#shared/follow-up/migrate-contacts";
import { contactMigration } from "#shared/follow-up/wiring";
import { UsageError } from "../usage-error.ts";
import { tableFor } from "./targets.ts";

export const migrate = async (args: string[]) => {
  const { values } = parseArgs({
    args,
    options: {
      table: { type: "string", default: process.env.TABLE_NAME },
      local: { type: "boolean", default: false },
      force: { type: "boolean", default: false },
      "page-size": { type: "string", default: "100" },
    },
  });
  const pageSize = Number(values["page-size"]);
  if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > 1_000)
    throw new UsageError("--page-size must be a whole number from 1 to 1000");
  const { config, db } = tableFor(values);
  console.log(`migrating ${config.TABLE_NAME} to contact keys (schema version 2)`);
  const report = await migrateContactKeys(contactMigration(config, db), {
    force: values.force,
    pageSize,
    log: (line) => console.log(`  ${line}`),
  });
  if (report.alreadyDone) {
    console.log("nothing to do: the table is marked migrated (--force scans it again)");
    return;
  }
  console.log(
    `done${report.resumed ? " (resumed)" : ""}: ${report.scanned} items read; ${report.feedback} history entries re-keyed, ` +
      `${report.tasks} tasks given their contact, ${report.moved} pointers/watches/survey marks moved, ` +
      `${report.superseded} old ones dropped for newer, ${report.unknown} left (contact unknown)`,
  );
};

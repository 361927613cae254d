/**
 * `hearback mail`: the suppression list, the addresses SES reported bouncing or complaining, which
 * no digest, task email or customer email goes to (shared/mail/).
 *
 *   hearback mail suppressed [--limit N] [--table T | --local]   the list, newest first (one Query)
 *   hearback mail unsuppress --email E [--table T | --local]     lift one, e.g. after the address was fixed
 *
 * The list is keyed by a keyed hash of each address, so `unsuppress` needs the deployment's signing
 * keys: SURVEY_SIGNING_KEYS or SURVEY_KEYS_SECRET_ARN (AWS), or the running local stack's (--local).
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { parseArgs } from "node:util";
import type { MailSuppressions } from "#shared/mail/ports/suppressions";
import { mailSuppressions } from "#shared/mail/wiring";
import { loadConfig } from "#shared/platform/config";
import { loadSigningKeys, parseSigningKeys } from "#shared/platform/signing-keys";
import { pseudonymKey } from "#shared/privacy/model/disclose";
import { UsageError } from "../usage-error.ts";
import { localDataDir, localStack, tableTarget } from "./targets.ts";

const USAGE = "hearback mail suppressed [--limit N] | unsuppress --email E   [--table T | --local]";

/** The signing keys' pseudonym key: from the environment, else (--local) the running stack's data folder. */
const keyFor = async (local: boolean, table: string): Promise<string> => {
  if (process.env.SURVEY_SIGNING_KEYS || process.env.SURVEY_KEYS_SECRET_ARN || !local)
    return pseudonymKey(await loadSigningKeys(loadConfig({ ...process.env, TABLE_NAME: table })));
  const dataDir = (await localStack()).dataDir ?? localDataDir();
  const file = join(dataDir, "survey-keys.json");
  if (!existsSync(file)) throw new Error(`no signing keys in ${file}: set SURVEY_SIGNING_KEYS to the stack's keys`);
  return pseudonymKey(parseSigningKeys(readFileSync(file, "utf8")));
};

/** The commands themselves, on a given list (tests pass one on DynamoDB Local). */
export const runMail = async (
  verb: string | undefined,
  values: { email?: string | undefined; limit?: string | undefined },
  list: MailSuppressions,
  print: (line: string) => void = console.log,
  now: Date = new Date(),
): Promise<void> => {
  if (verb === "suppressed") {
    const limit = Number(values.limit ?? 100);
    if (!Number.isInteger(limit) || limit < 1 || limit > 1000) throw new UsageError("--limit must be 1 to 1000");
    const entries = await list.list(limit);
    for (const e of entries) {
      const why = e.reason === "bounce" ? `bounce (${e.bounceType ?? "Permanent"})` : "complaint";
      print(
        [e.at.slice(0, 16).replace("T", " "), why.padEnd(20), e.audience.padEnd(8), e.shownAddress, e.messageId].join(
          "  ",
        ),
      );
    }
    print(
      entries.length === 0
        ? "no address is suppressed"
        : `${entries.length} suppressed${entries.length === limit ? ` (the newest ${limit}; --limit for more)` : ""}; customers' addresses are shown masked`,
    );
    return;
  }
  if (verb === "unsuppress") {
    if (!values.email?.includes("@")) throw new UsageError("name the address: --email E");
    const lifted = await list.lift(values.email, now);
    print(
      lifted
        ? `${values.email} is off the suppression list: digests, task emails and replies go to it again`
        : `${values.email} was not on the suppression list (its count of soft bounces is cleared)`,
    );
    return;
  }
  throw new UsageError(USAGE);
};

export const mail = async (args: string[]) => {
  const [verb, ...rest] = args;
  const { values } = parseArgs({
    args: rest,
    options: {
      email: { type: "string" },
      limit: { type: "string" },
      table: { type: "string", default: process.env.TABLE_NAME },
      local: { type: "boolean", default: false },
    },
  });
  if (verb !== "suppressed" && verb !== "unsuppress") throw new UsageError(USAGE);
  const { config, db } = await tableTarget(values);
  // Listing reads no hashes: it works without the keys.
  const key = verb === "unsuppress" ? await keyFor(values.local, config.TABLE_NAME) : undefined;
  await runMail(verb, values, mailSuppressions(config, key, db));
};

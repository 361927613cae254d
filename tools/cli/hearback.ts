#!/usr/bin/env -S npx tsx
/**
 * hearback CLI.
 *   hearback start [--demo] [--port N] [--bind ADDR] [--data DIR] [--fresh] [--subscriptions FILE]
 *                                                             run the whole pipeline locally
 *   hearback demo [--url URL] [--key KEY]                        load nine weeks of demo feedback into a running stack
 *   hearback keys create --name NAME [--table T | --local]        mint an API key (prints it once; stores its hash)
 *   hearback keys list | revoke --name NAME [--prefix P]           the keys by name and prefix; revoke one
 *   hearback leads add --email E --name N [--pii-viewer] [--locale L] [--time-zone Z] [--user-pool-id ID] [--url URL]
 *                                                                 a support lead in the user pool (AWS), and what to do next
 *   hearback retag --since DATE [--until DATE] [--table T | --local] re-tag stored feedback with the current taxonomy
 *   hearback train [--days N] [--table T | --local]                 re-train the sentiment model from scored comments
 *   hearback themes suggest [--days N] [--table T | --local]        candidate keywords from people's theme corrections
 *   hearback migrate [--force] [--page-size N] [--retention-days N] [--table T | --local]
 *                                                                 move an older version's data to the current layout
 *   hearback link --kind nps|csat --customer ID [--locale L] [--touchpoint T] [--email E] [--html FILE]
 *                                                                 mint a survey link through the API
 *   hearback privacy erase|export --customer ID | --author PLATFORM:HANDLE | --email E [--out FILE]
 *                                                                 a customer's data rights, through the API
 *   hearback digest [--week W] [--team T] [--out FILE]             render a digest through the API
 *   hearback digest --send [--week W] [--team T | --subscription ID] send it from the running local stack
 *   hearback dlq list|show|redrive [--reason R] [--id ID]         parked messages, why, and sending them back
 *   hearback mail suppressed | unsuppress --email E [--table T | --local]  addresses that bounced or complained
 *
 * Commands that talk to the local stack find the running `npm start` through the file it writes in
 * its data folder (.hearback/data/stack.json, or HEARBACK_DATA), on whatever port it runs; --url (and
 * --key) name another one. --local works on that stack's DynamoDB Local; --table uses AWS with the
 * usual credentials (TABLE_NAME is the default table). Each command is a module in ./commands/;
 * this file is the usage text and the dispatcher.
 */

import "./process-defaults.ts";
import { demo } from "./commands/demo.ts";
import { digest } from "./commands/digest.ts";
import { dlq } from "./commands/dlq.ts";
import { importCommand } from "./commands/import.ts";
import { keys } from "./commands/keys.ts";
import { leads } from "./commands/leads.ts";
import { link } from "./commands/link.ts";
import { mail } from "./commands/mail.ts";
import { migrate } from "./commands/migrate.ts";
import { privacy } from "./commands/privacy.ts";
import { retag } from "./commands/retag.ts";
import { start } from "./commands/start.ts";
import { explainError } from "./commands/targets.ts";
import { themes } from "./commands/themes.ts";
import { train } from "./commands/train.ts";
import { webhooks } from "./commands/webhooks.ts";
import { UsageError } from "./usage-error.ts";

const usage = `usage:
  hearback start [--demo] [--port N] [--bind ADDR] [--data DIR] [--fresh] [--subscriptions FILE]
  hearback demo [--url URL] [--key KEY]
  hearback keys create --name NAME [--table TABLE | --local]
  hearback keys list [--table TABLE | --local]
  hearback keys revoke --name NAME [--prefix hb_XXXX] [--table TABLE | --local]
  hearback leads add --email EMAIL --name NAME [--pii-viewer] [--locale L] [--time-zone ZONE] [--user-pool-id ID] [--url URL]
  hearback retag --since DATE [--until DATE] [--table TABLE | --local]
  hearback train [--days N] [--min-examples N] [--min-per-class N] [--table TABLE | --local]
  hearback themes suggest [--days N] [--table TABLE | --local]
  hearback migrate [--force] [--page-size N] [--retention-days N] [--table TABLE | --local]
  hearback link --kind nps|csat --customer ID [--locale L] [--touchpoint T] [--email E] [--brand B] [--html FILE] [--url URL] [--key KEY]
  hearback privacy erase --customer ID | --author PLATFORM:HANDLE | --email E [--url URL] [--key KEY] [--table TABLE | --local]
  hearback privacy export --customer ID | --author PLATFORM:HANDLE [--out FILE] [--url URL] [--key KEY]
  hearback digest [--week 2026-W47] [--subscription S] [--team T] [--locale zh-Hans|zh-Hant|en|zh-CN|zh-TW|...] [--out FILE] [--url URL] [--key KEY]
  hearback digest --send [--week 2026-W47] [--team T | --subscription ID] [--data DIR]   (to the running local stack)
  hearback dlq list [--reason malformed|retries-exhausted|unrecorded|TEXT] [--limit N] [--json] [--dlq-url URL --queue-url URL]
  hearback dlq show MESSAGE_ID|FEEDBACK_ID [--dlq-url URL --queue-url URL]
  hearback dlq redrive [--reason R] [--id ID]... [--dry-run] [--limit N] [--dlq-url URL --queue-url URL]
  hearback mail suppressed [--limit N] | unsuppress --email E   [--table TABLE | --local]
  hearback import FILE [--preset delighted|qualtrics|formbricks|zendesk|generic|api] [--map COLUMN=FIELD]... [--channel C] [--time-zone TZ] [--encoding auto|utf-8|gb18030] [--dry-run] [--resume] [--rejects FILE] [--url URL --key KEY | --queue-url URL --table TABLE]
  hearback webhooks list [--json] | dead-letters ID [--limit N] | redeliver ID [--id MSG_ID]... | test ID   [--url URL --key KEY]`;

const commands: Record<string, (args: string[]) => Promise<void>> = {
  start,
  demo,
  keys,
  leads,
  retag,
  train,
  themes,
  migrate,
  privacy,
  link,
  digest,
  dlq,
  mail,
  import: importCommand,
  webhooks,
};

/** Where each command is explained at length. */
const guides: Record<string, string> = {
  start: "docs/local.md",
  demo: "docs/local.md",
  import: "docs/import.md",
  webhooks: "docs/webhooks.md",
  dlq: "docs/operations.md",
  mail: "docs/operations.md",
  keys: "docs/operations.md",
  privacy: "docs/personal-data.md",
  digest: "docs/digest.md",
  link: "docs/surveys.md",
  train: "docs/analysis.md",
  retag: "docs/analysis.md",
  themes: "docs/analysis.md",
};

const [command, ...rest] = process.argv.slice(2);
const asksHelp = (args: readonly string[]) => args.includes("--help") || args.includes("-h");
if (command === "help" || (command !== undefined && asksHelp([command]))) {
  console.log(usage);
  process.exit(0);
}
const run = command ? commands[command] : undefined;
if (!run) {
  console.error(usage);
  process.exit(2);
}
if (asksHelp(rest)) {
  // `hearback import --help`: that command's lines of the usage, and where it is documented.
  const lines = usage.split("\n").filter((line) => line.trimStart().startsWith(`hearback ${command}`));
  console.log(["usage:", ...lines, "", `more: ${guides[command as string] ?? "README.md"}`].join("\n"));
  process.exit(0);
}
run(rest).catch((error: unknown) => {
  const message = error instanceof UsageError ? [error.message, usage].filter(Boolean).join("\n") : explainError(error);
  console.error(`hearback ${command}: ${message}`);
  process.exit(1);
});

/**
 * The deployment's settings, in one validated file: `hearback.deploy.json` beside cdk.json, or the file named by
 * `-c deployConfig=path`. Everything is optional; what is absent keeps the functions' defaults. Values are checked
 * at synth with the same schemas the functions use at their cold start, so a typo fails `cdk synth` with the
 * setting's name, never a Lambda in production. docs/operations.md shows a complete example.
 */
import { existsSync, readFileSync } from "node:fs";
import { resolve } from "node:path";
import type { Construct } from "constructs";
import * as z from "zod";
import { DigestSubscriptions } from "#shared/digest/model/subscriptions";
import { NoticeRecipient } from "#shared/follow-up/model/notice";
import { FollowUpRules } from "#shared/follow-up/model/rules";
import { LocaleTag } from "#shared/kernel/locale";
import { type Config, loadConfig } from "#shared/platform/config";
import type { FunctionName } from "#shared/platform/resources";

export const DEFAULT_DEPLOY_CONFIG_FILE = "hearback.deploy.json";

/** `support@example.com` or `Lumo 客服 <support@example.com>`, as SES takes a From. */
const Mailbox = z
  .string()
  .trim()
  .max(320)
  .refine(
    (v) => z.email().safeParse(/<([^<>]+)>\s*$/.exec(v)?.[1]?.trim() ?? v).success && !/[\r\n]/.test(v),
    'must be an email address, optionally with a name: "Name <name@example.com>"',
  );

/** An https address of this deployment (a custom domain), or http on this machine for trying sign-in locally. */
const PublicUrl = z
  .url({ protocol: /^https?$/, error: "must be an http(s) URL" })
  .refine((u) => {
    const url = new URL(u);
    return url.protocol === "https:" || ["localhost", "127.0.0.1"].includes(url.hostname);
  }, "must use https (http only for localhost)")
  .refine((u) => !new URL(u).search && !new URL(u).hash, "must not carry a query or a fragment");

export const DeployConfig = z.strictObject({
  /** Where people reach this deployment (a custom domain in front of the API): links in emails point here. */
  publicBaseUrl: PublicUrl.optional(),
  email: z
    .strictObject({
      /** Task emails and digests come from this verified SES identity (NOTIFY_FROM). */
      staffFrom: Mailbox.optional(),
      /**
       * Replies to customers and "is your problem solved?" come from this one (CUSTOMER_MAIL_FROM), or from one per
       * language, {"zh-Hans": "Lumo 客服 <...>", "en": "Lumo Support <...>"} (a language not listed: the first).
       */
      customerFrom: z
        .union([
          Mailbox,
          z.partialRecord(LocaleTag, Mailbox).refine((m) => Object.keys(m).length > 0, "names no sender"),
        ])
        .optional(),
      /** Where customers' answers go: the support team's shared inbox (CUSTOMER_REPLY_TO). */
      customerReplyTo: z.array(z.email()).min(1).max(10).optional(),
    })
    .optional(),
  /** The staff's language and time zone when nothing else says (STAFF_LOCALE, STAFF_TIME_ZONE). */
  staff: z.strictObject({ locale: LocaleTag.optional(), timeZone: z.string().optional() }).optional(),
  /** Who gets task emails, per team ("*" for the rest): NOTIFY_RECIPIENTS. */
  taskEmailRecipients: z
    .record(z.string().min(1), NoticeRecipient.extend({ team: z.email().optional(), supervisor: z.email().optional() }))
    .optional(),
  /** 0: one email per task; N: at most one per team every N minutes (NOTIFY_BATCH_MINUTES). */
  taskEmailBatchMinutes: z.number().int().min(0).max(1440).optional(),
  /** Follow-up rules over the defaults: thresholds, SLA hours, business hours (FOLLOW_UP_RULES). */
  followUpRules: FollowUpRules.partial().optional(),
  /** Who the alarm topic mails. */
  alarmEmail: z.email().optional(),
  /**
   * The support leads' Cognito app client: the addresses a hosted sign-in may return to. Without any, the client
   * has no OAuth flow at all (the triage page signs in with the user pool directly).
   */
  signIn: z
    .strictObject({
      callbackUrls: z.array(PublicUrl).min(1).max(100),
      logoutUrls: z.array(PublicUrl).max(100).optional(),
    })
    .optional(),
  /** Digest subscriptions kept with the deployment: inline, or the path of a JSON file (relative to this one). */
  digestSubscriptions: z.union([z.string().min(1), DigestSubscriptions]).optional(),
  digestLinkDays: z.number().int().min(1).max(365).optional(),
  originalsRetentionDays: z.number().int().min(1).max(3650).optional(),
  analyzer: z.enum(["local", "comprehend", "hybrid"]).optional(),
  piiDetection: z.enum(["patterns", "comprehend"]).optional(),
  /** At most this many enrich workers at once (the SQS event source's maximum concurrency, 2-1000). */
  workerMaxConcurrency: z.number().int().min(2).max(1000).optional(),
});
export type DeployConfig = z.infer<typeof DeployConfig>;

export class DeployConfigError extends Error {
  override name = "DeployConfigError";
}

const problems = (error: z.ZodError): string =>
  error.issues.map((i) => `${i.path.length > 0 ? i.path.join(".") : "(file)"}: ${i.message}`).join("; ");

/** Parses a deploy config; `source` names it in errors. */
export const parseDeployConfig = (raw: unknown, source: string): DeployConfig => {
  const parsed = DeployConfig.safeParse(raw);
  if (!parsed.success) throw new DeployConfigError(`${source} is invalid: ${problems(parsed.error)}`);
  const config = parsed.data;
  // The time zone and anything else the functions check at their cold start, checked now.
  try {
    loadConfig({ TABLE_NAME: "synth-check", ...settingsEnv(config) });
  } catch (error) {
    throw new DeployConfigError(`${source} is invalid: ${error instanceof Error ? error.message : String(error)}`);
  }
  return config;
};

/** The file named by `-c deployConfig=path`, else hearback.deploy.json if present, else no settings. */
export const deployConfigFromContext = (scope: Construct): { config: DeployConfig; file?: string } => {
  const named: unknown = scope.node.tryGetContext("deployConfig");
  const file = resolve(String(named ?? DEFAULT_DEPLOY_CONFIG_FILE));
  if (!existsSync(file)) {
    if (named !== undefined) throw new DeployConfigError(`deploy config ${file} (-c deployConfig) does not exist`);
    return { config: {} };
  }
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, "utf8"));
  } catch (error) {
    throw new DeployConfigError(`${file} is not JSON: ${error instanceof Error ? error.message : String(error)}`);
  }
  return { config: parseDeployConfig(raw, file), file };
};

type EnvName = keyof Config;

/** The function environment the settings become (only what is set). */
export const settingsEnv = (config: DeployConfig): Partial<Record<EnvName, string>> => {
  const env: Partial<Record<EnvName, string>> = {};
  if (config.publicBaseUrl) env.PUBLIC_BASE_URL = config.publicBaseUrl.replace(/\/+$/, "");
  if (config.email?.staffFrom) env.NOTIFY_FROM = config.email.staffFrom;
  const customerFrom = config.email?.customerFrom;
  if (customerFrom)
    env.CUSTOMER_MAIL_FROM = typeof customerFrom === "string" ? customerFrom : JSON.stringify(customerFrom);
  if (config.email?.customerReplyTo) env.CUSTOMER_REPLY_TO = config.email.customerReplyTo.join(",");
  if (config.staff?.locale) env.STAFF_LOCALE = config.staff.locale;
  if (config.staff?.timeZone) env.STAFF_TIME_ZONE = config.staff.timeZone;
  if (config.taskEmailRecipients) env.NOTIFY_RECIPIENTS = JSON.stringify(config.taskEmailRecipients);
  if (config.taskEmailBatchMinutes !== undefined) env.NOTIFY_BATCH_MINUTES = String(config.taskEmailBatchMinutes);
  if (config.followUpRules) env.FOLLOW_UP_RULES = JSON.stringify(config.followUpRules);
  return env;
};

/**
 * Which functions read which setting (a Lambda's environment is capped at 4 KB, so each gets only its own).
 * PUBLIC_BASE_URL goes to every function when set: routed ones otherwise link to the host a request came in on.
 */
const readers: Partial<Record<EnvName, readonly FunctionName[]>> = {
  NOTIFY_FROM: ["enrich-feedback", "sweep-tasks", "send-digests", "tasks-api", "triage", "deliver-webhooks"],
  NOTIFY_RECIPIENTS: ["enrich-feedback", "sweep-tasks", "tasks-api", "triage", "deliver-webhooks"],
  NOTIFY_BATCH_MINUTES: ["enrich-feedback", "sweep-tasks"],
  CUSTOMER_MAIL_FROM: ["tasks-api", "triage"],
  CUSTOMER_REPLY_TO: ["tasks-api", "triage"],
  STAFF_LOCALE: [
    "enrich-feedback",
    "sweep-tasks",
    "tasks-api",
    "triage",
    "explore",
    "digest-preview",
    "deliver-webhooks",
  ],
  STAFF_TIME_ZONE: [
    "enrich-feedback",
    "sweep-tasks",
    "tasks-api",
    "triage",
    "explore",
    "digest-preview",
    "deliver-webhooks",
  ],
  FOLLOW_UP_RULES: [
    "enrich-feedback",
    "sweep-tasks",
    "tasks-api",
    "triage",
    "confirm-resolution",
    "send-digests",
    "digest-preview",
    "digest-reader",
  ],
};

/** The settings `fn` reads, as environment variables. */
export const settingsFor = (fn: FunctionName, config: DeployConfig): Partial<Record<EnvName, string>> =>
  Object.fromEntries(
    Object.entries(settingsEnv(config)).filter(
      ([name]) => name === "PUBLIC_BASE_URL" || (readers[name as EnvName] ?? []).includes(fn),
    ),
  );

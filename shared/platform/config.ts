import * as z from "zod";
import { HearbackError } from "#shared/kernel/errors";
import { LocaleTag, localeOf, type PerLanguage, type SupportedLocale } from "#shared/kernel/locale";
import { queues } from "./resources.ts";

/** Ten years at most: a longer "retention" is keeping forever by another name. */
export const DEFAULT_ORIGINALS_RETENTION_DAYS = 365;
export const OriginalsRetentionDays = z.coerce
  .number()
  .int()
  .min(1)
  .max(3650)
  .default(DEFAULT_ORIGINALS_RETENTION_DAYS);

/** Days a digest's reader links work: a quarter by default, a year at most. */
export const DEFAULT_DIGEST_LINK_DAYS = 90;
export const DigestLinkDays = z.coerce.number().int().min(1).max(365).default(DEFAULT_DIGEST_LINK_DAYS);

/**
 * A JSON object keyed by language tag (zh-CN, zh-Hant, en, ...: LocaleTag, so keys become the locales we serve), each
 * value checked by `value`. Two tags for one language are refused: one of them would silently be dropped.
 */
const byLanguageJson =
  <T>(value: z.ZodType<T>) =>
  (raw: string, ctx: z.RefinementCtx): Partial<Record<SupportedLocale, T>> => {
    try {
      const json: unknown = JSON.parse(raw);
      if (json !== null && typeof json === "object" && !Array.isArray(json)) {
        const seen = new Map<string, string>();
        for (const key of Object.keys(json)) {
          const locale = localeOf(key);
          const other = locale && seen.get(locale);
          if (other) ctx.addIssue({ code: "custom", message: `${key}: the same language as ${other} (${locale})` });
          if (locale) seen.set(locale, key);
        }
      }
      const parsed = z.partialRecord(LocaleTag, value).safeParse(json);
      if (parsed.success) return parsed.data as Partial<Record<SupportedLocale, T>>;
      ctx.addIssue({
        code: "custom",
        message: parsed.error.issues
          .map((i) => {
            // A key that is not a language: say why (the tag's own message), not "Invalid key in record".
            const why = i.code === "invalid_key" ? (i.issues[0]?.message ?? i.message) : i.message;
            return `${i.path.join(".")}: ${why}`;
          })
          .join("; "),
      });
    } catch (error) {
      ctx.addIssue({ code: "custom", message: `must be JSON (${String(error)})` });
    }
    return z.NEVER;
  };

/**
 * The only place that reads process.env. Parsed once per cold start; a missing or malformed
 * setting fails the function at init with a message naming the variable.
 */
const Env = z.object({
  TABLE_NAME: z.string().min(1),
  QUEUE_URL: z.string().min(1).optional(),
  DLQ_URL: z.string().min(1).optional(),
  ANALYZER: z.enum(["local", "comprehend", "hybrid"]).default("local"),
  /** Hybrid mode: local results at least this confident skip Comprehend. */
  HYBRID_CONFIDENCE: z.coerce.number().min(0).max(1).default(0.75),
  /**
   * Receive count at which the worker stops retrying and parks the message in the DLQ with its
   * reason; by default the queue's own redrive count, so the reasoned parking happens first.
   */
  MAX_RECEIVE_COUNT: z.coerce.number().int().min(1).default(queues.ingest.maxReceiveCount),
  /** "comprehend" adds Amazon Comprehend DetectPiiEntities (names, addresses; English) to the patterns. */
  PII_DETECTION: z.enum(["patterns", "comprehend"]).default("patterns"),
  /** Mask @handles in displayed text too (social handles as personal data). */
  PII_MASK_HANDLES: z
    .enum(["true", "false"])
    .default("false")
    .transform((v) => v === "true"),
  /**
   * JSON array of regular expressions for text that stays readable though it looks like personal
   * data, e.g. ["ORD-\\d{10}"] for order numbers. Invalid expressions fail the cold start.
   */
  PII_KEEP_PATTERNS: z
    .string()
    .default("[]")
    .transform((raw, ctx) => {
      try {
        const list = JSON.parse(raw) as unknown;
        if (!Array.isArray(list) || !list.every((p) => typeof p === "string"))
          throw new Error("not an array of strings");
        return list.map((p) => new RegExp(p, "g"));
      } catch (error) {
        ctx.addIssue({ code: "custom", message: `must be a JSON array of regular expressions (${String(error)})` });
        return z.NEVER;
      }
    }),
  /**
   * Survey link signing keys as JSON: {"id","secret"}, a list of them, or {"keys": [...]}; the first
   * signs, all verify (rotation). On AWS the keys come from Secrets Manager instead.
   */
  SURVEY_SIGNING_KEYS: z.string().min(1).optional(),
  SURVEY_KEYS_SECRET_ARN: z.string().min(1).optional(),
  /** How long a survey link stays valid. */
  SURVEY_LINK_DAYS: z.coerce.number().int().min(1).max(365).default(30),
  /** How long after the first counted answer the customer may still change it. */
  SURVEY_EDIT_WINDOW_DAYS: z.coerce.number().int().min(0).max(90).default(7),
  /**
   * How long the worker waits before deciding after an automatic post (the page's on-load post),
   * so a scanner's sweep through every link of an email is seen whole first. SQS delays stop at 900.
   */
  SURVEY_AUTO_DECIDE_SECONDS: z.coerce.number().int().min(0).max(900).default(60),
  /**
   * How long the texts as written and the customers' contact fields (email, name) are kept, in
   * days from receipt, before the table's TTL removes them; the masked records stay for trends.
   */
  ORIGINALS_RETENTION_DAYS: OriginalsRetentionDays,
  QUIET_PERIOD_NPS_DAYS: z.coerce.number().int().min(0).default(90),
  QUIET_PERIOD_CSAT_DAYS: z.coerce.number().int().min(0).default(0),
  /** Base URL of survey links; by default the host the minting request came in on. */
  PUBLIC_BASE_URL: z.url().optional(),
  /** Follow-up task rules as JSON, merged over the defaults (thresholds, SLA hours, business hours). */
  FOLLOW_UP_RULES: z.string().default("{}"),
  /**
   * Feedback that happened more than this many days before it arrived opens no follow-up task
   * (history: imports of old exports); wins over FOLLOW_UP_RULES' `maxAgeDays`. Default 14.
   */
  FOLLOW_UP_MAX_AGE_DAYS: z.coerce.number().positive().optional(),
  /**
   * The language and time zone of the staff (support leads, teams) when nothing else says: task
   * emails are written in them, and the workbench uses them before a browser tells its own.
   */
  STAFF_LOCALE: LocaleTag.default("zh-Hans"),
  STAFF_TIME_ZONE: z
    .string()
    .default("Asia/Shanghai")
    .refine((zone) => {
      try {
        new Intl.DateTimeFormat("en", { timeZone: zone });
        return true;
      } catch {
        return false;
      }
    }, "must be an IANA time zone, e.g. Asia/Shanghai"),
  /**
   * Email to customers from a task (replies, "is your problem solved?"): the sender, and where the
   * customer's answers go (comma-separated; the support team's shared inbox).
   */
  CUSTOMER_MAIL_FROM: z
    .string()
    .default(
      JSON.stringify({
        "zh-Hans": "Lumo 客服 <support@example.com>",
        "zh-Hant": "Lumo 客服 <support@example.com>",
        en: "Lumo Support <support@example.com>",
      }),
    )
    .transform((raw, ctx): PerLanguage<string> => {
      // One sender for every language, or {"<language>": "<sender>"}: a language not listed gets the first.
      if (!raw.trim().startsWith("{")) return { byLocale: {}, fallback: raw.trim() };
      const byLocale = byLanguageJson(z.string().trim().min(3).max(320))(raw, ctx);
      if (byLocale === z.NEVER) return z.NEVER;
      const fallback = Object.values(byLocale)[0];
      if (fallback === undefined) {
        ctx.addIssue({ code: "custom", message: "names no sender" });
        return z.NEVER;
      }
      return { byLocale, fallback };
    }),
  CUSTOMER_REPLY_TO: z
    .string()
    .default("support@example.com")
    .transform((v) =>
      v
        .split(",")
        .map((a) => a.trim())
        .filter((a) => a !== ""),
    ),
  /**
   * Reply templates for leads, merged over the defaults: {"zh-Hans": {"apology": {"subject", "body"}}, ...}.
   * `{name}` is the customer's name, `{agent}` the lead's.
   */
  REPLY_TEMPLATES: z
    .string()
    .default("{}")
    .transform(
      byLanguageJson(
        z.record(
          z.string().regex(/^[a-z][a-z0-9_]{0,39}$/),
          z.strictObject({ subject: z.string().min(1).max(200), body: z.string().min(1).max(5_000) }),
        ),
      ),
    ),
  /**
   * Sender of task emails, and who gets them: {"<team>|*": {"team": "...", "supervisor": "...",
   * "locale"?: "zh-Hant", "timeZone"?: "Asia/Taipei"}}; without a language or zone an entry's emails
   * are written in STAFF_LOCALE and STAFF_TIME_ZONE. Checked when the mailer is built.
   */
  NOTIFY_FROM: z.string().default("hearback@example.com"),
  NOTIFY_RECIPIENTS: z
    .string()
    .default('{"*":{"team":"support-team@example.com","supervisor":"support-supervisor@example.com"}}'),
  /**
   * 0: one task email per task. N: at most one email per team (and one per supervisor) every N
   * minutes, listing every task since the last one; P1 tasks are still sent at once.
   */
  NOTIFY_BATCH_MINUTES: z.coerce.number().int().min(0).max(1440).default(0),
  /**
   * The SES configuration set every email is sent with, whose bounce and complaint events reach the
   * mail-events function (set by CDK). Unset locally: the local mailbox has no configuration sets.
   */
  SES_CONFIGURATION_SET: z.string().min(1).optional(),
  /** Who gets the weekly digest: a JSON list of {id, team?, recipients, locale, timeZone, weekday, hour}. */
  DIGEST_SUBSCRIPTIONS: z
    .string()
    .default(
      '[{"id":"organization","recipients":["product-team@example.com"],"locale":"zh-Hans","timeZone":"Asia/Shanghai"}]',
    ),
  /**
   * How long the links in a digest (the digest in the browser, each quote's comment) keep working,
   * in days from sending. Links opened from those pages expire with the link that opened them.
   */
  DIGEST_LINK_DAYS: DigestLinkDays,
  /**
   * EventBridge Scheduler for API-managed subscriptions (AWS): the schedule group, the digest
   * function each schedule invokes, and the role Scheduler assumes to invoke it. Unset locally,
   * where the hourly check sends each subscription in its local send hour.
   */
  DIGEST_SCHEDULE_GROUP: z.string().min(1).optional(),
  DIGEST_FUNCTION_ARN: z.string().min(1).optional(),
  DIGEST_SCHEDULER_ROLE_ARN: z.string().min(1).optional(),
  /** The queue where scheduled and asynchronous work that failed for good is parked (AWS; alarmed). */
  FAILED_JOBS_QUEUE_ARN: z.string().min(1).optional(),
  /** EventBridge bus for task events on AWS; locally EVENTS_FILE records them instead. */
  EVENT_BUS_NAME: z.string().min(1).optional(),
  EVENTS_FILE: z.string().min(1).optional(),
  /** Triage sign-in: a Cognito app client on AWS, or a shared development password locally. */
  COGNITO_CLIENT_ID: z.string().min(1).optional(),
  /** With the client id: the tasks API also accepts the pool's access tokens as bearer JWTs. */
  COGNITO_USER_POOL_ID: z.string().min(1).optional(),
  DEV_LOGIN_PASSWORD: z.string().min(1).optional(),
  /** Development users who may see personal data, comma-separated. */
  DEV_PII_VIEWERS: z.string().default(""),
  /** How long a validated API key is cached in memory by a warm function, in seconds. */
  API_KEY_CACHE_SECONDS: z.coerce.number().int().min(0).default(60),
  /** The webhook delivery queue (shared/webhooks/): set by CDK, and by the local stack. */
  WEBHOOK_QUEUE_URL: z.string().min(1).optional(),
  /**
   * Where webhook signing secrets live: Secrets Manager, under this name prefix (set by CDK). Unset (the local
   * stack), they are kept in the table beside their endpoint.
   */
  WEBHOOK_SECRET_PREFIX: z.string().min(1).optional(),
  /** Lets webhooks reach http:// receivers on loopback addresses: the local stack's testing receivers only. */
  WEBHOOK_ALLOW_LOOPBACK: z
    .enum(["true", "false"])
    .default("false")
    .transform((v) => v === "true"),
  /**
   * Seconds between a webhook delivery's attempts, comma-separated: after the first attempt fails, wait the first
   * number, and so on; after the last, the delivery is dead-lettered. Default: the Standard Webhooks schedule (5 s,
   * 5 min, 30 min, 2 h, 5 h, 10 h, 10 h: about 27.6 hours), each wait with up to 10% jitter.
   */
  WEBHOOK_RETRY_SECONDS: z
    .string()
    .default("5,300,1800,7200,18000,36000,36000")
    .transform((raw, ctx) => {
      const waits = raw.split(",").map((s) => Number(s.trim()));
      if (waits.length < 1 || waits.length > 20 || !waits.every((w) => Number.isInteger(w) && w >= 0 && w <= 604_800)) {
        ctx.addIssue({ code: "custom", message: "must be 1-20 comma-separated whole seconds, each at most a week" });
        return z.NEVER;
      }
      return waits;
    }),
  /** How long an endpoint may fail every attempt before it is disabled and its owner emailed. */
  WEBHOOK_DISABLE_AFTER_HOURS: z.coerce.number().positive().max(720).default(72),
  /** How long a delivery waits for the receiver's answer. */
  WEBHOOK_TIMEOUT_SECONDS: z.coerce.number().int().min(1).max(15).default(10),
});
export type Config = z.infer<typeof Env>;

export class ConfigError extends HearbackError {
  override name = "ConfigError";
}

export const loadConfig = (env: NodeJS.ProcessEnv = process.env): Config => {
  const parsed = Env.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ");
    throw new ConfigError(`Invalid configuration: ${problems}`);
  }
  return parsed.data;
};

/** For handlers that need a setting the schema marks optional (e.g. only the API sends to the queue). */
export const required = <T>(value: T | undefined, name: string): T => {
  if (value === undefined) throw new ConfigError(`Invalid configuration: ${name} is required by this function`);
  return value;
};

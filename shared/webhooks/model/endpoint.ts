import * as z from "zod";
import { Channel, Sentiment } from "#shared/feedback/model/schema";
import { PriorityLevel } from "#shared/follow-up/model/priority";
import { LocaleTag, SUPPORTED_LOCALES } from "#shared/kernel/locale";
import { isTimeZone } from "#shared/kernel/time";
import type { Taxonomy } from "#shared/taxonomy/taxonomy";
import { checkWebhookUrl, type UrlRules } from "./ssrf.ts";

/** What an endpoint can subscribe to; "*" is every one, today's and tomorrow's. */
export const WebhookEventType = z.enum([
  "task.opened",
  "task.escalated",
  "task.resolved",
  "task.reopened",
  "feedback.stored",
  "digest.sent",
  "theme.emerging",
]);
export type WebhookEventType = z.infer<typeof WebhookEventType>;

/** How a delivery's body is written: Standard Webhooks JSON, or a chat platform's card. */
export const WebhookFormat = z.enum(["standard", "slack", "feishu", "dingtalk", "wecom"]);
export type WebhookFormat = z.infer<typeof WebhookFormat>;

/** Lowercase letters, digits and dashes, 1-40, starting with a letter or digit. */
export const WEBHOOK_ID = /^[a-z0-9][a-z0-9-]{0,39}$/;
export const WebhookId = z.string().regex(WEBHOOK_ID, "must be 1-40 lowercase letters, digits or dashes");

/** A Standard Webhooks secret: "whsec_" and the base64 of 24 to 64 random bytes. */
export const WebhookSecret = z
  .string()
  .max(100)
  .regex(/^whsec_[A-Za-z0-9+/]{32,88}={0,2}$/, 'must be "whsec_" followed by the base64 of 24-64 random bytes');

export const MAX_URL_LENGTH = 2_048;

/** Only events that carry the field are filtered by it; an empty or absent list lets everything through. */
export const WebhookFilters = (taxonomy: Taxonomy) => {
  const themeIds = new Set(taxonomy.themes.map((t) => t.id));
  return z.strictObject({
    channels: z.array(Channel).max(10).optional(),
    themes: z
      .array(
        z
          .string()
          .max(80)
          .refine((id) => themeIds.has(id), "must be a theme id of the taxonomy"),
      )
      .max(100)
      .optional(),
    sentiments: z.array(Sentiment).max(10).optional(),
    priorities: z.array(PriorityLevel).max(10).optional(),
  });
};
export type WebhookFilters = z.infer<ReturnType<typeof WebhookFilters>>;

const CHAT_SIGNED: ReadonlySet<WebhookFormat> = new Set(["feishu", "dingtalk"]);

/** PUT /v1/webhooks/{id}: the endpoint as its owner describes it. */
export const WebhookBody = (taxonomy: Taxonomy, rules: UrlRules) =>
  z
    .strictObject({
      url: z
        .string()
        .max(MAX_URL_LENGTH)
        .superRefine((url, ctx) => {
          const verdict = checkWebhookUrl(url, rules);
          if (!verdict.ok) ctx.addIssue({ code: "custom", message: verdict.reason });
        })
        .describe("Where deliveries are POSTed: https, a public host."),
      events: z
        .array(z.union([WebhookEventType, z.literal("*")]))
        .min(1)
        .max(20)
        .describe('The event types to deliver, or ["*"] for all.'),
      format: WebhookFormat.default("standard"),
      secret: WebhookSecret.optional().describe(
        "A Standard Webhooks secret; generated (and answered once) when absent.",
      ),
      signingSecret: z
        .string()
        .min(1)
        .max(200)
        .optional()
        .describe("The Feishu or DingTalk bot's own signing secret, when the bot asks for signed messages."),
      locale: LocaleTag.optional().describe(
        "The language of chat cards (default: the staff's): zh-Hans, zh-Hant, en, or a tag for one (zh-CN, zh-TW, en-GB).",
      ),
      timeZone: z
        .string()
        .max(64)
        .refine(isTimeZone, "must be an IANA time zone such as Asia/Shanghai")
        .optional()
        .describe("Where chat cards' times are local to (default: the staff's)."),
      filters: WebhookFilters(taxonomy).optional(),
      owner: z.email().max(254).optional().describe("Who is emailed when the endpoint is disabled."),
      description: z.string().max(200).optional(),
      enabled: z.boolean().default(true).describe("false pauses deliveries; true (again) resumes them."),
    })
    .superRefine((body, ctx) => {
      if (body.signingSecret !== undefined && !CHAT_SIGNED.has(body.format))
        ctx.addIssue({ code: "custom", path: ["signingSecret"], message: "only feishu and dingtalk endpoints sign" });
      if (body.events.includes("*") && body.events.length > 1)
        ctx.addIssue({ code: "custom", path: ["events"], message: '"*" stands alone' });
    });
export type WebhookBody = z.infer<ReturnType<typeof WebhookBody>>;

/** The stored endpoint: the body less its secrets, which live in the secret store. */
export const WebhookEndpoint = z.strictObject({
  id: WebhookId,
  url: z.string().max(MAX_URL_LENGTH),
  events: z.array(z.union([WebhookEventType, z.literal("*")])),
  format: WebhookFormat,
  locale: z.enum(SUPPORTED_LOCALES).optional(),
  timeZone: z.string().optional(),
  filters: z
    .strictObject({
      channels: z.array(Channel).optional(),
      themes: z.array(z.string()).optional(),
      sentiments: z.array(Sentiment).optional(),
      priorities: z.array(PriorityLevel).optional(),
    })
    .optional(),
  owner: z.string().optional(),
  description: z.string().optional(),
  signed: z.boolean().describe("Whether a Feishu or DingTalk signing secret is set."),
  enabled: z.boolean(),
  createdAt: z.string(),
  updatedAt: z.string(),
  disabledAt: z.string().optional(),
  disabledReason: z.string().optional(),
  /** When the current run of failed attempts began; absent while deliveries succeed. */
  failingSince: z.string().optional(),
});
export type WebhookEndpoint = z.infer<typeof WebhookEndpoint>;

/** What the API answers: the endpoint, and its secret once, when it was generated. */
export const WebhookView = WebhookEndpoint.extend({
  secret: WebhookSecret.optional().describe("Only in the answer that generated it: keep it, it is not shown again."),
});
export type WebhookView = z.infer<typeof WebhookView>;
export const WebhookList = z.strictObject({ items: z.array(WebhookEndpoint) });
export type WebhookList = z.infer<typeof WebhookList>;

/** The secrets of one endpoint, kept apart from it. */
export const EndpointSecrets = z.strictObject({ secret: WebhookSecret, signingSecret: z.string().optional() });
export type EndpointSecrets = z.infer<typeof EndpointSecrets>;

/** The stored endpoint for a body, keeping what the store knows (creation time, failure run) across replacements. */
export const endpointFrom = (
  id: string,
  body: WebhookBody,
  at: string,
  previous: WebhookEndpoint | undefined,
): WebhookEndpoint => ({
  id,
  url: body.url,
  events: body.events,
  format: body.format,
  ...(body.locale !== undefined && { locale: body.locale }),
  ...(body.timeZone !== undefined && { timeZone: body.timeZone }),
  ...(body.filters !== undefined && { filters: body.filters }),
  ...(body.owner !== undefined && { owner: body.owner }),
  ...(body.description !== undefined && { description: body.description }),
  signed: body.signingSecret !== undefined,
  enabled: body.enabled,
  createdAt: previous?.createdAt ?? at,
  updatedAt: at,
  // Re-enabling starts a fresh failure run; an endpoint left disabled keeps why.
  ...(!body.enabled && previous?.disabledAt !== undefined && { disabledAt: previous.disabledAt }),
  ...(!body.enabled && previous?.disabledReason !== undefined && { disabledReason: previous.disabledReason }),
});

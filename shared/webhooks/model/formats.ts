import type { Card } from "./card.ts";
import { dingtalkSign, feishuSign } from "./chat-sign.ts";
import type { WebhookFormat } from "./endpoint.ts";
import type { WebhookEvent } from "./events.ts";

/**
 * A delivery's body in the endpoint's format: the Standard Webhooks payload as JSON, or the card
 * written in a chat platform's message JSON (Slack Block Kit, a Feishu interactive card, a DingTalk
 * action card, WeCom markdown), signed the platform's way when it has a signing secret. Every
 * format is sent with the Standard Webhooks headers too; chat platforms ignore them.
 */

export interface Rendered {
  body: string;
  /** Query parameters to add to the endpoint's URL (DingTalk's signature). */
  query?: Record<string, string>;
}

export interface RenderOptions {
  signingSecret?: string | undefined;
  now: Date;
}

const COLOUR = { P1: "red", P2: "orange", P3: "blue", P4: "grey" } as const;

/** Slack mrkdwn: &, < and > are its only special characters in text. */
const slackText = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
/** Markdown of DingTalk and WeCom: characters that would start markup are escaped. */
const markdownText = (s: string) => s.replace(/[\\`*_[\]#>|<]/g, (c) => `\\${c}`);

export const slackMessage = (card: Card) => ({
  text: card.summary,
  blocks: [
    { type: "header", text: { type: "plain_text", text: card.title.slice(0, 150), emoji: false } },
    {
      type: "section",
      fields: card.facts
        .slice(0, 10)
        .map((f) => ({ type: "mrkdwn", text: `*${slackText(f.label)}*\n${slackText(f.value)}` })),
    },
    ...(card.quote
      ? [
          {
            type: "section",
            text: { type: "mrkdwn", text: `*${slackText(card.quote.label)}*\n>${slackText(card.quote.text)}` },
          },
        ]
      : []),
    ...(card.link
      ? [
          {
            type: "actions",
            elements: [
              {
                type: "button",
                text: { type: "plain_text", text: card.link.label },
                url: card.link.url,
                ...(card.priority === "P1" && { style: "danger" }),
              },
            ],
          },
        ]
      : []),
  ],
});

export const feishuCard = (card: Card) => ({
  msg_type: "interactive",
  card: {
    config: { wide_screen_mode: true },
    header: {
      title: { tag: "plain_text", content: card.title },
      template: card.priority ? COLOUR[card.priority] : "grey",
    },
    elements: [
      {
        tag: "div",
        fields: card.facts.map((f) => ({
          is_short: true,
          text: { tag: "plain_text", content: `${f.label}: ${f.value}` },
        })),
      },
      ...(card.quote
        ? [
            { tag: "hr" },
            { tag: "div", text: { tag: "plain_text", content: `${card.quote.label}\n${card.quote.text}` } },
          ]
        : []),
      ...(card.link
        ? [
            {
              tag: "action",
              actions: [
                {
                  tag: "button",
                  text: { tag: "plain_text", content: card.link.label },
                  type: "primary",
                  url: card.link.url,
                },
              ],
            },
          ]
        : []),
    ],
  },
});

const markdownLines = (card: Card): string[] => [
  ...card.facts.map((f) => `**${markdownText(f.label)}**: ${markdownText(f.value)}`),
  ...(card.quote ? [`**${markdownText(card.quote.label)}**`, `> ${markdownText(card.quote.text)}`] : []),
];

export const dingtalkMessage = (card: Card) => {
  const text = [`### ${markdownText(card.title)}`, ...markdownLines(card)].join("\n\n");
  return card.link
    ? {
        msgtype: "actionCard",
        actionCard: {
          title: card.title,
          text,
          btnOrientation: "0",
          singleTitle: card.link.label,
          singleURL: card.link.url,
        },
      }
    : { msgtype: "markdown", markdown: { title: card.title, text } };
};

/** WeCom's markdown: at most 4,096 bytes, so the words give way first. */
export const wecomMessage = (card: Card) => {
  const colour = card.priority === "P1" || card.priority === "P2" ? "warning" : "info";
  const head = [
    `**${markdownText(card.title)}**`,
    ...card.facts.map((f) => `> ${markdownText(f.label)}: <font color="${colour}">${markdownText(f.value)}</font>`),
  ];
  const quote = card.quote ? [`${markdownText(card.quote.label)}:`, markdownText(card.quote.text)] : [];
  const link = card.link ? [`[${markdownText(card.link.label)}](${card.link.url})`] : [];
  const full = [...head, ...quote, ...link].join("\n");
  const content = Buffer.byteLength(full) > 4_096 ? [...head, ...link].join("\n") : full;
  return { msgtype: "markdown", markdown: { content } };
};

export const render = (format: WebhookFormat, event: WebhookEvent, card: Card, opts: RenderOptions): Rendered => {
  switch (format) {
    case "standard":
      return { body: JSON.stringify({ type: event.type, timestamp: event.timestamp, data: event.data }) };
    case "slack":
      return { body: JSON.stringify(slackMessage(card)) };
    case "feishu": {
      const message = feishuCard(card);
      if (opts.signingSecret === undefined) return { body: JSON.stringify(message) };
      const timestamp = Math.floor(opts.now.getTime() / 1000);
      return {
        body: JSON.stringify({
          timestamp: String(timestamp),
          sign: feishuSign(timestamp, opts.signingSecret),
          ...message,
        }),
      };
    }
    case "dingtalk": {
      const body = JSON.stringify(dingtalkMessage(card));
      if (opts.signingSecret === undefined) return { body };
      const timestamp = opts.now.getTime();
      return { body, query: { timestamp: String(timestamp), sign: dingtalkSign(timestamp, opts.signingSecret) } };
    }
    case "wecom":
      return { body: JSON.stringify(wecomMessage(card)) };
  }
};

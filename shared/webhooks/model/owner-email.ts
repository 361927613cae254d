import type { SupportedLocale } from "#shared/kernel/locale";
import type { WebhookEndpoint } from "./endpoint.ts";

/** Why an endpoint was disabled: what the owner's email says in their language, and the API in English. */
export type DisableReason =
  | { kind: "gone" }
  /** Every attempt since `since` (an instant) failed, for at least `hours`; `last` is the last failure (HTTP 502). */
  | { kind: "failing"; since: string; hours: number; last: string };

/** The reason as the API and the logs give it (`disabledReason`). */
export const reasonText = (reason: DisableReason): string =>
  reason.kind === "gone"
    ? "the receiver answered 410 Gone"
    : `every attempt has failed since ${reason.since} (at least ${reason.hours} hours); the last: ${reason.last}`;

/** An instant as the owner reads it: their language, their zone, the zone named after the time. */
const localInstant = (iso: string, locale: SupportedLocale, timeZone: string): string => {
  try {
    const at = new Date(iso);
    const time = new Intl.DateTimeFormat(locale, {
      timeZone,
      year: "numeric",
      month: "short",
      day: "numeric",
      hour: "2-digit",
      minute: "2-digit",
      hourCycle: "h23",
    }).format(at);
    const zone = new Intl.DateTimeFormat(locale, { timeZone, timeZoneName: "short" })
      .formatToParts(at)
      .find((p) => p.type === "timeZoneName")?.value;
    return zone ? `${time} ${zone}` : time;
  } catch {
    return iso;
  }
};

const why = (reason: DisableReason, locale: SupportedLocale, timeZone: string): string => {
  if (reason.kind === "gone")
    return {
      "zh-Hans": "接收方回复 410 Gone（该地址已不存在）",
      "zh-Hant": "接收方回覆 410 Gone（該位址已不存在）",
      en: "the receiver answered 410 Gone",
    }[locale];
  const since = localInstant(reason.since, locale, timeZone);
  return {
    "zh-Hans": `自 ${since} 起的每次投递都失败了（至少 ${reason.hours} 小时）；最后一次：${reason.last}`,
    "zh-Hant": `自 ${since} 起的每次傳送都失敗了（至少 ${reason.hours} 小時）；最後一次：${reason.last}`,
    en: `every attempt has failed since ${since} (at least ${reason.hours} hours); the last: ${reason.last}`,
  }[locale];
};

/** The email an endpoint's owner gets when it is disabled: plain text, in the endpoint's language and time zone. */
export const disabledEmail = (
  endpoint: WebhookEndpoint,
  disabledBecause: DisableReason,
  locale: SupportedLocale,
  timeZone: string,
): { subject: string; text: string } => {
  const reason = why(disabledBecause, locale, timeZone);
  // The URL without its query: chat platforms put their access tokens there.
  const url = (() => {
    try {
      const u = new URL(endpoint.url);
      return `${u.origin}${u.pathname}`;
    } catch {
      return "";
    }
  })();
  const redeliver = `npm run hearback -- webhooks redeliver ${endpoint.id}`;
  switch (locale) {
    case "zh-Hans":
      return {
        subject: `hearback：Webhook 端点 ${endpoint.id} 已停用`,
        text: `Webhook 端点 ${endpoint.id}（${url}）持续投递失败，已自动停用，不再投递新事件。\n\n原因：${reason}\n\n修好接收方后，运行 ${redeliver} 重新投递失败的事件并重新启用该端点，或用 PUT /v1/webhooks/${endpoint.id} 重新启用。`,
      };
    case "zh-Hant":
      return {
        subject: `hearback：Webhook 端點 ${endpoint.id} 已停用`,
        text: `Webhook 端點 ${endpoint.id}（${url}）持續傳送失敗，已自動停用，不再傳送新事件。\n\n原因：${reason}\n\n修好接收方後，執行 ${redeliver} 重新傳送失敗的事件並重新啟用該端點，或用 PUT /v1/webhooks/${endpoint.id} 重新啟用。`,
      };
    case "en":
      return {
        subject: `hearback: webhook endpoint ${endpoint.id} was disabled`,
        text: `Deliveries to the webhook endpoint ${endpoint.id} (${url}) kept failing, so it was disabled: no new events go to it.\n\nWhy: ${reason}\n\nOnce the receiver is fixed, run ${redeliver} to send the failed events again and enable the endpoint, or enable it with PUT /v1/webhooks/${endpoint.id}.`,
      };
  }
};

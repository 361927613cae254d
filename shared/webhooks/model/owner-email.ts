import type { SupportedLocale } from "#shared/kernel/locale";
import type { WebhookEndpoint } from "./endpoint.ts";

/** The email an endpoint's owner gets when it is disabled: plain text, in the endpoint's language. */
export const disabledEmail = (
  endpoint: WebhookEndpoint,
  reason: string,
  locale: SupportedLocale,
): { subject: string; text: string } => {
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

import { negotiateLocale, type SupportedLocale } from "#shared/kernel/locale";
import { type DigestSubscription, verifyUnsubscribe } from "./model/subscriptions.ts";
import { renderUnsubscribePage, type UnsubscribeStep } from "./views/unsubscribe-page.ts";

export interface UnsubscribeDeps {
  /** The current signing key's secret; undefined when none is configured (every link is refused). */
  secret: Uint8Array | undefined;
  ledger: { unsubscribe(sub: string, email: string, at: string): Promise<void> };
  /** A subscription by id (the config file's, else the API's): its language and reports. */
  subscription: (id: string) => Promise<DigestSubscription | undefined>;
}

export interface UnsubscribeRequest {
  method: string;
  query: Readonly<Record<string, string | undefined>>;
  acceptLanguage?: string | undefined;
  nonce?: string | undefined;
}

export interface UnsubscribeResult {
  status: 200 | 403;
  step: UnsubscribeStep;
  locale: SupportedLocale;
  title: string;
  html: string;
}

/**
 * GET|POST /digests/unsubscribe?s=<subscription>&e=<email>&sig=<hmac>. GET asks to confirm (mail
 * scanners open links too); POST — the button, or a mail client's one-click unsubscribe (RFC 8058) —
 * records it. Both speak the subscription's language (the signed link names it); a subscription
 * since removed, or a link that is not genuine, gets the browser's Accept-Language.
 */
export const unsubscribeRequest = async (deps: UnsubscribeDeps, request: UnsubscribeRequest, now: Date) => {
  const sub = request.query.s ?? "";
  const email = request.query.e ?? "";
  const browser = negotiateLocale(undefined, request.acceptLanguage);
  const result = (
    status: 200 | 403,
    step: UnsubscribeStep,
    locale: SupportedLocale,
    subscription?: DigestSubscription,
  ) => ({
    status,
    step,
    locale,
    ...renderUnsubscribePage({ step, locale, email, reports: subscription?.reports, nonce: request.nonce }),
  });
  if (!deps.secret || !sub || !email || !verifyUnsubscribe(deps.secret, sub, email, request.query.sig ?? "")) {
    return result(403, "invalid", browser);
  }
  const subscription = await deps.subscription(sub);
  const locale = subscription?.locale ?? browser;
  if (request.method.toUpperCase() === "POST") {
    await deps.ledger.unsubscribe(sub, email, now.toISOString());
    return result(200, "done", locale, subscription);
  }
  return result(200, "confirm", locale, subscription);
};

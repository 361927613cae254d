import type { FeedbackStore } from "#shared/feedback/ports/feedback-store";
import type { WeeklyCounterStore } from "#shared/feedback/ports/weekly-counters";
import { localeOf, negotiateLocale, SUPPORTED_LOCALES, type SupportedLocale } from "#shared/kernel/locale";
import type { SigningKey } from "#shared/kernel/signing-key";
import { forViewer, NO_RIGHTS } from "#shared/privacy/model/disclose";
import { readableMasks } from "#shared/privacy/model/mask-words";
import type { Taxonomy } from "#shared/taxonomy/taxonomy";
import { type ReaderLinkContext, readerAmong, readerLinks, verifyReaderToken } from "./model/reader-links.ts";
import { inDigestScope, scopeLabel } from "./model/reader-scope.ts";
import type { DigestSubscription } from "./model/subscriptions.ts";
import { themeInfo } from "./model/theme-ranking.ts";
import { type DigestDeps, digestFor, readerEmail } from "./send-digest.ts";
import { REFUSAL_STATUS, type ReaderRefusal } from "./views/reader-messages.ts";
import { renderQuotePage, renderReaderRefusal } from "./views/reader-pages.ts";

export interface ReaderDeps {
  /** The week's sample (the digest) and one record by id (a quote's comment). */
  feedback: Pick<FeedbackStore, "sampleDay" | "storedRecords">;
  counters: WeeklyCounterStore;
  tasks?: DigestDeps["tasks"];
  /** The fixes teams recorded: the digest's theme lines show their effect, as in the email. */
  fixes?: DigestDeps["fixes"];
  taxonomy: Taxonomy;
  /** A subscription by id: the config file's, else the API's; undefined when there is none. */
  subscription: (id: string) => Promise<DigestSubscription | undefined>;
  /** Every key still accepted (rotation); the first signs the links the pages carry. */
  keys: readonly SigningKey[];
}

export interface ReaderRequest {
  token: string;
  /** Where the pages' own links point (PUBLIC_BASE_URL or the request's host). */
  baseUrl: string;
  /** For the refusal of a link that names no language it can be trusted with. */
  acceptLanguage?: string | undefined;
  /** `?lang=` of the digest or quote page: the language the reader picked; the subscription's without one. */
  lang?: string | undefined;
  /** The CSP nonce of the quote and refusal pages' style sheet. */
  nonce?: string | undefined;
}

/**
 * A reader page: the digest (the email's HTML, charts as data: URLs, inline styles) or a small
 * page of its own (a quote, a refusal), whose style sheet carries the nonce.
 */
export type ReaderPage =
  | { status: 200; kind: "digest"; html: string; subject: string }
  | { status: 200; kind: "quote"; html: string; locale: SupportedLocale }
  | { status: 403 | 404 | 410 | 500; kind: "refused"; refusal: ReaderRefusal; html: string; locale: SupportedLocale };

export const refusedPage = (refusal: ReaderRefusal, locale: SupportedLocale, nonce?: string): ReaderPage => ({
  status: REFUSAL_STATUS[refusal],
  kind: "refused",
  refusal,
  html: renderReaderRefusal(refusal, locale, nonce),
  locale,
});

/**
 * What a digest's reader link opens (model/reader-links.ts), read-only:
 * - a forged, tampered or cut link: 403, in the browser's language (nothing in it is trusted);
 * - a genuine one past its expiry: 410, in the subscription's language;
 * - one whose subscription is gone, or whose reader is no longer among its recipients: 410
 *   ("withdrawn"). A reader who unsubscribed is still a recipient: their links keep working until
 *   they expire, since unsubscribing stops the emails, not access to the ones received;
 * - the digest link: that subscription's digest of that week, rebuilt as the preview is (so late
 *   feedback and the current overdue count show), with this reader's links, which expire with
 *   this one;
 * - a quote link: the comment as the email's readers may see it (privacy policy, no rights), if it
 *   is still inside the subscription's scope and week, else 404.
 */
export const readerPage = async (deps: ReaderDeps, request: ReaderRequest, now: Date): Promise<ReaderPage> => {
  const { nonce } = request;
  const verified = verifyReaderToken(request.token, deps.keys, now);
  if (!verified.ok) {
    return verified.reason === "expired"
      ? refusedPage("expired", verified.claims.locale, nonce)
      : refusedPage("invalid", negotiateLocale(undefined, request.acceptLanguage), nonce);
  }
  const { claims } = verified;
  const subscription = await deps.subscription(claims.subscription);
  const email = subscription && readerAmong(claims, verified.key, subscription.recipients);
  const [current] = deps.keys;
  if (subscription === undefined || email === undefined || current === undefined) {
    return refusedPage("withdrawn", subscription?.locale ?? claims.locale, nonce);
  }
  const { locale } = subscription;
  const reader: ReaderLinkContext = {
    key: current,
    baseUrl: request.baseUrl,
    subscription: subscription.id,
    email,
    week: claims.week,
    locale,
    expiresAt: claims.expiresAt,
  };

  // The language picked on the page (?lang=), else the subscription's; the quote pages keep it, and back again.
  const read = (request.lang !== undefined && localeOf(request.lang)) || locale;
  if (claims.feedbackId === undefined) {
    const digest = await digestFor({ ...deps, baseUrl: request.baseUrl }, claims.week, {
      ...subscription,
      locale: read,
    });
    // Masking tags in the reader's words, as the page shows them ("〔电话已隐去〕", not "[phone]").
    const shown = {
      ...digest,
      verbatims: digest.verbatims.map((v) => ({ ...v, text: readableMasks(v.text, read) })),
    };
    const self = readerLinks(reader).digest;
    const languageLinks = Object.fromEntries(
      SUPPORTED_LOCALES.map((l) => [l, l === locale ? self : `${self}?lang=${l}`]),
    ) as Record<SupportedLocale, string>;
    const page = readerEmail(shown, reader, "inline-data", { languageLinks });
    return { status: 200, kind: "digest", html: page.html, subject: page.subject };
  }

  const record = (await deps.feedback.storedRecords([claims.feedbackId])).get(claims.feedbackId);
  if (record === undefined || !inDigestScope(record, subscription, claims.week, deps.taxonomy)) {
    return refusedPage("not-found", read, nonce);
  }
  const shown = forViewer("feedback", record, NO_RIGHTS);
  const theme = themeInfo(deps.taxonomy, read);
  const digestUrl = readerLinks(reader).digest;
  return {
    status: 200,
    kind: "quote",
    locale: read,
    html: renderQuotePage({
      locale: read,
      text: shown.text,
      language: shown.language,
      occurredAt: shown.occurredAt,
      timeZone: subscription.timeZone,
      channel: shown.channel,
      score: shown.score,
      sentiment: shown.sentiment,
      themes: shown.themes.map((id) => theme(id).label),
      week: claims.week,
      scope: scopeLabel(subscription, deps.taxonomy, read),
      digestUrl: read === locale ? digestUrl : `${digestUrl}?lang=${read}`,
      nonce,
    }),
  };
};

import type { FeedbackStore } from "#shared/feedback/ports/feedback-store";
import type { WeeklyCounterStore } from "#shared/feedback/ports/weekly-counters";
import type { TaskStore } from "#shared/follow-up/ports/task-store";
import { type BusEntry, type BusPublisher, publishQuietly } from "#shared/kernel/bus";
import { ValidationError } from "#shared/kernel/errors";
import type { SigningKey } from "#shared/kernel/signing-key";
import { isIsoWeek, previousWeeks } from "#shared/kernel/time";
import type { MailSuppressions } from "#shared/mail/ports/suppressions";
import type { Taxonomy } from "#shared/taxonomy/taxonomy";
import { type DeliveryCounts, deliverToRecipients } from "./deliver.ts";
import { digestInput } from "./digest-input.ts";
import { buildDigest, TRAILING_WEEKS, withFixEffects } from "./model/build.ts";
import type { Digest, DigestLocale, WeekCounters } from "./model/digest.ts";
import { digestSentEntry, emergingThemeEntries } from "./model/digest-events.ts";
import { digestFixWeeks, FIXES_PER_THEME } from "./model/fixes.ts";
import { loopSummary } from "./model/loop-summary.ts";
import { type ReaderLinkContext, readerLinkExpiry, readerLinks } from "./model/reader-links.ts";
import {
  type DigestSubscription,
  getsReport,
  isDue,
  reportedWeek,
  unsubscribeSignature,
} from "./model/subscriptions.ts";
import type { DigestLedger } from "./ports/delivery.ts";
import type { ThemeFixStore } from "./ports/theme-fixes.ts";
import { type RenderedEmail, renderDigestEmail } from "./views/render.ts";

export interface DigestDeps {
  /** Where the quotes come from: a bounded sample of each day. */
  feedback: Pick<FeedbackStore, "sampleDay">;
  counters: WeeklyCounterStore;
  /** For closing the loop (loop counters, "overdue now"); without it the section is empty. */
  tasks?: Pick<TaskStore, "listTasks" | "loopCounts"> | undefined;
  taxonomy: Taxonomy;
  baseUrl: string;
  /** The fixes teams recorded: each theme line shows its latest fix's effect; without it, none. */
  fixes?: Pick<ThemeFixStore, "forTheme"> | undefined;
}

/**
 * The digest's theme lines with their latest fix's effect, as the monthly report judges fixes: the
 * fixes of the themes it shows (one Query per theme shown, the runs share them: fixesOnce), and
 * the counters of the weeks around those fixes that the digest has not read (one Query per week,
 * at most 16 more).
 */
const withFixes = async (deps: DigestDeps, digest: Digest, weeks: readonly WeekCounters[]): Promise<Digest> => {
  const store = deps.fixes;
  if (store === undefined || digest.themes.length === 0) return digest;
  const fixes = (await Promise.all(digest.themes.map((t) => store.forTheme(t.theme, FIXES_PER_THEME)))).flat();
  const read = new Set(weeks.map((w) => w.week));
  const missing = digestFixWeeks(fixes, digest.week).filter((w) => !read.has(w));
  const more = await Promise.all(
    missing.map(async (week) => ({
      week,
      rows: (await deps.counters.weeklyCounters(week)).map((c) => ({
        channel: c.channel,
        theme: c.theme,
        counts: c.counts,
      })),
    })),
  );
  return withFixEffects(digest, fixes, [...weeks, ...more]);
};

/** A fix store that reads each theme's fixes once (a run builds many digests over the same themes). */
const fixesOnce = (store: DigestDeps["fixes"]): DigestDeps["fixes"] => {
  if (store === undefined) return undefined;
  const read = new Map<string, Promise<Awaited<ReturnType<ThemeFixStore["forTheme"]>>>>();
  return {
    forTheme: (theme, limit) => {
      const key = `${theme}\u0000${limit ?? ""}`;
      let fixes = read.get(key);
      if (fixes === undefined) {
        fixes = store.forTheme(theme, limit);
        read.set(key, fixes);
      }
      return fixes;
    },
  };
};

/** Builds one team's digest for a week: flat cost (counters + a bounded sample). */
export const digestFor = async (
  deps: DigestDeps,
  week: string,
  focus: Pick<DigestSubscription, "team" | "locale" | "themes" | "touchpoints">,
): Promise<Digest> => {
  const { team, locale, themes, touchpoints } = focus;
  const loopWeeks = [week, ...previousWeeks(week, TRAILING_WEEKS)];
  const [{ weeks, sample }, loopCounts, overdue] = await Promise.all([
    digestInput(deps, week),
    deps.tasks?.loopCounts(loopWeeks) ?? new Map<string, Record<string, number>>(),
    deps.tasks?.listTasks({ partition: "active", dueBefore: new Date().toISOString(), limit: 200 }),
  ]);
  const digest = buildDigest({
    loop: loopSummary(
      loopCounts.get(week) ?? {},
      overdue?.items.length ?? 0,
      loopWeeks.map((w) => loopCounts.get(w) ?? {}),
      loopWeeks,
    ),
    week,
    weeks,
    sample,
    taxonomy: deps.taxonomy,
    locale,
    linkFor: (id) => `${deps.baseUrl}/v1/feedback/${id}`,
    ...(team !== undefined && { team }),
    ...(themes !== undefined && { themes }),
    ...(touchpoints !== undefined && { touchpoints }),
  });
  return withFixes(deps, digest, weeks);
};

/**
 * The API preview's rendering (an API key holder's view): quotes link to the feedback API, "view in
 * browser" to the preview itself, and the unsubscribe link names no one. Charts are inline
 * attachments referred to by cid: in an email, embedded as data: URLs for a browser.
 */
const emailOf = (baseUrl: string, digest: Digest, unsubscribeUrl: string, images: "cid" | "inline-data" = "cid") => {
  // The link opens the same digest: week, team and what the subscription follows.
  const query = new URLSearchParams({
    week: digest.week,
    locale: digest.locale,
    ...(digest.team && { team: digest.team }),
    ...(digest.followedThemes && { themes: digest.followedThemes.join(",") }),
    ...(digest.followedTouchpoints && { touchpoints: digest.followedTouchpoints.join(",") }),
  });
  return renderDigestEmail(digest, { unsubscribeUrl, previewUrl: `${baseUrl}/v1/digests/preview?${query}`, images });
};

export const renderedDigest = async (
  deps: DigestDeps,
  week: string,
  subscription: Pick<DigestSubscription, "team" | "locale" | "themes" | "touchpoints">,
  images: "cid" | "inline-data" = "cid",
) => emailOf(deps.baseUrl, await digestFor(deps, week, subscription), `${deps.baseUrl}/digests/unsubscribe`, images);

/** One reader's unsubscribe link (functions/http/unsubscribe.ts): signed for that address and subscription. */
export const unsubscribeUrl = (baseUrl: string, secret: Uint8Array, subscription: string, email: string): string => {
  const link = new URL(`${baseUrl}/digests/unsubscribe`);
  link.search = new URLSearchParams({
    s: subscription,
    e: email,
    sig: unsubscribeSignature(secret, subscription, email),
  }).toString();
  return link.toString();
};

/**
 * The digest as one reader gets it. It is built once per subscription and only rendered per reader,
 * with that reader's links: "view in browser" and each quote open read-only pages through links
 * signed for this reader, subscription and week, expiring at `reader.expiresAt`
 * (model/reader-links.ts); the unsubscribe link is theirs too. The key signs both kinds.
 */
export const readerEmail = (
  digest: Digest,
  reader: ReaderLinkContext,
  images: "cid" | "inline-data" = "cid",
  /** The digest in a browser: its language switch, and the explorer opened in the language read. */
  browser?: { languageLinks: Readonly<Record<DigestLocale, string>> },
): RenderedEmail & { unsubscribeUrl: string } => {
  const links = readerLinks(reader);
  // A browser page read in another language than the subscription's: its links open in that language too.
  const lang = browser && digest.locale !== reader.locale ? digest.locale : undefined;
  const inLang = (url: string) => (lang ? `${url}${url.includes("?") ? "&" : "?"}lang=${lang}` : url);
  const theirs: Digest = {
    ...digest,
    verbatims: digest.verbatims.map((v) => ({ ...v, link: inLang(links.quote(v.feedbackId)) })),
  };
  const unsubscribe = unsubscribeUrl(reader.baseUrl, reader.key.secret, reader.subscription, reader.email);
  return {
    ...renderDigestEmail(theirs, {
      unsubscribeUrl: unsubscribe,
      previewUrl: inLang(links.digest),
      explorerUrl: inLang(links.explorer),
      images,
      ...(browser && { languageLinks: browser.languageLinks }),
    }),
    unsubscribeUrl: unsubscribe,
  };
};

/** What signs the readers' links: the current signing key, and how many days they work (DIGEST_LINK_DAYS). */
export interface DigestLinkSigner {
  key: SigningKey;
  days: number;
}

export interface DigestRun extends DeliveryCounts {
  subscription: string;
  week: string;
}

/**
 * The delivery run: one subscription when its schedule names it (AWS), a team's subscriptions when
 * asked for them (the CLI), else every subscription whose local send hour it is (the local hourly
 * check), or every one when forced. Each gets the last complete week in its time zone, once per
 * recipient and week — a claim is recorded before each email and given back if SES refuses it, so a
 * retried run never sends twice. Unsubscribed people and addresses on the suppression list are
 * skipped. Subscriptions that chose only the monthly report are left to sendDueMonthlyReports
 * (send-monthly.ts).
 */
export const sendDueDigests = async (
  deps: {
    feedback: DigestDeps["feedback"];
    counters: DigestDeps["counters"];
    tasks?: DigestDeps["tasks"];
    taxonomy: Taxonomy;
    baseUrl: string;
    /** The fixes teams recorded (each theme line shows its latest fix's effect). */
    fixes?: DigestDeps["fixes"];
    subscriptions: readonly DigestSubscription[];
    ledger: Pick<DigestLedger, "claim" | "release" | "unsubscribed">;
    /** Addresses that bounced or complained are not mailed (counted as `suppressed`). */
    suppressions?: Pick<MailSuppressions, "suppressedAmong"> | undefined;
    /** `images` are the charts the HTML refers to by cid:, to attach inline. */
    send: (email: {
      to: string;
      subject: string;
      html: string;
      text: string;
      unsubscribeUrl: string;
      images: RenderedEmail["images"];
    }) => Promise<void>;
    /** Signs each reader's links (reader pages and unsubscribe). */
    links: DigestLinkSigner;
    /** Tells the bus of each digest sent and each emerging theme found (a lost event is given to `onError`). */
    events?: { bus: BusPublisher; onError?: (error: unknown) => void } | undefined;
  },
  now: Date,
  options: { force?: boolean; week?: string; subscription?: string; team?: string } = {},
): Promise<DigestRun[]> => {
  if (options.week !== undefined && !isIsoWeek(options.week)) {
    throw new ValidationError(`${options.week} is not an ISO week that exists`, [
      { field: "week", message: "must be an ISO week that exists, such as 2026-W47" },
    ]);
  }
  const runs: DigestRun[] = [];
  const events = new Map<string, BusEntry>();
  const fixes = fixesOnce(deps.fixes);
  const chosen = (sub: DigestSubscription): boolean => {
    // A subscription that chose only the monthly report gets no weekly digest, however the run was started.
    if (!getsReport(sub, "weekly")) return false;
    if (options.subscription !== undefined) return sub.id === options.subscription;
    if (options.team !== undefined) return sub.team === options.team;
    return options.force === true || isDue(sub, now);
  };
  for (const sub of deps.subscriptions) {
    if (!chosen(sub)) continue;
    const week = options.week ?? reportedWeek(now, sub.timeZone);
    // Built once per subscription (and only if someone is still owed it), rendered per reader.
    let digest: Digest | undefined;
    const counts = await deliverToRecipients(deps, sub, week, now, async (to) => {
      digest ??= await digestFor({ ...deps, fixes }, week, sub);
      const email = readerEmail(digest, {
        key: deps.links.key,
        baseUrl: deps.baseUrl,
        subscription: sub.id,
        email: to,
        week,
        locale: sub.locale,
        expiresAt: readerLinkExpiry(now, deps.links.days),
      });
      await deps.send({ to, ...email });
    });
    runs.push({ subscription: sub.id, week, ...counts });
    if (digest && counts.sent > 0) {
      // Keyed by id: two subscriptions finding the same emerging theme publish it once.
      for (const e of [digestSentEntry(sub.id, digest, now), ...emergingThemeEntries(digest, now)]) events.set(e.id, e);
    }
  }
  await publishQuietly(deps.events?.bus, [...events.values()], deps.events?.onError);
  return runs;
};

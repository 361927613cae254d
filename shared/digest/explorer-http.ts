import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from "aws-lambda";
import * as z from "zod";
import { htmlPage } from "#shared/edge/html-page";
import type { Viewer } from "#shared/edge/ports/users";
import { isLocalHost } from "#shared/edge/request";
import { verifiedNote } from "#shared/edge/session";
import { workbenchLocale } from "#shared/edge/workbench-locale";
import { Channel, Sentiment } from "#shared/feedback/model/schema";
import type { FeedbackStore } from "#shared/feedback/ports/feedback-store";
import type { WeeklyCounterStore } from "#shared/feedback/ports/weekly-counters";
import { taskWords } from "#shared/follow-up/views/task-words";
import { toSimplified } from "#shared/kernel/chinese";
import { ValidationError } from "#shared/kernel/errors";
import { localeOf, SUPPORTED_LOCALES, type SupportedLocale } from "#shared/kernel/locale";
import { isIsoWeek, isoWeek, previousWeeks, weekStart } from "#shared/kernel/time";
import { validationError } from "#shared/kernel/validation";
import { forViewer, NO_RIGHTS } from "#shared/privacy/model/disclose";
import type { Taxonomy } from "#shared/taxonomy/taxonomy";
import { DEFAULT_MIN_RESPONSES } from "./model/build.ts";
import type { WeekCounters } from "./model/digest.ts";
import {
  EXPLORER_WEEKS,
  explorerWeeks,
  filterTouchpoints,
  pareto,
  TREND_BASELINE_WEEKS,
  themeHistory,
  themeTouchpoints,
  trend,
  weeksFromFirstData,
} from "./model/explorer.ts";
import type { ThemeFixStore } from "./ports/theme-fixes.ts";
import { themeFixes } from "./theme-fixes.ts";
import {
  type CommentView,
  type ExplorerContext,
  renderExplorerComment,
  renderExplorerNotFound,
  renderExplorerOverview,
  renderExplorerTheme,
} from "./views/explorer-page.ts";

/**
 * The explorer's pages behind the staff sign-in: GET /explore (trends and the Pareto of a week)
 * and GET /explore/themes/{id} (a theme's weeks, its touchpoints and the comments behind it;
 * `?comment=<id>` opens one of them on its own). Reads the weekly counters (one Query per week)
 * and the day index for comments, never a Scan; a search or a language filter reads at most
 * SEARCH_PAGES pages of comments per request and continues from a cursor. The trend and a theme's
 * weeks are the complete weeks; the week under way is offered, marked "so far", for the Pareto.
 */
export interface ExplorerDeps {
  counters: WeeklyCounterStore;
  fixes: ThemeFixStore;
  feedback: Pick<FeedbackStore, "list" | "storedRecords">;
  taxonomy: Taxonomy;
  staff: { locale: SupportedLocale; timeZone: string };
  basePath: string;
  workbenchPath: string;
  /** Verifies the flash line a correction's redirect signed (the staff session's secret). */
  secret: string;
}

const COMMENTS_PER_PAGE = 20;
const SEARCH_PAGE_SIZE = 100;
/** Pages of comments one search request reads at most (SEARCH_PAGES x SEARCH_PAGE_SIZE comments). */
export const SEARCH_PAGES = 5;

const Filters = z
  .object({
    channel: Channel.optional(),
    touchpoint: z.string().max(64).optional(),
    week: z.string().refine(isIsoWeek, "must be an ISO week that exists, such as 2026-W47").optional(),
    q: z.string().trim().max(100, "at most 100 characters").optional(),
    sentiment: Sentiment.optional(),
    /** The comments' language (the page's own language is `lang`). */
    language: z.enum(SUPPORTED_LOCALES).optional(),
    comment: z.string().max(200).optional(),
    cursor: z.string().max(2_000).optional(),
    lang: z.string().max(35).optional(),
    flash: z.string().max(1_000).optional(),
    fs: z.string().max(200).optional(),
  })
  .strict();

/**
 * A digest reader's view (the explorer opened from a digest's signed link): only the subscription's
 * themes and touchpoints, in its language unless the reader picks another, read-only.
 */
export interface ReaderScope {
  /** `/digests/read/<token>/explore`: every link of the pages stays behind the reader's link. */
  basePath: string;
  themes: ReadonlySet<string>;
  /** The touchpoints the subscription follows; empty: all. */
  touchpoints: readonly string[];
  locale: SupportedLocale;
  label: string;
  /** A comment's own read-only page for this reader (the quote page of its week's digest). */
  commentUrl?: (id: string, occurredAt: string) => string;
}

/** Who reads: a signed-in staff member (their profile's language and zone) or a digest reader (its label). */
export type ExplorerViewer = Pick<Viewer, "name" | "locale" | "timeZone">;

export const explorer = (deps: ExplorerDeps) => {
  const touchpoints = deps.taxonomy.touchpoints.map((t) => t.id);
  const themeIds = new Set(deps.taxonomy.themes.map((t) => t.id));

  const read = (event: APIGatewayProxyEventV2, nonce: string, viewer: ExplorerViewer, scope?: ReaderScope) => {
    const raw = Object.fromEntries(Object.entries(event.queryStringParameters ?? {}).filter(([, v]) => v !== ""));
    const parsed = Filters.safeParse(raw);
    if (!parsed.success) throw validationError("The explorer query is invalid", parsed.error, "(query)");
    const f = parsed.data;
    const scopedTouchpoints = scope && scope.touchpoints.length > 0 ? scope.touchpoints : undefined;
    const allowedTouchpoints = scopedTouchpoints ?? touchpoints;
    // A subscription that follows a team or some themes: only those are counted, never the organization.
    const scopedThemes = scope && [...themeIds].some((id) => !scope.themes.has(id)) ? scope.themes : undefined;
    if (f.touchpoint !== undefined && !allowedTouchpoints.includes(f.touchpoint)) {
      throw new ValidationError("The explorer query is invalid", [
        { field: "touchpoint", message: "is not a counted touchpoint" },
      ]);
    }
    const picked = workbenchLocale(event, { ...deps.staff, secure: !isLocalHost(event.headers?.host ?? "") }, viewer);
    // A reader reads the digest's language unless they pick another on the page.
    const chosen = scope && f.lang === undefined ? { ...picked, locale: scope.locale } : picked;
    const words = taskWords(chosen.locale, deps.taxonomy);
    const touchpointLabel = (id: string) =>
      deps.taxonomy.touchpoints.find((t) => t.id === id)?.labels[chosen.locale] ?? id;
    const flash = verifiedNote(f.flash, f.fs, deps.secret);
    const ctx: ExplorerContext = {
      ...(flash && { flash }),
      themeIds: deps.taxonomy.themes.map((t) => t.id),
      // Staff correct readings; digest readers read.
      ...(!scope && {
        correctionUrl: (id: string) => `${deps.workbenchPath}/feedback/${encodeURIComponent(id)}/corrections`,
        workbenchPath: deps.workbenchPath,
      }),
      locale: chosen.locale,
      nonce,
      basePath: scope?.basePath ?? deps.basePath,
      viewer: viewer.name,
      labels: {
        theme: words.theme,
        channel: words.channel,
        touchpoint: touchpointLabel,
        dateTime: (iso) => words.dateTime(iso, chosen.timeZone),
      },
      channels: Channel.options,
      touchpoints: allowedTouchpoints,
      filter: {
        ...(f.channel && { channel: f.channel }),
        ...(f.touchpoint && { touchpoint: f.touchpoint }),
        // A reader of a touchpoint's digest sees those touchpoints' figures, never the whole organization's.
        ...(scopedTouchpoints && { touchpoints: scopedTouchpoints }),
        ...(scopedThemes && { themes: scopedThemes }),
      },
      ...(scopedThemes && { themesOnly: true }),
      minResponses: DEFAULT_MIN_RESPONSES,
    };
    return { f, ctx, cookies: chosen.cookies, allowedTouchpoints };
  };

  const countersFor = async (weeks: readonly string[]): Promise<WeekCounters[]> =>
    Promise.all(weeks.map(async (week) => ({ week, rows: await deps.counters.weeklyCounters(week) })));

  const page = (body: string, nonce: string, cookies: string[], status = 200): APIGatewayProxyStructuredResultV2 => {
    const response = htmlPage(status, body, { nonce, referrer: "same-origin" });
    return cookies.length > 0 ? { ...response, cookies } : response;
  };

  const WEEK_MS = 7 * 86_400_000;
  const lastWeek = (now: Date) => isoWeek(new Date(now.getTime() - 7 * 86_400_000));

  const overview = async (
    event: APIGatewayProxyEventV2,
    viewer: ExplorerViewer,
    nonce: string,
    now: Date,
    scope?: ReaderScope,
  ) => {
    const { f, ctx, cookies } = read(event, nonce, viewer, scope);
    const current = isoWeek(now);
    // The trend is the complete weeks; the week under way can be picked for the Pareto, marked "so far".
    const all = explorerWeeks(lastWeek(now));
    const week = f.week !== undefined && (all.includes(f.week) || f.week === current) ? f.week : lastWeek(now);
    const baseline = previousWeeks(all[0] as string, TREND_BASELINE_WEEKS);
    const counters = await countersFor([...baseline, ...all, current]);
    // The trend starts at the first week with data (at most EXPLORER_WEEKS back), and says so.
    const weeks = weeksFromFirstData(counters, all);
    const body = renderExplorerOverview({
      ...ctx,
      weeks,
      ...(weeks.length < all.length && { since: weeks[0] }),
      current,
      week,
      trend: trend(counters, weeks, ctx.filter),
      pareto: pareto(counters, week, ctx.filter),
    });
    return page(body, nonce, cookies);
  };

  const theme = async (
    event: APIGatewayProxyEventV2,
    viewer: ExplorerViewer,
    nonce: string,
    now: Date,
    scope?: ReaderScope,
  ) => {
    const { f, ctx, cookies, allowedTouchpoints } = read(event, nonce, viewer, scope);
    const id = event.pathParameters?.id ?? "";
    if (!themeIds.has(id) || (scope && !scope.themes.has(id))) {
      return page(renderExplorerNotFound(ctx), nonce, cookies, 404);
    }
    const commentTouchpoints = filterTouchpoints(ctx.filter);
    if (f.comment !== undefined) return comment(f.comment, id, ctx, commentTouchpoints, nonce, cookies);
    const current = isoWeek(now);
    const all = explorerWeeks(lastWeek(now));
    const selected = f.week !== undefined && (all.includes(f.week) || f.week === current) ? f.week : undefined;
    const counters = await countersFor([...all, current]);
    const weeks = weeksFromFirstData(counters, all);
    // The comments of the week picked (one week of the day index), else of all the weeks shown.
    const span = selected
      ? {
          from: weekStart(selected),
          to: new Date(Math.min(weekStart(selected).getTime() + WEEK_MS - 1, now.getTime())),
        }
      : { from: weekStart(weeks[0] as string), to: now };
    const [history, fixes] = await Promise.all([
      themeHistory(counters, weeks, id, ctx.filter),
      themeFixes({ fixes: deps.fixes, counters: deps.counters, taxonomy: deps.taxonomy }, id, now),
    ]);
    // Mentions per touchpoint (the reader's touchpoints only), over the weeks shown or the one picked.
    const byTouchpoint = themeTouchpoints(
      counters,
      selected ? [selected] : weeks,
      id,
      allowedTouchpoints,
      { ...(ctx.filter.channel && { channel: ctx.filter.channel }) },
      !scope,
    );
    // The comments behind it, newest first; a search or a language filter reads a bounded number of pages.
    const needle = f.q ? toSimplified(f.q.toLowerCase()) : undefined;
    const sifted = needle !== undefined || f.language !== undefined;
    const found: CommentView[] = [];
    let cursor = f.cursor;
    let scanned = 0;
    for (let pages = 0; pages < (sifted ? SEARCH_PAGES : 1) && found.length < COMMENTS_PER_PAGE; pages++) {
      const result = await deps.feedback.list({
        ...span,
        theme: id,
        channel: f.channel,
        sentiment: f.sentiment,
        ...(commentTouchpoints && { touchpoints: commentTouchpoints }),
        limit: sifted ? SEARCH_PAGE_SIZE : COMMENTS_PER_PAGE,
        cursor,
      });
      cursor = result.cursor;
      for (const record of result.items) {
        scanned++;
        // Read back what the query asked for: nothing outside the reader's touchpoints, whatever the store.
        if (commentTouchpoints && !commentTouchpoints.includes(record.touchpoint ?? "")) continue;
        if (f.language !== undefined && localeOf(record.language) !== f.language) continue;
        const shown = forViewer("feedback", record, NO_RIGHTS);
        const text = shown.text ?? "";
        if (text === "" || (needle && !toSimplified(text.toLowerCase()).includes(needle))) continue;
        // A page read is shown whole, so "More comments" continues right after it.
        found.push({
          id: shown.id,
          channel: shown.channel,
          ...(shown.score !== undefined && { score: shown.score }),
          sentiment: shown.sentiment,
          themes: shown.themes,
          occurredAt: shown.occurredAt,
          text,
          language: shown.language,
          ...(shown.touchpoint !== undefined && { touchpoint: shown.touchpoint }),
          url: scope?.commentUrl
            ? scope.commentUrl(shown.id, shown.occurredAt)
            : `${ctx.basePath}/themes/${encodeURIComponent(id)}?comment=${encodeURIComponent(shown.id)}`,
        });
      }
      if (cursor === undefined) break;
    }
    const body = renderExplorerTheme({
      ...ctx,
      theme: id,
      weeks,
      current,
      ...(selected !== undefined && { week: selected }),
      ...(weeks.length < all.length && { since: weeks[0] }),
      series: history.series,
      trend: history.trend,
      touchpointMentions: byTouchpoint,
      fixes,
      comments: found,
      ...(f.q !== undefined && { q: f.q }),
      ...(f.sentiment !== undefined && { sentiment: f.sentiment }),
      ...(f.language !== undefined && { language: f.language }),
      scanned: sifted ? scanned : 0,
      ...(cursor !== undefined && { nextCursor: cursor }),
    });
    return page(body, nonce, cookies);
  };

  /** One comment on its own page, read-only for readers: only one of this theme, inside the reader's touchpoints. */
  const comment = async (
    feedbackId: string,
    theme: string,
    ctx: ExplorerContext,
    within: readonly string[] | undefined,
    nonce: string,
    cookies: string[],
  ) => {
    const record = (await deps.feedback.storedRecords([feedbackId])).get(feedbackId);
    if (
      record === undefined ||
      !record.themes.includes(theme) ||
      (within !== undefined && !within.includes(record.touchpoint ?? ""))
    ) {
      return page(renderExplorerNotFound(ctx), nonce, cookies, 404);
    }
    const shown = forViewer("feedback", record, NO_RIGHTS);
    const body = renderExplorerComment({
      ...ctx,
      theme,
      comment: {
        id: shown.id,
        channel: shown.channel,
        ...(shown.score !== undefined && { score: shown.score }),
        sentiment: shown.sentiment,
        themes: shown.themes,
        occurredAt: shown.occurredAt,
        text: shown.text ?? "",
        language: shown.language,
        ...(shown.touchpoint !== undefined && { touchpoint: shown.touchpoint }),
      },
    });
    return page(body, nonce, cookies);
  };

  return { overview, theme, weeks: EXPLORER_WEEKS };
};

import type { Channel } from "#shared/feedback/model/schema";
import type { SupportedLocale } from "#shared/kernel/locale";
import { defaultTaxonomy, type Taxonomy } from "#shared/taxonomy/taxonomy";
import type { PriorityFactor } from "../model/priority.ts";
import { parseReason } from "../model/rules.ts";
import type { AuditAction, Outcome, TaskStatus } from "../model/task.ts";
import { TASK_DICTIONARIES, type TaskDictionary } from "./task-words-locales.ts";

/**
 * The words of a follow-up task in one language: what the workbench and the task emails show
 * instead of ids (statuses, channels, themes, teams), and the priority factors and open reasons,
 * which tasks store in a language-neutral form (PriorityFactor.args, the reason sentences of
 * shared/follow-up/model/rules.ts). Something unknown (a theme id no longer in the taxonomy, a
 * factor stored before it had arguments) gets a generic word in the same language, never the id.
 */
export interface TaskWords {
  status(s: TaskStatus): string;
  channel(c: Channel): string;
  outcome(o: Outcome): string;
  /** Audit trail verbs: "创建了任务" / "opened the task". */
  action(a: AuditAction): string;
  /** The theme's label in the taxonomy; an unknown id gets the "other theme" word. */
  theme(id: string): string;
  /** The team's label in the taxonomy's `teams`; an unknown id gets the "other team" word. */
  team(id: string): string;
  /** One priority factor with its points: "NPS 2 分（0–2 档）+30", "金牌客户 +25". */
  factor(f: PriorityFactor): string;
  /** Why the task was opened, from a stored reason. */
  reason(r: string): string;
  /**
   * The customer's tier as people say it ("金牌客户", "Gold customer"), for the queue, the task page
   * and the task emails alike; a tier the words do not know reads as a neutral word with the
   * customer system's code ("客户（等级 t9）"), never the bare code.
   */
  tier(code: string): string;
  /** A social platform as people name it ("微博", "Weibo"); see platformName. */
  platform(code: string): string;
  /** A touchpoint's label in the taxonomy ("在线客服", "Support chat"); an unknown id as sent. */
  touchpoint(id: string): string;
  /** Items of one line, in this language's way: "A、B" / "A, B" (no "and": labels may contain one). */
  list(items: readonly string[]): string;
  /** Clauses (reasons) of one line: "A；B" / "A; B". */
  clauses(items: readonly string[]): string;
  /** A label and its value: "情绪：负面" / "Sentiment: Negative". */
  field(label: string, value: string): string;
  /** Local date and time in `timeZone`: "12月4日 周五 20:29", "Fri 4 Dec, 20:29"; "" for an invalid instant or zone. */
  dateTime(iso: string, timeZone: string): string;
  /** A duration (the sign is ignored): "2 小时 5 分", "2 h 5 min". */
  relative(ms: number): string;
}

const MINUTE_MS = 60_000;

type DateParts = { date: Intl.DateTimeFormat; weekday: Intl.DateTimeFormat; time: Intl.DateTimeFormat };
// Building an Intl formatter is the slow part; one set per language and zone serves every call.
const formatters = new Map<string, DateParts | null>();
const formattersFor = (intl: string, timeZone: string): DateParts | undefined => {
  const key = `${intl}|${timeZone}`;
  let f = formatters.get(key);
  if (f === undefined) {
    try {
      f = {
        date: new Intl.DateTimeFormat(intl, { timeZone, month: "short", day: "numeric" }),
        weekday: new Intl.DateTimeFormat(intl, { timeZone, weekday: "short" }),
        time: new Intl.DateTimeFormat(intl, { timeZone, hour: "2-digit", minute: "2-digit", hourCycle: "h23" }),
      };
    } catch {
      f = null;
    }
    formatters.set(key, f);
  }
  return f ?? undefined;
};

/** Points with their sign; no space after a closing full-width bracket ("（0–2 档）+30"). */
const withPoints = (text: string, points: number): string =>
  `${text}${text.endsWith("）") ? "" : " "}${points < 0 ? "−" : "+"}${Math.abs(points)}`;

/**
 * A social platform (feedback's free-text `platform`: "weibo", "x") as people of `locale` name it:
 * "微博" / "Weibo". The one function every page and email showing a platform uses; a platform the
 * words do not know is shown as the sender named it.
 */
export const platformName = (code: string, locale: SupportedLocale): string => {
  const platforms = TASK_DICTIONARIES[locale].platforms;
  const key = code.trim().toLowerCase();
  return Object.hasOwn(platforms, key) ? (platforms[key] as string) : code.trim();
};

export const taskWords = (locale: SupportedLocale, taxonomy: Taxonomy = defaultTaxonomy): TaskWords => {
  const d: TaskDictionary = TASK_DICTIONARIES[locale];
  const numbers = new Intl.NumberFormat(d.intl, { maximumFractionDigits: 0 });
  const num = (n: number) => numbers.format(n);
  // "A、B、C" / "A, B, C": theme labels already contain "与" and "&", so no "和" / "and" between them.
  const list = new Intl.ListFormat(d.intl, { type: "conjunction", style: "narrow" });
  const themes = new Map(taxonomy.themes.map((t) => [t.id, t.labels[locale]]));
  const teams = new Map((taxonomy.teams ?? []).map((t) => [t.id, t.labels[locale]]));
  const touchpoints = new Map(taxonomy.touchpoints.map((t) => [t.id, t.labels[locale]]));
  const theme = (id: string) => themes.get(id) ?? d.otherTheme;
  // Two unknown themes are one "other theme", not the same word twice.
  const themeList = (ids: readonly string[]) => list.format([...new Set(ids.map(theme))]);

  const knownTier = (code: string | undefined): string | undefined => {
    const key = code?.trim().toLowerCase();
    return key !== undefined && Object.hasOwn(d.tiers, key) ? d.tiers[key] : undefined;
  };

  const factorText = (f: PriorityFactor): string => {
    const a = f.args ?? {};
    switch (f.factor) {
      case "nps":
        return a.score !== undefined && a.band !== undefined
          ? d.factor.nps(num(a.score), num(a.band))
          : d.factor.npsAny;
      case "csat":
        return a.score !== undefined ? d.factor.csat(num(a.score)) : d.factor.csatAny;
      case "negative_sentiment":
        return a.negativePct !== undefined ? d.factor.tone(num(a.negativePct)) : d.factor.toneAny;
      case "tier":
        return knownTier(a.tier) ?? d.factor.tierAny;
      case "reach":
        return a.followers !== undefined && a.min !== undefined
          ? d.factor.reach(num(a.followers), num(a.min))
          : d.factor.reachAny;
      case "urgent_theme":
        return a.themes !== undefined && a.themes.length > 0
          ? d.factor.urgent(themeList(a.themes))
          : d.factor.urgentAny;
      default:
        return d.factor.other;
    }
  };

  // Stored data holds only known values; anything else (an older or newer version's, a crafted
  // one) reads as a dash rather than as the raw value or, for "constructor", a function.
  const known = (table: Readonly<Record<string, string>>, key: string): string =>
    Object.hasOwn(table, key) ? (table[key] as string) : "–";
  return {
    status: (s) => known(d.status, s),
    channel: (c) => known(d.channel, c),
    outcome: (o) => known(d.outcome, o),
    action: (a) => known(d.action, a),
    theme,
    team: (id) => teams.get(id) ?? d.otherTeam,
    factor: (f) => withPoints(factorText(f), f.points),
    tier: (code) => knownTier(code) ?? (code.trim() === "" ? d.factor.tierAny : d.otherTier(code.trim())),
    platform: (code) => platformName(code, locale),
    touchpoint: (id) => touchpoints.get(id) ?? id,
    list: (items) => items.join(d.listSeparator),
    clauses: (items) => items.join(d.clauseSeparator),
    field: (label, value) => `${label}${d.colon}${value}`,
    reason: (r) => {
      const parsed = parseReason(r);
      if (!parsed) return d.reason.other;
      switch (parsed.rule) {
        case "nps":
          return d.reason.nps(num(parsed.score), num(parsed.max));
        case "csat":
          return d.reason.csat(num(parsed.score), num(parsed.max));
        case "social":
          return d.reason.social(
            parsed.followers === undefined ? undefined : num(parsed.followers),
            parsed.min === undefined ? undefined : num(parsed.min),
          );
        case "urgent_theme":
          return parsed.themes.length > 0 ? d.reason.urgent(themeList(parsed.themes)) : d.reason.other;
      }
    },
    dateTime: (iso, timeZone) => {
      const at = new Date(iso);
      const f = formattersFor(d.intl, timeZone);
      if (!f || Number.isNaN(at.getTime())) return "";
      return d.dateTime(f.date.format(at), f.weekday.format(at), f.time.format(at));
    },
    relative: (ms) => {
      const minutes = Math.floor(Math.abs(ms) / MINUTE_MS);
      if (!Number.isFinite(minutes) || minutes < 1) return d.duration.underAMinute;
      const days = Math.floor(minutes / 1440);
      const hours = Math.floor((minutes % 1440) / 60);
      const mins = minutes % 60;
      // The two largest units are enough to act on: "1 天 3 小时", "2 小时 5 分", "45 分".
      if (days > 0) return [d.duration.days(num(days)), ...(hours > 0 ? [d.duration.hours(num(hours))] : [])].join(" ");
      if (hours > 0)
        return [d.duration.hours(num(hours)), ...(mins > 0 ? [d.duration.minutes(num(mins))] : [])].join(" ");
      return d.duration.minutes(num(mins));
    },
  };
};

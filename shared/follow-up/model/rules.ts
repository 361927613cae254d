import * as z from "zod";
import type { StoredFeedback } from "#shared/feedback/model/schema";
import { isTimeZone } from "#shared/kernel/time";
import type { Taxonomy } from "#shared/taxonomy/taxonomy";

/**
 * When a piece of feedback deserves a follow-up task, and the service levels a task is held to.
 * Every figure is a default from the domain brief (respond in 2 h, resolve in 24 h) and can be
 * overridden per deployment; teams that work office hours get their own business hours.
 */

const HH_MM = /^([01]\d|2[0-3]):[0-5]\d$/;

/** Minutes after local midnight of an "HH:MM" wall time. */
export const minutesOfDay = (hhmm: string): number => {
  const [h, m] = hhmm.split(":").map(Number);
  return (h ?? 0) * 60 + (m ?? 0);
};

/**
 * The hours a team works, as wall-clock times in its own IANA time zone, so "09:00" means nine in
 * the morning in Shanghai whatever the server's zone, and stays nine across daylight-saving changes.
 * Shifts that cross midnight are not supported: `end` must be after `start` on the same day.
 */
export const BusinessHours = z
  .strictObject({
    timeZone: z.string().refine(isTimeZone, { message: "must be an IANA time zone such as Asia/Shanghai" }),
    /** ISO weekdays: 1 = Monday ... 7 = Sunday. */
    days: z
      .array(z.number().int().min(1, "days are ISO weekdays 1-7").max(7, "days are ISO weekdays 1-7"))
      .min(1, "at least one working day is needed, or no deadline could ever be reached")
      .refine((d) => new Set(d).size === d.length, { message: "days must not repeat" }),
    start: z.string().regex(HH_MM, 'must be "HH:MM" (24-hour)'),
    end: z.string().regex(HH_MM, 'must be "HH:MM" (24-hour)'),
  })
  .refine((b) => minutesOfDay(b.end) > minutesOfDay(b.start), {
    message: "end must be after start (shifts across midnight are not supported)",
    path: ["end"],
  });
export type BusinessHours = z.infer<typeof BusinessHours>;

/** A typical mainland-China office week, for teams that opt into business-hours SLAs. */
export const SHANGHAI_OFFICE_HOURS: Readonly<BusinessHours> = Object.freeze({
  timeZone: "Asia/Shanghai",
  days: [1, 2, 3, 4, 5],
  start: "09:00",
  end: "18:00",
});

export const EscalationRules = z
  .strictObject({
    /** Minutes past a deadline before the owning team is told (0: as soon as it is missed). */
    level1AfterOverdueMinutes: z.number().int().min(0),
    /** Minutes past the same deadline before the supervisor is told; counted from the deadline. */
    level2AfterOverdueMinutes: z.number().int().min(0),
  })
  .refine((e) => e.level2AfterOverdueMinutes >= e.level1AfterOverdueMinutes, {
    message: "level 2 cannot come before level 1",
    path: ["level2AfterOverdueMinutes"],
  });
export type EscalationRules = z.infer<typeof EscalationRules>;

export const FollowUpRules = z.strictObject({
  /** NPS answers at or below this open a task (0-6 are detractors). */
  npsDetractorMax: z.number().int().min(0).max(10),
  /** CSAT ratings at or below this open a task (1-2 stars). */
  csatMax: z.number().int().min(1).max(5),
  /** Whether negative social posts open a task at all. */
  socialNegative: z.boolean(),
  /** Only posts by authors with at least this many followers (unknown counts as 0). */
  socialMinFollowers: z.number().int().min(0),
  /** Whether a theme marked `urgent` in the taxonomy opens a task by itself. */
  urgentThemes: z.boolean(),
  /**
   * Rules that rest on the text's tone (negative social posts, urgent themes) fire only when the
   * reading is this sure the text is negative (its negative score): a task opened on a misread
   * "太棒了，下次还来" costs a happy customer a call. Scores (NPS, CSAT) need no reading.
   */
  minNegativeScore: z.number().min(0).max(1),
  firstResponseHours: z.number().positive(),
  resolveHours: z.number().positive(),
  /** Business hours for every team; without them SLA clocks run around the clock. */
  businessHours: BusinessHours.optional(),
  /** Per-team business hours (team id from the taxonomy), winning over `businessHours`. */
  teamBusinessHours: z.record(z.string(), BusinessHours).default({}),
  /** The team that owns feedback without a theme (the taxonomy decides all others). */
  fallbackTeam: z.string().min(1),
  escalation: EscalationRules,
  /** A resolved task the customer never confirms closes itself after this many days. */
  closeAfterResolvedDays: z.number().positive(),
  /**
   * Whether resolving a task asks the customer "is your problem solved?" by email (when an email
   * is known) unless the lead says otherwise; and how many hours a customer who was just asked is
   * left alone (another task resolved within them sends no second question).
   */
  confirmResolution: z.boolean(),
  confirmationQuietHours: z
    .number()
    .min(0)
    .max(24 * 90),
  /**
   * Feedback that happened more than this many days before it reached us is history (an import of
   * old exports, a late upstream load): it fills counters and trends and opens no task, since a
   * call about a months-old answer helps nobody. Measured from occurredAt to receivedAt, so a
   * redelivery decides the same way as the first delivery.
   */
  maxAgeDays: z.number().positive(),
});
export type FollowUpRules = z.infer<typeof FollowUpRules>;
/** What a deployment writes: any field may be left out and falls back to the default. */
export type FollowUpRulesInput = Partial<FollowUpRules>;

export const DEFAULT_RULES = {
  npsDetractorMax: 6,
  csatMax: 2,
  socialNegative: true,
  socialMinFollowers: 0,
  urgentThemes: true,
  minNegativeScore: 0.6,
  firstResponseHours: 2,
  resolveHours: 24,
  businessHours: undefined,
  teamBusinessHours: {},
  fallbackTeam: "customer_service",
  escalation: { level1AfterOverdueMinutes: 0, level2AfterOverdueMinutes: 120 },
  closeAfterResolvedDays: 3,
  confirmResolution: true,
  confirmationQuietHours: 24,
  maxAgeDays: 14,
} as const satisfies FollowUpRules;

/** Validated rules: the defaults with a deployment's overrides on top. Throws a ZodError if invalid. */
export const followUpRules = (overrides: FollowUpRulesInput = {}): FollowUpRules =>
  FollowUpRules.parse({ ...DEFAULT_RULES, ...overrides });

/** Whether feedback is history, too old when it reached us to follow up (see `maxAgeDays`). */
export const isHistory = (
  feedback: Pick<StoredFeedback, "occurredAt" | "receivedAt">,
  rules: Pick<FollowUpRules, "maxAgeDays">,
): boolean => Date.parse(feedback.receivedAt) - Date.parse(feedback.occurredAt) > rules.maxAgeDays * 86_400_000;

/** The business hours a team's clocks run in: its own, else the deployment's, else none (24/7). */
export const businessHoursFor = (rules: FollowUpRules, team: string): BusinessHours | undefined =>
  rules.teamBusinessHours[team] ?? rules.businessHours;

/** Ids of the themes the taxonomy marks urgent (payment, refund, safety, ...). */
export const urgentThemeIds = (taxonomy: Pick<Taxonomy, "themes">): ReadonlySet<string> =>
  new Set(taxonomy.themes.filter((t) => t.urgent === true).map((t) => t.id));

/** Theme id -> owning team, as the taxonomy assigns them. */
export const teamsByTheme = (taxonomy: Pick<Taxonomy, "themes">): ReadonlyMap<string, string> =>
  new Map(taxonomy.themes.map((t) => [t.id, t.team]));

/**
 * The team that owns a task: the team of the first urgent theme (a payment problem goes to billing
 * even if the post also mentions delivery), else of the first known theme, else the fallback team.
 */
export const teamFor = (
  themes: readonly string[],
  teams: ReadonlyMap<string, string>,
  urgent: ReadonlySet<string>,
  fallbackTeam: string,
): string => {
  const known = themes.filter((t) => teams.has(t));
  const owner = known.find((t) => urgent.has(t)) ?? known[0];
  return (owner !== undefined ? teams.get(owner) : undefined) ?? fallbackTeam;
};

export type FeedbackForRules = Pick<
  StoredFeedback,
  "channel" | "score" | "sentiment" | "sentimentScores" | "themes" | "followers"
>;
export type OpenDecision = { open: false } | { open: true; reasons: string[] };

/** A rule that fired, with what it fired on: the structured form of a task's reason. */
export type OpenReason =
  | { rule: "nps"; score: number; max: number }
  | { rule: "csat"; score: number; max: number }
  | { rule: "social"; followers?: number; min?: number }
  | { rule: "urgent_theme"; themes: string[] };

/**
 * How a reason is stored on a task (`reasons: string[]`, also what the tasks API returns): a
 * fixed English sentence per rule, the same since tasks first had reasons, which `parseReason`
 * reads back so that any page can show it in its own language. Change a form only together with
 * the parser (tests/follow-up/rules.test.ts holds them to each other).
 */
export const reasonText = (r: OpenReason): string => {
  switch (r.rule) {
    case "nps":
      return `NPS ${r.score} (detractor: 0-${r.max})`;
    case "csat":
      return `CSAT ${r.score} of 5 (at or below ${r.max})`;
    case "social":
      if (r.min !== undefined && r.min > 0)
        return `Negative social post (${r.followers ?? 0} followers, threshold ${r.min})`;
      return `Negative social post${r.followers !== undefined ? ` (${r.followers} followers)` : ""}`;
    case "urgent_theme":
      return `Urgent theme: ${r.themes.join(", ")}`;
  }
};

const NUMBER = String.raw`(\d+(?:\.\d+)?)`;
const REASON_FORMS: ReadonlyArray<readonly [RegExp, (m: RegExpExecArray) => OpenReason]> = [
  [/^NPS (\d+) \(detractor: 0-(\d+)\)$/, (m) => ({ rule: "nps", score: Number(m[1]), max: Number(m[2]) })],
  [/^CSAT (\d+) of 5 \(at or below (\d+)\)$/, (m) => ({ rule: "csat", score: Number(m[1]), max: Number(m[2]) })],
  [
    new RegExp(`^Negative social post \\(${NUMBER} followers, threshold ${NUMBER}\\)$`),
    (m) => ({ rule: "social", followers: Number(m[1]), min: Number(m[2]) }),
  ],
  [
    new RegExp(`^Negative social post \\(${NUMBER} followers\\)$`),
    (m) => ({ rule: "social", followers: Number(m[1]) }),
  ],
  [/^Negative social post$/, () => ({ rule: "social" })],
  [
    /^Urgent theme: (.+)$/,
    (m) => ({
      rule: "urgent_theme",
      themes: (m[1] ?? "")
        .split(",")
        .map((t) => t.trim())
        .filter((t) => t !== ""),
    }),
  ],
];

/** The structured form of a stored reason, or undefined for text no rule writes (kept as written). */
export const parseReason = (text: string): OpenReason | undefined => {
  for (const [form, read] of REASON_FORMS) {
    const m = form.exec(text.trim());
    if (m) return read(m);
  }
  return undefined;
};

/**
 * Whether feedback opens (or joins) a follow-up task, and every rule that fired, in words a
 * support lead can read on the task. A detractor's score always opens one, whatever the text says.
 * Rules that rest on the text (negative social posts, urgent themes) need a sure negative reading
 * (`minNegativeScore`): keyword tagging marks "the refund arrived in an hour, great" as a refund
 * theme, and nobody needs a call about that.
 */
export const shouldOpenTask = (
  feedback: FeedbackForRules,
  rules: FollowUpRules,
  urgentThemeIds: ReadonlySet<string>,
): OpenDecision => {
  const fired: OpenReason[] = [];
  const { channel, score } = feedback;
  const negative = feedback.sentimentScores?.negative ?? 0;
  const surelyNegative =
    (feedback.sentiment === "NEGATIVE" || feedback.sentiment === "MIXED") && negative >= rules.minNegativeScore;
  if (channel === "nps" && score !== undefined && score <= rules.npsDetractorMax) {
    fired.push({ rule: "nps", score, max: rules.npsDetractorMax });
  }
  if (channel === "csat" && score !== undefined && score <= rules.csatMax) {
    fired.push({ rule: "csat", score, max: rules.csatMax });
  }
  if (channel === "social" && rules.socialNegative && feedback.sentiment === "NEGATIVE" && surelyNegative) {
    const followers = feedback.followers ?? 0;
    if (followers >= rules.socialMinFollowers) {
      fired.push(
        rules.socialMinFollowers > 0
          ? { rule: "social", followers, min: rules.socialMinFollowers }
          : { rule: "social", ...(feedback.followers !== undefined && { followers: feedback.followers }) },
      );
    }
  }
  if (rules.urgentThemes && surelyNegative) {
    const urgent = feedback.themes.filter((t) => urgentThemeIds.has(t));
    if (urgent.length > 0) fired.push({ rule: "urgent_theme", themes: urgent });
  }
  return fired.length > 0 ? { open: true, reasons: fired.map(reasonText) } : { open: false };
};

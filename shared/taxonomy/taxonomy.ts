import * as z from "zod";
import themesJson from "./themes.json" with { type: "json" };

/**
 * The theme taxonomy: one tagging vocabulary for every channel and every analyzer engine.
 * Each theme has an owning team, labels for the digest, an optional parent theme, and words and
 * phrases per language. English entries match whole words after light stemming ("cancelled" finds
 * "cancel", "bags" finds "bag"); multi-word entries match as phrases. Chinese entries match as
 * substrings of the text converted to simplified.
 *
 * - `keywords` tag the theme wherever they occur.
 * - `weakKeywords` are generic words ("wait", "hours", "小时") that tag the theme only when none of
 *   its `blockers` is in the text: "on hold for 3 hours" is about the phone line, not a late parcel.
 * - `exclude` lists phrases in which the theme's words mean something else ("小时候" is childhood,
 *   "user friendly" is not about staff).
 * Only `keywords` is required; a taxonomy file written before the other fields still parses.
 */

const keywordList = z.array(z.string().trim().min(1, "keywords must not be empty")).default([]);

/** Words and phrases per language: `en` (English) and `zh` (Chinese, either script). */
const Keywords = z.strictObject({ en: keywordList, zh: keywordList });
export type Keywords = z.infer<typeof Keywords>;

const themeId = z
  .string({ error: "theme id is required" })
  .regex(/^[a-z][a-z0-9_]*$/, "theme id must be lower_snake_case, e.g. product_quality");

export const Theme = z.strictObject({
  id: themeId,
  /** The broader theme this one refines, e.g. "refund" under "payment". Tagging does not add it. */
  parent: themeId.optional(),
  labels: z.object({
    en: z.string().min(1),
    "zh-Hans": z.string().min(1),
    "zh-Hant": z.string().min(1),
  }),
  /** The owning team, e.g. "logistics". */
  team: z.string().min(1),
  keywords: Keywords,
  weakKeywords: Keywords.optional(),
  blockers: Keywords.optional(),
  exclude: Keywords.optional(),
  /** Complaints about this theme jump the follow-up queue. */
  urgent: z.boolean().optional(),
});
export type Theme = z.infer<typeof Theme>;

/** The first theme whose parent chain is broken (unknown id) or loops, or undefined. */
function badParent(themes: readonly Theme[]): { index: number; message: string } | undefined {
  const byId = new Map(themes.map((t) => [t.id, t]));
  for (const [index, theme] of themes.entries()) {
    const seen = new Set<string>([theme.id]);
    for (let t = theme; t.parent !== undefined; ) {
      const next = byId.get(t.parent);
      if (!next) return { index, message: `parent "${t.parent}" is not a theme id` };
      if (seen.has(next.id)) return { index, message: `parent chain of "${theme.id}" loops` };
      seen.add(next.id);
      t = next;
    }
  }
  return undefined;
}

/**
 * A touchpoint the weekly counters keep apart (NPS, CSAT and volume per touchpoint), so a digest
 * can follow it. Feedback may name any touchpoint; only these get counter rows, which keeps the
 * digest's reads bounded whatever clients send.
 */
export const Touchpoint = z.strictObject({
  id: z.string().regex(/^[a-z][a-z0-9-]*$/, "touchpoint id must be lower-kebab-case, e.g. support-chat"),
  labels: z.object({ en: z.string().min(1), "zh-Hans": z.string().min(1), "zh-Hant": z.string().min(1) }),
});
export type Touchpoint = z.infer<typeof Touchpoint>;

/**
 * A team that owns themes (a theme's `team`), with what people call it in each language: task
 * emails and the workbench show these instead of the id. Optional: a taxonomy without teams still
 * parses, and its teams are shown by a generic word.
 */
export const Team = z.strictObject({
  id: z.string().min(1, "team id is required"),
  labels: z.object({ en: z.string().min(1), "zh-Hans": z.string().min(1), "zh-Hant": z.string().min(1) }),
});
export type Team = z.infer<typeof Team>;

export const Taxonomy = z
  .strictObject({
    version: z.string().min(1, "taxonomy version is required"),
    touchpoints: z.array(Touchpoint).max(50, "at most 50 counted touchpoints").default([]),
    /** Optional (none is the same as []), so a taxonomy built in code without teams is still one. */
    teams: z.array(Team).optional(),
    themes: z.array(Theme).min(1, "a taxonomy needs at least one theme"),
  })
  .refine((t) => new Set(t.themes.map((th) => th.id)).size === t.themes.length, {
    message: "theme ids must be unique",
    path: ["themes"],
  })
  .refine((t) => new Set((t.teams ?? []).map((team) => team.id)).size === (t.teams ?? []).length, {
    message: "team ids must be unique",
    path: ["teams"],
  })
  .superRefine((t, ctx) => {
    // Once a taxonomy names its teams, every owning team needs a name: a half-labelled list hides a typo.
    if (t.teams === undefined || t.teams.length === 0) return;
    const named = new Set(t.teams.map((team) => team.id));
    for (const [index, theme] of t.themes.entries()) {
      if (!named.has(theme.team)) {
        ctx.addIssue({
          code: "custom",
          message: `team "${theme.team}" is not in teams`,
          path: ["themes", index, "team"],
        });
      }
    }
  })
  .superRefine((t, ctx) => {
    const bad = badParent(t.themes);
    if (bad) ctx.addIssue({ code: "custom", message: bad.message, path: ["themes", bad.index, "parent"] });
  });
export type Taxonomy = z.infer<typeof Taxonomy>;

export const defaultTaxonomy: Taxonomy = Taxonomy.parse(themesJson);

/** The touchpoints the weekly counters keep apart (see Touchpoint). */
export const COUNTED_TOUCHPOINTS: ReadonlySet<string> = new Set(defaultTaxonomy.touchpoints.map((t) => t.id));

/** The ids with every ancestor added, in taxonomy order: a digest of "delivery" also counts "stock" items. */
export function withParents(ids: readonly string[], taxonomy: Taxonomy = defaultTaxonomy): string[] {
  const byId = new Map(taxonomy.themes.map((t) => [t.id, t]));
  const all = new Set<string>();
  for (const id of ids) {
    for (let t = byId.get(id); t && !all.has(t.id); t = t.parent ? byId.get(t.parent) : undefined) all.add(t.id);
  }
  return taxonomy.themes.map((t) => t.id).filter((id) => all.has(id));
}

import * as z from "zod";

/** The languages hearback speaks to people in: every page and email exists in each of them. */
export const SUPPORTED_LOCALES = ["zh-Hans", "zh-Hant", "en"] as const;
export type SupportedLocale = (typeof SUPPORTED_LOCALES)[number];

/** A value per language we serve (e.g. a sender's name), and the one for a language not listed. */
export interface PerLanguage<T> {
  byLocale: Partial<Record<SupportedLocale, T>>;
  fallback: T;
}
export const inLanguage = <T>(value: PerLanguage<T>, locale: SupportedLocale): T =>
  value.byLocale[locale] ?? value.fallback;

/** Maps one language tag to the locale we serve, or undefined when we serve no variant of it. */
export const localeOf = (tag: string): SupportedLocale | undefined => {
  const t = tag.trim().toLowerCase();
  if (t === "en" || t.startsWith("en-")) return "en";
  if (t !== "zh" && !t.startsWith("zh-")) return undefined;
  // Script subtag first (zh-Hant-CN is traditional), then the regions that write traditional.
  if (/(^|-)hant(-|$)/.test(t)) return "zh-Hant";
  if (/(^|-)hans(-|$)/.test(t)) return "zh-Hans";
  if (/(^|-)(tw|hk|mo)(-|$)/.test(t)) return "zh-Hant";
  return "zh-Hans";
};

/**
 * A language tag taken from outside (a request, an environment variable, the deploy config, a
 * subscription), mapped by localeOf: zh-CN, zh-SG, zh-Hans-CN -> zh-Hans; zh-TW, zh-HK, zh-MO ->
 * zh-Hant; en-GB, en-US -> en. A tag hearback does not speak is refused, naming what it takes (the
 * caller's error names the field). Every place that takes a locale from outside uses this one.
 */
export const LocaleTag = z
  .string()
  .transform((tag, ctx) => {
    const locale = localeOf(tag);
    if (locale === undefined) {
      ctx.issues.push({
        code: "custom",
        input: tag,
        message: `must be one of ${SUPPORTED_LOCALES.join(", ")}, or a tag for one of them such as zh-CN, zh-TW or en-GB`,
      });
      return z.NEVER;
    }
    return locale;
  })
  // What it became, for the published contract (JSON Schema cannot show a transform).
  .pipe(z.enum(SUPPORTED_LOCALES));

/**
 * The token's locale wins (the business knows the customer's language), then the browser's
 * Accept-Language by q-value, then English.
 */
export const negotiateLocale = (tokenLocale?: string, acceptLanguage?: string): SupportedLocale => {
  const fromToken = tokenLocale === undefined ? undefined : localeOf(tokenLocale);
  if (fromToken) return fromToken;
  const ranked = (acceptLanguage ?? "")
    .split(",")
    .map((entry, index) => {
      const [tag = "", ...params] = entry.split(";");
      const q = params.map((p) => /^\s*q\s*=\s*([0-9.]+)\s*$/i.exec(p)?.[1]).find((v) => v !== undefined);
      const weight = q === undefined ? 1 : Number(q);
      return { tag: tag.trim(), weight: Number.isFinite(weight) ? weight : 0, index };
    })
    .filter((e) => e.tag !== "" && e.weight > 0)
    .sort((a, b) => b.weight - a.weight || a.index - b.index);
  for (const { tag } of ranked) {
    const locale = localeOf(tag);
    if (locale) return locale;
  }
  return "en";
};

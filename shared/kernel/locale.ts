/** The languages hearback speaks to people in: every page and email exists in each of them. */
export const SUPPORTED_LOCALES = ["zh-Hans", "zh-Hant", "en"] as const;
export type SupportedLocale = (typeof SUPPORTED_LOCALES)[number];

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

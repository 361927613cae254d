import type { SupportedLocale } from "#shared/kernel/locale";
import type { Taxonomy } from "#shared/taxonomy/taxonomy";

/**
 * What a chat card shows, in the receiver's language and time zone, before any platform's markup:
 * a title, labelled facts (labels from the taxonomy and the task words, never raw ids), the
 * customer's words as the privacy policy left them (masked), and a link to the task page. Each
 * format (./formats.ts) writes it in its platform's JSON.
 */

export interface Card {
  title: string;
  /** P1..P4 for task events: the formats colour by it. */
  priority?: "P1" | "P2" | "P3" | "P4" | undefined;
  facts: Array<{ label: string; value: string }>;
  /** The customer's words, masked, at most MAX_WORDS characters. */
  quote?: { label: string; text: string } | undefined;
  link?: { label: string; url: string } | undefined;
  /** One line for notifications and platforms that show text only. */
  summary: string;
}

export interface CardContext {
  locale: SupportedLocale;
  timeZone: string;
  taxonomy: Taxonomy;
  /** The deployment's public address (PUBLIC_BASE_URL); without it the card links nothing. */
  baseUrl?: string | undefined;
}

export const MAX_WORDS = 300;
export const MAX_FACT = 200;

/** One line, no control characters, at most `max` characters. */
export const clip = (text: string, max: number): string => {
  const flat = Array.from(
    Array.from(text, (c) => {
      const n = c.codePointAt(0) ?? 0;
      return n < 0x20 || (n >= 0x7f && n < 0xa0) || n === 0x2028 || n === 0x2029 ? " " : c;
    })
      .join("")
      .replace(/\s{2,}/g, " ")
      .trim(),
  );
  return flat.length > max ? `${flat.slice(0, max).join("").trimEnd()}…` : flat.join("");
};

export const linkBase = (baseUrl: string | undefined): string | undefined => {
  const trimmed = baseUrl?.trim().replace(/\/+$/, "");
  return trimmed && /^https?:\/\/[^\s<>"'`\\]+$/i.test(trimmed) ? trimmed : undefined;
};

/** The zone's short name at that instant, in the language ("GMT+8", "CET"); "" when the zone is unknown. */
export const zoneOf = (locale: SupportedLocale, timeZone: string, iso: string): string => {
  try {
    return (
      new Intl.DateTimeFormat(locale, { timeZone, timeZoneName: "short" })
        .formatToParts(new Date(iso))
        .find((p) => p.type === "timeZoneName")?.value ?? ""
    );
  } catch {
    return "";
  }
};

export const isPriority = (p: unknown): p is "P1" | "P2" | "P3" | "P4" =>
  p === "P1" || p === "P2" || p === "P3" || p === "P4";

/** An instant in the receiver's zone, the zone named ("12月5日 周六 20:29 GMT+8"); "–" when it is no instant. */
export const localTime = (
  dateTime: (iso: string, timeZone: string) => string,
  ctx: CardContext,
  iso: string,
): string => {
  const at = dateTime(iso, ctx.timeZone);
  return at === "" ? "–" : `${at} ${zoneOf(ctx.locale, ctx.timeZone, iso)}`.trim();
};

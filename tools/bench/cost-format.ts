/** How the cost model writes numbers: grouped digits, USD to two significant digits, unit prices as published. */
import type { Price } from "./prices.ts";

/** Thousands grouped; fractions to 1, 2 or 4 decimals by size. */
export const groupDigits = (x: number): string => {
  if (Number.isInteger(x)) return x.toLocaleString("en-US");
  const digits = Math.abs(x) >= 100 ? 1 : Math.abs(x) >= 1 ? 2 : 4;
  return Number(x.toFixed(digits)).toLocaleString("en-US", { maximumFractionDigits: digits });
};

/** USD with enough decimals to show two significant digits of small amounts. */
export const formatUsd = (x: number): string => {
  if (x === 0) return "$0";
  const decimals = Math.min(10, Math.max(4, 1 - Math.floor(Math.log10(Math.abs(x)))));
  // Round half up on the decimal value, not on its binary approximation (0.00375 -> 0.0038).
  const scale = 10 ** decimals;
  return `$${(Math.round(x * scale * (1 + Number.EPSILON)) / scale).toFixed(decimals)}`;
};

/** A unit price as published: "$0.625/M", "$1.00/M", "$0.0000133334". */
export const perUnit = (p: Price): string => {
  const [whole, decimals = ""] = String(p.usd).split(".");
  const price = `$${whole}.${decimals.padEnd(2, "0")}`;
  if (p.per === 1_000_000) return `${price}/M`;
  if (p.per === 1_000) return `${price}/1,000`;
  return price;
};

import { createHash } from "node:crypto";
import { HearbackError } from "#shared/kernel/errors";

/** A file hearback cannot import as it is (a workbook, UTF-16, a header without the needed columns). */
export class ImportFileError extends HearbackError {
  override name = "ImportFileError";
}

/**
 * The item fields a column can fill, named as the API names them (docs/api.md), so `--map
 * "Customer ID=customer.id"` reads like the message schema.
 */
export const FIELDS = [
  "channel",
  "score",
  "comment",
  "customer.id",
  "customer.email",
  "customer.name",
  "customer.tier",
  "touchpoint",
  "locale",
  "sourceId",
  "occurredAt",
  "service.ticketId",
  "service.agentId",
  "service.team",
  "platform",
  "text",
  "url",
  "author.handle",
  "author.followers",
] as const;
export type Field = (typeof FIELDS)[number];
export const isField = (name: string): name is Field => (FIELDS as readonly string[]).includes(name);

/** A row's values by field (and by the preset's own keys, such as Delighted's survey type); blank cells absent. */
export type Values = Record<string, string | undefined>;

/**
 * How headers are compared: case, spaces, underscores and punctuation ignored, so "Response ID",
 * "response_id" and "ResponseId" are one column, and `customer.id` finds "Customer ID".
 */
export const headerKey = (header: string): string =>
  header
    .normalize("NFKC")
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, "");

/** A whole number as the schema wants it; text that is not one stays text, so the schema names the field. */
export const numberOrText = (value: string): number | string => {
  const s = value.trim();
  return /^[+-]?\d+(\.0+)?$/.test(s) ? Number(s) : s;
};

/** Sets `customer.id`-style paths on a plain object. */
export const setPath = (target: Record<string, unknown>, path: string, value: unknown): void => {
  const [head, ...rest] = path.split(".");
  if (head === undefined) return;
  if (rest.length === 0) {
    target[head] = value;
    return;
  }
  if (target[head] === undefined) target[head] = {};
  setPath(target[head] as Record<string, unknown>, rest.join("."), value);
};

/** "1.23457E+15": an id a spreadsheet turned into a rounded number; importing it would merge different rows. */
export const looksRoundedByExcel = (value: string): boolean => /^\d(\.\d+)?E\+\d+$/i.test(value.trim());

/**
 * A source id for a row that has none, from what it says: the same row imported again finds its
 * record, which is what a source id is for. Two rows saying exactly the same thing become one.
 */
export const contentSourceId = (item: unknown): string =>
  `row-${createHash("sha256").update(JSON.stringify(item)).digest("hex").slice(0, 24)}`;

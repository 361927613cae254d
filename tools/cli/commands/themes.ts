/**
 * `hearback themes suggest [--days N] [--table T | --local]`: for taxonomy owners, the words that most
 * often appear in items people corrected into a theme and are not yet its keywords.
 */
import { parseArgs } from "node:util";
import { suggestKeywords } from "#shared/analysis/model/keyword-suggestions";
import type { StoredFeedback } from "#shared/feedback/model/schema";
import { defaultTaxonomy } from "#shared/taxonomy/taxonomy";
import { UsageError } from "../usage-error.ts";
import { feedbackStoreOn, tableTarget } from "./targets.ts";

const DAY = 86_400_000;

export const themes = async (args: string[]) => {
  const [action, ...rest] = args;
  if (action !== "suggest") throw new UsageError("hearback themes suggest [--days N] [--table T | --local]");
  const { values } = parseArgs({
    args: rest,
    options: {
      days: { type: "string", default: "90" },
      table: { type: "string", default: process.env.TABLE_NAME },
      local: { type: "boolean", default: false },
    },
  });
  const days = Number(values.days);
  if (!Number.isInteger(days) || days < 1 || days > 730)
    throw new UsageError("--days must be a whole number from 1 to 730");
  const store = feedbackStoreOn(await tableTarget(values));
  const items: StoredFeedback[] = [];
  const now = Date.now();
  // Day by day from the time index (Query, never Scan): the masked texts only.
  for (let d = days; d >= 0; d--) {
    const day = new Date(now - d * DAY).toISOString().slice(0, 10);
    let cursor: string | undefined;
    do {
      const page = await store.day(day, cursor);
      cursor = page.cursor;
      items.push(...page.items);
    } while (cursor);
  }
  const suggestions = suggestKeywords(items, defaultTaxonomy);
  const corrected = items.filter((i) => i.correction).length;
  console.log(`${items.length} items in the last ${days} days, ${corrected} corrected by people`);
  if (suggestions.length === 0) console.log("no corrections added a theme: nothing to suggest");
  for (const s of suggestions) {
    console.log(`\n${s.theme}: moved into it by people ${s.items} time(s); candidate keywords:`);
    for (const w of s.words) console.log(`  ${w.word.padEnd(16)} in ${w.inCorrected} of them, ${w.inAll} of all items`);
  }
};

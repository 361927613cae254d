import { ConflictError, NotFoundError } from "#shared/kernel/errors";
import { validationError } from "#shared/kernel/validation";
import type { Taxonomy } from "#shared/taxonomy/taxonomy";
import { applyCorrection, CorrectionBody } from "./model/corrections.ts";
import type { StoredFeedback } from "./model/schema.ts";
import type { FeedbackStore } from "./ports/feedback-store.ts";

/**
 * A person corrects an item's sentiment or themes (see model/corrections.ts). The counts move in the
 * same transaction; if the item changed between the read and the write (another correction, a
 * re-tag), it is read again once, then the caller hears 409.
 */
export const correctFeedback = async (
  deps: { store: Pick<FeedbackStore, "storedRecords" | "correct">; taxonomy: Taxonomy; now: () => Date },
  id: string,
  body: unknown,
  by: string,
): Promise<StoredFeedback> => {
  const order = deps.taxonomy.themes.map((t) => t.id);
  const parsed = CorrectionBody(new Set(order)).safeParse(body);
  if (!parsed.success) throw validationError("The correction is invalid", parsed.error);
  for (let attempt = 0; attempt < 2; attempt++) {
    const record = (await deps.store.storedRecords([id])).get(id);
    if (!record) throw new NotFoundError("No stored feedback has this id.");
    const { record: corrected, counters } = applyCorrection(record, parsed.data, by, deps.now().toISOString(), order);
    if (await deps.store.correct(record, corrected, counters)) return corrected;
  }
  throw new ConflictError("The item changed while it was being corrected; read it again and retry.");
};

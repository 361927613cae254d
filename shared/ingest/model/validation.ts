import * as z from "zod";
import { FeedbackInput, MAX_ITEMS_PER_REQUEST } from "#shared/feedback/model/schema";
import { ValidationError } from "#shared/kernel/errors";
import { issuesOf } from "#shared/kernel/validation";

const Envelope = z.object({ items: z.array(z.unknown()) }).strict();

/**
 * The body as the API contract publishes it: one item, or 1 to 100 of them. `parseFeedbackBody`
 * checks the same item by item, so that it can name every problem of every item.
 */
export const FeedbackBody = z.union([
  FeedbackInput,
  z.strictObject({ items: z.array(FeedbackInput).min(1).max(MAX_ITEMS_PER_REQUEST) }),
]);

/**
 * A request body is one feedback item or `{"items": [...]}` with 1..100 items. Any invalid item
 * rejects the whole request, with every problem named, so nothing is half-accepted.
 */
export const parseFeedbackBody = (body: unknown): FeedbackInput[] => {
  if (body === null || typeof body !== "object" || Array.isArray(body)) {
    throw new ValidationError('The body must be a JSON object: one feedback item or {"items": [...]}', [
      { field: "(body)", message: "must be a JSON object" },
    ]);
  }
  if (!("items" in body)) {
    const parsed = FeedbackInput.safeParse(body);
    if (parsed.success) return [parsed.data];
    throw new ValidationError("The feedback item is invalid", issuesOf(parsed.error));
  }
  const envelope = Envelope.safeParse(body);
  if (!envelope.success) throw new ValidationError("The request body is invalid", issuesOf(envelope.error));
  const { items } = envelope.data;
  if (items.length === 0 || items.length > MAX_ITEMS_PER_REQUEST) {
    throw new ValidationError(`Send between 1 and ${MAX_ITEMS_PER_REQUEST} items per request`, [
      { field: "items", message: `must hold 1 to ${MAX_ITEMS_PER_REQUEST} items, got ${items.length}` },
    ]);
  }
  const issues: Array<{ field: string; message: string }> = [];
  const valid: FeedbackInput[] = [];
  items.forEach((item, index) => {
    const parsed = FeedbackInput.safeParse(item);
    if (parsed.success) valid.push(parsed.data);
    else issues.push(...issuesOf(parsed.error, ["items", index]));
  });
  if (issues.length > 0)
    throw new ValidationError(`${items.length - valid.length} of ${items.length} items are invalid`, issues);
  return valid;
};

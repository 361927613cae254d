import * as z from "zod";
import { FeedbackInput, MAX_ITEMS_PER_REQUEST } from "#shared/feedback/model/schema";
import { ValidationError } from "#shared/kernel/errors";

/**
 * "items[3].customer.id" — how a person reading an error would point at a field; `root` names the
 * whole input ("(body)", or "(query)" for a query string).
 */
export const fieldPath = (path: ReadonlyArray<PropertyKey>, root = "(body)"): string =>
  path.reduce<string>((acc, key) => {
    if (typeof key === "number") return `${acc}[${key}]`;
    return acc ? `${acc}.${String(key)}` : String(key);
  }, "") || root;

const issuesOf = (error: z.ZodError, prefix: ReadonlyArray<PropertyKey> = [], root = "(body)") =>
  error.issues.map((issue) => {
    const path = [...prefix, ...issue.path];
    // Unknown keys are reported on the object; name each key so the sender sees which.
    if (issue.code === "unrecognized_keys") {
      return { field: fieldPath(path, root), message: `unknown field(s): ${issue.keys.join(", ")}` };
    }
    return { field: fieldPath(path, root), message: issue.message };
  });

/** A ValidationError naming every field a zod parse rejected; `root` as in `fieldPath`. */
export const validationError = (message: string, error: z.ZodError, root = "(body)"): ValidationError =>
  new ValidationError(message, issuesOf(error, [], root));

const Envelope = z.object({ items: z.array(z.unknown()) }).strict();

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

import type * as z from "zod";
import { ValidationError } from "./errors.ts";

/**
 * "items[3].customer.id" — how a person reading an error would point at a field; `root` names the
 * whole input ("(body)", or "(query)" for a query string).
 */
export const fieldPath = (path: ReadonlyArray<PropertyKey>, root = "(body)"): string =>
  path.reduce<string>((acc, key) => {
    if (typeof key === "number") return `${acc}[${key}]`;
    return acc ? `${acc}.${String(key)}` : String(key);
  }, "") || root;

export const issuesOf = (error: z.ZodError, prefix: ReadonlyArray<PropertyKey> = [], root = "(body)") =>
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

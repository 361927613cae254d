const HTML_ESCAPES: Readonly<Record<string, string>> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&#39;",
};

/** Safe in element content and in quoted attribute values alike. */
export const escapeHtml = (value: string): string => value.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c] ?? c);

/**
 * Text someone outside wrote (a customer's words, an id they chose), escaped and isolated: a
 * right-to-left override or other direction mark inside it cannot reorder what follows it.
 */
export const isolatedText = (value: string): string => `<bdi>${escapeHtml(value)}</bdi>`;

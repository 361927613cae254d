/**
 * Headers every answer carries: nothing is cached by a browser or a proxy (answers hold customers'
 * words and task state), and nothing is sniffed into another content type than the one declared.
 */
export const BASE_HEADERS: Readonly<Record<string, string>> = {
  "cache-control": "no-store",
  "x-content-type-options": "nosniff",
};

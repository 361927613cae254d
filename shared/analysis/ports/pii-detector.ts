/** A span of personal data in a text, as character offsets [begin, end). */
export interface PiiSpan {
  begin: number;
  end: number;
  /** e.g. "NAME", "ADDRESS". */
  type: string;
}

/**
 * Finds personal data that patterns cannot (names, street addresses). Optional: the patterns in
 * shared/analysis/model/pii.ts always run. Returns spans per request id; a failure yields no spans.
 */
export interface PiiDetector {
  detect(requests: ReadonlyArray<{ id: string; text: string; language: string }>): Promise<Map<string, PiiSpan[]>>;
}

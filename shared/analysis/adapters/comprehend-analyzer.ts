import {
  BatchDetectDominantLanguageCommand,
  BatchDetectSentimentCommand,
  type BatchItemError,
  type ComprehendClient,
  type DominantLanguage,
  type LanguageCode,
  type SentimentScore,
} from "@aws-sdk/client-comprehend";
import { Sentiment, type SentimentScores } from "#shared/feedback/model/schema";
import type { AnalysisFailure, AnalysisRequest, AnalysisResult, Analyzer, TextAnalysis } from "../ports/analyzer.ts";

/** Comprehend's per-call document limit for the Batch* APIs. */
export const COMPREHEND_BATCH_SIZE = 25;
/** Comprehend's per-document limit, in UTF-8 bytes. */
export const COMPREHEND_MAX_DOCUMENT_BYTES = 5_000;
/** Below this, the dominant-language score is not trusted over the sender's locale hint. */
export const MIN_LANGUAGE_CONFIDENCE = 0.5;

const ENGINE = "comprehend";
const DEFAULT_MAX_ATTEMPTS = 4;
const DEFAULT_BASE_DELAY_MS = 100;
const MAX_DELAY_MS = 5_000;

/** Languages BatchDetectSentiment accepts (its LanguageCode enum). */
const SENTIMENT_LANGUAGES: ReadonlySet<string> = new Set<LanguageCode>([
  "en",
  "es",
  "fr",
  "de",
  "it",
  "pt",
  "ar",
  "hi",
  "ja",
  "ko",
  "zh",
  "zh-TW",
]);

export interface ComprehendAnalyzerOptions {
  /** Attempts per Comprehend call, the first included, for throttling and other transient errors. Default 4. */
  maxAttempts?: number;
  /** Backoff base: before retry n (1-based) we sleep a uniformly random 0..baseDelayMs*2^(n-1) ms (capped at 5 s). */
  baseDelayMs?: number;
  sleep?: (ms: number) => Promise<void>;
  /**
   * Use a supported localeHint as the language without calling BatchDetectDominantLanguage: halves
   * the cost when another engine already detected the language (hybrid mode).
   */
  trustLocaleHint?: boolean;
}

const defaultSleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

const utf8Length = (codePoint: number): number =>
  codePoint < 0x80 ? 1 : codePoint < 0x800 ? 2 : codePoint < 0x10000 ? 3 : 4;

/**
 * The longest prefix of `text` that fits in `maxBytes` UTF-8 bytes, cut between code points: never inside a
 * multi-byte character or a surrogate pair. (A lone surrogate counts as the 3 bytes of U+FFFD it encodes to.)
 */
export const truncateUtf8 = (text: string, maxBytes: number = COMPREHEND_MAX_DOCUMENT_BYTES): string => {
  if (Buffer.byteLength(text, "utf8") <= maxBytes) return text;
  let bytes = 0;
  let end = 0;
  for (const char of text) {
    const size = utf8Length(char.codePointAt(0) ?? 0);
    if (bytes + size > maxBytes) break;
    bytes += size;
    end += char.length;
  }
  return text.slice(0, end);
};

/**
 * Maps a BCP 47 tag (as Comprehend detects it or as a sender hints it) to BatchDetectSentiment's LanguageCode,
 * or undefined when Comprehend cannot analyze sentiment in that language.
 * Chinese: Traditional ("zh-TW", "zh-Hant", "zh-HK", "zh-MO") -> "zh-TW"; anything else "zh" -> "zh".
 */
export const toSentimentLanguage = (tag: string): LanguageCode | undefined => {
  const [primary = "", ...rest] = tag.trim().replace(/_/g, "-").toLowerCase().split("-");
  if (primary === "zh") {
    if (rest.includes("hans")) return "zh";
    if (rest.includes("hant") || rest.some((s) => s === "tw" || s === "hk" || s === "mo")) return "zh-TW";
    return "zh";
  }
  return SENTIMENT_LANGUAGES.has(primary) ? (primary as LanguageCode) : undefined;
};

/** The language tag we report for a sentiment LanguageCode: scripts for Chinese, the code itself otherwise. */
export const reportedLanguage = (code: LanguageCode): string =>
  code === "zh" ? "zh-Hans" : code === "zh-TW" ? "zh-Hant" : code;

// ---------------------------------------------------------------------------------------------------------------
// Error classification

const squash = (s: string): string => s.toLowerCase().replace(/[^a-z0-9]/g, "");

const THROTTLING = ["throttl", "toomanyrequests", "provisionedthroughputexceeded", "requestlimitexceeded", "slowdown"];
const TRANSIENT = ["internalserver", "serviceunavailable", "timeout", "econnreset", "econnrefused", "epipe", "socket"];

const isThrottlingCode = (code: string): boolean => THROTTLING.some((t) => squash(code).includes(t));
const isTransientCode = (code: string): boolean =>
  isThrottlingCode(code) || TRANSIENT.some((t) => squash(code).includes(t));
const normalizeCode = (code: string): string =>
  squash(code).includes("unsupportedlanguage") ? "UnsupportedLanguage" : code;

interface CallError {
  code: string;
  message: string;
  retryable: boolean;
}

const describeCallError = (error: unknown): CallError => {
  const e = (typeof error === "object" && error !== null ? error : {}) as {
    name?: unknown;
    code?: unknown;
    message?: unknown;
    $retryable?: unknown;
    $metadata?: { httpStatusCode?: unknown };
  };
  const rawCode =
    typeof e.name === "string" && e.name !== "Error" ? e.name : typeof e.code === "string" ? e.code : "UnknownError";
  const status = typeof e.$metadata?.httpStatusCode === "number" ? e.$metadata.httpStatusCode : undefined;
  const retryable =
    Boolean(e.$retryable) ||
    isTransientCode(rawCode) ||
    (typeof e.code === "string" && isTransientCode(e.code)) ||
    status === 429 ||
    (status !== undefined && status >= 500);
  return {
    code: normalizeCode(rawCode),
    message: typeof e.message === "string" && e.message ? e.message : String(error),
    retryable,
  };
};

const describeItemError = (error: BatchItemError): CallError => {
  const code = error.ErrorCode || "UnknownError";
  return { code: normalizeCode(code), message: error.ErrorMessage || code, retryable: isTransientCode(code) };
};

type CallOutcome<T> = { ok: true; value: T } | { ok: false; error: CallError };

// ---------------------------------------------------------------------------------------------------------------

interface Pending {
  /** Position in the caller's request list. */
  index: number;
  id: string;
  /** Already truncated to Comprehend's limit. */
  text: string;
  localeHint: string | undefined;
}

type Detection = { language: DominantLanguage | undefined } | { error: CallError };

const chunk = <T>(items: readonly T[], size: number): T[][] => {
  const chunks: T[][] = [];
  for (let i = 0; i < items.length; i += size) chunks.push(items.slice(i, i + size));
  return chunks;
};

const failure = (id: string, error: CallError): AnalysisFailure => ({
  id,
  error: { code: error.code, message: error.message, retryable: error.retryable },
});

const SENTIMENTS: ReadonlySet<string> = new Set<Sentiment>(Sentiment.options);

const toScores = (s: SentimentScore | undefined): SentimentScores => ({
  positive: s?.Positive ?? 0,
  negative: s?.Negative ?? 0,
  neutral: s?.Neutral ?? 0,
  mixed: s?.Mixed ?? 0,
});

/**
 * Analyzer backed by Amazon Comprehend: BatchDetectDominantLanguage, then BatchDetectSentiment per language.
 *
 * Language choice per text: a detection scoring at least 0.5 wins. Otherwise (low confidence, a per-item detection
 * error, or a failed detection call) the sender's localeHint is used when Comprehend supports it, then a
 * low-confidence detection. A text whose language Comprehend cannot analyze gets a non-retryable "UnsupportedLanguage"
 * failure so the caller can route it to another engine. Empty or whitespace-only texts are never sent: they come
 * back NEUTRAL.
 *
 * Calls run one at a time (gentle on Comprehend's per-account TPS). Throttling and other transient call errors are
 * retried with exponential backoff and full jitter; when attempts run out every text in that call becomes a retryable
 * failure. The client's own retry strategy still applies underneath each attempt.
 */
export class ComprehendAnalyzer implements Analyzer {
  readonly name = ENGINE;
  private readonly maxAttempts: number;
  private readonly baseDelayMs: number;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly trustLocaleHint: boolean;

  constructor(
    private readonly client: ComprehendClient,
    options: ComprehendAnalyzerOptions = {},
  ) {
    this.maxAttempts = Math.max(1, Math.floor(options.maxAttempts ?? DEFAULT_MAX_ATTEMPTS));
    this.baseDelayMs = Math.max(0, options.baseDelayMs ?? DEFAULT_BASE_DELAY_MS);
    this.sleep = options.sleep ?? defaultSleep;
    this.trustLocaleHint = options.trustLocaleHint ?? false;
  }

  async analyze(requests: readonly AnalysisRequest[]): Promise<AnalysisResult[]> {
    const results: (AnalysisResult | undefined)[] = new Array(requests.length).fill(undefined);
    const pending: Pending[] = [];
    requests.forEach((request, index) => {
      if (request.text.trim() === "") {
        results[index] = this.blank(request);
      } else {
        pending.push({
          index,
          id: request.id,
          text: truncateUtf8(request.text),
          localeHint: request.localeHint,
        });
      }
    });

    const trusted = (item: Pending) =>
      this.trustLocaleHint && item.localeHint !== undefined && toSentimentLanguage(item.localeHint) !== undefined;
    const detected = await this.detectLanguages(pending.filter((item) => !trusted(item)));
    let next = 0;
    const detections: Detection[] = pending.map((item) =>
      trusted(item)
        ? { language: { LanguageCode: toSentimentLanguage(item.localeHint ?? ""), Score: 1 } }
        : (detected[next++] ?? { language: undefined }),
    );

    const groups = new Map<LanguageCode, Pending[]>();
    pending.forEach((item, i) => {
      const resolved = this.resolveLanguage(item, detections[i] ?? { language: undefined });
      if ("error" in resolved) {
        results[item.index] = failure(item.id, resolved.error);
        return;
      }
      const group = groups.get(resolved.code);
      if (group) group.push(item);
      else groups.set(resolved.code, [item]);
    });

    for (const [code, items] of groups) {
      for (const batch of chunk(items, COMPREHEND_BATCH_SIZE)) {
        await this.detectSentiment(code, batch, results);
      }
    }

    return results.map(
      (result, index) =>
        result ??
        failure(requests[index]?.id ?? "", {
          code: "MissingResult",
          message: "Comprehend returned neither a result nor an error for this text",
          retryable: true,
        }),
    );
  }

  private blank(request: AnalysisRequest): TextAnalysis {
    const hinted = request.localeHint ? toSentimentLanguage(request.localeHint) : undefined;
    return {
      id: request.id,
      language: hinted ? reportedLanguage(hinted) : request.localeHint?.trim() || "und",
      sentiment: "NEUTRAL",
      scores: { positive: 0, negative: 0, neutral: 1, mixed: 0 },
      engine: ENGINE,
    };
  }

  /** One Detection per pending item, in the same order. */
  private async detectLanguages(pending: readonly Pending[]): Promise<Detection[]> {
    const detections: Detection[] = [];
    for (const batch of chunk(pending, COMPREHEND_BATCH_SIZE)) {
      const outcome = await this.call(() =>
        this.client.send(new BatchDetectDominantLanguageCommand({ TextList: batch.map((p) => p.text) })),
      );
      if (!outcome.ok) {
        for (const _ of batch) detections.push({ error: outcome.error });
        continue;
      }
      const byIndex = new Map<number, Detection>();
      for (const item of outcome.value.ResultList ?? []) {
        if (item.Index === undefined) continue;
        const best = [...(item.Languages ?? [])]
          .filter((l) => l.LanguageCode)
          .sort((a, b) => (b.Score ?? 0) - (a.Score ?? 0))[0];
        byIndex.set(item.Index, { language: best });
      }
      for (const error of outcome.value.ErrorList ?? []) {
        if (error.Index !== undefined) byIndex.set(error.Index, { error: describeItemError(error) });
      }
      batch.forEach((_, i) => {
        detections.push(byIndex.get(i) ?? { language: undefined });
      });
    }
    return detections;
  }

  private resolveLanguage(item: Pending, detection: Detection): { code: LanguageCode } | { error: CallError } {
    const detected = "language" in detection ? detection.language : undefined;
    const detectedTag = detected?.LanguageCode;
    const confident = detectedTag !== undefined && (detected?.Score ?? 0) >= MIN_LANGUAGE_CONFIDENCE;

    const candidates = confident ? [detectedTag] : [item.localeHint, detectedTag];
    const tags = candidates.filter((t): t is string => typeof t === "string" && t.trim() !== "");
    for (const tag of tags) {
      const code = toSentimentLanguage(tag);
      if (code) return { code };
    }
    const [tag] = tags;
    if (tag !== undefined) {
      return {
        error: {
          code: "UnsupportedLanguage",
          message: `Comprehend cannot analyze sentiment in language "${tag}"`,
          retryable: false,
        },
      };
    }
    if ("error" in detection) return { error: detection.error };
    return {
      error: {
        code: "LanguageNotDetected",
        message: "Comprehend detected no language and the request had no locale hint",
        retryable: false,
      },
    };
  }

  private async detectSentiment(
    code: LanguageCode,
    batch: readonly Pending[],
    results: (AnalysisResult | undefined)[],
  ): Promise<void> {
    const outcome = await this.call(() =>
      this.client.send(new BatchDetectSentimentCommand({ LanguageCode: code, TextList: batch.map((p) => p.text) })),
    );
    if (!outcome.ok) {
      for (const item of batch) results[item.index] = failure(item.id, outcome.error);
      return;
    }
    for (const result of outcome.value.ResultList ?? []) {
      const item = result.Index === undefined ? undefined : batch[result.Index];
      if (!item) continue;
      if (result.Sentiment === undefined || !SENTIMENTS.has(result.Sentiment)) {
        results[item.index] = failure(item.id, {
          code: "InvalidResponse",
          message: `Comprehend returned an unknown sentiment "${String(result.Sentiment)}"`,
          retryable: true,
        });
        continue;
      }
      results[item.index] = {
        id: item.id,
        language: reportedLanguage(code),
        sentiment: result.Sentiment as Sentiment,
        scores: toScores(result.SentimentScore),
        engine: ENGINE,
      };
    }
    for (const error of outcome.value.ErrorList ?? []) {
      const item = error.Index === undefined ? undefined : batch[error.Index];
      if (item) results[item.index] = failure(item.id, describeItemError(error));
    }
  }

  /** Sends with retry on throttling and other transient errors: exponential backoff, full jitter. */
  private async call<T>(send: () => Promise<T>): Promise<CallOutcome<T>> {
    for (let attempt = 1; ; attempt++) {
      try {
        return { ok: true, value: await send() };
      } catch (error) {
        const described = describeCallError(error);
        if (!described.retryable || attempt >= this.maxAttempts) return { ok: false, error: described };
        const ceiling = Math.min(MAX_DELAY_MS, this.baseDelayMs * 2 ** (attempt - 1));
        await this.sleep(Math.floor(Math.random() * ceiling));
      }
    }
  }
}

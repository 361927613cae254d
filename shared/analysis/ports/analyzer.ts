import type { Sentiment, SentimentScores } from "#shared/feedback/model/schema";

/** One text to analyze. `id` is echoed back so callers can match results to inputs. */
export interface AnalysisRequest {
  id: string;
  text: string;
  /** A BCP 47 tag the sender gave (e.g. the survey locale); a hint, not the truth. */
  localeHint?: string | undefined;
}

export interface TextAnalysis {
  id: string;
  /** "en", "zh-Hans", "zh-Hant", or another BCP 47 tag / ISO 639-1 code the engine detected. */
  language: string;
  sentiment: Sentiment;
  /** Each in 0..1; they sum to about 1. */
  scores: SentimentScores;
  /** Which engine produced this, e.g. "local-lexicon@1" or "comprehend". */
  engine: string;
  /** Set when this engine stood in for one that could not answer (the analyzer's name, e.g. "comprehend"). */
  fallbackFrom?: string | undefined;
}

export interface AnalysisFailure {
  id: string;
  error: { code: string; message: string; retryable: boolean };
}

export type AnalysisResult = TextAnalysis | AnalysisFailure;

export const isAnalysisFailure = (r: AnalysisResult): r is AnalysisFailure => "error" in r;

/**
 * The kind of engine behind a result, in a word a metric can carry (bounded, unlike the engine's version): the
 * lexicon alone, the lexicon blended with the deployment's learned model ("+nb@"), or Comprehend.
 */
export const analyzerSource = (engine: string): "local" | "learned" | "comprehend" | "other" => {
  if (engine.startsWith("comprehend")) return "comprehend";
  if (engine.includes("+nb@")) return "learned";
  return engine.startsWith("local") ? "local" : "other";
};

/**
 * Detects language and sentiment for a batch of texts. Themes are not the analyzer's job: they
 * come from the taxonomy (shared/analysis/model/themes.ts), so every engine tags the same vocabulary.
 * Results come back in input order, one per request; a per-item failure never fails the batch.
 */
export interface Analyzer {
  readonly name: string;
  analyze(requests: readonly AnalysisRequest[]): Promise<AnalysisResult[]>;
}

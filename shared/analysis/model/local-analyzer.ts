import type { Sentiment, SentimentScores } from "#shared/feedback/model/schema";
import { toSimplified } from "#shared/kernel/chinese";
import type { AnalysisRequest, AnalysisResult, Analyzer, TextAnalysis } from "../ports/analyzer.ts";
import { scoreChinese } from "./local-lexicon/chinese-sentiment.ts";
import { newTally } from "./local-lexicon/clauses.ts";
import { scoreEmoji } from "./local-lexicon/emoji-sentiment.ts";
import { scoreEnglish } from "./local-lexicon/english-sentiment.ts";
import { detectLanguage } from "./local-lexicon/language.ts";
import { verdict } from "./local-lexicon/verdict.ts";

/**
 * The offline analyzer: language detection plus a hand-written sentiment lexicon for English and
 * Chinese, tuned for customer-service feedback. Besides sentiment words it knows negation,
 * intensifiers, contrast ("but", "但是"), emoji, and complaint patterns that carry no sentiment
 * word at all ("still no refund", "on hold for 2 hours", "等了一个小时", "客服不回复").
 *
 * Pure and synchronous inside. The word lists are data (shared/analysis/lexicon/, see its README),
 * compiled on first use and shared by all instances; the engine is in ./local-lexicon/.
 */

export { detectLanguage };

export const LOCAL_ENGINE = "local-lexicon@1";

const HAN_RE = /[\u3400-\u9fff]/;
const LATIN_RE = /[a-z]/i;

/** Scores a text. Exposed for tests and the measurement script; the Analyzer wraps it. */
export function analyzeText(text: string): { sentiment: Sentiment; scores: SentimentScores } {
  const t = newTally();
  const lower = text.toLowerCase();
  if (LATIN_RE.test(text)) scoreEnglish(lower, t);
  if (HAN_RE.test(text)) scoreChinese(toSimplified(lower), t);
  scoreEmoji(text, t);
  return verdict(t);
}

export class LocalAnalyzer implements Analyzer {
  readonly name = "local";

  async analyze(requests: readonly AnalysisRequest[]): Promise<AnalysisResult[]> {
    return requests.map((request) => this.analyzeOne(request));
  }

  analyzeOne(request: AnalysisRequest): AnalysisResult {
    try {
      const text = typeof request.text === "string" ? request.text : "";
      const { sentiment, scores } = analyzeText(text);
      const result: TextAnalysis = {
        id: request.id,
        language: detectLanguage(text, request.localeHint),
        sentiment,
        scores,
        engine: LOCAL_ENGINE,
      };
      return result;
    } catch (err) {
      return {
        id: request.id,
        error: {
          code: "LOCAL_ANALYZER_FAILED",
          message: err instanceof Error ? err.message : String(err),
          retryable: false,
        },
      };
    }
  }
}

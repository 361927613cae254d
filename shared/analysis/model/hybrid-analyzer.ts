import type { AnalysisRequest, AnalysisResult, Analyzer, TextAnalysis } from "../ports/analyzer.ts";
import { isAnalysisFailure } from "../ports/analyzer.ts";

/** How sure an engine is of its call: the winning class's score. */
export const confidenceOf = (a: TextAnalysis): number => {
  const { positive, negative, neutral, mixed } = a.scores;
  return Math.max(positive, negative, neutral, mixed);
};

export interface HybridStats {
  texts: number;
  sentToComprehend: number;
}

/**
 * Local first, Comprehend for the doubtful: a local result at least `threshold` confident is kept;
 * the rest go to Comprehend in one batched call (25 texts a request), with the locally detected
 * language as a hint so Comprehend need not detect it again. If Comprehend fails for a text, the
 * local result stands rather than the item waiting: it was the best answer we had anyway.
 */
export class HybridAnalyzer implements Analyzer {
  readonly name = "hybrid";
  readonly stats: HybridStats = { texts: 0, sentToComprehend: 0 };

  constructor(
    private readonly local: Analyzer,
    private readonly remote: Analyzer,
    private readonly threshold: number,
  ) {}

  async analyze(requests: readonly AnalysisRequest[]): Promise<AnalysisResult[]> {
    const first = await this.local.analyze(requests);
    const doubtful = first.flatMap((r, i) =>
      !isAnalysisFailure(r) && confidenceOf(r) >= this.threshold
        ? []
        : [{ index: i, request: requests[i] as AnalysisRequest, local: r }],
    );
    this.stats.texts += requests.length;
    this.stats.sentToComprehend += doubtful.length;
    if (doubtful.length === 0) return first;
    let second: AnalysisResult[];
    try {
      second = await this.remote.analyze(
        doubtful.map(({ request, local }) => ({
          ...request,
          localeHint: isAnalysisFailure(local) ? request.localeHint : local.language,
        })),
      );
    } catch {
      second = [];
    }
    const results = [...first];
    doubtful.forEach(({ index, local }, j) => {
      const remote = second[j];
      if (remote && !isAnalysisFailure(remote)) results[index] = remote;
      else results[index] = isAnalysisFailure(local) ? local : { ...local, fallbackFrom: this.remote.name };
    });
    return results;
  }
}

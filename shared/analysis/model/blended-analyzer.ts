import type { AnalysisRequest, AnalysisResult, Analyzer, TextAnalysis } from "../ports/analyzer.ts";
import { isAnalysisFailure } from "../ports/analyzer.ts";
import { combine, modelWeight } from "./blend.ts";
import { predict, type SentimentModel } from "./learned-sentiment.ts";

export interface BlendedAnalyzerOptions {
  /**
   * The model's share against the base analyzer, 0..1. Default: modelWeight(model), which grows
   * with the number of texts the model learned from.
   */
  weight?: number;
}

/**
 * The local engine with what the deployment learned from its own scored feedback: the base
 * analyzer (the lexicon) decides language and gives a first verdict, and a SentimentModel, when
 * there is one, is blended in (shared/analysis/model/learned-sentiment.ts `combine`). Without a model the
 * results are exactly the base analyzer's. Failures of the base analyzer pass through untouched.
 */
export class BlendedAnalyzer implements Analyzer {
  readonly name = "local";
  private model: SentimentModel | undefined;
  private readonly weight: number | undefined;

  constructor(
    private readonly base: Analyzer,
    model?: SentimentModel,
    options: BlendedAnalyzerOptions = {},
  ) {
    this.model = model;
    this.weight = options.weight;
  }

  /** Swaps in a newly trained model (or none). Takes effect for the next call to analyze. */
  useModel(model: SentimentModel | undefined): void {
    this.model = model;
  }

  get currentModel(): SentimentModel | undefined {
    return this.model;
  }

  async analyze(requests: readonly AnalysisRequest[]): Promise<AnalysisResult[]> {
    const results = await this.base.analyze(requests);
    const model = this.model;
    if (!model) return results;
    const weight = this.weight ?? modelWeight(model);
    return results.map((result, i) => {
      const request = requests[i];
      if (isAnalysisFailure(result) || !request || typeof request.text !== "string") return result;
      const learned = predict(model, request.text, result.language);
      const { sentiment, scores } = combine(result, learned, weight);
      const blended: TextAnalysis = {
        ...result,
        sentiment,
        scores,
        engine: `${result.engine}+nb@${model.version}`,
      };
      return blended;
    });
  }
}

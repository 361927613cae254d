import * as z from "zod";
import { type AnalysisResult, isAnalysisFailure } from "#shared/analysis/ports/analyzer";
import { QueuedFeedback } from "#shared/feedback/model/schema";
import { fieldPath } from "#shared/kernel/validation";
import { resolveSurveyResponse } from "#shared/surveys/survey-responses";
import type { EnrichDeps } from "./enrich-batch.ts";

/** The worker's first two steps on a batch, each message read and every text analyzed (see enrich-batch.ts). */

const SurveyResponseMessage = z.strictObject({ surveyResponse: z.strictObject({ surveyId: z.string().min(1) }) });

/** One queue message as the worker reads it: a feedback message, a survey answer to decide, or why it is neither. */
export const parseRecord = async (
  body: string,
  deps: Pick<EnrichDeps, "surveys" | "now" | "surveyEditWindowDays">,
  surveyAnswers: Set<QueuedFeedback>,
): Promise<QueuedFeedback | string | undefined> => {
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    return "body is not JSON";
  }
  const survey = SurveyResponseMessage.safeParse(json);
  if (survey.success) {
    // A survey page asked for its counted answer to be decided: it becomes an ordinary message.
    if (!deps.surveys) return "survey responses are not handled by this worker";
    const answer = await resolveSurveyResponse(
      { surveys: deps.surveys, now: deps.now, editWindowDays: deps.surveyEditWindowDays ?? 7 },
      survey.data.surveyResponse.surveyId,
    );
    if (answer) surveyAnswers.add(answer);
    return answer;
  }
  const parsed = QueuedFeedback.safeParse(json);
  if (parsed.success) return parsed.data;
  return `invalid message: ${parsed.error.issues.map((i) => `${fieldPath(i.path)}: ${i.message}`).join("; ")}`;
};

/** The batch's texts through the analyzer, and those it cannot handle at all through the fallback. */
export const analyzeWithFallback = async (
  requests: Array<{ id: string; text: string; localeHint?: string | undefined }>,
  deps: Pick<EnrichDeps, "analyzer" | "fallbackAnalyzer">,
): Promise<Map<string, AnalysisResult>> => {
  const results = new Map<string, AnalysisResult>();
  if (requests.length === 0) return results;
  let primary: AnalysisResult[];
  try {
    primary = await deps.analyzer.analyze(requests);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    primary = requests.map((r) => ({ id: r.id, error: { code: "AnalyzerUnavailable", message, retryable: true } }));
  }
  primary.forEach((r) => {
    results.set(r.id, r);
  });
  const unsupported = primary.filter((r) => isAnalysisFailure(r) && !r.error.retryable).map((r) => r.id);
  if (deps.fallbackAnalyzer && unsupported.length > 0) {
    const again = await deps.fallbackAnalyzer.analyze(requests.filter((r) => unsupported.includes(r.id)));
    for (const r of again) results.set(r.id, isAnalysisFailure(r) ? r : { ...r, fallbackFrom: deps.analyzer.name });
  }
  return results;
};

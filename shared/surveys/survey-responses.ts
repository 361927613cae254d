import { feedbackId } from "#shared/feedback/model/ids";
import { QueuedFeedback } from "#shared/feedback/model/schema";
import type { IngestQueue } from "#shared/ingest/ports/ingest-queue";
import { classifyAttempt, decideCountedAnswer, type ResponseAttempt, revisionOf } from "./model/responses.ts";
import type { StoredAttempt, SurveyRecord, SurveyStore } from "./ports/survey-store.ts";

/** Long enough for a scanner's burst of taps to be seen whole before anything counts. */
export const DECIDE_AFTER_SECONDS = 5;

/**
 * A POST from the survey page: kept as an attempt (suspect or not, for the record), then the
 * worker is asked to decide the counted answer a few seconds later. Nothing counts here.
 */
export const recordSurveyPost = async (
  deps: {
    surveys: Pick<SurveyStore, "recentAttempts" | "recordAttempt">;
    queue: Pick<IngestQueue, "sendSurveyResponse">;
  },
  survey: SurveyRecord,
  attempt: ResponseAttempt,
): Promise<StoredAttempt> => {
  const recent = await deps.surveys.recentAttempts(survey.surveyId);
  const verdict = classifyAttempt(attempt, recent);
  const stored: StoredAttempt = {
    ...attempt,
    suspect: verdict.suspect,
    ...(verdict.suspect && { reason: verdict.reason }),
  };
  await deps.surveys.recordAttempt(survey.surveyId, stored);
  if (!verdict.suspect) await deps.queue.sendSurveyResponse(survey.surveyId, DECIDE_AFTER_SECONDS);
  return stored;
};

/**
 * The worker's side: decides the survey's counted answer from its whole history and, if it is new
 * or changed, turns it into an ordinary nps/csat message whose revision makes it replace the
 * previous answer rather than add to it. Undefined when nothing (new) counts.
 */
export const resolveSurveyResponse = async (
  deps: {
    surveys: Pick<SurveyStore, "getSurvey" | "recentAttempts" | "saveAnswer">;
    now: () => Date;
    editWindowDays: number;
  },
  surveyId: string,
): Promise<QueuedFeedback | undefined> => {
  const survey = await deps.surveys.getSurvey(surveyId);
  if (!survey) return undefined;
  const history = (await deps.surveys.recentAttempts(surveyId)).reverse();
  const now = deps.now();
  const answer = decideCountedAnswer(history, {
    now,
    editWindowDays: deps.editWindowDays,
    ...(survey.firstCountedAt !== undefined && { firstCountedAt: survey.firstCountedAt }),
  });
  if (!answer) return undefined;
  const revision = revisionOf(answer);
  const firstCountedAt = survey.firstCountedAt ?? answer.answeredAt;
  // Saving first makes a redelivered decision harmless: the revision only moves forward.
  const isNew = await deps.surveys.saveAnswer(surveyId, { ...answer, revision }, firstCountedAt);
  if (!isNew && survey.answer?.revision !== revision) return undefined;
  return QueuedFeedback.parse({
    id: feedbackId(survey.kind, surveyId),
    receivedAt: now.toISOString(),
    revision,
    input: {
      channel: survey.kind,
      score: answer.score,
      customer: survey.customer,
      sourceId: surveyId,
      occurredAt: firstCountedAt,
      ...(answer.comment !== undefined && { comment: answer.comment }),
      ...(survey.touchpoint !== undefined && { touchpoint: survey.touchpoint }),
      ...(survey.locale !== undefined && { locale: survey.locale }),
    },
  });
};

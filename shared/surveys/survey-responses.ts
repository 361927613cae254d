import { feedbackId } from "#shared/feedback/model/ids";
import { QueuedFeedback } from "#shared/feedback/model/schema";
import type { IngestQueue } from "#shared/ingest/ports/ingest-queue";
import { RateLimitError } from "#shared/kernel/errors";
import { POST_LIMITS, postWindowOf, retryAfterSeconds } from "./model/post-limits.ts";
import { classifyAttempt, decideCountedAnswer, type ResponseAttempt, revisionOf } from "./model/responses.ts";
import type { PostLimiter } from "./ports/post-limiter.ts";
import type { StoredAttempt, SurveyRecord, SurveyStore } from "./ports/survey-store.ts";

/** Long enough for a scanner's burst of taps to be seen whole before anything counts. */
export const DECIDE_AFTER_SECONDS = 5;
/**
 * An automatic post waits longer (`SURVEY_AUTO_DECIDE_SECONDS`, this by default): a scanner's
 * sweep through the email's links must be seen whole (SWEEP_WINDOW_MS) before any of it counts.
 */
export const AUTO_DECIDE_AFTER_SECONDS = 60;

/** Lingers past the link's end, like the attempts it guards. */
const COUNTER_GRACE_MS = 60 * 86_400_000;

/**
 * Counts a post against the survey's limits before anything of it is stored; over a limit it
 * throws RateLimitError (429 with Retry-After at the edge) and nothing is stored.
 */
export const admitSurveyPost = async (
  deps: { limiter: PostLimiter },
  survey: Pick<SurveyRecord, "surveyId" | "expiresAt">,
  now: Date,
): Promise<void> => {
  const linkEnd = new Date(survey.expiresAt);
  const verdict = await deps.limiter.admit(
    survey.surveyId,
    postWindowOf(now),
    POST_LIMITS,
    new Date(linkEnd.getTime() + COUNTER_GRACE_MS),
  );
  if (verdict.admitted) return;
  throw new RateLimitError(
    verdict.refusal === "window"
      ? `At most ${POST_LIMITS.perWindow} answers a minute for one survey link.`
      : `This survey link has taken its ${POST_LIMITS.total} answers.`,
    retryAfterSeconds(verdict.refusal, now, linkEnd),
  );
};

/**
 * A POST from the survey page: kept as an attempt (suspect or not, for the record), then the
 * worker is asked to decide the counted answer a few seconds later. Nothing counts here.
 */
export const recordSurveyPost = async (
  deps: {
    surveys: Pick<SurveyStore, "recentAttempts" | "recordAttempt">;
    queue: Pick<IngestQueue, "sendSurveyResponse">;
    autoDecideSeconds?: number;
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
  const delay = attempt.auto ? (deps.autoDecideSeconds ?? AUTO_DECIDE_AFTER_SECONDS) : DECIDE_AFTER_SECONDS;
  if (!verdict.suspect) await deps.queue.sendSurveyResponse(survey.surveyId, delay);
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

import type { StoredAttempt, SurveyAnswer, SurveyRecord } from "../model/record.ts";

export type { StoredAttempt, SurveyAnswer, SurveyRecord };

export interface SurveyStore {
  /** When this customer was last sent a survey of this kind. */
  lastSurveyedAt(customerId: string, kind: "nps" | "csat"): Promise<string | undefined>;
  /**
   * Stores the survey and stamps the customer's last-surveyed time, only if that time is still
   * before `notAfter` (so two concurrent mints cannot both pass the quiet period).
   */
  createSurvey(survey: SurveyRecord, quiet: { notAfter: string | undefined }): Promise<"created" | "suppressed">;
  getSurvey(surveyId: string): Promise<SurveyRecord | undefined>;
  /** Recent attempts, newest first (bounded). */
  recentAttempts(surveyId: string): Promise<StoredAttempt[]>;
  recordAttempt(surveyId: string, attempt: StoredAttempt): Promise<void>;
  /** Saves the counted answer if it is newer than the stored one; false if it is not. */
  saveAnswer(surveyId: string, answer: SurveyAnswer, firstCountedAt: string): Promise<boolean>;
}

import type { Customer } from "../domain/feedback.ts";

export interface SurveyAnswer {
  score: number;
  comment?: string | undefined;
  answeredAt: string;
  revision: number;
}

/** A minted survey: who it is for lives here, never in the link. */
export interface SurveyRecord {
  surveyId: string;
  kind: "nps" | "csat";
  customer: Customer;
  touchpoint?: string | undefined;
  locale?: string | undefined;
  createdAt: string;
  expiresAt: string;
  answer?: SurveyAnswer | undefined;
  firstCountedAt?: string | undefined;
}

export interface StoredAttempt {
  at: string;
  score: number;
  comment?: string | undefined;
  userAgent?: string | undefined;
  method: "GET" | "POST" | "HEAD";
  auto: boolean;
  suspect: boolean;
  reason?: string | undefined;
}

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

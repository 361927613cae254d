/** The Cognito group (and local list) whose members see personal data unmasked. */
export const PII_VIEWERS_GROUP = "pii-viewers";

export interface Viewer {
  name: string;
  /** Support leads allowed to read customers' words unmasked (audited). */
  canSeePersonalData: boolean;
}

/** Who may sign in to the triage page: Cognito on AWS, development users on a laptop. */
export interface UserDirectory {
  authenticate(name: string, password: string): Promise<Viewer | undefined>;
}

import type { SupportedLocale } from "#shared/kernel/locale";
import { en } from "./workbench-text-en.ts";
import { zhHans, zhHant } from "./workbench-text-zh.ts";

/**
 * Every word of the support leads' workbench (the queue and the task page) in the three locales
 * we serve, in one table so a translation is reviewed in one place. Constants, not data: the
 * renderers insert them unescaped where they are plain text. The words that name data (statuses,
 * channels, outcomes, themes, teams, priority factors, audit actions, dates) come from
 * ./task-words.ts; the countdown's words are here because the page's script uses the same ones.
 */

export type WorkbenchAction = "assign" | "contact" | "wait" | "resume" | "resolve" | "reopen" | "close";

export interface CountdownWords {
  dueIn: string;
  overdueBy: string;
  underOneMinute: string;
  /** Units after a number: days, hours, minutes. */
  d: string;
  h: string;
  min: string;
  /** Whether units follow numbers with a space ("2 h") or not ("2小时"). */
  spaced: boolean;
}

export interface WorkbenchText {
  lang: string;
  languageName: string;
  actions: Readonly<Record<WorkbenchAction, string>>;
  countdown: CountdownWords;
  title: string;
  heading: string;
  skipToQueue: string;
  skipToTask: string;
  signedInAs: string;
  shortcuts: string;
  signOut: string;
  language: string;
  personalDataShown: string;
  personalDataMasked: string;
  caption: (n: number, filtered: boolean) => string;
  captionHint: string;
  noTasks: (filtered: boolean) => string;
  nextPage: string;
  columns: readonly string[];
  noText: string;
  why: string;
  score: string;
  noDeadline: string;
  firstResponse: string;
  resolution: string;
  nextStep: string;
  overdue: string;
  escalated: (level: number) => string;
  feedbackItems: (n: number) => string;
  you: string;
  unassigned: string;
  outcome: string;
  chooseOutcome: string;
  openTask: string;
  filtersLabel: string;
  any: string;
  status: string;
  team: string;
  theme: string;
  channel: string;
  assignee: string;
  overdueOnly: string;
  applyFilters: string;
  clearFilters: string;
  shortcutsHeading: string;
  shortcutsOff: string;
  close: string;
  queueShortcuts: ReadonlyArray<readonly [string, string]>;
  taskShortcuts: ReadonlyArray<readonly [string, string]>;
  /** After an action: "已分配给我。" */
  done: (action: string) => string;
  conflict: string;
  // The task page.
  taskTitle: (customer: string) => string;
  backToQueue: string;
  customer: string;
  tier: string;
  contact: string;
  email: string;
  phone: string;
  name: string;
  contactMasked: string;
  contactNone: string;
  contactAudited: string;
  clocks: string;
  opened: string;
  respondedAt: string;
  resolvedAt: string;
  dueAt: string;
  paused: string;
  round: (n: number) => string;
  words: string;
  wordsIntro: (n: number) => string;
  /** The disclosure holding the earlier items of a long list: "更早的 18 条". */
  olderItems: (n: number) => string;
  history: string;
  historyNone: string;
  sentiment: string;
  sentiments: Readonly<Record<"POSITIVE" | "NEGATIVE" | "NEUTRAL" | "MIXED", string>>;
  themes: string;
  noThemes: string;
  touchpoint: string;
  scoreOf: (channel: string, score: number) => string;
  corrected: (by: string) => string;
  readingWrong: string;
  correctSentiment: string;
  correctThemes: string;
  keepAsIs: string;
  saveCorrection: string;
  trail: string;
  noteLabel: string;
  addNote: string;
  actionsHeading: string;
  resolveNote: string;
  reply: string;
  replyTo: (masked: boolean) => string;
  replyNoEmail: string;
  /** The customer's address is on the suppression list: why, and when (in the lead's time zone). */
  mailSuppressed: (reason: "bounce" | "complaint", when: string) => string;
  template: string;
  templates: Readonly<Record<string, string>>;
  useTemplate: string;
  subject: string;
  message: string;
  send: string;
  replyLanguage: (language: string) => string;
  replySent: string;
  /** The same, on a task whose state the reply leaves as it was (resolved, waiting on the customer, ...). */
  replySentOnly: string;
  corrections: string;
  notFound: string;
  closeReasons: Readonly<Record<string, string>>;
  escalation: (level: number, toSupervisor: boolean, team: string, firstResponse: boolean) => string;
  priorityChanged: (from: string, to: string) => string;
  /** Who did it, when it was hearback itself. */
  system: string;
  /** The link to the explorer (trends and comments). */
  explorer: string;
  /** The customer, as the actor of an answer. */
  customerActor: string;
  askConfirmation: string;
  confirmationSent: (language: string, days: number) => string;
  confirmationNotSent: Readonly<Record<"no_email" | "quiet_period" | "send_failed", string>>;
  confirmationAnswer: (
    solved: boolean,
    csat: number | undefined,
    words: string | undefined,
    recordedOnly: boolean,
  ) => string;
  reopenedByCustomer: string;
  /**
   * Satisfaction with the resolution in the queue's header: the share of "yes" (rounded), with n,
   * against the target; `share` undefined below `min` answers (too few to say).
   */
  resolutionSatisfaction: (share: number | undefined, n: number, target: number, min: number) => string;
  /** Recovery beside it: the share of detractors' tasks whose customer later answered better; undefined below `min` tasks. */
  recovery: (share: number | undefined, n: number, weeks: number, min: number) => string;
  /** Under the customer's words: their answer "not solved" to the confirmation question, with their comment. */
  notSolvedAnswer: string;
  /** The task page's field to give the task to a colleague. */
  assignToLabel: string;
  assignToHint: (max: number) => string;
  assignTo: string;
  /** After giving the task to someone else. */
  assignedTo: (name: string) => string;
  /** Why an action was refused, in the flash line. */
  notAllowedNow: (status: string) => string;
  needOutcome: string;
  assigneeInvalid: (max: number) => string;
  noteEmpty: string;
  replyInvalid: string;
  invalidInput: string;
  /** A customer or author shown without personal data: "客户 #1A25E1". */
  anonymous: (kind: "customer" | "author", code: string) => string;
}

export const WORKBENCH_TEXT: Readonly<Record<SupportedLocale, WorkbenchText>> = {
  en,
  "zh-Hans": zhHans,
  "zh-Hant": zhHant,
};

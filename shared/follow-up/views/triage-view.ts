import type { Channel } from "#shared/feedback/model/schema";
import type { SupportedLocale } from "#shared/kernel/locale";
import type { Recovery, ResolutionSatisfaction } from "../model/loop.ts";
import type { PriorityFactor } from "../model/priority.ts";
import type { AuditEntry, Outcome, TaskStatus } from "../model/task.ts";
import type { TaskWords } from "./task-words.ts";
import type { WorkbenchAction, WorkbenchText } from "./workbench-text.ts";

/**
 * What the caller hands the workbench pages (the queue and the task page): data already fetched,
 * masked, ordered and paged, the lead's language and time zone, and the viewer. The pages only turn
 * this into escaped HTML.
 */

/** What every workbench page needs to speak to the lead. */
export interface WorkbenchContext {
  locale: SupportedLocale;
  /** The lead's time zone (IANA), for every date shown. */
  timeZone: string;
  /** Words for data: statuses, channels, themes, teams, priority factors, dates (./task-words.ts). */
  words: TaskWords;
  /** Words of the pages themselves (./workbench-text.ts), in `locale`. */
  text: WorkbenchText;
  viewer: { name: string; canSeePersonalData: boolean };
  now: Date;
  /** The CSP nonce for the inline <style> and <script>. */
  nonce: string;
  /** Where the workbench lives, e.g. "/triage"; forms post below it. */
  basePath: string;
  /** A one-line message after an action, e.g. "Task assigned" or a conflict explanation. */
  flash?: string;
}

export interface TriageTaskView {
  id: string;
  version: number;
  /** Already masked or not by the caller. */
  customerLabel: string;
  /** The name the customer gave: only for viewers who may see personal data, when known. */
  customerName?: string;
  customerTier?: string;
  channel: Channel;
  status: TaskStatus;
  assignee?: string;
  team: string;
  themes: string[];
  priority: {
    score: number;
    level: "P1" | "P2" | "P3" | "P4";
    factors: PriorityFactor[];
  };
  reasons: string[];
  openedAt: string;
  firstResponseDueAt: string;
  resolveDueAt: string;
  /** The deadline that matters now, if any. */
  nextDueAt?: string;
  escalationLevel: 0 | 1 | 2;
  /** The customer's latest words, masked unless the viewer may see personal data. */
  latestText?: string;
  feedbackCount: number;
}

export interface TriageFilters {
  status?: string;
  team?: string;
  theme?: string;
  channel?: string;
  assignee?: string;
  overdue?: boolean;
}

export interface TriagePageInput extends WorkbenchContext {
  tasks: readonly TriageTaskView[];
  /** Satisfaction with the resolution, last 4 weeks (../resolution-satisfaction.ts), for the header. */
  satisfaction?: ResolutionSatisfaction;
  /** Recovery of detractors, the digest's figure and span (../model/loop.ts), beside satisfaction. */
  recovery?: Recovery;
  filters: TriageFilters;
  teams: readonly string[];
  themes: readonly string[];
  nextCursor?: string;
}

export type TriageAction = Extract<
  WorkbenchAction,
  "assign" | "contact" | "wait" | "resume" | "resolve" | "close" | "reopen"
>;

/** One feedback item as the task page shows it. */
export interface FeedbackItemView {
  id: string;
  channel: Channel;
  score?: number;
  sentiment: "POSITIVE" | "NEGATIVE" | "NEUTRAL" | "MIXED";
  themes: string[];
  occurredAt: string;
  touchpoint?: string;
  /** As written for viewers with the right, masked for the others. */
  text?: string;
  correctedBy?: string;
}

/** How to reach the customer, as this viewer may see it. */
export interface ContactView {
  /** False: the values below are masked ("a***@example.com", "138****5678"). */
  unmasked: boolean;
  email?: string;
  name?: string;
  phones: string[];
  /** The email address is on the suppression list: no email goes to it (shared/mail/). */
  mailSuppressed?: { reason: "bounce" | "complaint"; at: string };
}

export interface ReplyTemplate {
  subject: string;
  body: string;
}

export interface TaskPageInput extends WorkbenchContext {
  task: TriageTaskView & {
    round: number;
    firstRespondedAt?: string;
    resolvedAt?: string;
    outcome?: Outcome;
    resolutionNote?: string;
    closedAt?: string;
    audit: readonly AuditEntry[];
  };
  contact: ContactView;
  /** The language replies are written in: the customer's. */
  customerLocale: SupportedLocale;
  items: readonly FeedbackItemView[];
  history: readonly FeedbackItemView[];
  /** Reply templates in the customer's language, by id (apology, refund_started, ...). */
  templates: Readonly<Record<string, ReplyTemplate>>;
  /** The template the reply form starts from (?template=), if any. */
  template?: string;
  /** Every theme id of the taxonomy, for corrections. */
  themeIds: readonly string[];
  /** The queue's filters, to go back to the same view. */
  queueQuery: string;
}

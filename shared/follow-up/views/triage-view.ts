import type { Channel } from "#shared/feedback/model/schema";
import type { TaskStatus } from "../model/task.ts";

/**
 * What the caller hands the triage page: tasks already fetched, masked, ordered and paged, the
 * filters from the URL, and the viewer. The page only turns this into escaped HTML.
 */

export interface TriageTaskView {
  id: string;
  version: number;
  /** Already masked or not by the caller. */
  customerLabel: string;
  customerTier?: string;
  channel: Channel;
  status: TaskStatus;
  assignee?: string;
  team: string;
  themes: string[];
  priority: {
    score: number;
    level: "P1" | "P2" | "P3" | "P4";
    factors: Array<{ factor: string; points: number; why: string }>;
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

export interface TriagePageInput {
  tasks: readonly TriageTaskView[];
  filters: TriageFilters;
  teams: readonly string[];
  themes: readonly string[];
  viewer: { name: string; canSeePersonalData: boolean };
  now: Date;
  /** The CSP nonce for the inline <style> and <script>. */
  nonce: string;
  /** Where the page lives, e.g. "/triage"; forms post below it. */
  basePath: string;
  nextCursor?: string;
  /** A one-line message after an action, e.g. "Task assigned" or a conflict explanation. */
  flash?: string;
}

export type TriageAction = "assign" | "contact" | "wait" | "resolve" | "reopen";

import type { Channel } from "#shared/feedback/model/schema";
import type { TaskStatus } from "../model/task.ts";
import type { TriageAction } from "./triage-view.ts";

/**
 * Every word the triage and sign-in pages show, in one place so the pages can be translated
 * without touching their markup. Constants, not data: the renderers insert them unescaped where
 * they are plain text. Two exceptions live with their logic: the countdown words ("due in",
 * "min"...) in ./triage-countdown.ts, whose browser copy must match them character for character,
 * and the outcome names, which the outcome select shows as the enumeration spells them.
 */

/** The page's language, for `<html lang>`. */
export const PAGE_LANG = "en";

export const ACTION_LABELS: Readonly<Record<TriageAction, string>> = {
  assign: "Assign to me",
  contact: "Contacted",
  wait: "Wait on customer",
  resolve: "Resolve",
  reopen: "Reopen",
};

export const STATUS_LABELS: Readonly<Record<TaskStatus, string>> = {
  open: "Open",
  assigned: "Assigned",
  contacted: "Contacted",
  waiting_on_customer: "Waiting on customer",
  resolved: "Resolved",
  closed: "Closed",
};

export const CHANNEL_LABELS: Readonly<Record<Channel, string>> = { nps: "NPS", csat: "CSAT", social: "Social" };

export const COLUMN_HEADERS = [
  "Priority",
  "Customer",
  "Channel",
  "Themes",
  "Customer's words",
  "SLA",
  "Status",
  "Actions",
] as const;

export const SHORTCUTS: ReadonlyArray<readonly [string, string]> = [
  ["j", "Next task"],
  ["k", "Previous task"],
  ["a", "Assign the focused task to me"],
  ["c", "Mark the focused task contacted"],
  ["r", "Choose an outcome to resolve the focused task"],
  ["/", "Go to the filters"],
  ["?", "Show or hide this help"],
];

/** The queue page: its frame, the table's cells, the filters and the shortcut help. */
export const TRIAGE_TEXT = {
  title: "Follow-up triage – hearback",
  heading: "Follow-up triage",
  skipToQueue: "Skip to the queue",
  signedInAs: "Signed in as",
  shortcuts: "Shortcuts",
  signOut: "Sign out",
  personalDataShown: "Personal data is shown unmasked for your role.",
  personalDataMasked: "Personal data is masked.",
  caption: (n: number, filtered: boolean) =>
    `${n} ${n === 1 ? "task" : "tasks"}${filtered ? " matching the filters" : ""}, most urgent first`,
  captionHint: ". Press ? for keyboard shortcuts.",
  noTasks: (filtered: boolean) => `No tasks${filtered ? " match these filters" : " in the queue"}.`,
  nextPage: "Next page",
  // Cells.
  noText: "No text",
  why: "Why",
  score: "Score",
  noDeadline: "No open deadline",
  firstResponse: "First response",
  resolution: "Resolution",
  nextStep: "Next step",
  overdue: "Overdue",
  escalated: (level: number) => `Escalated L${level}`,
  feedbackItems: (n: number) => `${n} feedback items`,
  you: " (you)",
  unassigned: "Unassigned",
  outcome: "Outcome",
  chooseOutcome: "Choose…",
  // Filters.
  filtersLabel: "Filter the queue",
  any: "Any",
  status: "Status",
  team: "Team",
  theme: "Theme",
  channel: "Channel",
  assignee: "Assignee",
  overdueOnly: "Overdue only",
  applyFilters: "Apply filters",
  clearFilters: "Clear filters",
  // Shortcut help.
  shortcutsHeading: "Keyboard shortcuts",
  shortcutsOff: "Shortcuts are off while typing in a field.",
  close: "Close",
} as const;

export const LOGIN_TEXT = {
  title: "Sign in – hearback triage",
  heading: "Sign in to follow-up triage",
  name: "Name",
  password: "Password",
  signIn: "Sign in",
} as const;

import * as z from "zod";
import { COMMENT_MAX_LENGTH } from "#shared/surveys/views/page";
import { type Answer, type FormFields, html, type OperationSpec, type RouteKey, redirect, text } from "./operation.ts";

/**
 * The HTML pages: customers' survey and confirmation pages, unsubscribing, a digest's reader pages,
 * the workbench and the explorer. Their answers are pages for people (no body schema); a refusal is
 * a friendly page in the visitor's language, never problem+json (but see the survey's 429).
 */

const token = { token: { description: "The link's HMAC-signed, expiring token: the link itself is the credential." } };
const signedLink = {
  403: html("The link is not valid (tampered, or a form from another site)."),
  410: html("The link has expired."),
} as const;
const pageFailed = { 500: html("Our fault; the error was logged.") } as const;
const staffPage = {
  303: redirect("Not signed in: to the sign-in page, which comes back here afterwards."),
  400: text("A filter or cursor is invalid: one line naming each field."),
  500: text("Our fault; the error was logged."),
} as const;
const readerPage = {
  200: html("The page."),
  ...signedLink,
  404: html("Outside the subscription's scope, or no longer there."),
  500: html("Our fault; the error was logged."),
} as const;

const surveyForm: FormFields = {
  score: { type: "integer", description: "The answer: 0-10 (NPS) or 1-5 (CSAT)." },
  comment: { type: "string", description: `In the customer's words, at most ${COMMENT_MAX_LENGTH} characters.` },
  auto: { type: "string", enum: ["1"], description: "Sent by the page's own script on load: answered 204." },
  t: { type: "string", description: "The page's ticket (when it was shown), from the form." },
};
const confirmationForm: FormFields = {
  answer: { type: "string", enum: ["yes", "no"], description: "Is the problem solved?" },
  csat: { type: "integer", description: "How satisfied with the resolution, 1-5." },
  comment: { type: "string", description: "What is still wrong, in the customer's words." },
  t: { type: "string", description: "The page's ticket (when it was shown), from the form." },
};
/** The workbench's own forms, posted by its pages: not an API to build on, so their fields go unlisted. */
const workbenchForm: FormFields = {};

const surveyPage = (method: "GET" | "HEAD" | "POST"): OperationSpec => {
  const shown: Record<number, Answer> = {
    200: html(method === "POST" ? "The answer is saved; the page says so." : "The survey page."),
    ...signedLink,
    404: html("No such survey."),
    ...pageFailed,
  };
  return {
    id: `${method.toLowerCase()}SurveyPage`,
    tag: "surveys",
    summary:
      method === "POST"
        ? "A customer's answer to a survey"
        : `The survey page a link opens${method === "HEAD" ? " (status and headers only)" : ""}`,
    description:
      method === "POST"
        ? "Posted by the page itself, from this site. Counted by the worker a few seconds later unless a burst of taps surrounds it."
        : "Shows the question, with the tapped score (`?score=`) pre-selected; opening it records nothing (mail scanners open every link).",
    path: token,
    ...(method === "POST"
      ? {
          body: { form: surveyForm, required: ["score"] },
          responses: {
            ...shown,
            204: { kind: "empty", description: "The page's automatic post on load (`auto=1`) was recorded." },
            400: html("The score is not one this survey takes."),
            429: {
              kind: "problem",
              orHtml: true,
              description:
                "Too many answers on this link: a friendly page for a browser (`accept: text/html`), problem+json for scripts.",
              headers: ["retry-after"],
            },
          },
        }
      : { responses: shown }),
  };
};

const confirmationPostOnly: Record<number, Answer> = {
  429: html("Too many answers on this link.", ["retry-after"]),
  503: html("The task is busy; try again in a moment."),
};

const confirmationPage = (method: "GET" | "HEAD" | "POST"): OperationSpec => ({
  id: `${method.toLowerCase()}ConfirmationPage`,
  tag: "tasks",
  summary:
    method === "POST"
      ? "A customer says whether their problem is solved"
      : '"Is your problem solved?" after a resolution',
  description:
    method === "POST"
      ? "Only the page's own form, posted from this site with its ticket, answers: yes closes the task, no reopens it."
      : "Shows the question with the tapped answer (`?a=yes|no`) pre-selected; opening it answers nothing.",
  path: token,
  ...(method === "POST" && { body: { form: confirmationForm, required: ["answer"] } }),
  responses: {
    200: html(method === "POST" ? "The answer is recorded, or the question is shown again." : "The question."),
    400: html(method === "POST" ? "The answer is not yes or no." : "The tapped answer is cut off."),
    ...signedLink,
    404: html("The task is gone."),
    ...pageFailed,
    ...(method === "POST" ? confirmationPostOnly : {}),
  },
});

/** The link in every digest: which subscription, which address (its `sig` is the signedLink scheme). */
const unsubscribeLink = z.object({
  s: z.string().describe("The subscription's id."),
  e: z.email().describe("The address to unsubscribe."),
});
const notValid = { 403: html("The link is not valid: use the one in the most recent digest.") } as const;

export const pages = {
  "GET /s/{token}": surveyPage("GET"),
  "HEAD /s/{token}": surveyPage("HEAD"),
  "POST /s/{token}": surveyPage("POST"),
  "GET /c/{token}": confirmationPage("GET"),
  "HEAD /c/{token}": confirmationPage("HEAD"),
  "POST /c/{token}": confirmationPage("POST"),
  "GET /digests/unsubscribe": {
    id: "askToUnsubscribe",
    tag: "digests",
    summary: "Asks to confirm unsubscribing from a digest",
    description: "The link in every digest; opening it changes nothing.",
    query: unsubscribeLink,
    responses: { 200: html("Asks to confirm."), ...notValid },
  },
  "POST /digests/unsubscribe": {
    id: "unsubscribe",
    tag: "digests",
    summary: "Unsubscribes an address from a digest",
    description: "The page's button, or a mail client's one-click unsubscribe (RFC 8058).",
    query: unsubscribeLink,
    responses: { 200: html("Unsubscribed."), ...notValid },
  },
  "GET /digests/read/{token}": {
    id: "readDigest",
    tag: "digests",
    summary: "A digest in the browser, or the comment behind one of its quotes",
    path: token,
    responses: readerPage,
  },
  "GET /digests/read/{token}/explore": {
    id: "exploreAsReader",
    tag: "digests",
    summary: "The explorer, from a digest: the subscription's themes and touchpoints, read-only",
    path: token,
    responses: readerPage,
  },
  "GET /digests/read/{token}/explore/themes/{id}": {
    id: "exploreThemeAsReader",
    tag: "digests",
    summary: "A theme's weeks and comments, from a digest",
    path: { ...token, id: { description: "A theme id within the subscription's scope." } },
    responses: readerPage,
  },
  "GET /triage": {
    id: "workbenchQueue",
    tag: "workbench",
    summary: "The queue of follow-up tasks, by urgency",
    responses: { 200: html("The queue."), ...staffPage },
  },
  "GET /triage/login": {
    id: "signInPage",
    tag: "workbench",
    summary: "The staff sign-in page",
    responses: { 200: html("The sign-in form."), 303: redirect("Already signed in: to the queue.") },
  },
  "POST /triage/login": {
    id: "signIn",
    tag: "workbench",
    summary: "Sign in, step by step (password, new password, authenticator code)",
    body: { form: { name: { type: "string", description: "Who signs in." } } },
    responses: {
      200: html("The next step's form."),
      303: redirect("Signed in (the session cookie is set): to the queue, or the page asked for."),
      400: html("The form is incomplete."),
      401: html("The name or password is wrong."),
      403: html("A form from another site."),
      429: html("Too many attempts; wait.", ["retry-after"]),
    },
  },
  "POST /triage/logout": {
    id: "signOut",
    tag: "workbench",
    summary: "Sign out",
    responses: { 303: redirect("Signed out: to the sign-in page."), 403: html("A form from another site.") },
  },
  "GET /triage/tasks/{id}": {
    id: "workbenchTask",
    tag: "workbench",
    summary: "One task: the customer's words and history, clocks, trail and actions",
    path: { id: { description: "A task id." } },
    responses: { 200: html("The task page."), 404: html("No such task."), ...staffPage },
  },
  "POST /triage/tasks/{id}/{action}": {
    id: "workbenchAct",
    tag: "workbench",
    summary: "An action from the task page or the queue",
    path: {
      id: { description: "A task id." },
      action: { description: "The action, as in POST /v1/tasks/{id}/{action}." },
    },
    body: { form: workbenchForm },
    responses: {
      ...staffPage,
      303: redirect("Done (or refused, with a message): back to the page; or, not signed in, to the sign-in page."),
      403: html("A form from another site."),
      409: html("The task changed meanwhile."),
    },
  },
  "POST /triage/feedback/{id}/corrections": {
    id: "workbenchCorrect",
    tag: "workbench",
    summary: "Correct an item's reading from the task page",
    path: { id: { description: "A feedback id." } },
    body: { form: workbenchForm },
    responses: {
      ...staffPage,
      303: redirect("Back to the task page; or, not signed in, to the sign-in page."),
      403: html("A form from another site."),
    },
  },
  "GET /explore": {
    id: "explore",
    tag: "workbench",
    summary: "The explorer: trends, and the week's themes",
    responses: { 200: html("The overview."), ...staffPage },
  },
  "GET /explore/themes/{id}": {
    id: "exploreTheme",
    tag: "workbench",
    summary: "A theme's weeks and comments, searchable",
    path: { id: { description: "A theme id." } },
    responses: { 200: html("The theme's page."), 404: html("No such theme."), ...staffPage },
  },
} as const satisfies Partial<Record<RouteKey, OperationSpec>>;

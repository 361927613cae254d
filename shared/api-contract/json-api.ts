import * as z from "zod";
import { AuditQuery, CustomerRef } from "#shared/data-rights/model/rights-api";
import { PreviewQuery } from "#shared/digest/model/digest-api";
import { FeedbackListQuery } from "#shared/feedback/model/feedback-api";
import { TASK_ACTIONS } from "#shared/follow-up/task-actions";
import { TaskListQuery } from "#shared/follow-up/task-http";
import { defaultTaxonomy } from "#shared/taxonomy/taxonomy";
import {
  csv,
  empty,
  html,
  json,
  jsonBodyProblems,
  needsApiKey,
  type OperationSpec,
  problem,
  type RouteKey,
  serverError,
} from "./operation.ts";

/** The JSON API (/v1/…), the health check and this document: every answer as the handlers give it. */

const feedbackId = { id: { description: "A feedback id, as POST /v1/feedback answered it." } };
const taskId = { id: { description: "A task id: `task_` and the id of the feedback that opened it." } };
const subscriptionId = { id: { description: "1-40 lowercase letters, digits or dashes." } };
const themeId = { id: { description: "A theme id of the taxonomy (shared/taxonomy/themes.json)." } };
const customerId = {
  id: { description: "The customer's id, or with `platform` a social author's handle on that platform." },
};
const unknownTask = { 404: problem("No task has this id, or no such action.") } as const;

export const jsonApi = {
  "POST /v1/feedback": {
    id: "postFeedback",
    tag: "feedback",
    summary: "Send one feedback item, or up to 100",
    description:
      "202 once every accepted item is on the queue; analysis happens after. An item whose `sourceId` was seen before is a `duplicate` and changes nothing.",
    body: { json: "FeedbackBody" },
    responses: {
      202: json("AcceptedItems", "Every item, in the order sent: accepted, or a duplicate."),
      ...jsonBodyProblems,
      ...needsApiKey,
      ...serverError,
      503: problem("The queue is unavailable: nothing was accepted; retry.", ["retry-after"]),
    },
  },
  "GET /v1/feedback": {
    id: "listFeedback",
    tag: "feedback",
    summary: "Read stored feedback, newest first",
    query: FeedbackListQuery,
    responses: {
      200: json("FeedbackPage", "A page of items (personal data masked or pseudonymised)."),
      400: problem("A query parameter is invalid: `errors` names each."),
      ...needsApiKey,
      ...serverError,
    },
  },
  "GET /v1/feedback/{id}": {
    id: "getFeedback",
    tag: "feedback",
    summary: "Read one item, or where it stands",
    path: feedbackId,
    responses: {
      200: json("FeedbackStatus", "The stored item, or `queued` while the worker has not stored it yet."),
      ...needsApiKey,
      404: problem("No feedback has this id."),
      ...serverError,
    },
  },
  "POST /v1/feedback/{id}/corrections": {
    id: "correctFeedback",
    tag: "feedback",
    summary: "Correct an item's sentiment or themes",
    description: "The weekly counts move with it, and the next training learns from it.",
    path: feedbackId,
    body: { json: "CorrectionBody" },
    responses: {
      200: json("StoredFeedbackView", "The item as corrected."),
      ...jsonBodyProblems,
      ...needsApiKey,
      404: problem("No stored feedback has this id."),
      409: problem("The item changed while it was being corrected; read it again and retry."),
      ...serverError,
    },
  },
  "GET /health": {
    id: "health",
    tag: "operations",
    summary: "Health of the table and the queue",
    responses: {
      200: json("HealthReport", "Every component is ok."),
      503: json("HealthReport", "The table or the queue is down."),
    },
  },
  "GET /openapi.json": {
    id: "openApiDocument",
    tag: "operations",
    summary: "This document",
    responses: { 200: json("OpenApiDocument", "The OpenAPI 3.1 document of this API.") },
  },
  "POST /v1/survey-links": {
    id: "createSurveyLink",
    tag: "surveys",
    summary: "Mint a survey for one customer",
    description: "One link per score, an email-safe HTML snippet and an SMS text; nothing within the quiet period.",
    body: { json: "MintRequest" },
    responses: {
      201: json("MintAnswer", "The survey was minted (`created`)."),
      200: json("MintAnswer", "Within the customer's quiet period: `suppressed`, and until when."),
      ...jsonBodyProblems,
      ...needsApiKey,
      ...serverError,
    },
  },
  "GET /v1/tasks": {
    id: "listTasks",
    tag: "tasks",
    summary: "Follow-up tasks, by due time",
    query: TaskListQuery,
    responses: {
      200: json("TaskPage", "A page of tasks, without their audit trails."),
      400: problem("A query parameter is invalid: `errors` names each."),
      401: problem("No API key, session or lead token, or not a valid one.", ["www-authenticate"]),
      ...serverError,
    },
  },
  "GET /v1/tasks/export": {
    id: "exportTasks",
    tag: "tasks",
    summary: "The same tasks as CSV",
    query: TaskListQuery,
    responses: {
      200: csv("UTF-8 CSV with a byte-order mark, at most 5,000 tasks."),
      400: problem("A query parameter is invalid: `errors` names each."),
      401: problem("No API key, session or lead token, or not a valid one.", ["www-authenticate"]),
      ...serverError,
    },
  },
  "GET /v1/tasks/{id}": {
    id: "getTask",
    tag: "tasks",
    summary: "One task, with the customer's feedback and history",
    path: taskId,
    responses: {
      200: json("TaskDetail", "The task, its audit trail, how to reach the customer, their feedback and history."),
      401: problem("No API key, session or lead token, or not a valid one.", ["www-authenticate"]),
      ...unknownTask,
      ...serverError,
    },
  },
  "POST /v1/tasks/{id}/{action}": {
    id: "actOnTask",
    tag: "tasks",
    summary: "Move a task on: assign, note, contact, wait, resume, resolve, close, reopen",
    path: { ...taskId, action: { description: "What to do.", schema: z.enum(TASK_ACTIONS) } },
    body: { json: "ActionBody" },
    responses: {
      200: json("TaskSummary", "The task after the action."),
      ...jsonBodyProblems,
      401: problem("No API key, session or lead token, or not a valid one.", ["www-authenticate"]),
      ...unknownTask,
      409: problem("The version is stale, or the step is not allowed in the task's status."),
      ...serverError,
    },
  },
  "GET /v1/digests/preview": {
    id: "previewDigest",
    tag: "digests",
    summary: "A week's digest as its email's HTML",
    query: PreviewQuery(defaultTaxonomy),
    responses: {
      200: html("The digest, charts embedded as data: URLs.", ["x-digest-subject"]),
      400: problem("A query parameter is invalid: `errors` names each."),
      ...needsApiKey,
      404: problem("No digest subscription has the id `subscription` names."),
      ...serverError,
    },
  },
  "GET /v1/digest-subscriptions": {
    id: "listDigestSubscriptions",
    tag: "digests",
    summary: "Every digest subscription, and where each is managed",
    responses: {
      200: json("SubscriptionList", "The config file's subscriptions, then the API's."),
      ...needsApiKey,
      ...serverError,
    },
  },
  "PUT /v1/digest-subscriptions/{id}": {
    id: "putDigestSubscription",
    tag: "digests",
    summary: "Create or replace a subscription",
    path: subscriptionId,
    body: { json: "SubscriptionBody" },
    responses: {
      201: json("ListedSubscription", "Created; its schedule follows."),
      200: json("ListedSubscription", "Replaced; its schedule follows."),
      ...jsonBodyProblems,
      ...needsApiKey,
      409: problem("The subscription is defined in the config file; change it there."),
      ...serverError,
    },
  },
  "DELETE /v1/digest-subscriptions/{id}": {
    id: "deleteDigestSubscription",
    tag: "digests",
    summary: "Remove a subscription and its schedule",
    path: subscriptionId,
    responses: {
      204: empty("Removed."),
      400: problem("The id is not 1-40 lowercase letters, digits or dashes."),
      ...needsApiKey,
      404: problem("No subscription has this id."),
      409: problem("The subscription is defined in the config file; change it there."),
      ...serverError,
    },
  },
  "DELETE /v1/customers/{id}": {
    id: "eraseCustomer",
    tag: "privacy",
    summary: "Erase everything held about a customer",
    description: "Audited and idempotent; a tombstone keeps a redelivered message from bringing them back.",
    path: customerId,
    query: CustomerRef,
    responses: {
      200: json("ErasureReport", "What was erased."),
      400: problem("The id or platform is invalid."),
      ...needsApiKey,
      ...serverError,
    },
  },
  "GET /v1/customers/{id}/export": {
    id: "exportCustomer",
    tag: "privacy",
    summary: "Everything held about a customer",
    description: "Audited. Personal data as stored: the words as written, the email and name they gave.",
    path: customerId,
    query: CustomerRef,
    responses: {
      200: json("CustomerExport", "Their feedback, tasks, surveys and the rest of their records."),
      400: problem("The id or platform is invalid."),
      ...needsApiKey,
      ...serverError,
    },
  },
  "GET /v1/audit": {
    id: "readAudit",
    tag: "privacy",
    summary: "The personal-data audit of one UTC day",
    query: AuditQuery,
    responses: {
      200: json("AuditPage", "Every export, erasure and unmasked view of the day, oldest first."),
      400: problem("A query parameter is invalid: `errors` names each."),
      ...needsApiKey,
      ...serverError,
    },
  },
  "POST /v1/themes/{id}/fixes": {
    id: "recordThemeFix",
    tag: "themes",
    summary: "Record a fix on a theme",
    path: themeId,
    body: { json: "FixBody" },
    responses: {
      201: json("ThemeFix", "The fix as recorded."),
      ...jsonBodyProblems,
      ...needsApiKey,
      404: problem("No theme of the taxonomy has this id."),
      ...serverError,
    },
  },
  "GET /v1/themes/{id}/fixes": {
    id: "listThemeFixes",
    tag: "themes",
    summary: "A theme's fixes, with the complaint rate before and after",
    path: themeId,
    responses: {
      200: json("ThemeFixList", "Newest first; the newest with their effect once it can be stated."),
      ...needsApiKey,
      404: problem("No theme of the taxonomy has this id."),
      ...serverError,
    },
  },
} as const satisfies Partial<Record<RouteKey, OperationSpec>>;

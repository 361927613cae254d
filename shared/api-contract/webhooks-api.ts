import { DeadLetterQuery, RedeliverQuery } from "#shared/webhooks/model/webhook-api";
import {
  empty,
  json,
  jsonBodyProblems,
  needsApiKey,
  type OperationSpec,
  problem,
  type RouteKey,
  serverError,
} from "./operation.ts";

/** The webhooks API (/v1/webhooks…): endpoints, a test send, dead letters and their redelivery. */

const webhookId = { id: { description: "The endpoint's id: 1-40 lowercase letters, digits or dashes." } };
const badId = { 400: problem("The id is not 1-40 lowercase letters, digits or dashes.") } as const;
const unknown = { 404: problem("No webhook endpoint has this id.") } as const;

export const webhooksApi = {
  "GET /v1/webhooks": {
    id: "listWebhooks",
    tag: "webhooks",
    summary: "Every webhook endpoint",
    description: "Secrets are never shown.",
    responses: { 200: json("WebhookList", "Every endpoint, by id."), ...needsApiKey, ...serverError },
  },
  "PUT /v1/webhooks/{id}": {
    id: "putWebhook",
    tag: "webhooks",
    summary: "Create or replace a webhook endpoint",
    description:
      "Without `secret`, a new endpoint gets a generated Standard Webhooks secret, answered in this response only; a replaced one keeps its own. On AWS only https URLs to public addresses.",
    path: webhookId,
    body: { json: "WebhookBody" },
    responses: {
      201: json("WebhookView", "Created; `secret` is in this answer only if it was generated."),
      200: json("WebhookView", "Replaced."),
      ...jsonBodyProblems,
      ...needsApiKey,
      ...serverError,
    },
  },
  "GET /v1/webhooks/{id}": {
    id: "getWebhook",
    tag: "webhooks",
    summary: "One webhook endpoint",
    path: webhookId,
    responses: {
      200: json("WebhookEndpoint", "The endpoint, without its secrets."),
      ...badId,
      ...needsApiKey,
      ...unknown,
      ...serverError,
    },
  },
  "DELETE /v1/webhooks/{id}": {
    id: "deleteWebhook",
    tag: "webhooks",
    summary: "Remove a webhook endpoint, its secrets and its dead letters",
    path: webhookId,
    responses: { 204: empty("Removed."), ...badId, ...needsApiKey, ...unknown, ...serverError },
  },
  "POST /v1/webhooks/{id}/test": {
    id: "testWebhook",
    tag: "webhooks",
    summary: "Send a test task.opened now, and see what the receiver answered",
    path: webhookId,
    responses: {
      200: json("WebhookTestAnswer", "Sent (or tried): the receiver's status, or why there was none."),
      ...badId,
      ...needsApiKey,
      ...unknown,
      409: problem("The endpoint's URL is refused by the rules in force (SSRF)."),
      ...serverError,
    },
  },
  "GET /v1/webhooks/{id}/dead-letters": {
    id: "listWebhookDeadLetters",
    tag: "webhooks",
    summary: "Deliveries to the endpoint that used up their attempts",
    path: webhookId,
    query: DeadLetterQuery,
    responses: {
      200: json("WebhookDeadLetterList", "Oldest first: each event's id and type, never its data."),
      400: problem("The id or a query parameter is invalid: `errors` names each."),
      ...needsApiKey,
      ...unknown,
      ...serverError,
    },
  },
  "POST /v1/webhooks/{id}/redeliver": {
    id: "redeliverWebhooks",
    tag: "webhooks",
    summary: "Send the endpoint's dead letters again",
    description:
      "Each goes back on the delivery queue with its original `webhook-id` and a fresh run of attempts. A disabled endpoint is enabled again.",
    path: webhookId,
    query: RedeliverQuery,
    responses: {
      200: json("WebhookRedeliverAnswer", "How many were queued, and whether the endpoint was enabled again."),
      400: problem("The id or a query parameter is invalid: `errors` names each."),
      ...needsApiKey,
      ...unknown,
      ...serverError,
    },
  },
} as const satisfies Partial<Record<RouteKey, OperationSpec>>;

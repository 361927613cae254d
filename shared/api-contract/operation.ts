import type * as z from "zod";
import type { routes } from "#shared/platform/resources";
import type { RequestSchemaName, ResponseSchemaName } from "./schemas.ts";

/**
 * How ./json-api.ts and ./pages.ts describe each route, in a few words; ./openapi.ts turns these
 * into OpenAPI operations.
 */

type Route = (typeof routes)[number];
/** "POST /v1/feedback": a route as resources.ts declares it, and as API Gateway keys it. */
export type RouteKey = KeyOf<Route>;
type KeyOf<R> = R extends { method: infer M extends string; path: infer P extends string } ? `${M} ${P}` : never;
export type Auth = Route["auth"];

export const TAGS = {
  feedback: "Sending feedback and reading it back.",
  surveys: "Survey links for customers, and the pages they open.",
  tasks: "Follow-up tasks for support leads.",
  digests: "The weekly digest: previews, subscriptions, unsubscribing, the reader's pages.",
  themes: "Fixes recorded on themes, and their effect.",
  privacy: "A customer's data: export, erasure, and the audit of personal-data access.",
  webhooks: "Signed webhooks to integrations and chat platforms (Slack, Feishu, DingTalk, WeCom).",
  workbench: "The support leads' workbench and the explorer (HTML pages behind the staff sign-in).",
  operations: "Health and this document.",
} as const;
export type Tag = keyof typeof TAGS;

/** Response headers the document names once (components.headers) and answers refer to. */
export const HEADERS = {
  "retry-after": "Seconds to wait before trying again.",
  "www-authenticate": 'The scheme to authenticate with: `Bearer realm="hearback"`.',
  location: "Where to go next.",
  "x-digest-subject": "The digest email's subject, URI-encoded.",
  "content-disposition": "The file name to save the export under.",
} as const;
export type HeaderName = keyof typeof HEADERS;

export type Answer =
  | { kind: "json"; schema: ResponseSchemaName; description: string; headers?: readonly HeaderName[] }
  /** `orHtml`: a browser that asks for HTML gets a page instead. */
  | { kind: "problem"; description: string; headers?: readonly HeaderName[]; orHtml?: boolean }
  | { kind: "html" | "text" | "csv" | "empty" | "redirect"; description: string; headers?: readonly HeaderName[] };

export const json = (schema: ResponseSchemaName, description: string, headers?: readonly HeaderName[]): Answer => ({
  kind: "json",
  schema,
  description,
  ...(headers && { headers }),
});
export const problem = (description: string, headers?: readonly HeaderName[]): Answer => ({
  kind: "problem",
  description,
  ...(headers && { headers }),
});
export const html = (description: string, headers?: readonly HeaderName[]): Answer => ({
  kind: "html",
  description,
  ...(headers && { headers }),
});
export const text = (description: string): Answer => ({ kind: "text", description });
export const empty = (description: string): Answer => ({ kind: "empty", description });
export const redirect = (description: string): Answer => ({ kind: "redirect", description, headers: ["location"] });
export const csv = (description: string): Answer => ({
  kind: "csv",
  description,
  headers: ["content-disposition"],
});

/** An HTML form's fields, as documentation: the pages read them by hand, not through a schema. */
export type FormFields = Record<string, { type: "string" | "integer"; description: string; enum?: readonly string[] }>;

export interface OperationSpec {
  /** Unique, for generated clients: "postFeedback". */
  id: string;
  summary: string;
  description?: string;
  tag: Tag;
  /** A zod object whose members (less the path's) are the query parameters. */
  query?: z.ZodType;
  /** What each path parameter means, and its schema where it is narrower than a string. */
  path?: Record<string, { description: string; schema?: z.ZodType }>;
  body?: { json: RequestSchemaName } | { form: FormFields; required?: readonly string[] };
  responses: Readonly<Record<number, Answer>>;
}

/** Problems every JSON route can answer with. */
export const serverError = { 500: problem("Our fault; the error was logged and nothing was changed.") } as const;
export const needsApiKey = {
  401: problem("No API key, or not a valid one.", ["www-authenticate"]),
} as const;
/** What the JSON body checks answer (shared/edge/middleware.ts, jsonBody). */
export const jsonBodyProblems = {
  400: problem("The body is not valid UTF-8 or JSON, or breaks the schema: `errors` names every invalid field."),
  413: problem("The body is over 1 MiB."),
  415: problem("The body is not application/json."),
} as const;

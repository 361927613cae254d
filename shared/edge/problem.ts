import type { APIGatewayProxyStructuredResultV2 } from "aws-lambda";
import * as z from "zod";
import { ConflictError, NotFoundError, RateLimitError, UnavailableError, ValidationError } from "#shared/kernel/errors";
import { BASE_HEADERS } from "./headers.ts";

/** An HTTP error the edge answers with as application/problem+json (RFC 9457). */
export class HttpProblem extends Error {
  override name = "HttpProblem";
  constructor(
    readonly status: number,
    readonly title: string,
    readonly detail?: string,
    readonly extra: Record<string, unknown> = {},
    readonly headers: Record<string, string> = {},
  ) {
    super(detail ?? title);
  }
}

const TYPE_BASE = "https://github.com/hearback/hearback/blob/main/README.md#errors";

/**
 * The body of every problem+json answer (RFC 9457), as the API contract publishes it. Open: a
 * conflict adds its details, a 415 the media types it accepts.
 */
export const ProblemDocument = z.looseObject({
  type: z.url(),
  title: z.string(),
  status: z.number().int().min(400).max(599),
  detail: z.string().optional(),
  /** Every invalid field of a 400, as "items[3].customer.id". */
  errors: z.array(z.strictObject({ field: z.string(), message: z.string() })).optional(),
});
export type ProblemDocument = z.infer<typeof ProblemDocument>;

export const problemResponse = (
  status: number,
  title: string,
  detail: string | undefined,
  extra: Record<string, unknown> = {},
  headers: Record<string, string> = {},
): APIGatewayProxyStructuredResultV2 => {
  const document: ProblemDocument = {
    type: `${TYPE_BASE}-${status}`,
    title,
    status,
    ...(detail !== undefined && { detail }),
    ...extra,
  };
  return {
    statusCode: status,
    headers: { ...BASE_HEADERS, "content-type": "application/problem+json", ...headers },
    body: JSON.stringify(document),
  };
};

export interface Problem {
  status: number;
  title: string;
  detail: string;
  extra: Record<string, unknown>;
  headers: Record<string, string>;
}

/**
 * The one place that turns errors into status codes, for the JSON APIs (problem+json) and the
 * HTML pages alike. 5xx never carry internal messages.
 */
export const problemOf = (error: unknown): Problem => {
  const problem = (status: number, title: string, detail: string, extra = {}, headers = {}): Problem => ({
    status,
    title,
    detail,
    extra,
    headers,
  });
  if (error instanceof HttpProblem) {
    return problem(error.status, error.title, error.detail ?? error.title, error.extra, error.headers);
  }
  if (error instanceof ValidationError)
    return problem(400, "Invalid feedback", error.message, { errors: error.issues });
  if (error instanceof NotFoundError) return problem(404, "Not found", error.message);
  if (error instanceof ConflictError) return problem(409, error.title, error.message, { ...error.details });
  if (error instanceof RateLimitError) {
    const wait = String(Math.max(1, Math.ceil(error.retryAfterSeconds)));
    return problem(429, "Too many requests", error.message, {}, { "retry-after": wait });
  }
  if (error instanceof UnavailableError) {
    return problem(
      503,
      "Service unavailable",
      "Nothing was accepted; retry the same request shortly.",
      {},
      {
        "retry-after": "2",
      },
    );
  }
  if (isFunctionTimeout(error)) {
    // The function ran out of time (a busy store or queue): like a Lambda timeout behind API Gateway, a 503 to retry.
    return problem(
      503,
      "Service unavailable",
      "The request took too long; retry it shortly.",
      {},
      { "retry-after": "2" },
    );
  }
  return problem(500, "Internal error", "Something went wrong on our side; the error was logged.");
};

/** middy's own timeout (`timeoutEarlyInMillis`): the function answered before Lambda would have killed it. */
const isFunctionTimeout = (error: unknown): boolean =>
  error instanceof Error &&
  error.name === "TimeoutError" &&
  (error.cause as { package?: unknown } | undefined)?.package === "@middy/core";

export const toProblem = (error: unknown): APIGatewayProxyStructuredResultV2 => {
  const { status, title, detail, extra, headers } = problemOf(error);
  return problemResponse(status, title, error instanceof HttpProblem ? error.detail : detail, extra, headers);
};

export const json = (statusCode: number, body: unknown, headers: Record<string, string> = {}) => ({
  statusCode,
  headers: { ...BASE_HEADERS, "content-type": "application/json", ...headers },
  body: JSON.stringify(body),
});

/** A 400 as one line of plain text for a page's visitor, naming each field: "Bad request: week: must be …". */
export const badRequestText = (error: unknown): string => {
  const issues = error instanceof ValidationError ? error.issues : [];
  const fields = issues.map((i) => `${i.field}: ${i.message}`).join("; ");
  return `Bad request: ${error instanceof Error ? error.message : "invalid"}${fields === "" ? "" : ` (${fields})`}`;
};

import type { APIGatewayProxyStructuredResultV2 } from "aws-lambda";
import { NotFoundError, UnavailableError, ValidationError } from "#shared/kernel/errors";

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

export const problemResponse = (
  status: number,
  title: string,
  detail: string | undefined,
  extra: Record<string, unknown> = {},
  headers: Record<string, string> = {},
): APIGatewayProxyStructuredResultV2 => ({
  statusCode: status,
  headers: { "content-type": "application/problem+json", "cache-control": "no-store", ...headers },
  body: JSON.stringify({
    type: `${TYPE_BASE}-${status}`,
    title,
    status,
    ...(detail !== undefined && { detail }),
    ...extra,
  }),
});

/** The one place that turns errors into status codes. 5xx never carry internal messages. */
export const toProblem = (error: unknown): APIGatewayProxyStructuredResultV2 => {
  if (error instanceof HttpProblem) {
    return problemResponse(error.status, error.title, error.detail, error.extra, error.headers);
  }
  if (error instanceof ValidationError) {
    return problemResponse(400, "Invalid feedback", error.message, { errors: error.issues });
  }
  if (error instanceof NotFoundError) return problemResponse(404, "Not found", error.message);
  if (error instanceof UnavailableError) {
    return problemResponse(
      503,
      "Service unavailable",
      "Nothing was accepted; retry the same request shortly.",
      {},
      {
        "retry-after": "2",
      },
    );
  }
  return problemResponse(500, "Internal error", "Something went wrong on our side; the error was logged.");
};

export const json = (statusCode: number, body: unknown, headers: Record<string, string> = {}) => ({
  statusCode,
  headers: { "content-type": "application/json", "cache-control": "no-store", ...headers },
  body: JSON.stringify(body),
});

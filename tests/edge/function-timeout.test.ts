import middy from "@middy/core";
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from "aws-lambda";
import { describe, expect, it } from "vitest";
import { problemDetails } from "#shared/edge/middleware";
import { lambdaContext } from "#shared/local/lambda-context";

const event = { headers: {}, requestContext: { http: { method: "POST", path: "/v1/feedback" } } } as never;

/** A function whose work outlasts its time, as a POST does when the store or the queue stalls. */
const slowFunction = (logged: unknown[]) =>
  middy<APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2>({ timeoutEarlyInMillis: 50 })
    .use(problemDetails({ error: (_message, extra) => logged.push(extra) }))
    .handler(async () => {
      await new Promise((resolve) => setTimeout(resolve, 2_000));
      return { statusCode: 202, body: "{}" };
    });

describe("a function that runs out of time", () => {
  it("answers 503 with Retry-After, as API Gateway does for a Lambda timeout, never 500", async () => {
    const logged: unknown[] = [];
    const res = await slowFunction(logged)(event, lambdaContext("post-feedback", 0.2));
    expect(res.statusCode).toBe(503);
    expect(res.headers?.["retry-after"]).toBe("2");
    expect(JSON.parse(String(res.body))).toMatchObject({
      status: 503,
      detail: "The request took too long; retry it shortly.",
    });
    // Still logged for the operator: a timeout is a 5xx.
    expect(logged).toHaveLength(1);
  });
});

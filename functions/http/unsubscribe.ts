import { randomBytes } from "node:crypto";
import middy from "@middy/core";
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from "aws-lambda";
import { unsubscribeRequest } from "#shared/digest/unsubscribe";
import { digestLedger, subscriptionById } from "#shared/digest/wiring";
import { htmlPage } from "#shared/edge/html-page";
import { header } from "#shared/edge/request";
import { loadConfig } from "#shared/platform/config";
import { logger, observability } from "#shared/platform/observability";
import { loadSigningKeys } from "#shared/platform/signing-keys";

const config = loadConfig();
const ledger = digestLedger(config);
const subscription = subscriptionById(config);
const [signingKey] = await loadSigningKeys(config);

/**
 * GET|POST /digests/unsubscribe?s=<subscription>&e=<email>&sig=<hmac>: the link in every digest
 * (shared/digest/unsubscribe.ts), in the subscription's language.
 */
export const unsubscribe = async (event: APIGatewayProxyEventV2): Promise<APIGatewayProxyStructuredResultV2> => {
  const nonce = randomBytes(12).toString("base64url");
  const result = await unsubscribeRequest(
    { secret: signingKey?.secret, ledger, subscription },
    {
      method: event.requestContext.http.method,
      query: event.queryStringParameters ?? {},
      acceptLanguage: header(event, "accept-language"),
      nonce,
    },
    new Date(),
  );
  if (result.step === "done") logger.info("digest unsubscribe", { subscription: event.queryStringParameters?.s });
  return htmlPage(result.status, result.html, { nonce, noindex: true });
};

export const handler = middy<APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2>()
  .use(observability())
  .handler((event) => unsubscribe(event));

import { injectLambdaContext } from "@aws-lambda-powertools/logger/middleware";
import middy from "@middy/core";
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from "aws-lambda";
import * as z from "zod";
import { type CustomerRightsDeps, eraseCustomer, exportCustomer } from "#shared/data-rights/customer-rights";
import { auditSubject } from "#shared/data-rights/model/subject";
import { auditLog, customerData, erasures } from "#shared/data-rights/wiring";
import { apiKeyAuth, problemDetails } from "#shared/edge/middleware";
import { json } from "#shared/edge/problem";
import { apiKeyStore } from "#shared/edge/wiring";
import type { Contact } from "#shared/feedback/model/contact";
import { isIsoDay } from "#shared/kernel/time";
import { validationError } from "#shared/kernel/validation";
import { loadConfig } from "#shared/platform/config";
import { logger } from "#shared/platform/observability";
import { loadSigningKeys } from "#shared/platform/signing-keys";
import { pseudonymKey } from "#shared/privacy/model/disclose";

const config = loadConfig();
const key = pseudonymKey(await loadSigningKeys(config));
const audit = auditLog(config);
const deps: CustomerRightsDeps = {
  data: customerData(config),
  erasures: erasures(config, key),
  audit,
  subjectOf: (contact) => auditSubject(contact, key),
  now: () => new Date(),
};

/** A customer id or social handle from the path: what the API accepts for them anywhere. */
const Identifier = z
  .string()
  .min(1, "must not be empty")
  .max(200, "must be at most 200 characters")
  .refine((s) => s.trim().length > 0 && !/\p{Cs}/u.test(s), "must be a visible, well-formed id");
const Who = z.strictObject({
  id: Identifier,
  /** With a platform, the id is a social author's handle on it. */
  platform: Identifier.optional(),
});
const AuditQuery = z.strictObject({
  day: z.string().refine(isIsoDay, "must be a day, yyyy-mm-dd").optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(200).optional(),
});

const contactFrom = (event: APIGatewayProxyEventV2): Contact => {
  const parsed = Who.safeParse({ id: event.pathParameters?.id, ...event.queryStringParameters });
  if (!parsed.success) throw validationError("The customer is invalid", parsed.error);
  const { id, platform } = parsed.data;
  return platform === undefined ? { kind: "customer", id } : { kind: "social", platform, handle: id };
};

/**
 * Data rights (API key; every call audited):
 *   DELETE /v1/customers/{id}[?platform=P]         erase everything held about a customer (or P's author {id})
 *   GET    /v1/customers/{id}/export[?platform=P]  everything held about them, as JSON
 *   GET    /v1/audit?day&limit&cursor               the personal-data audit of one UTC day
 */
export const privacyApi = async (
  event: APIGatewayProxyEventV2 & { caller?: string },
): Promise<APIGatewayProxyStructuredResultV2> => {
  const actor = event.caller ?? "api";
  if (event.routeKey === "GET /v1/audit") {
    const parsed = AuditQuery.safeParse(event.queryStringParameters ?? {});
    if (!parsed.success) throw validationError("The audit query is invalid", parsed.error);
    const day = parsed.data.day ?? new Date().toISOString().slice(0, 10);
    return json(200, { day, ...(await audit.list(day, parsed.data)) });
  }
  const contact = contactFrom(event);
  if (event.routeKey === "DELETE /v1/customers/{id}") {
    const report = await eraseCustomer(contact, actor, deps);
    logger.info("customer erased", { subject: deps.subjectOf(contact), actor, ...report });
    return json(200, report);
  }
  const exported = await exportCustomer(contact, actor, deps);
  logger.info("customer exported", { subject: deps.subjectOf(contact), actor });
  return json(200, exported);
};

export const handler = middy<APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2>()
  .use(injectLambdaContext(logger))
  .use(apiKeyAuth(apiKeyStore(config), config.API_KEY_CACHE_SECONDS))
  .use(problemDetails(logger))
  .handler((event) => privacyApi(event));

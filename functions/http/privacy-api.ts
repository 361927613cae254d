import middy from "@middy/core";
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from "aws-lambda";
import { type CustomerRightsDeps, eraseCustomer, exportCustomer } from "#shared/data-rights/customer-rights";
import type { ErasureReport } from "#shared/data-rights/model/erasure";
import { type AuditPage, AuditQuery, type CustomerExport, CustomerRef } from "#shared/data-rights/model/rights-api";
import { auditSubject } from "#shared/data-rights/model/subject";
import { auditLog, customerData, erasures } from "#shared/data-rights/wiring";
import { apiKeyAuth, problemDetails } from "#shared/edge/middleware";
import { json } from "#shared/edge/problem";
import { apiKeyStore } from "#shared/edge/wiring";
import type { Contact } from "#shared/feedback/model/contact";
import { validationError } from "#shared/kernel/validation";
import { loadConfig } from "#shared/platform/config";
import { logger, observability } from "#shared/platform/observability";
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

const contactFrom = (event: APIGatewayProxyEventV2): Contact => {
  const parsed = CustomerRef.safeParse({ id: event.pathParameters?.id, ...event.queryStringParameters });
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
    return json(200, { day, ...(await audit.list(day, parsed.data)) } satisfies AuditPage);
  }
  const contact = contactFrom(event);
  if (event.routeKey === "DELETE /v1/customers/{id}") {
    const report = await eraseCustomer(contact, actor, deps);
    logger.info("customer erased", { subject: deps.subjectOf(contact), actor, ...report });
    return json(200, report satisfies ErasureReport);
  }
  const exported = await exportCustomer(contact, actor, deps);
  logger.info("customer exported", { subject: deps.subjectOf(contact), actor });
  return json(200, exported satisfies CustomerExport);
};

export const handler = middy<APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2>()
  .use(observability())
  .use(apiKeyAuth(apiKeyStore(config), config.API_KEY_CACHE_SECONDS))
  .use(problemDetails(logger))
  .handler((event) => privacyApi(event));

import middy from "@middy/core";
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from "aws-lambda";
import type { ThemeFix, ThemeFixList } from "#shared/digest/model/fixes";
import { recordFix, themeFixes } from "#shared/digest/theme-fixes";
import { themeFixStore } from "#shared/digest/wiring";
import { apiKeyAuth, jsonBody, problemDetails } from "#shared/edge/middleware";
import { json } from "#shared/edge/problem";
import { apiKeyStore } from "#shared/edge/wiring";
import { weeklyCounters } from "#shared/feedback/wiring";
import { loadConfig } from "#shared/platform/config";
import { logger, observability } from "#shared/platform/observability";
import { defaultTaxonomy } from "#shared/taxonomy/taxonomy";

const config = loadConfig();
const deps = { fixes: themeFixStore(config), counters: weeklyCounters(config), taxonomy: defaultTaxonomy };

/**
 * Verified improvement: POST /v1/themes/{id}/fixes {"date", "note"} records a fix on a theme (201);
 * GET lists a theme's fixes, newest first, with the complaint rate before and after each and the
 * test (an exact test of equal rates; see shared/digest/model/fixes.ts).
 */
export const themeFixesApi = async (
  event: APIGatewayProxyEventV2 & { parsedBody?: unknown; caller?: string },
): Promise<APIGatewayProxyStructuredResultV2> => {
  const theme = event.pathParameters?.id ?? "";
  const now = new Date();
  if (event.requestContext.http.method === "POST") {
    const fix = await recordFix(deps, theme, event.parsedBody, event.caller ?? "api", now);
    logger.info("theme fix recorded", { theme, date: fix.date, by: fix.by });
    return json(201, fix satisfies ThemeFix);
  }
  return json(200, { items: await themeFixes(deps, theme, now) } satisfies ThemeFixList);
};

export const handler = middy<APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2>()
  .use(observability())
  .use(apiKeyAuth(apiKeyStore(config), config.API_KEY_CACHE_SECONDS))
  .use({
    before: async (request) => {
      if (request.event.requestContext.http.method === "POST") await jsonBody().before?.(request as never);
    },
  })
  .use(problemDetails(logger))
  .handler((event) => themeFixesApi(event));

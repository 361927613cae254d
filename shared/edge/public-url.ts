import type { Config } from "#shared/platform/config";
import { isLocalHost } from "./request.ts";

/**
 * Where survey links point: PUBLIC_BASE_URL when set (a custom domain), else the host and stage
 * the request came in on, as API Gateway reports them.
 */
export const publicBaseUrl = (
  config: Config,
  event: { headers?: Record<string, string | undefined>; requestContext: { domainName: string; stage: string } },
): string => {
  if (config.PUBLIC_BASE_URL) return config.PUBLIC_BASE_URL.replace(/\/$/, "");
  const host = event.headers?.host ?? event.requestContext.domainName;
  const local = isLocalHost(host);
  const stage = event.requestContext.stage === "$default" ? "" : `/${event.requestContext.stage}`;
  return `${local ? "http" : "https"}://${host}${stage}`;
};

import { createHash, timingSafeEqual } from "node:crypto";
import type { MiddlewareObj } from "@middy/core";
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from "aws-lambda";
import type { ApiKeyRecord, ApiKeyStore } from "./ports/api-keys.ts";
import { HttpProblem, toProblem } from "./problem.ts";
import { header } from "./request.ts";

type HttpMiddleware = MiddlewareObj<APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2>;

interface ErrorLogger {
  error(message: string, ...extra: unknown[]): void;
}

/**
 * Registered last so it runs first on error: maps every error to application/problem+json and
 * logs what the caller does not see.
 */
export const problemDetails = (logger: ErrorLogger): HttpMiddleware => ({
  onError: async (request) => {
    const response = toProblem(request.error);
    if (response.statusCode !== undefined && response.statusCode >= 500) {
      logger.error("request failed", { error: request.error });
    }
    request.response = response;
  },
});

export const hashApiKey = (key: string): string => createHash("sha256").update(key, "utf8").digest("hex");

/**
 * `authorization: Bearer <key>`. Keys are looked up by SHA-256 hash and cached per warm function
 * for `cacheSeconds`, so a burst of requests costs one GetItem.
 */
export const apiKeyAuth = (store: Pick<ApiKeyStore, "find">, cacheSeconds: number): HttpMiddleware => {
  const cache = new Map<string, { record: ApiKeyRecord | undefined; until: number }>();
  return {
    before: async (request) => {
      const value = header(request.event, "authorization");
      const challenge = { "www-authenticate": 'Bearer realm="hearback"' };
      const match = value?.match(/^Bearer\s+(\S+)\s*$/i);
      if (!match?.[1]) {
        throw new HttpProblem(
          401,
          "Unauthorized",
          "Send your API key as 'authorization: Bearer <key>'.",
          {},
          challenge,
        );
      }
      const hash = hashApiKey(match[1]);
      const now = Date.now();
      let entry = cache.get(hash);
      if (!entry || entry.until < now) {
        entry = { record: await store.find(hash), until: now + cacheSeconds * 1_000 };
        if (cache.size > 1_000) cache.clear();
        cache.set(hash, entry);
      }
      // The lookup is by hash; compare again in constant time so a cache hit leaks nothing either.
      if (!entry.record || !timingSafeEqual(Buffer.from(hash), Buffer.from(hashApiKey(match[1])))) {
        throw new HttpProblem(401, "Unauthorized", "The API key is not valid.", {}, challenge);
      }
      // Who is calling, for the audit of personal-data access: the key's name, never the key.
      (request.event as { caller?: string }).caller = `api:${entry.record.name}`;
    },
  };
};

export const MAX_BODY_BYTES = 1024 * 1024;

/**
 * Parses a JSON body with the checks an API owes its callers: 415 for other media types,
 * 413 above 1 MiB, 400 for malformed JSON. The parsed value replaces `event.body`.
 */
const UTF8 = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });

export const jsonBody = (): MiddlewareObj<APIGatewayProxyEventV2 & { parsedBody?: unknown }> => ({
  before: async (request) => {
    const event = request.event;
    const contentType = header(event, "content-type");
    const mediaType = contentType?.split(";")[0]?.trim().toLowerCase();
    if (mediaType !== "application/json" && !mediaType?.endsWith("+json")) {
      throw new HttpProblem(415, "Unsupported media type", "Send the body as application/json.", {
        accepted: ["application/json"],
      });
    }
    const raw = event.body ?? "";
    const bytes = event.isBase64Encoded ? Buffer.from(raw, "base64") : Buffer.from(raw, "utf8");
    if (bytes.length > MAX_BODY_BYTES) {
      throw new HttpProblem(
        413,
        "Payload too large",
        `The body is ${bytes.length} bytes; the limit is ${MAX_BODY_BYTES}.`,
      );
    }
    let text: string;
    try {
      text = UTF8.decode(bytes);
    } catch {
      // Silently turning bad bytes into U+FFFD would store words the customer never wrote.
      throw new HttpProblem(400, "Malformed body", "The body is not valid UTF-8.", {
        errors: [{ field: "(body)", message: "is not valid UTF-8" }],
      });
    }
    try {
      event.parsedBody = JSON.parse(text);
    } catch (error) {
      throw new HttpProblem(400, "Malformed JSON", error instanceof Error ? error.message : "The body is not JSON.", {
        errors: [{ field: "(body)", message: "is not valid JSON" }],
      });
    }
  },
});

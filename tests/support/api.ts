import type { LocalStack } from "#shared/local/stack";
import { apiContract } from "./openapi-contract.ts";

/**
 * A small client for the local stack's HTTP API, as an integrator would write it. Every answer it
 * receives is held to the API contract (GET /openapi.json) before the test sees it: an undocumented
 * route or status, or a body that breaks its schema, fails the test there.
 */
export const apiClient = (stack: Pick<LocalStack, "url" | "apiKey">) => {
  const auth = { authorization: `Bearer ${stack.apiKey}` };
  const contract = apiContract();
  const send = async (method: string, path: string, init: RequestInit = {}): Promise<Response> => {
    const res = await fetch(`${stack.url}${path}`, { ...init, method });
    await contract.check(method, path, res.clone());
    return res;
  };
  return {
    post: (body: unknown, headers: Record<string, string> = {}) =>
      send("POST", "/v1/feedback", {
        headers: { "content-type": "application/json", ...auth, ...headers },
        body: typeof body === "string" ? body : JSON.stringify(body),
      }),
    get: (path: string, headers: Record<string, string> = auth) => send("GET", path, { headers }),
    /**
     * Any call: the API key unless `headers` say otherwise, a body as JSON unless it is text or
     * bytes (sent as they are, with the content type the headers give).
     */
    request: (
      method: string,
      path: string,
      { body, headers = auth }: { body?: unknown; headers?: Record<string, string> } = {},
    ) => {
      const raw = typeof body === "string" || body instanceof Uint8Array;
      return send(method, path, {
        headers: body === undefined || raw ? headers : { "content-type": "application/json", ...headers },
        ...(body !== undefined && { body: raw ? body : JSON.stringify(body) }),
      });
    },
    /** Polls GET /v1/feedback/{id} until the item is stored. */
    waitStored: async (id: string, timeoutMs = 20_000): Promise<Record<string, unknown>> => {
      const deadline = Date.now() + timeoutMs;
      while (Date.now() < deadline) {
        const res = await send("GET", `/v1/feedback/${id}`, { headers: auth });
        if (res.status === 200) {
          const body = (await res.json()) as Record<string, unknown>;
          if (body.status === "stored") return body;
        }
        await new Promise((r) => setTimeout(r, 100));
      }
      throw new Error(`feedback ${id} was not stored within ${timeoutMs} ms`);
    },
  };
};
export type ApiClient = ReturnType<typeof apiClient>;

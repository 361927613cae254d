import type { LocalStack } from "#shared/local/stack";

/** A small client for the local stack's HTTP API, as an integrator would write it. */
export const apiClient = (stack: Pick<LocalStack, "url" | "apiKey">) => {
  const auth = { authorization: `Bearer ${stack.apiKey}` };
  return {
    post: (body: unknown, headers: Record<string, string> = {}) =>
      fetch(`${stack.url}/v1/feedback`, {
        method: "POST",
        headers: { "content-type": "application/json", ...auth, ...headers },
        body: typeof body === "string" ? body : JSON.stringify(body),
      }),
    get: (path: string, headers: Record<string, string> = auth) => fetch(`${stack.url}${path}`, { headers }),
    /** Polls GET /v1/feedback/{id} until the item is stored. */
    waitStored: async (id: string, timeoutMs = 20_000): Promise<Record<string, unknown>> => {
      const deadline = Date.now() + timeoutMs;
      while (Date.now() < deadline) {
        const res = await fetch(`${stack.url}/v1/feedback/${id}`, { headers: auth });
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

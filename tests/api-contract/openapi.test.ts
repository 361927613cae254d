import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { openApiDocument } from "#shared/api-contract/openapi";
import { routes } from "#shared/platform/resources";
import { contractOf } from "../support/openapi-contract.ts";

/**
 * The published API contract (shared/api-contract/): complete, in step with the committed
 * docs/openapi.json, and strict enough that the end-to-end tests' checks mean something.
 */
const document = openApiDocument();
const contract = contractOf(document);

const answer = (status: number, body: unknown, type = "application/json") =>
  new Response(body === undefined ? null : typeof body === "string" ? body : JSON.stringify(body), {
    status,
    headers: { "content-type": type },
  });
const problem = (status: number, extra: Record<string, unknown> = {}) =>
  answer(
    status,
    { type: `https://x.example/README.md#errors-${status}`, title: "t", status, ...extra },
    "application/problem+json",
  );

describe("the API contract", () => {
  it("is committed as docs/openapi.json, exactly as the code generates it", () => {
    const committed = JSON.parse(readFileSync(new URL("../../docs/openapi.json", import.meta.url), "utf8"));
    expect(committed, "docs/openapi.json is out of date: run `npm run openapi`").toEqual(
      JSON.parse(JSON.stringify(document)),
    );
  });

  it("describes every route of resources.ts, each once, with a unique operation id", () => {
    const described = Object.entries(document.paths).flatMap(([path, ops]) =>
      Object.keys(ops).map((method) => `${method.toUpperCase()} ${path}`),
    );
    expect(described.sort()).toEqual(routes.map((r) => `${r.method} ${r.path}`).sort());
    const ids = Object.values(document.paths).flatMap((ops) =>
      Object.values(ops as Record<string, { operationId: string }>).map((op) => op.operationId),
    );
    expect(new Set(ids).size).toBe(ids.length);
  });

  it("documents 401 on every route that needs a credential, and problem+json for every JSON error", () => {
    for (const route of routes.filter((r) => r.auth === "api-key" || r.auth === "api-key-or-session")) {
      const op = (document.paths[route.path] as Record<string, { responses: Record<string, unknown> }>)[
        route.method.toLowerCase()
      ];
      expect(op?.responses, `${route.method} ${route.path}`).toHaveProperty("401");
    }
  });

  it("accepts answers the handlers give", async () => {
    await contract.check("GET", "/v1/feedback?limit=1", answer(200, { items: [] }));
    await contract.check("GET", "/v1/feedback/fb_x", answer(200, { id: "fb_x", status: "queued", acceptedAt: "t" }));
    await contract.check("POST", "/v1/feedback", problem(400, { errors: [{ field: "score", message: "m" }] }));
    await contract.check("POST", "/v1/tasks/task_x/assign", problem(409, { currentVersion: 3 }));
    await contract.check("GET", "/v1/tasks/export", answer(200, "\ufeffid", "text/csv; charset=utf-8"));
    await contract.check("DELETE", "/v1/digest-subscriptions/team-a", new Response(null, { status: 204 }));
  });

  it("refuses an undocumented route or status, a body that breaks its schema, and a wrong media type", async () => {
    await expect(contract.check("GET", "/v1/nothing", answer(200, {}))).rejects.toThrow(/no operation/);
    await expect(contract.check("GET", "/v1/feedback", answer(418, {}))).rejects.toThrow(
      /GET \/v1\/feedback \(listFeedback\) answered 418/,
    );
    await expect(contract.check("GET", "/v1/feedback", answer(200, { items: [{ id: 1 }] }))).rejects.toThrow(
      /FeedbackPage:\n {2}\/items\/0 /,
    );
    await expect(contract.check("GET", "/v1/feedback", answer(200, { items: [], extra: true }))).rejects.toThrow(
      /additional properties/,
    );
    await expect(contract.check("GET", "/v1/feedback", answer(401, { title: "x" }))).rejects.toThrow(
      /answered application\/json, documented application\/problem\+json/,
    );
  });

  it("takes literal path segments before parameters, as API Gateway does", async () => {
    await expect(contract.check("GET", "/v1/tasks/export", answer(200, { items: [] }))).rejects.toThrow(
      /\(exportTasks\) 200: answered application\/json, documented text\/csv/,
    );
  });
});

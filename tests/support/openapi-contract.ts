import { Ajv2020, type ErrorObject, type ValidateFunction } from "ajv/dist/2020.js";
import addFormatsModule from "ajv-formats";
import { openApiDocument } from "#shared/api-contract/openapi";

/**
 * Holds answers to the published API contract (shared/api-contract/, served at GET /openapi.json):
 * the operation by method and path template, the answer by status, the media type, and a JSON
 * body against its schema. The end-to-end tests' API client runs every answer it gets through
 * `check`, so the document cannot drift from what the handlers send.
 */

type OpenApi = ReturnType<typeof openApiDocument>;
interface Operation {
  operationId: string;
  responses: Record<string, { content?: Record<string, { schema?: { $ref: string } }> }>;
}

// ajv-formats is CommonJS: its default export arrives as the module object under NodeNext.
const addFormats = addFormatsModule as unknown as typeof addFormatsModule.default;

const DOCUMENT_ID = "https://hearback.invalid/openapi.json";

const templates = (document: OpenApi) =>
  Object.keys(document.paths)
    .map((template) => ({
      template,
      pattern: new RegExp(`^${template.replace(/[.]/g, "\\.").replace(/\{\w+\}/g, "[^/]+")}$`),
      params: (template.match(/\{/g) ?? []).length,
    }))
    // A literal segment wins over a parameter, as in API Gateway: /v1/tasks/export before /v1/tasks/{id}.
    .sort((a, b) => a.params - b.params);

const describeErrors = (errors: readonly ErrorObject[] | null | undefined) =>
  (errors ?? [])
    .slice(0, 5)
    .map(
      (e) =>
        `  ${e.instancePath || "(body)"} ${e.message ?? "is invalid"}${e.params ? ` ${JSON.stringify(e.params)}` : ""}`,
    )
    .join("\n");

export interface Contract {
  /** Throws, naming the operation and the first errors, unless the answer is one the document describes. */
  check(method: string, url: string, response: Response): Promise<void>;
}

export const contractOf = (document: OpenApi): Contract => {
  const ajv = new Ajv2020({ allErrors: true, strict: false });
  addFormats(ajv);
  // The whole document under one id: "#/components/schemas/…" inside it resolves as in the document.
  ajv.addSchema({ ...document, $id: DOCUMENT_ID });
  const validators = new Map<string, ValidateFunction>();
  const validatorFor = (ref: string) => {
    let validate = validators.get(ref);
    if (!validate) {
      validate = ajv.compile({ $ref: `${DOCUMENT_ID}${ref}` });
      validators.set(ref, validate);
    }
    return validate;
  };
  const paths = templates(document);

  return {
    check: async (method, url, response) => {
      const path = new URL(url, "http://localhost").pathname;
      const found = paths.find((p) => p.pattern.test(path));
      const operation = found && (document.paths[found.template] as Record<string, Operation>)[method.toLowerCase()];
      if (!found || !operation) throw new Error(`${method} ${path}: no operation in the API contract`);
      const name = `${method} ${found.template} (${operation.operationId})`;
      const status = String(response.status);
      const answer = operation.responses[status] ?? operation.responses[`${status[0]}XX`];
      const body = await response.text();
      if (!answer) {
        throw new Error(`${name} answered ${status}, which the API contract does not document: ${body.slice(0, 300)}`);
      }
      const mediaType = response.headers.get("content-type")?.split(";")[0]?.trim().toLowerCase();
      if (!answer.content) {
        if (body !== "") throw new Error(`${name} ${status}: documented without a body, got ${mediaType}`);
        return;
      }
      const content = mediaType === undefined ? undefined : answer.content[mediaType];
      if (!content) {
        throw new Error(
          `${name} ${status}: answered ${mediaType}, documented ${Object.keys(answer.content).join(" or ")}`,
        );
      }
      if (!content.schema) return;
      let value: unknown;
      try {
        value = JSON.parse(body);
      } catch {
        throw new Error(`${name} ${status}: the body is not JSON: ${body.slice(0, 300)}`);
      }
      const validate = validatorFor(content.schema.$ref);
      if (!validate(value)) {
        throw new Error(
          `${name} ${status}: the body does not match ${content.schema.$ref}:\n${describeErrors(validate.errors)}\nbody: ${body.slice(0, 500)}`,
        );
      }
    },
  };
};

let generated: Contract | undefined;
/** The contract as the code generates it (the same document GET /openapi.json serves). */
export const apiContract = (): Contract => {
  generated ??= contractOf(openApiDocument());
  return generated;
};

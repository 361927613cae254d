import { HTML_MEDIA_TYPE } from "#shared/edge/html-page";
import { routes } from "#shared/platform/resources";
import { jsonApi } from "./json-api.ts";
import { type Answer, type Auth, HEADERS, type OperationSpec, type RouteKey, TAGS } from "./operation.ts";
import { pages } from "./pages.ts";
import { jsonSchemaOf, queryParameters, schemaComponents } from "./schemas.ts";
import { webhooksApi } from "./webhooks-api.ts";

/**
 * The API contract: an OpenAPI 3.1 document of every route in shared/platform/resources.ts, built
 * from the zod schemas the handlers parse and answer with. GET /openapi.json serves it, `npm run
 * openapi` writes it to docs/openapi.json, CI lints it, and the end-to-end tests hold every answer
 * they receive to it, so it cannot drift from the code.
 */

export const OPENAPI_VERSION = "3.1.1";

const operations: Record<RouteKey, OperationSpec> = { ...jsonApi, ...pages, ...webhooksApi };

type Security = Array<Record<string, string[]>>;

/** What each kind of route in resources.ts asks of its caller. */
const securityOf: Record<Auth, Security> = {
  "api-key": [{ apiKey: [] }],
  "api-key-or-session": [{ apiKey: [] }, { session: [] }, { leadToken: [] }],
  session: [{ session: [] }],
  // A path token cannot be stated as a security scheme: the {token} parameter says it is the credential.
  "signed-link": [],
  none: [],
};

const securitySchemes = {
  apiKey: {
    type: "http",
    scheme: "bearer",
    bearerFormat: "API key",
    description: "An API key (`npm run hearback -- keys create`; locally `hb_local_dev_key`), hashed in the table.",
  },
  session: {
    type: "apiKey",
    in: "cookie",
    name: "hb_session",
    description: "A support lead's signed, expiring session, from the sign-in at /triage/login.",
  },
  leadToken: {
    type: "http",
    scheme: "bearer",
    bearerFormat: "JWT",
    description: "On AWS, a support lead's Cognito access token.",
  },
  signedLink: {
    type: "apiKey",
    in: "query",
    name: "sig",
    description: "The HMAC signature of an unsubscribe link, over its subscription and address.",
  },
} as const;

const problemContent = { "application/problem+json": { schema: { $ref: "#/components/schemas/Problem" } } };

const contentOf = (answer: Answer): Record<string, unknown> | undefined => {
  switch (answer.kind) {
    case "json":
      return { "application/json": { schema: { $ref: `#/components/schemas/${answer.schema}` } } };
    case "problem":
      return answer.orHtml ? { ...problemContent, [HTML_MEDIA_TYPE]: {} } : problemContent;
    case "html":
      return { [HTML_MEDIA_TYPE]: {} };
    case "text":
      return { "text/plain": {} };
    case "csv":
      return { "text/csv": {} };
    default:
      return undefined;
  }
};

const responseOf = (answer: Answer) => {
  const content = contentOf(answer);
  return {
    description: answer.description,
    ...(answer.headers && {
      headers: Object.fromEntries(answer.headers.map((h) => [h, { $ref: `#/components/headers/${h}` }])),
    }),
    ...(content && { content }),
  };
};

const pathNamesOf = (path: string) => [...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1] as string);

const operationOf = (route: (typeof routes)[number], spec: OperationSpec) => {
  const pathNames = pathNamesOf(route.path);
  const parameters = [
    ...pathNames.map((name) => {
      const param = spec.path?.[name];
      if (!param) throw new Error(`${route.method} ${route.path}: the path parameter ${name} is not described`);
      return {
        name,
        in: "path",
        required: true,
        description: param.description,
        schema: param.schema ? jsonSchemaOf(param.schema) : { type: "string" },
      };
    }),
    ...(spec.query ? queryParameters(spec.query, pathNames) : []),
  ];
  const body = spec.body;
  return {
    operationId: spec.id,
    summary: spec.summary,
    ...(spec.description && { description: spec.description }),
    tags: [spec.tag],
    security: route.path === "/digests/unsubscribe" ? [{ signedLink: [] }] : securityOf[route.auth],
    ...(parameters.length > 0 && { parameters }),
    ...(body && {
      requestBody: {
        required: true,
        content:
          "json" in body
            ? { "application/json": { schema: { $ref: `#/components/schemas/${body.json}` } } }
            : {
                "application/x-www-form-urlencoded": {
                  schema: {
                    type: "object",
                    properties: body.form,
                    ...(body.required && { required: body.required }),
                  },
                },
              },
      },
    }),
    responses: Object.fromEntries(
      Object.entries(spec.responses)
        .sort(([a], [b]) => Number(a) - Number(b))
        .map(([status, answer]) => [status, responseOf(answer)]),
    ),
  };
};

/** The document, the same on every call (GET /openapi.json caches it; docs/openapi.json is it). */
export const openApiDocument = () => {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of routes) {
    // The template literal widens to every method x path; the route itself is one of RouteKey.
    const key = `${route.method} ${route.path}` as RouteKey;
    paths[route.path] = { ...paths[route.path], [route.method.toLowerCase()]: operationOf(route, operations[key]) };
  }
  return {
    openapi: OPENAPI_VERSION,
    info: {
      title: "hearback",
      version: "1",
      summary: "Serverless voice of the customer: feedback in, follow-ups and digests out.",
      description:
        "Errors are RFC 9457 problem documents (application/problem+json). Personal data is masked or pseudonymised for callers without the right to see it.",
    },
    servers: [{ url: "http://127.0.0.1:3000", description: "`npm start` (on AWS: the HTTP API's URL)" }],
    tags: Object.entries(TAGS).map(([name, description]) => ({ name, description })),
    paths,
    components: {
      schemas: schemaComponents(),
      headers: Object.fromEntries(
        Object.entries(HEADERS).map(([name, description]) => [name, { description, schema: { type: "string" } }]),
      ),
      securitySchemes,
    },
  };
};
export type OpenApiDocumentValue = ReturnType<typeof openApiDocument>;

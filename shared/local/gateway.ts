import { isUtf8 } from "node:buffer";
import { randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { APIGatewayProxyEventV2, APIGatewayProxyResultV2, Context } from "aws-lambda";
import { problemResponse } from "#shared/edge/problem";
import { type FunctionName, functions, routes } from "#shared/platform/resources";
import { DEFAULT_BIND, localUrl } from "./bind.ts";
import { lambdaContext } from "./lambda-context.ts";

export type HttpHandler = (event: APIGatewayProxyEventV2, context: Context) => Promise<APIGatewayProxyResultV2>;

/** API Gateway HTTP APIs cap payloads at 10 MB; the local gateway does the same. */
const MAX_PAYLOAD_BYTES = 10 * 1024 * 1024;

const TEXT_TYPES = /^(application\/(json|[\w.+-]+\+json|x-www-form-urlencoded|xml)|text\/)/i;

interface CompiledRoute {
  method: string;
  pattern: RegExp;
  params: string[];
  routeKey: string;
  fn: FunctionName;
}

const compile = (): CompiledRoute[] =>
  routes.map((r) => {
    const params: string[] = [];
    const pattern = r.path.replace(/\{(\w+)\}/g, (_, name: string) => {
      params.push(name);
      return "([^/]+)";
    });
    return {
      method: r.method,
      pattern: new RegExp(`^${pattern}$`),
      params,
      routeKey: `${r.method} ${r.path}`,
      fn: r.fn,
    };
  });

const readBody = (req: IncomingMessage): Promise<Buffer | "too-large"> =>
  new Promise((ok, fail) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_PAYLOAD_BYTES) chunks.push(chunk);
    });
    req.on("end", () => ok(size > MAX_PAYLOAD_BYTES ? "too-large" : Buffer.concat(chunks)));
    req.on("error", fail);
  });

/** A malformed escape (e.g. %ED%A0%80) reaches the function as written, for it to refuse, not as a gateway 500. */
const decodePathSegment = (segment: string): string => {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
};

/** Turns a Node request into the API Gateway v2 (HTTP API) event the real handlers receive. */
export const toApiGatewayEvent = (
  req: IncomingMessage,
  body: Buffer,
  route: CompiledRoute,
  match: RegExpExecArray,
): APIGatewayProxyEventV2 => {
  const url = new URL(req.url ?? "/", "http://localhost");
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (value !== undefined) headers[name.toLowerCase()] = Array.isArray(value) ? value.join(",") : value;
  }
  const query: Record<string, string> = {};
  for (const [name, value] of url.searchParams) query[name] = name in query ? `${query[name]},${value}` : value;
  const pathParameters = Object.fromEntries(
    route.params.map((name, i) => [name, decodePathSegment(match[i + 1] ?? "")]),
  );
  // Text bodies go as strings unless their bytes are not UTF-8: then, like binary, base64, so the
  // function sees the exact bytes and can refuse them instead of reading replacement characters.
  const isText = TEXT_TYPES.test(headers["content-type"] ?? "") && isUtf8(body);
  const now = new Date();
  return {
    version: "2.0",
    routeKey: route.routeKey,
    rawPath: url.pathname,
    rawQueryString: url.search.slice(1),
    headers,
    ...(Object.keys(query).length > 0 && { queryStringParameters: query }),
    ...(route.params.length > 0 && { pathParameters }),
    ...(body.length > 0 && { body: isText ? body.toString("utf8") : body.toString("base64") }),
    isBase64Encoded: body.length > 0 && !isText,
    requestContext: {
      accountId: "000000000000",
      apiId: "local",
      domainName: headers.host ?? "localhost",
      domainPrefix: "local",
      http: {
        method: req.method ?? "GET",
        path: url.pathname,
        protocol: `HTTP/${req.httpVersion}`,
        sourceIp: req.socket.remoteAddress ?? "127.0.0.1",
        userAgent: headers["user-agent"] ?? "",
      },
      requestId: randomUUID(),
      routeKey: route.routeKey,
      stage: "$default",
      time: now.toUTCString(),
      timeEpoch: now.getTime(),
    },
  };
};

const send = (res: ServerResponse, result: APIGatewayProxyResultV2) => {
  if (typeof result === "string" || result === null || typeof result !== "object") {
    // API Gateway's rule for payload 2.0: a non-object result is a 200 JSON body.
    res
      .writeHead(200, { "content-type": "application/json", "x-content-type-options": "nosniff" })
      .end(JSON.stringify(result));
    return;
  }
  const headers: Record<string, string | string[]> = { ...(result.headers as Record<string, string>) };
  if (result.cookies?.length) headers["set-cookie"] = result.cookies;
  const body = result.body ?? "";
  res.writeHead(result.statusCode ?? 200, headers).end(result.isBase64Encoded ? Buffer.from(body, "base64") : body);
};

const sendProblem = (res: ServerResponse, status: number, title: string, detail: string) => {
  const p = problemResponse(status, title, detail);
  res.writeHead(status, p.headers as Record<string, string>).end(p.body);
};

export interface Gateway {
  url: string;
  server: Server;
  stop(): Promise<void>;
}

/**
 * The local stand-in for API Gateway: routes from shared/resources.ts, the same v2 events and
 * response mapping, and each route's real Lambda handler.
 */
export const startGateway = async (opts: {
  port: number;
  host?: string;
  handlers: Record<string, HttpHandler>;
  extra?: (req: IncomingMessage, res: ServerResponse) => boolean;
}): Promise<Gateway> => {
  const compiled = compile();
  const host = opts.host ?? DEFAULT_BIND;
  const server = createServer(async (req, res) => {
    try {
      if (opts.extra?.(req, res)) return;
      const path = new URL(req.url ?? "/", "http://localhost").pathname;
      const candidates = compiled.filter((r) => r.pattern.test(path));
      const route = candidates.find((r) => r.method === req.method);
      if (!route) {
        if (candidates.length > 0) {
          res.setHeader("allow", candidates.map((r) => r.method).join(", "));
          return sendProblem(res, 405, "Method not allowed", `${req.method} is not supported on ${path}.`);
        }
        return sendProblem(res, 404, "Not found", `No route for ${req.method} ${path}.`);
      }
      const body = await readBody(req);
      if (body === "too-large") return sendProblem(res, 413, "Payload too large", "The gateway accepts at most 10 MB.");
      const handler = opts.handlers[route.fn];
      if (!handler) return sendProblem(res, 502, "Bad gateway", `No handler is loaded for ${route.fn}.`);
      const event = toApiGatewayEvent(req, body, route, route.pattern.exec(path) as RegExpExecArray);
      const result = await handler(event, lambdaContext(route.fn, functions[route.fn].timeoutSeconds));
      send(res, result);
    } catch (error) {
      // API Gateway answers 500 when the integration itself fails; log it as Lambda would.
      console.error("[gateway] handler crashed:", error);
      if (!res.headersSent) sendProblem(res, 500, "Internal error", "The function failed; see the server log.");
    }
  });
  server.keepAliveTimeout = 5_000;
  await new Promise<void>((ok, fail) => {
    server.once("error", fail);
    server.listen(opts.port, host, () => ok());
  });
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : opts.port;
  return {
    url: localUrl(host, port),
    server,
    stop: () =>
      new Promise<void>((ok) => {
        server.close(() => ok());
        server.closeIdleConnections();
      }),
  };
};

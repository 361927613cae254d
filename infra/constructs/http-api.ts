import { CfnOutput, RemovalPolicy, Validations } from "aws-cdk-lib";
import { AccessLogFormat } from "aws-cdk-lib/aws-apigateway";
import { HttpApi, HttpMethod, HttpStage, LogGroupLogDestination } from "aws-cdk-lib/aws-apigatewayv2";
import { HttpLambdaIntegration } from "aws-cdk-lib/aws-apigatewayv2-integrations";
import { LogGroup, RetentionDays } from "aws-cdk-lib/aws-logs";
import type { Construct } from "constructs";
import { type FunctionName, routes } from "#shared/platform/resources";
import type { AppFunction } from "../app-function.ts";
import { Capability, functionId } from "./capability.ts";

/** Stage-wide default throttling: a ceiling against runaway clients, well under the account limit. */
export const apiThrottle = { rateLimit: 200, burstLimit: 400 } as const;

type RouteFunctionName = (typeof routes)[number]["fn"];

/** Why each kind of route has no API Gateway authorizer: cdk-nag's APIG4, answered per route. */
const authorizerReasons = {
  none: "Public by design: the health check and the API contract (/openapi.json) return no customer data; the triage sign-in form is how leads authenticate.",
  session:
    "Support leads' pages: a signed, expiring session cookie from the Cognito-backed sign-in is verified in the function.",
  "api-key-or-session":
    "Tasks API: verified in the function, either a hashed API key from the table or the triage page's signed session cookie.",
  "signed-link":
    "Pages behind personal links (survey, resolution confirmation, unsubscribe, a digest's reader pages): each link carries an HMAC-signed token, expiring where it opens content, verified in the function; customers and digest readers have no credentials to present.",
  "api-key":
    "API keys are verified inside the functions (hashed keys stored in the table); HTTP APIs cannot return a custom 401 body from an authorizer.",
} as const satisfies Record<(typeof routes)[number]["auth"], string>;

/**
 * The HTTP edge: one API Gateway HTTP API with the routes from shared/platform/resources.ts (the local gateway
 * serves the same list), each integrated with its function, on a throttled, access-logged `$default` stage.
 */
export class PublicApi extends Capability {
  readonly api: HttpApi;
  readonly stage: HttpStage;

  constructor(scope: Construct, id: string, props: { readonly functions: Record<RouteFunctionName, AppFunction> }) {
    super(scope, id);
    this.api = new HttpApi(this, "HttpApi", {
      description: "hearback public API",
      // The stage is created below so it can carry access logging and throttling.
      createDefaultStage: false,
    });
    const accessLogs = new LogGroup(this, "HttpApiAccessLogs", {
      retention: RetentionDays.ONE_MONTH,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    this.stage = new HttpStage(this, "HttpApiDefaultStage", {
      httpApi: this.api,
      autoDeploy: true,
      throttle: apiThrottle,
      accessLogSettings: {
        destination: new LogGroupLogDestination(accessLogs),
        format: AccessLogFormat.custom(
          JSON.stringify({
            requestId: "$context.requestId",
            requestTime: "$context.requestTime",
            ip: "$context.identity.sourceIp",
            userAgent: "$context.identity.userAgent",
            routeKey: "$context.routeKey",
            status: "$context.status",
            protocol: "$context.protocol",
            responseLength: "$context.responseLength",
            responseLatency: "$context.responseLatency",
            integrationStatus: "$context.integration.status",
            integrationLatency: "$context.integration.latency",
            integrationError: "$context.integration.error",
            error: "$context.error.message",
          }),
        ),
      },
    });

    const integrations = new Map<FunctionName, HttpLambdaIntegration>();
    for (const route of routes) {
      let integration = integrations.get(route.fn);
      if (!integration) {
        integration = new HttpLambdaIntegration(`${functionId(route.fn)}Integration`, props.functions[route.fn]);
        integrations.set(route.fn, integration);
      }
      for (const created of this.api.addRoutes({
        path: route.path,
        methods: [HttpMethod[route.method]],
        integration,
      })) {
        Validations.of(created).acknowledge({ id: "AwsSolutions-APIG4", reason: authorizerReasons[route.auth] });
      }
    }

    new CfnOutput(this, "ApiUrl", { value: this.url, description: "Base URL of the HTTP API" });
  }

  /** The stage's base URL. */
  get url(): string {
    return this.stage.url;
  }
}

import { Match, type Template } from "aws-cdk-lib/assertions";
import { beforeAll, describe, expect, it } from "vitest";
import { routes } from "#shared/platform/resources";
import { apiThrottle } from "../../infra/constructs/http-api.ts";
import { type Json, SYNTH_TIMEOUT_MS, type Synthesized, sorted, synthesize } from "./support.ts";

describe("HTTP API", () => {
  let built: Synthesized;
  let service: Template;

  beforeAll(() => {
    built = synthesize();
    service = built.templates.service;
  }, SYNTH_TIMEOUT_MS);

  it("has one route per entry in routes, each integrated with its function", () => {
    const resources = service.toJSON().Resources as Record<string, { Type: string; Properties: Json }>;
    const created = Object.values(resources).filter((r) => r.Type === "AWS::ApiGatewayV2::Route");
    expect(created.map((r) => r.Properties.RouteKey).sort()).toEqual(
      sorted(routes.map((r) => `${r.method} ${r.path}`)),
    );
    for (const route of routes) {
      const found = created.find((r) => r.Properties.RouteKey === `${route.method} ${route.path}`);
      const integrationId = JSON.stringify(found?.Properties.Target).match(/"Ref":"([A-Za-z0-9]+)"/)?.[1] ?? "";
      expect(resources[integrationId], route.path).toMatchObject({
        Type: "AWS::ApiGatewayV2::Integration",
        Properties: {
          IntegrationType: "AWS_PROXY",
          PayloadFormatVersion: "2.0",
          IntegrationUri: { "Fn::GetAtt": [built.fnId(route.fn), "Arn"] },
        },
      });
    }
  });

  it("serves a throttled, access-logged $default stage with CORS off", () => {
    service.hasResourceProperties("AWS::ApiGatewayV2::Api", {
      ProtocolType: "HTTP",
      CorsConfiguration: Match.absent(),
    });
    service.resourceCountIs("AWS::ApiGatewayV2::Stage", 1);
    const [stage] = Object.values(service.findResources("AWS::ApiGatewayV2::Stage")) as {
      Properties: { AccessLogSettings: { DestinationArn: { "Fn::GetAtt": [string, string] }; Format: string } };
    }[];
    expect(stage).toMatchObject({
      Properties: {
        StageName: "$default",
        AutoDeploy: true,
        DefaultRouteSettings: {
          ThrottlingRateLimit: apiThrottle.rateLimit,
          ThrottlingBurstLimit: apiThrottle.burstLimit,
        },
      },
    });
    const format = JSON.parse(stage?.Properties.AccessLogSettings.Format ?? "") as Json;
    expect(format).toMatchObject({ requestId: "$context.requestId", routeKey: "$context.routeKey" });
    const logGroupId = stage?.Properties.AccessLogSettings.DestinationArn["Fn::GetAtt"][0] ?? "";
    expect(service.toJSON().Resources[logGroupId]).toMatchObject({ Type: "AWS::Logs::LogGroup" });
  });

  it("outputs the API URL and the stateful resource names", () => {
    for (const output of ["ApiUrl", "TableName", "IngestQueueUrl", "DeadLetterQueueUrl"]) {
      service.hasOutput(output, {});
    }
    service.hasOutput("IngestQueueUrl", {
      Value: Match.objectLike({ "Fn::ImportValue": Match.stringLikeRegexp(built.ids.ingest) }),
    });
  });
});

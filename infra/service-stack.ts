import { type CfnElement, CfnOutput, Duration, RemovalPolicy, Stack, type StackProps, Validations } from "aws-cdk-lib";
import { AccessLogFormat } from "aws-cdk-lib/aws-apigateway";
import { HttpApi, HttpMethod, HttpStage, LogGroupLogDestination } from "aws-cdk-lib/aws-apigatewayv2";
import { HttpLambdaIntegration } from "aws-cdk-lib/aws-apigatewayv2-integrations";
import { AccountRecovery, CfnUserPoolGroup, Mfa, UserPool } from "aws-cdk-lib/aws-cognito";
import type { ITable } from "aws-cdk-lib/aws-dynamodb";
import { EventBus, Rule, Schedule } from "aws-cdk-lib/aws-events";
import { LambdaFunction } from "aws-cdk-lib/aws-events-targets";
import { Policy, PolicyStatement, Role, ServicePrincipal } from "aws-cdk-lib/aws-iam";
import { SqsEventSource } from "aws-cdk-lib/aws-lambda-event-sources";
import { LogGroup, RetentionDays } from "aws-cdk-lib/aws-logs";
import {
  Schedule as DigestSchedule,
  ScheduleExpression,
  ScheduleGroup,
  ScheduleTargetInput,
} from "aws-cdk-lib/aws-scheduler";
import { LambdaInvoke } from "aws-cdk-lib/aws-scheduler-targets";
import type { ISecret } from "aws-cdk-lib/aws-secretsmanager";
import type { IQueue } from "aws-cdk-lib/aws-sqs";
import { TimeZone } from "aws-cdk-lib/core";
import type { Construct } from "constructs";
import { type DigestSubscription, digestSchedule } from "#shared/digest/model/subscriptions";
import { PII_VIEWERS_GROUP } from "#shared/edge/ports/users";
import { enrichWorker, type FunctionName, routes, schedules } from "#shared/platform/resources";
import { AppFunction } from "./app-function.ts";

export const analyzers = ["local", "comprehend", "hybrid"] as const;
export type AnalyzerKind = (typeof analyzers)[number];

/** Stage-wide default throttling: a ceiling against runaway clients, well under the account limit. */
export const apiThrottle = { rateLimit: 200, burstLimit: 400 } as const;

export interface ServiceStackProps extends StackProps {
  readonly table: ITable;
  readonly ingestQueue: IQueue;
  readonly deadLetterQueue: IQueue;
  readonly surveySigningKeys: ISecret;
  /** Digest subscriptions from the deployment's config file (more can be added through the API). */
  readonly digestSubscriptions?: readonly DigestSubscription[];
}

const constructId = (name: FunctionName): string =>
  name.replace(/(^|-)([a-z])/g, (_match, _dash: string, letter: string) => letter.toUpperCase());

/** Reads `-c analyzer=...`; anything other than the analyzers the worker knows fails the synth. */
const analyzerFromContext = (scope: Construct): AnalyzerKind => {
  const value: unknown = scope.node.tryGetContext("analyzer") ?? "local";
  const known = analyzers.find((a) => a === value);
  if (!known) throw new Error(`Context "analyzer" must be one of ${analyzers.join(", ")}; got ${String(value)}`);
  return known;
};

/**
 * The stateless half: functions, the HTTP API and the queue wiring. Safe to destroy and redeploy; it only
 * references the stateful stack's resources.
 */
export class ServiceStack extends Stack {
  readonly functions: Record<FunctionName, AppFunction>;
  readonly api: HttpApi;
  readonly stage: HttpStage;
  readonly analyzer: AnalyzerKind;
  readonly piiDetection: "patterns" | "comprehend";

  constructor(scope: Construct, id: string, props: ServiceStackProps) {
    super(scope, id, props);
    const { table, ingestQueue, deadLetterQueue, surveySigningKeys } = props;
    this.analyzer = analyzerFromContext(this);
    const pii: unknown = this.node.tryGetContext("piiDetection") ?? "patterns";
    if (pii !== "patterns" && pii !== "comprehend") {
      throw new Error(`Context "piiDetection" must be patterns or comprehend; got ${String(pii)}`);
    }
    this.piiDetection = pii;

    const fn = (name: FunctionName, description: string) =>
      new AppFunction(this, constructId(name), { name, description });

    // Task events for integrations, and the support leads who sign in to the triage page.
    const bus = new EventBus(this, "TaskEvents", { description: "hearback follow-up task events" });
    const leads = new UserPool(this, "SupportLeads", {
      selfSignUpEnabled: false,
      signInAliases: { username: true, email: true },
      passwordPolicy: {
        minLength: 12,
        requireDigits: true,
        requireLowercase: true,
        requireUppercase: true,
        requireSymbols: true,
      },
      mfa: Mfa.OPTIONAL,
      mfaSecondFactor: { otp: true, sms: false },
      accountRecovery: AccountRecovery.EMAIL_ONLY,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    new CfnUserPoolGroup(this, "PiiViewers", {
      userPoolId: leads.userPoolId,
      groupName: PII_VIEWERS_GROUP,
      description: "Support leads who may read customers' words unmasked",
    });
    const triageClient = leads.addClient("TriageClient", { authFlows: { userPassword: true }, generateSecret: false });
    Validations.of(leads).acknowledge(
      {
        id: "AwsSolutions-COG2",
        reason:
          "MFA is available (TOTP) and recommended for support leads; the triage sign-in does not yet answer MFA challenges, so it cannot be required until it does.",
      },
      {
        id: "AwsSolutions-COG8",
        reason:
          "The Plus feature plan (threat protection) is a per-deployment cost decision left to the operator; the pool has no self sign-up and a strong password policy.",
      },
      {
        id: "AwsSolutions-COG3",
        reason:
          "Cognito threat protection is a paid feature plan the operator enables per deployment; the pool has no self sign-up and a strong password policy.",
      },
    );
    const notifies = (f: AppFunction) => {
      bus.grantPutEventsTo(f);
      f.setEnv("EVENT_BUS_NAME", bus.eventBusName);
      const ses = new Policy(this, `${f.node.id}SesPolicy`, {
        roles: f.role ? [f.role] : [],
        statements: [
          new PolicyStatement({
            actions: ["ses:SendEmail"],
            resources: [`arn:${this.partition}:ses:${this.region}:${this.account}:identity/*`],
          }),
        ],
      });
      Validations.of(ses).acknowledge({
        id: "AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:ses:<AWS::Region>:<AWS::AccountId>:identity/*]",
        reason:
          "Task emails go out from the sender identity the operator verifies in SES at deploy time (NOTIFY_FROM); its name is not known to the template.",
      });
      return f;
    };

    this.functions = {
      "post-feedback": fn("post-feedback", "accepts feedback and queues it")
        .useTable(table, "readWrite")
        .sendsTo(ingestQueue, "QUEUE_URL"),
      "list-feedback": fn("list-feedback", "lists feedback by day").useTable(table, "read"),
      "get-feedback": fn("get-feedback", "reads one feedback item").useTable(table, "read"),
      health: fn("health", "reports table and queue health")
        .useTable(table, "read")
        .watches(ingestQueue, "QUEUE_URL")
        .watches(deadLetterQueue, "DLQ_URL"),
      "enrich-feedback": fn("enrich-feedback", "enriches queued feedback")
        .useTable(table, "readWrite")
        .sendsTo(deadLetterQueue, "DLQ_URL")
        .setEnv("ANALYZER", this.analyzer)
        .setEnv("PII_DETECTION", this.piiDetection),
      "create-survey-link": fn("create-survey-link", "mints signed survey links")
        .useTable(table, "readWrite")
        .readsSigningKeys(surveySigningKeys),
      "survey-page": fn("survey-page", "serves the survey page and records answers")
        .useTable(table, "readWrite")
        .sendsTo(ingestQueue, "QUEUE_URL")
        .readsSigningKeys(surveySigningKeys),
      "train-model": fn("train-model", "re-trains the sentiment model from scored comments").useTable(
        table,
        "readWrite",
      ),
      "tasks-api": fn("tasks-api", "follow-up tasks API")
        .useTable(table, "readWrite")
        .readsSigningKeys(surveySigningKeys)
        .setEnv("COGNITO_USER_POOL_ID", leads.userPoolId)
        .setEnv("COGNITO_CLIENT_ID", triageClient.userPoolClientId),
      triage: fn("triage", "triage page for support leads")
        .useTable(table, "readWrite")
        .readsSigningKeys(surveySigningKeys)
        .setEnv("COGNITO_CLIENT_ID", triageClient.userPoolClientId),
      "digest-preview": fn("digest-preview", "renders the weekly digest on demand").useTable(table, "read"),
      unsubscribe: fn("unsubscribe", "records digest unsubscribes")
        .useTable(table, "readWrite")
        .readsSigningKeys(surveySigningKeys),
      "send-digests": notifies(
        fn("send-digests", "sends weekly digests in each team's send hour")
          .useTable(table, "readWrite")
          .readsSigningKeys(surveySigningKeys),
      ),
      "sweep-tasks": notifies(fn("sweep-tasks", "escalates overdue follow-up tasks").useTable(table, "readWrite")),
      "digest-subscriptions": fn("digest-subscriptions", "manages digest subscriptions and their schedules").useTable(
        table,
        "readWrite",
      ),
    };
    notifies(this.functions["enrich-feedback"]);
    new CfnOutput(this, "SupportLeadsUserPoolId", { value: leads.userPoolId });

    this.digestSchedules(props.digestSubscriptions ?? []);

    for (const job of schedules) {
      if ("onAws" in job && job.onAws === false) continue;
      new Rule(this, `${constructId(job.fn)}Schedule`, {
        description: job.description,
        schedule: Schedule.cron({ hour: job.cron.hour, minute: job.cron.minute }),
        targets: [new LambdaFunction(this.functions[job.fn], { retryAttempts: 2 })],
      });
    }

    const enrich = this.functions["enrich-feedback"];
    enrich.addEventSource(
      new SqsEventSource(ingestQueue, {
        batchSize: enrichWorker.batchSize,
        maxBatchingWindow: Duration.seconds(enrichWorker.maxBatchingWindowSeconds),
        reportBatchItemFailures: true,
      }),
    );
    const comprehendActions = [
      ...(this.analyzer !== "local"
        ? ["comprehend:BatchDetectDominantLanguage", "comprehend:BatchDetectSentiment"]
        : []),
      ...(this.piiDetection === "comprehend" ? ["comprehend:DetectPiiEntities"] : []),
    ];
    if (comprehendActions.length > 0 && enrich.role) {
      const comprehend = new Policy(this, "EnrichComprehendPolicy", {
        roles: [enrich.role],
        statements: [new PolicyStatement({ actions: comprehendActions, resources: ["*"] })],
      });
      Validations.of(comprehend).acknowledge({
        id: "AwsSolutions-IAM5[Resource::*]",
        reason:
          "Amazon Comprehend's BatchDetectSentiment, BatchDetectDominantLanguage and DetectPiiEntities are not resource-scoped (no resource types or condition keys), so IAM requires Resource '*'; the actions are limited to the read-only calls the worker makes.",
      });
    }

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
        integration = new HttpLambdaIntegration(`${constructId(route.fn)}Integration`, this.functions[route.fn]);
        integrations.set(route.fn, integration);
      }
      for (const created of this.api.addRoutes({
        path: route.path,
        methods: [HttpMethod[route.method]],
        integration,
      })) {
        Validations.of(created).acknowledge({
          id: "AwsSolutions-APIG4",
          reason: {
            none: "Public by design: the health check returns no customer data; the triage sign-in form is how leads authenticate.",
            session:
              "Support leads' pages: a signed, expiring session cookie from the Cognito-backed sign-in is verified in the function.",
            "api-key-or-session":
              "Tasks API: verified in the function, either a hashed API key from the table or the triage page's signed session cookie.",
            "signed-link":
              "The customer's survey page: each link carries an HMAC-signed, expiring token verified in the function; customers have no credentials to present.",
            "api-key":
              "API keys are verified inside the functions (hashed keys stored in the table); HTTP APIs cannot return a custom 401 body from an authorizer.",
          }[route.auth],
        });
      }
    }

    // The digest's links (quotes, unsubscribe) point at this API; the sender has no route, so no cycle.
    this.functions["send-digests"].setEnv("PUBLIC_BASE_URL", this.stage.url);

    new CfnOutput(this, "ApiUrl", { value: this.stage.url, description: "Base URL of the HTTP API" });
    new CfnOutput(this, "TableName", { value: table.tableName });
    new CfnOutput(this, "IngestQueueUrl", { value: ingestQueue.queueUrl });
    new CfnOutput(this, "DeadLetterQueueUrl", { value: deadLetterQueue.queueUrl });
  }

  /**
   * Weekly digests: one EventBridge Scheduler schedule per subscription, in its own time zone
   * (default Monday 09:00). The config file's subscriptions are schedules in this template; the
   * subscriptions API creates the others at run time in the same group, with the same role.
   */
  private digestSchedules(subscriptions: readonly DigestSubscription[]): void {
    const sender = this.functions["send-digests"];
    const manager = this.functions["digest-subscriptions"];
    // Named after the stack so the subscriptions function's permission can name it exactly.
    const groupName = `${this.stackName}-digests`;
    const group = new ScheduleGroup(this, "DigestSchedules", { scheduleGroupName: groupName });
    const role = new Role(this, "DigestSchedulerRole", {
      assumedBy: new ServicePrincipal("scheduler.amazonaws.com", {
        conditions: { StringEquals: { "aws:SourceAccount": this.account } },
      }),
      description: "EventBridge Scheduler invokes the weekly digest sender",
    });
    const configured = JSON.stringify(subscriptions);
    sender.setEnv("DIGEST_SUBSCRIPTIONS", configured);
    manager
      .setEnv("DIGEST_SUBSCRIPTIONS", configured)
      .setEnv("DIGEST_SCHEDULE_GROUP", group.scheduleGroupName)
      .setEnv("DIGEST_FUNCTION_ARN", sender.functionArn)
      .setEnv("DIGEST_SCHEDULER_ROLE_ARN", role.roleArn);
    if (manager.role) role.grantPassRole(manager.role);
    const schedulesPolicy = new Policy(this, "DigestSubscriptionsSchedulerPolicy", {
      roles: manager.role ? [manager.role] : [],
      statements: [
        new PolicyStatement({
          actions: ["scheduler:CreateSchedule", "scheduler:UpdateSchedule", "scheduler:DeleteSchedule"],
          resources: [`arn:${this.partition}:scheduler:${this.region}:${this.account}:schedule/${groupName}/digest-*`],
        }),
      ],
    });
    Validations.of(schedulesPolicy).acknowledge({
      id: `AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:scheduler:<AWS::Region>:<AWS::AccountId>:schedule/${groupName}/digest-*]`,
      reason:
        "Subscriptions are created through the API at run time; the function may manage only digest-* schedules in the digest group.",
    });
    const senderId = this.getLogicalId(sender.node.defaultChild as CfnElement);
    Validations.of(role).acknowledge({
      id: `AwsSolutions-IAM5[Resource::<${senderId}.Arn>:*]`,
      reason:
        "The Scheduler target grant (LambdaInvoke) covers the digest sender and its versions; the role can invoke nothing else.",
    });
    for (const sub of subscriptions) {
      const { expression, timeZone } = digestSchedule(sub);
      new DigestSchedule(this, `DigestSchedule-${sub.id}`, {
        scheduleGroup: group,
        description: `hearback weekly digest ${sub.id}${sub.team ? ` (${sub.team})` : ""}`,
        schedule: ScheduleExpression.expression(expression, TimeZone.of(timeZone)),
        target: new LambdaInvoke(sender, {
          role,
          input: ScheduleTargetInput.fromObject({ subscription: sub.id }),
          retryAttempts: 2,
          maxEventAge: Duration.hours(1),
        }),
      });
    }
  }
}

import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { Duration, RemovalPolicy, Validations } from "aws-cdk-lib";
import type { ITable } from "aws-cdk-lib/aws-dynamodb";
import { Grant } from "aws-cdk-lib/aws-iam";
import { Architecture, LoggingFormat, Runtime, Tracing } from "aws-cdk-lib/aws-lambda";
import { NodejsFunction } from "aws-cdk-lib/aws-lambda-nodejs";
import { LogGroup, RetentionDays } from "aws-cdk-lib/aws-logs";
import type { ISecret } from "aws-cdk-lib/aws-secretsmanager";
import type { IQueue } from "aws-cdk-lib/aws-sqs";
import type { Construct } from "constructs";
import type { Config } from "#shared/platform/config";
import { type FunctionName, functions, table as tableSpec } from "#shared/platform/resources";
import { cdkBundling } from "./bundling.ts";

/** Entries in shared/resources.ts are relative to the repository root, wherever the CDK app runs from. */
const repoRoot = fileURLToPath(new URL("../", import.meta.url));

type EnvName = keyof Config;
type QueueEnvName = Extract<EnvName, "QUEUE_URL" | "DLQ_URL">;

export type TableAccess = "read" | "readWrite";

/**
 * Item-level DynamoDB actions per access level. TransactWriteItems/TransactGetItems are authorised through
 * the item actions they contain (Put/Update/Delete/ConditionCheck, Get), so they need no entry of their own.
 */
export const tableActions = {
  read: ["dynamodb:GetItem", "dynamodb:BatchGetItem", "dynamodb:Query"],
  readWrite: [
    "dynamodb:GetItem",
    "dynamodb:BatchGetItem",
    "dynamodb:Query",
    "dynamodb:PutItem",
    "dynamodb:UpdateItem",
    "dynamodb:DeleteItem",
    "dynamodb:BatchWriteItem",
    "dynamodb:ConditionCheckItem",
  ],
} as const satisfies Record<TableAccess, readonly string[]>;

export interface AppFunctionProps {
  /** Key of `functions` in shared/resources.ts: entry, memory and timeout come from there. */
  readonly name: FunctionName;
  readonly description?: string;
}

/**
 * The one place that holds hearback's Lambda defaults. Grants go through the helpers below, which set the
 * matching environment variable in the same call, so a function never holds a permission without knowing
 * the resource it is for, nor a name it may not use.
 */
export class AppFunction extends NodejsFunction {
  constructor(scope: Construct, id: string, props: AppFunctionProps) {
    const spec = functions[props.name];
    // Created explicitly (not by the Lambda service on first invoke) so retention and removal are ours.
    const logGroup = new LogGroup(scope, `${id}Logs`, {
      retention: RetentionDays.ONE_MONTH,
      removalPolicy: RemovalPolicy.DESTROY,
    });

    super(scope, id, {
      entry: join(repoRoot, spec.entry),
      handler: "handler",
      projectRoot: repoRoot,
      depsLockFilePath: join(repoRoot, "package-lock.json"),
      description: `hearback ${props.name}${props.description ? `: ${props.description}` : ""}`,
      runtime: Runtime.NODEJS_22_X,
      architecture: Architecture.ARM_64,
      memorySize: spec.memoryMb,
      timeout: Duration.seconds(spec.timeoutSeconds),
      ...(spec.reservedConcurrency !== undefined && { reservedConcurrentExecutions: spec.reservedConcurrency }),
      tracing: Tracing.ACTIVE,
      logGroup,
      loggingFormat: LoggingFormat.JSON,
      environment: {
        POWERTOOLS_SERVICE_NAME: "hearback",
        NODE_OPTIONS: "--enable-source-maps",
      },
      // ESM, minified, source maps, AWS SDK bundled: infra/bundling.ts, shared with the cold-start bench.
      bundling: cdkBundling,
    });

    Validations.of(this).acknowledge({
      id: "AwsSolutions-L1",
      reason:
        "Pinned to nodejs22.x on purpose: the code is built and tested on Node 22 semantics; moving to a newer runtime is a deliberate upgrade, not a side effect of a CDK bump.",
    });
    if (this.role) {
      Validations.of(this.role).acknowledge(
        {
          id: "AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]",
          reason:
            "AWSLambdaBasicExecutionRole only grants logs:CreateLogStream and logs:PutLogEvents, which every function needs to write to its own log group.",
        },
        {
          id: "AwsSolutions-IAM5[Resource::*]",
          reason:
            "Active tracing adds xray:PutTraceSegments and xray:PutTelemetryRecords, which do not support resource-level permissions and require Resource '*'.",
        },
      );
    }
  }

  /**
   * Grants table access and sets TABLE_NAME. The actions are hearback's own, narrower than CDK's
   * `grantReadData`/`grantReadWriteData`: no Scan (the architecture forbids it in every path), no DescribeTable,
   * no stream reads. Indexes from shared/resources.ts are granted by name and for Query only, so the policy has
   * no `index/*` wildcard.
   */
  useTable(table: ITable, access: TableAccess): this {
    Grant.addToPrincipal({ grantee: this, actions: [...tableActions[access]], resourceArns: [table.tableArn] });
    Grant.addToPrincipal({
      grantee: this,
      actions: ["dynamodb:Query"],
      resourceArns: tableSpec.globalSecondaryIndexes.map((index) => `${table.tableArn}/index/${index.indexName}`),
    });
    if (access === "read") table.encryptionKey?.grantDecrypt(this);
    else table.encryptionKey?.grantEncryptDecrypt(this);
    this.setEnv("TABLE_NAME", table.tableName);
    return this;
  }

  /** Grants sqs:SendMessage (and the KMS use it needs, if any) and sets the queue's URL under `envName`. */
  sendsTo(queue: IQueue, envName: QueueEnvName): this {
    queue.grantSendMessages(this);
    this.setEnv(envName, queue.queueUrl);
    return this;
  }

  /** Grants sqs:GetQueueAttributes only (queue depth for health checks) and sets the URL under `envName`. */
  watches(queue: IQueue, envName: QueueEnvName): this {
    queue.grant(this, "sqs:GetQueueAttributes");
    this.setEnv(envName, queue.queueUrl);
    return this;
  }

  /** Grants secretsmanager:GetSecretValue on the survey signing keys and sets SURVEY_KEYS_SECRET_ARN. */
  readsSigningKeys(secret: ISecret): this {
    secret.grantRead(this);
    this.setEnv("SURVEY_KEYS_SECRET_ARN", secret.secretArn);
    return this;
  }

  /** Sets a variable that shared/platform/config.ts reads; the name is checked against its schema at compile time. */
  setEnv(name: EnvName, value: string): this {
    this.addEnvironment(name, value);
    return this;
  }
}

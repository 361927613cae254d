import { Duration, RemovalPolicy, Stack, type StackProps, Validations } from "aws-cdk-lib";
import { AttributeType, BillingMode, ProjectionType, Table, TableEncryption } from "aws-cdk-lib/aws-dynamodb";
import { Secret } from "aws-cdk-lib/aws-secretsmanager";
import { Queue, QueueEncryption } from "aws-cdk-lib/aws-sqs";
import type { Construct } from "constructs";
import { queues, table } from "#shared/platform/resources";

/**
 * Everything that holds data lives here, apart from the code that changes daily: the service stack can be
 * destroyed and redeployed without touching a single item or message. Shapes come from shared/resources.ts,
 * the same definition the local runtime bootstraps from; physical names are left to CloudFormation.
 */
export class StatefulStack extends Stack {
  readonly table: Table;
  readonly ingestQueue: Queue;
  readonly deadLetterQueue: Queue;
  readonly surveySigningKeys: Secret;

  constructor(scope: Construct, id: string, props?: StackProps) {
    super(scope, id, props);

    this.table = new Table(this, "Table", {
      partitionKey: { name: table.partitionKey, type: AttributeType.STRING },
      sortKey: { name: table.sortKey, type: AttributeType.STRING },
      billingMode: BillingMode.PAY_PER_REQUEST,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      encryption: TableEncryption.AWS_MANAGED,
      timeToLiveAttribute: table.timeToLiveAttribute,
      deletionProtection: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    for (const index of table.globalSecondaryIndexes) {
      this.table.addGlobalSecondaryIndex({
        indexName: index.indexName,
        partitionKey: { name: index.partitionKey, type: AttributeType.STRING },
        sortKey: { name: index.sortKey, type: AttributeType.STRING },
        projectionType: ProjectionType.ALL,
      });
    }

    // Signs survey links. Rotate by putting {"keys": [new, old]} in the secret: the first signs,
    // all verify, so links already sent keep working until they expire.
    this.surveySigningKeys = new Secret(this, "SurveySigningKeys", {
      description: "hearback survey link signing keys",
      generateSecretString: {
        secretStringTemplate: JSON.stringify({ id: "k1" }),
        generateStringKey: "secret",
        passwordLength: 48,
        excludePunctuation: true,
      },
      removalPolicy: RemovalPolicy.RETAIN,
    });
    Validations.of(this.surveySigningKeys).acknowledge({
      id: "AwsSolutions-SMG4",
      reason:
        "Rotation of survey signing keys is a two-step, overlapping change (new key first, old key kept until its links expire), done by the operator; an automatic single-value rotation would break every link already sent.",
    });

    this.deadLetterQueue = new Queue(this, "IngestDeadLetterQueue", {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(queues.ingestDeadLetter.retentionDays),
      removalPolicy: RemovalPolicy.RETAIN,
    });

    this.ingestQueue = new Queue(this, "IngestQueue", {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(queues.ingest.retentionDays),
      visibilityTimeout: Duration.seconds(queues.ingest.visibilityTimeoutSeconds),
      deadLetterQueue: { queue: this.deadLetterQueue, maxReceiveCount: queues.ingest.maxReceiveCount },
      removalPolicy: RemovalPolicy.RETAIN,
    });
  }
}

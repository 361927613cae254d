import { Duration, RemovalPolicy, Stack, type StackProps } from "aws-cdk-lib";
import { AttributeType, BillingMode, ProjectionType, Table, TableEncryption } from "aws-cdk-lib/aws-dynamodb";
import { Queue, QueueEncryption } from "aws-cdk-lib/aws-sqs";
import type { Construct } from "constructs";
import { queues, table } from "#shared/resources";

/**
 * Everything that holds data lives here, apart from the code that changes daily: the service stack can be
 * destroyed and redeployed without touching a single item or message. Shapes come from shared/resources.ts,
 * the same definition the local runtime bootstraps from; physical names are left to CloudFormation.
 */
export class StatefulStack extends Stack {
  readonly table: Table;
  readonly ingestQueue: Queue;
  readonly deadLetterQueue: Queue;

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

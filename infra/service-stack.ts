import { type CfnElement, CfnOutput, Stack, type StackProps } from "aws-cdk-lib";
import type { Construct } from "constructs";
import type { DigestSubscription } from "#shared/digest/model/subscriptions";
import type { FunctionName } from "#shared/platform/resources";
import type { AppFunction } from "./app-function.ts";
import { flatLogicalId, type StatefulResources } from "./constructs/capability.ts";
import { DataRights } from "./constructs/data-rights.ts";
import { Digests } from "./constructs/digests.ts";
import { FailedJobs } from "./constructs/failed-jobs.ts";
import { FollowUp } from "./constructs/follow-up.ts";
import { PublicApi } from "./constructs/http-api.ts";
import { IngestPipeline } from "./constructs/ingest-pipeline.ts";
import { ModelTraining } from "./constructs/model-training.ts";
import { Monitoring } from "./constructs/monitoring.ts";
import { Notifications } from "./constructs/notifications.ts";
import { Observability } from "./constructs/observability.ts";
import { SupportLeadIdentity } from "./constructs/support-lead-identity.ts";
import { Surveys } from "./constructs/surveys.ts";
import { Webhooks } from "./constructs/webhooks.ts";
import { type DeployConfig, settingsFor } from "./deploy-config.ts";

export interface ServiceStackProps extends StackProps {
  readonly stateful: StatefulResources;
  /** Digest subscriptions from the deployment's config file (more can be added through the API). */
  readonly digestSubscriptions?: readonly DigestSubscription[];
  /** The deployment's settings (infra/deploy-config.ts): senders, recipients, rules, public address, sign-in. */
  readonly deployConfig?: DeployConfig;
}

/**
 * The stateless half, one construct per capability: functions, the HTTP API and their wiring. Safe to destroy and
 * redeploy; it only references the stateful stack's resources (the support leads' user pool, retained, is the
 * exception that predates the split).
 */
export class ServiceStack extends Stack {
  readonly identity: SupportLeadIdentity;
  readonly notifications: Notifications;
  readonly failedJobs: FailedJobs;
  readonly ingest: IngestPipeline;
  readonly observability: Observability;
  readonly surveys: Surveys;
  readonly modelTraining: ModelTraining;
  readonly followUp: FollowUp;
  readonly digests: Digests;
  readonly dataRights: DataRights;
  readonly webhooks: Webhooks;
  readonly api: PublicApi;
  readonly monitoring: Monitoring;
  readonly functions: Record<FunctionName, AppFunction>;

  constructor(scope: Construct, id: string, props: ServiceStackProps) {
    super(scope, id, props);
    const { stateful } = props;
    const deployConfig = props.deployConfig ?? {};
    this.identity = new SupportLeadIdentity(this, "SupportLeadIdentity", { signIn: deployConfig.signIn });
    this.failedJobs = new FailedJobs(this, "JobFailures");
    const failedJobs = this.failedJobs;
    this.notifications = new Notifications(this, "Notifications", { stateful, failedJobs });
    const notifications = this.notifications;
    // First of the capabilities with functions: it checks the analyzer context before anything is bundled.
    this.ingest = new IngestPipeline(this, "IngestPipeline", {
      stateful,
      notifications,
      workerMaxConcurrency: deployConfig.workerMaxConcurrency,
    });
    this.observability = new Observability(this, "Observability", { stateful });
    this.surveys = new Surveys(this, "Surveys", { stateful, notifications });
    this.modelTraining = new ModelTraining(this, "ModelTraining", { stateful, failedJobs });
    this.followUp = new FollowUp(this, "FollowUp", {
      stateful,
      identity: this.identity,
      notifications,
      failedJobs,
    });
    this.digests = new Digests(this, "Digests", {
      stateful,
      notifications,
      subscriptions: props.digestSubscriptions ?? [],
      failedJobs,
    });
    this.dataRights = new DataRights(this, "DataRights", { stateful });
    // Not "Webhooks": a capability's id must not begin its functions' logical ids (WebhooksApi).
    this.webhooks = new Webhooks(this, "WebhookDelivery", { stateful, notifications, failedJobs });
    this.functions = {
      ...this.notifications.functions,
      ...this.ingest.functions,
      ...this.observability.functions,
      ...this.surveys.functions,
      ...this.modelTraining.functions,
      ...this.followUp.functions,
      ...this.digests.functions,
      ...this.dataRights.functions,
      ...this.webhooks.functions,
    };
    this.api = new PublicApi(this, "PublicApi", { functions: this.functions });
    for (const [name, fn] of Object.entries(this.functions) as [FunctionName, AppFunction][]) {
      for (const [key, value] of Object.entries(settingsFor(name, deployConfig)))
        fn.setEnv(key as Parameters<AppFunction["setEnv"]>[0], value);
    }
    // Links in what the functions without a route send (task emails, digests) point at the API's own address
    // unless the deployment has a public one; routed functions link to the host a request came in on.
    if (!deployConfig.publicBaseUrl) {
      for (const name of ["enrich-feedback", "sweep-tasks", "send-digests", "deliver-webhooks"] as const) {
        this.functions[name].setEnv("PUBLIC_BASE_URL", this.api.url);
      }
    }
    this.monitoring = new Monitoring(this, "Monitoring", {
      stateful,
      functions: this.functions,
      api: this.api.api,
      failedJobs: failedJobs.queue,
      webhooks: this.webhooks,
    });

    new CfnOutput(this, "TableName", { value: stateful.table.tableName });
    new CfnOutput(this, "IngestQueueUrl", { value: stateful.ingestQueue.queueUrl });
    new CfnOutput(this, "DeadLetterQueueUrl", { value: stateful.deadLetterQueue.queueUrl });
    new CfnOutput(this, "FailedJobsQueueUrl", { value: failedJobs.queue.queueUrl });
  }

  /**
   * Capabilities group resources in the tree but not in logical ids: each resource keeps the id it had when this
   * stack held everything directly, so regrouping never replaces a deployed resource.
   */
  protected override allocateLogicalId(element: CfnElement): string {
    return flatLogicalId(element);
  }
}

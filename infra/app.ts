import { existsSync, readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { App, type Environment, Tags, Validations } from "aws-cdk-lib";
import { AwsSolutionsChecks } from "cdk-nag";
import { type DigestSubscription, DigestSubscriptions } from "#shared/digest/model/subscriptions";
import { type DeployConfig, deployConfigFromContext } from "./deploy-config.ts";
import { ServiceStack } from "./service-stack.ts";
import { StatefulStack } from "./stateful-stack.ts";

export interface BuildAppOptions {
  /** Context on top of what the CDK CLI passes (tests give cdk.json's feature flags here). */
  readonly context?: Record<string, unknown>;
  /** Account and region to pin the stacks to; environment-agnostic without. */
  readonly env?: Environment;
  /**
   * Where the cloud assembly goes (the CLI sets it through the environment; otherwise a fresh temporary directory).
   * Apps built in one process with the same outdir share their bundles: CDK caches assets per output directory.
   */
  readonly outdir?: string;
  /**
   * Digest subscriptions kept with the deployment. Without them, they are read from the file named by
   * `-c digestSubscriptions=path` (default digest-subscriptions.json in the working directory), if it exists; more
   * can be added through the API at run time.
   */
  readonly digestSubscriptions?: readonly DigestSubscription[];
}

const subscriptionsFromContext = (app: App): DigestSubscription[] => {
  const file = resolve(String(app.node.tryGetContext("digestSubscriptions") ?? "digest-subscriptions.json"));
  return existsSync(file) ? DigestSubscriptions.parse(JSON.parse(readFileSync(file, "utf8"))) : [];
};

/**
 * The deploy config's single values become the context keys the constructs already read and check (a `-c` on the
 * command line still wins); its subscriptions, inline or a file beside it, replace digest-subscriptions.json.
 */
const applyDeployConfig = (
  app: App,
  config: DeployConfig,
  file: string | undefined,
): DigestSubscription[] | undefined => {
  const asContext = {
    alarmEmail: config.alarmEmail,
    analyzer: config.analyzer,
    piiDetection: config.piiDetection,
    digestLinkDays: config.digestLinkDays,
    originalsRetentionDays: config.originalsRetentionDays,
  };
  for (const [key, value] of Object.entries(asContext)) {
    if (value !== undefined && app.node.tryGetContext(key) === undefined) app.node.setContext(key, value);
  }
  const subs = config.digestSubscriptions;
  if (typeof subs !== "string") return subs;
  const path = resolve(file ? dirname(file) : ".", subs);
  if (!existsSync(path)) throw new Error(`${file}: digestSubscriptions names ${path}, which does not exist`);
  return DigestSubscriptions.parse(JSON.parse(readFileSync(path, "utf8")));
};

/**
 * Builds hearback's CDK app: the stateful stack, the service stack that references it, the project tag and
 * cdk-nag. Nothing is synthesized here: infra/main.ts does that for the CLI, tests through `Template.fromStack`.
 */
export const buildApp = (options: BuildAppOptions = {}) => {
  const app = new App({ context: options.context, outdir: options.outdir, autoSynth: false });
  const { env } = options;
  const { config: deployConfig, file: deployConfigFile } = deployConfigFromContext(app);
  const configuredSubscriptions = applyDeployConfig(app, deployConfig, deployConfigFile);
  const stateful = new StatefulStack(app, "HearbackStateful", {
    env,
    description: "hearback: table and queues (retained on delete)",
  });
  const service = new ServiceStack(app, "HearbackService", {
    env,
    description: "hearback: functions and HTTP API",
    stateful,
    digestSubscriptions: options.digestSubscriptions ?? configuredSubscriptions ?? subscriptionsFromContext(app),
    deployConfig,
  });

  Tags.of(app).add("project", "hearback");
  // cdk-nag 3 is a policy-validation plugin (not an Aspect): unacknowledged findings fail `cdk synth`.
  const nag = new AwsSolutionsChecks(app, { verbose: true });
  Validations.of(app).addPlugins(nag);
  return { app, stateful, service, nag };
};

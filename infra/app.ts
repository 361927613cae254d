import { existsSync, readFileSync } from "node:fs";
import { resolve } from "node:path";
import { App, type Environment, Tags, Validations } from "aws-cdk-lib";
import { AwsSolutionsChecks } from "cdk-nag";
import { DigestSubscriptions } from "#shared/digest/model/subscriptions";
import { ServiceStack } from "./service-stack.ts";
import { StatefulStack } from "./stateful-stack.ts";

const app = new App();

// Pinned to the CLI's account/region when it knows them; otherwise environment-agnostic, so synth works offline.
const account = process.env.CDK_DEFAULT_ACCOUNT;
const region = process.env.CDK_DEFAULT_REGION;
const env: Environment | undefined = account && region ? { account, region } : undefined;

// Digest subscriptions kept with the deployment (`-c digestSubscriptions=path`, default
// digest-subscriptions.json beside package.json); more can be added through the API at run time.
const subscriptionsFile = resolve(String(app.node.tryGetContext("digestSubscriptions") ?? "digest-subscriptions.json"));
const digestSubscriptions = existsSync(subscriptionsFile)
  ? DigestSubscriptions.parse(JSON.parse(readFileSync(subscriptionsFile, "utf8")))
  : [];

const stateful = new StatefulStack(app, "HearbackStateful", {
  env,
  description: "hearback: table and queues (retained on delete)",
});
new ServiceStack(app, "HearbackService", {
  env,
  description: "hearback: functions and HTTP API",
  table: stateful.table,
  ingestQueue: stateful.ingestQueue,
  deadLetterQueue: stateful.deadLetterQueue,
  surveySigningKeys: stateful.surveySigningKeys,
  digestSubscriptions,
});

Tags.of(app).add("project", "hearback");
// cdk-nag 3 is a policy-validation plugin (not an Aspect): unacknowledged findings fail `cdk synth`.
Validations.of(app).addPlugins(new AwsSolutionsChecks(app, { verbose: true }));

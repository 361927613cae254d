import type { Environment } from "aws-cdk-lib";
import { buildApp } from "./app.ts";

// The CDK CLI's entry (cdk.json "app"), and the only module that synthesizes on import.
// Pinned to the CLI's account/region when it knows them; otherwise environment-agnostic, so synth works offline.
const account = process.env.CDK_DEFAULT_ACCOUNT;
const region = process.env.CDK_DEFAULT_REGION;
const env: Environment | undefined = account && region ? { account, region } : undefined;

buildApp({ env }).app.synth();

import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type CfnElement, Stack } from "aws-cdk-lib";
import { Match, Template } from "aws-cdk-lib/assertions";
import type { IConstruct } from "constructs";
import { DigestSubscription } from "#shared/digest/model/subscriptions";
import type { FunctionName } from "#shared/platform/resources";
import { buildApp } from "../../infra/app.ts";
import type { AppFunction } from "../../infra/app-function.ts";

export type Json = Record<string, unknown>;
interface Statement {
  Effect: string;
  Action: string | string[];
  Resource: unknown;
}

/**
 * Bundling every function with esbuild is most of a build: a file builds its apps once, in its beforeAll, and all
 * of them share this output directory, so only the first one bundles (CDK caches assets per output directory).
 */
export const SYNTH_TIMEOUT_MS = 600_000;
const outdir = mkdtempSync(join(tmpdir(), "hearback-infra-"));

/** The feature flags the CLI uses, so the tests synthesize what `cdk synth` does. */
const cdkContext = (JSON.parse(readFileSync(new URL("../../cdk.json", import.meta.url), "utf8")) as { context: Json })
  .context;

/** As if read from the deployment's digest-subscriptions.json. */
export const configuredDigests = [
  DigestSubscription.parse({ id: "organization", recipients: ["vp@example.com"], locale: "zh-Hans" }),
  DigestSubscription.parse({
    id: "delivery-team",
    team: "logistics",
    recipients: ["delivery@example.com"],
    timeZone: "Europe/Berlin",
    weekday: 5,
    hour: 16,
  }),
];

/** hearback's app from infra/app.ts, with cdk.json's context (and `context` on top) and the digests above. */
export const build = (context: Json = {}) =>
  buildApp({ context: { ...cdkContext, ...context }, digestSubscriptions: configuredDigests, outdir });

export const logicalId = (construct: IConstruct | undefined): string => {
  const element = construct?.node.defaultChild as CfnElement | undefined;
  if (!element) throw new Error(`no CloudFormation resource under ${construct?.node.path}`);
  return Stack.of(element).getLogicalId(element);
};

/**
 * A built app with its templates (Template.fromStack synthesizes it, cdk-nag included: an unacknowledged finding
 * throws here), the stateful resources' logical ids, and lookups for the functions.
 */
export const synthesize = (context: Json = {}) => {
  const built = build(context);
  const stateful = Template.fromStack(built.stateful);
  const service = Template.fromStack(built.service);
  const ids = {
    table: logicalId(built.stateful.table),
    ingest: logicalId(built.stateful.ingestQueue),
    dlq: logicalId(built.stateful.deadLetterQueue),
  };
  const fn = (name: FunctionName): AppFunction => built.service.functions[name];
  const fnId = (name: FunctionName): string => logicalId(fn(name));
  const fnProps = (name: FunctionName): Json =>
    (service.toJSON().Resources as Record<string, { Properties: Json }>)[fnId(name)]?.Properties ?? {};
  return { ...built, templates: { stateful, service }, ids, fn, fnId, fnProps };
};
export type Synthesized = ReturnType<typeof synthesize>;

const asList = (value: string | string[]): string[] => (Array.isArray(value) ? value : [value]);
export const mentions = (value: unknown, id: string): boolean => JSON.stringify(value).includes(id);
export const sorted = (values: readonly string[]): string[] => [...values].sort();

/** Every statement of every IAM policy attached to the function's role (the default policy and any other). */
const statementsOf = (template: Template, fn: AppFunction): Statement[] => {
  const roleId = logicalId(fn.role);
  const policies = template.findResources("AWS::IAM::Policy", {
    Properties: { Roles: Match.arrayWith([{ Ref: roleId }]) },
  });
  return Object.values(policies).flatMap(
    (policy) =>
      (policy as { Properties: { PolicyDocument: { Statement: Statement[] } } }).Properties.PolicyDocument.Statement,
  );
};

/**
 * Allowed actions per resource, one row per (statement, resource) so that merged statements cannot hide what is
 * granted on what. `resource` is the JSON of the reference ("*" stays "*").
 */
export const grantsOf = (template: Template, fn: AppFunction): { resource: string; actions: string[] }[] =>
  statementsOf(template, fn)
    .filter((s) => s.Effect === "Allow")
    .flatMap((s) =>
      (Array.isArray(s.Resource) ? s.Resource : [s.Resource]).map((r) => ({
        resource: r === "*" ? "*" : JSON.stringify(r),
        actions: asList(s.Action),
      })),
    );

/** Allowed actions on resources matching `where` (e.g. mentioning a logical id), de-duplicated and sorted. */
const actionsWhere = (template: Template, fn: AppFunction, where: (resource: string) => boolean): string[] =>
  [...new Set(grantsOf(template, fn).flatMap((g) => (where(g.resource) ? g.actions : [])))].sort();

/** Allowed actions on the resource whose reference mentions `resourceId` (a logical id), or on "*". */
export const actionsOn = (template: Template, fn: AppFunction, resourceId: string): string[] =>
  actionsWhere(template, fn, (r) =>
    resourceId === "*" ? r === "*" : r.includes(resourceId) && !r.includes("/index/"),
  );

export const allActions = (template: Template, fn: AppFunction): string[] =>
  statementsOf(template, fn).flatMap((s) => asList(s.Action));

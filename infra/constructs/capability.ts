import { type CfnElement, Names, Stack } from "aws-cdk-lib";
import type { ITable } from "aws-cdk-lib/aws-dynamodb";
import type { ISecret } from "aws-cdk-lib/aws-secretsmanager";
import type { IQueue } from "aws-cdk-lib/aws-sqs";
import { Construct, type IConstruct, RootConstruct } from "constructs";
import { OriginalsRetentionDays } from "#shared/platform/config";
import type { FunctionName } from "#shared/platform/resources";
import { AppFunction } from "../app-function.ts";

/** The stateful stack's resources, as the service stack's capabilities use them. */
export interface StatefulResources {
  readonly table: ITable;
  readonly ingestQueue: IQueue;
  readonly deadLetterQueue: IQueue;
  readonly surveySigningKeys: ISecret;
}

/**
 * `-c originalsRetentionDays=N`: how long the texts as written and customers' contact fields are
 * kept (`ORIGINALS_RETENTION_DAYS`); undefined leaves the functions' default. A value the functions
 * would refuse fails the synth instead of their cold start.
 */
export const retentionFromContext = (scope: Construct): string | undefined => {
  const raw: unknown = scope.node.tryGetContext("originalsRetentionDays");
  if (raw === undefined) return undefined;
  const days = OriginalsRetentionDays.safeParse(String(raw));
  if (!days.success)
    throw new Error(`Context "originalsRetentionDays" must be a whole number from 1 to 3650; got ${String(raw)}`);
  return String(days.data);
};

/** `post-feedback` → `PostFeedback`: a function's construct id, from which its logical ids derive. */
export const functionId = (name: FunctionName): string =>
  name.replace(/(^|-)([a-z])/g, (_match, _dash: string, letter: string) => letter.toUpperCase());

/**
 * One product capability's part of a stack (the ingest pipeline, surveys, follow-up...). It groups its
 * resources in the construct tree, so paths (`cdk.out/tree.json`, `aws:cdk:path`) read by capability, but it
 * takes no part in their names: see `flatLogicalId`.
 */
export class Capability extends Construct {
  /** A function of this capability; its construct id comes from its name. */
  protected fn(name: FunctionName, description: string): AppFunction {
    return new AppFunction(this, functionId(name), { name, description });
  }
}

/** The ids from below the app root down to `construct`, without the capabilities on the way. */
const flatPath = (construct: IConstruct): string[] =>
  construct.node.scopes
    .slice(1)
    .filter((scope) => !(scope instanceof Capability))
    .map((scope) => scope.node.id);

/** CDK's unique id (`Names.uniqueId`) of a path, computed on a detached tree so that the algorithm stays CDK's. */
const uniqueIdOf = (path: readonly string[]): string => {
  let scope: Construct = new RootConstruct();
  for (const id of path) scope = new Construct(scope, id);
  return Names.uniqueId(scope);
};

/**
 * `Names.uniqueId` of `construct` (or of its child `childId`, before that child exists) as if no capability stood
 * in its path. Names CDK generates, such as an event bus's, derive from it.
 */
export const flatUniqueId = (construct: IConstruct, childId?: string): string =>
  uniqueIdOf(childId === undefined ? flatPath(construct) : [...flatPath(construct), childId]);

/**
 * The logical id CDK would allocate to `element` (named `id`, by default its own) if no capability stood in its
 * path: the id it had when the service stack held every resource directly. A logical id names a deployed
 * resource, so a changed one would replace it (a new user pool, without the leads' accounts) on the next deploy.
 */
export const flatLogicalId = (element: CfnElement, id: string = element.node.id): string => {
  const parent = element.node.scope;
  if (!parent) throw new Error(`${element.node.path} has no scope`);
  return uniqueIdOf([...flatPath(parent), id].slice(flatPath(Stack.of(element)).length));
};

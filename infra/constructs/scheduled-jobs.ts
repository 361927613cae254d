import { CfnElement, Names } from "aws-cdk-lib";
import { Rule, Schedule } from "aws-cdk-lib/aws-events";
import { LambdaFunction } from "aws-cdk-lib/aws-events-targets";
import type { Construct } from "constructs";
import { type FunctionName, schedules } from "#shared/platform/resources";
import type { AppFunction } from "../app-function.ts";
import { flatLogicalId, flatUniqueId, functionId } from "./capability.ts";
import type { FailedJobs } from "./failed-jobs.ts";

/**
 * The EventBridge rules for the jobs in shared/platform/resources.ts that `functions` run on AWS (the local
 * runtime reads the same list for its timers). A run that fails for good, or that EventBridge cannot deliver,
 * is parked in the failed-jobs queue, never dropped.
 */
export const scheduleJobs = (
  scope: Construct,
  functions: Partial<Record<FunctionName, AppFunction>>,
  failedJobs: FailedJobs,
): void => {
  for (const job of schedules) {
    const fn = functions[job.fn];
    if (!fn || ("onAws" in job && job.onAws === false)) continue;
    failedJobs.catchFailuresOf(fn);
    const rule = new Rule(scope, `${functionId(job.fn)}Schedule`, {
      description: job.description,
      schedule: Schedule.cron({ hour: job.cron.hour, minute: job.cron.minute }),
      targets: [new LambdaFunction(fn, { retryAttempts: 2, deadLetterQueue: failedJobs.queue })],
    });
    // The target names its invoke permission after the function's unique id, which now includes the
    // capability; the permission keeps the logical id it had before capabilities grouped the stack.
    const permission = rule.node.tryFindChild(`AllowEventRule${Names.nodeUniqueId(fn.node)}`);
    if (!(permission instanceof CfnElement)) throw new Error(`No invoke permission found under ${rule.node.path}`);
    permission.overrideLogicalId(flatLogicalId(permission, `AllowEventRule${flatUniqueId(fn)}`));
  }
};

import type { Construct } from "constructs";
import type { AppFunction } from "../app-function.ts";
import { Capability, type StatefulResources } from "./capability.ts";
import type { FailedJobs } from "./failed-jobs.ts";
import { scheduleJobs } from "./scheduled-jobs.ts";

/** The learned analyzer's upkeep: a daily job re-trains the sentiment model from the comments scored so far. */
export class ModelTraining extends Capability {
  readonly functions: Record<"train-model", AppFunction>;

  constructor(
    scope: Construct,
    id: string,
    props: { readonly stateful: StatefulResources; readonly failedJobs: FailedJobs },
  ) {
    super(scope, id);
    this.functions = {
      "train-model": this.fn("train-model", "re-trains the sentiment model from scored comments").useTable(
        props.stateful.table,
        "readWrite",
      ),
    };
    scheduleJobs(this, this.functions, props.failedJobs);
  }
}

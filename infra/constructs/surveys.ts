import type { Construct } from "constructs";
import type { AppFunction } from "../app-function.ts";
import { Capability, retentionFromContext, type StatefulResources } from "./capability.ts";
import type { Notifications } from "./notifications.ts";

/**
 * Surveys: the API that mints signed, expiring survey links, and the customer's page behind them, whose answers
 * join the ingest queue like any other feedback; and the page behind "is your problem solved?" after a follow-up
 * task is resolved, whose answer closes or reopens the task. All read the signing keys from the stateful stack's secret.
 */
export class Surveys extends Capability {
  readonly functions: Record<"create-survey-link" | "survey-page" | "confirm-resolution", AppFunction>;

  constructor(
    scope: Construct,
    id: string,
    props: { readonly stateful: StatefulResources; readonly notifications: Notifications },
  ) {
    super(scope, id);
    const { table, ingestQueue, surveySigningKeys } = props.stateful;
    this.functions = {
      "create-survey-link": this.fn("create-survey-link", "mints signed survey links")
        .useTable(table, "readWrite")
        .readsSigningKeys(surveySigningKeys),
      "survey-page": this.fn("survey-page", "serves the survey page and records answers")
        .useTable(table, "readWrite")
        .sendsTo(ingestQueue, "QUEUE_URL")
        .readsSigningKeys(surveySigningKeys),
      // "Is your problem solved?": the same kind of signed link, answered on the task itself; a "no" that reopens
      // the task is told to the bus (task.reopened), so the page may put events on it, and send nothing else.
      "confirm-resolution": props.notifications.publishesEvents(
        this.fn("confirm-resolution", "asks customers whether a resolved problem is solved")
          .useTable(table, "readWrite")
          .readsSigningKeys(surveySigningKeys),
      ),
    };
    // A survey's item (the customer's contact fields) expires this long after its link.
    const retentionDays = retentionFromContext(this);
    if (retentionDays !== undefined)
      this.functions["create-survey-link"].setEnv("ORIGINALS_RETENTION_DAYS", retentionDays);
  }
}

import type { Construct } from "constructs";
import type { AppFunction } from "../app-function.ts";
import { Capability, type StatefulResources } from "./capability.ts";
import type { FailedJobs } from "./failed-jobs.ts";
import type { Notifications } from "./notifications.ts";
import { scheduleJobs } from "./scheduled-jobs.ts";
import type { SupportLeadIdentity } from "./support-lead-identity.ts";

export interface FollowUpProps {
  readonly stateful: StatefulResources;
  readonly identity: SupportLeadIdentity;
  readonly notifications: Notifications;
  readonly failedJobs: FailedJobs;
}

/**
 * Follow-up tasks after unhappy feedback: the tasks API (API keys for integrations, the triage session for
 * leads), the support leads' triage page, and the SLA sweep that escalates overdue tasks every few minutes.
 */
export class FollowUp extends Capability {
  readonly functions: Record<"tasks-api" | "triage" | "sweep-tasks", AppFunction>;

  constructor(scope: Construct, id: string, props: FollowUpProps) {
    super(scope, id);
    const { table, surveySigningKeys } = props.stateful;
    const { userPool, triageClient } = props.identity;
    this.functions = {
      // Resolving a task asks the customer "is your problem solved?" by email (SES).
      "tasks-api": props.notifications.notifies(
        this.fn("tasks-api", "follow-up tasks API")
          .useTable(table, "readWrite")
          .readsSigningKeys(surveySigningKeys)
          .setEnv("COGNITO_USER_POOL_ID", userPool.userPoolId)
          .setEnv("COGNITO_CLIENT_ID", triageClient.userPoolClientId),
      ),
      // Leads write to customers from the task page (SES).
      triage: props.notifications.notifies(
        this.fn("triage", "triage page for support leads")
          .useTable(table, "readWrite")
          .readsSigningKeys(surveySigningKeys)
          .setEnv("COGNITO_CLIENT_ID", triageClient.userPoolClientId),
      ),
      "sweep-tasks": props.notifications.notifies(
        this.fn("sweep-tasks", "escalates overdue follow-up tasks")
          .useTable(table, "readWrite")
          .readsSigningKeys(surveySigningKeys),
      ),
    };
    scheduleJobs(this, this.functions, props.failedJobs);
  }
}

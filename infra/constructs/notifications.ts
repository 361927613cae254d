import { Stack, Validations } from "aws-cdk-lib";
import { EventBus } from "aws-cdk-lib/aws-events";
import { Policy, PolicyStatement } from "aws-cdk-lib/aws-iam";
import type { Construct } from "constructs";
import type { AppFunction } from "../app-function.ts";
import { Capability, flatUniqueId } from "./capability.ts";

/**
 * How hearback tells people and systems: the task-event bus integrations subscribe to, and email through SES.
 * The worker (new tasks), the SLA sweep (escalations) and the digest sender use it.
 */
export class Notifications extends Capability {
  readonly bus: EventBus;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    this.bus = new EventBus(this, "TaskEvents", {
      description: "hearback follow-up task events",
      // The name CDK generated when the bus sat directly under the stack: a new name would replace the bus,
      // and integrations subscribe to it by name.
      eventBusName: flatUniqueId(this, "TaskEvents"),
    });
  }

  /** Lets `fn` put task events on the bus (EVENT_BUS_NAME) and send email from the operator's SES identities. */
  notifies(fn: AppFunction): AppFunction {
    const stack = Stack.of(this);
    this.bus.grantPutEventsTo(fn);
    fn.setEnv("EVENT_BUS_NAME", this.bus.eventBusName);
    const ses = new Policy(this, `${fn.node.id}SesPolicy`, {
      roles: fn.role ? [fn.role] : [],
      statements: [
        new PolicyStatement({
          actions: ["ses:SendEmail"],
          resources: [`arn:${stack.partition}:ses:${stack.region}:${stack.account}:identity/*`],
        }),
      ],
    });
    Validations.of(ses).acknowledge({
      id: "AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:ses:<AWS::Region>:<AWS::AccountId>:identity/*]",
      reason:
        "Task emails go out from the sender identity the operator verifies in SES at deploy time (NOTIFY_FROM); its name is not known to the template.",
    });
    return fn;
  }
}

import type { Construct } from "constructs";
import type { AppFunction } from "../app-function.ts";
import { Capability, type StatefulResources } from "./capability.ts";

/**
 * What operators watch: the health check, which reads the table and the depth of the ingest queue and its DLQ
 * (and nothing else on them). Each function's logs and traces come with `AppFunction`, the API's access logs
 * with the HTTP API.
 */
export class Observability extends Capability {
  readonly functions: Record<"health", AppFunction>;

  constructor(scope: Construct, id: string, props: { readonly stateful: StatefulResources }) {
    super(scope, id);
    const { table, ingestQueue, deadLetterQueue } = props.stateful;
    const health = this.fn("health", "reports table and queue health")
      .useTable(table, "read")
      .watches(ingestQueue, "QUEUE_URL")
      .watches(deadLetterQueue, "DLQ_URL");
    this.functions = { health };
  }
}

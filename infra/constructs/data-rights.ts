import type { Construct } from "constructs";
import type { AppFunction } from "../app-function.ts";
import { Capability, type StatefulResources } from "./capability.ts";

/**
 * Data rights: erasure and export of one customer's data, and the personal-data audit. Reads the signing
 * keys for the pseudonym key that keys the erasure register and names subjects in the audit.
 */
export class DataRights extends Capability {
  readonly functions: Record<"privacy-api", AppFunction>;

  constructor(scope: Construct, id: string, props: { readonly stateful: StatefulResources }) {
    super(scope, id);
    const { table, surveySigningKeys } = props.stateful;
    this.functions = {
      "privacy-api": this.fn("privacy-api", "erases and exports a customer's data; reads the audit")
        .useTable(table, "readWrite")
        .readsSigningKeys(surveySigningKeys),
    };
  }
}

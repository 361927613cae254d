import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { SESv2Client } from "@aws-sdk/client-sesv2";
import { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import { traced } from "./tracing.ts";

/**
 * The clients more than one capability uses, one per cold start. Endpoints come from the SDK's
 * standard variables (AWS_ENDPOINT_URL_DYNAMODB, ...), which the local runtime sets and AWS leaves
 * unset. A client only one capability uses is created in that capability's wiring.
 */
let documentClient: DynamoDBDocumentClient | undefined;
export const dynamo = (): DynamoDBDocumentClient => {
  documentClient ??= DynamoDBDocumentClient.from(traced(new DynamoDBClient({})), {
    marshallOptions: { removeUndefinedValues: true, convertClassInstanceToMap: false },
  });
  return documentClient;
};

let sesClient: SESv2Client | undefined;
export const ses = (): SESv2Client => {
  sesClient ??= traced(new SESv2Client({}));
  return sesClient;
};

/** What a capability's wiring needs to reach the table. */
export interface TableAccess {
  TABLE_NAME: string;
}

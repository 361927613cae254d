/** What a command talks to: the running local stack's API, or a table on AWS or in DynamoDB Local. */
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import { feedbackStore } from "#shared/feedback/wiring";
import { LOCAL_AWS_ENV } from "#shared/local/engines";
import { DEFAULT_LOCAL_API_KEY } from "#shared/local/stack";
import { table } from "#shared/platform/resources";

/** The running local stack's API (`npm start`), unless --url says otherwise. */
export const localApiUrl = (): string => `http://127.0.0.1:${process.env.PORT ?? 3000}`;
export const localApiKey = (): string => process.env.HEARBACK_API_KEY ?? DEFAULT_LOCAL_API_KEY;

/** The table a maintenance command works on: AWS by default, the running local stack with --local. */
export const tableFor = (opts: { table?: string | undefined; local?: boolean | undefined }) => {
  if (opts.local) {
    const client = new DynamoDBClient({
      endpoint: `http://127.0.0.1:${Number(process.env.PORT ?? 3000) + 1}`,
      region: LOCAL_AWS_ENV.AWS_REGION,
      credentials: {
        accessKeyId: LOCAL_AWS_ENV.AWS_ACCESS_KEY_ID,
        secretAccessKey: LOCAL_AWS_ENV.AWS_SECRET_ACCESS_KEY,
      },
    });
    return { config: { TABLE_NAME: opts.table ?? table.localName }, db: DynamoDBDocumentClient.from(client) };
  }
  if (!opts.table) throw new Error("name the table with --table (or set TABLE_NAME), or use --local");
  return { config: { TABLE_NAME: opts.table }, db: DynamoDBDocumentClient.from(new DynamoDBClient({})) };
};

export const feedbackStoreOn = ({ config, db }: ReturnType<typeof tableFor>) => feedbackStore(config, db);

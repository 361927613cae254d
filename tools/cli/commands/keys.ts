/** `hearback keys create`: mints an API key, prints it once and stores only its hash. */
import { randomBytes } from "node:crypto";
import { parseArgs } from "node:util";
import { hashApiKey } from "#shared/edge/middleware";
import { apiKeyStore } from "#shared/edge/wiring";
import { UsageError } from "../usage-error.ts";
import { tableFor } from "./targets.ts";

export const keys = async (args: string[]) => {
  const [verb, ...rest] = args;
  const { values } = parseArgs({
    args: rest,
    options: {
      name: { type: "string" },
      table: { type: "string", default: process.env.TABLE_NAME },
      local: { type: "boolean", default: false },
    },
  });
  if (verb !== "create" || !values.name) throw new UsageError();
  const key = `hb_${randomBytes(24).toString("base64url")}`;
  const { config, db } = tableFor(values);
  await apiKeyStore(config, db).put(hashApiKey(key), { name: values.name, createdAt: new Date().toISOString() });
  console.log(`API key "${values.name}" created. It is shown once; store it in your secrets manager:\n\n  ${key}\n`);
};

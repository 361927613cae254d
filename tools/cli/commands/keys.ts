/**
 * `hearback keys create|list|revoke`: mints an API key (printed once; only its hash is stored), lists the keys by
 * name, prefix and age, and revokes one. Rotating a key: create a new one, move the client to it, revoke the old.
 */
import { randomBytes } from "node:crypto";
import { parseArgs } from "node:util";
import { hashApiKey } from "#shared/edge/middleware";
import { apiKeyStore } from "#shared/edge/wiring";
import { UsageError } from "../usage-error.ts";
import { tableTarget } from "./targets.ts";

/** Enough of a key to tell it apart in a list, far too little to guess the rest (24 random bytes follow). */
const PREFIX_LENGTH = 7;

export const keys = async (args: string[]) => {
  const [verb, ...rest] = args;
  const { values } = parseArgs({
    args: rest,
    options: {
      name: { type: "string" },
      prefix: { type: "string" },
      table: { type: "string", default: process.env.TABLE_NAME },
      local: { type: "boolean", default: false },
    },
  });
  if (verb === "create") {
    if (!values.name) throw new UsageError("name the key: --name NAME (who or what uses it)");
    const key = `hb_${randomBytes(24).toString("base64url")}`;
    const { config, db } = await tableTarget(values);
    await apiKeyStore(config, db).put(hashApiKey(key), {
      name: values.name,
      createdAt: new Date().toISOString(),
      prefix: key.slice(0, PREFIX_LENGTH),
    });
    console.log(`API key "${values.name}" created. It is shown once; store it in your secrets manager:\n\n  ${key}\n`);
    return;
  }
  if (verb === "list") {
    const { config, db } = await tableTarget(values);
    const all = await apiKeyStore(config, db).list();
    if (all.length === 0) console.log("No API keys (keys created before this version are not listed).");
    for (const k of all) console.log(`${k.name}  ${k.prefix ? `${k.prefix}…` : "(no prefix)"}  created ${k.createdAt}`);
    return;
  }
  if (verb === "revoke") {
    if (!values.name && !values.prefix) throw new UsageError("say which key: --name NAME and/or --prefix hb_XXXX");
    const { config, db } = await tableTarget(values);
    const store = apiKeyStore(config, db);
    const matching = (await store.list()).filter(
      (k) => (!values.name || k.name === values.name) && (!values.prefix || k.prefix === values.prefix),
    );
    if (matching.length === 0) throw new Error("no API key matches; `hearback keys list` shows them");
    if (matching.length > 1)
      throw new Error(
        `${matching.length} keys match (${matching.map((k) => `${k.name} ${k.prefix ?? "?"}…`).join(", ")}): add --prefix to pick one`,
      );
    const [key] = matching;
    if (!key) return;
    await store.revoke(key.keyHash);
    console.log(
      `API key "${key.name}" (${key.prefix ?? "?"}…) revoked. Warm functions may accept it for up to API_KEY_CACHE_SECONDS (60 s by default).`,
    );
    return;
  }
  throw new UsageError();
};

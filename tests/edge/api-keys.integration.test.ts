import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { hashApiKey } from "#shared/edge/middleware";
import { apiKeyStore } from "#shared/edge/wiring";
import { keys } from "../../tools/cli/commands/keys.ts";
import { type Engines, startEngines } from "../support/engines.ts";

let engines: Engines;
beforeAll(async () => {
  engines = await startEngines("hearback-api-keys");
}, 60_000);
afterAll(async () => {
  await engines?.stop();
});

/** Runs `hearback keys ...` on the test table and returns what it printed. */
const hearbackKeys = async (...args: string[]): Promise<string> => {
  const printed: string[] = [];
  const spy = vi.spyOn(console, "log").mockImplementation((...parts: unknown[]) => {
    printed.push(parts.join(" "));
  });
  try {
    await keys([...args, "--table", engines.tableName]);
  } finally {
    spy.mockRestore();
  }
  return printed.join("\n");
};

describe("hearback keys: create, list, revoke (rotating a key)", () => {
  it("lists keys by name and prefix only, and revokes exactly the one named", async () => {
    const store = apiKeyStore({ TABLE_NAME: engines.tableName }, engines.db);
    const mint = async (name: string) => /\n\s+(hb_\S+)/.exec(await hearbackKeys("create", "--name", name))?.[1] ?? "";
    const oldKey = await mint("helpdesk");
    const crmKey = await mint("crm");
    expect(await store.find(hashApiKey(oldKey))).toMatchObject({ name: "helpdesk" });

    const listed = await hearbackKeys("list");
    expect(listed).toContain(`helpdesk  ${oldKey.slice(0, 7)}…`);
    expect(listed).toContain(`crm  ${crmKey.slice(0, 7)}…`);
    expect(listed).not.toContain(oldKey);

    // Rotation: a second key of the same name, then the old one goes.
    const newKey = await mint("helpdesk");
    await expect(hearbackKeys("revoke", "--name", "helpdesk")).rejects.toThrow(/2 keys match .* add --prefix/);
    expect(await hearbackKeys("revoke", "--name", "helpdesk", "--prefix", oldKey.slice(0, 7))).toContain(
      `API key "helpdesk" (${oldKey.slice(0, 7)}…) revoked`,
    );
    expect(await store.find(hashApiKey(oldKey))).toBeUndefined();
    expect(await store.find(hashApiKey(newKey))).toMatchObject({ name: "helpdesk" });
    expect(await store.find(hashApiKey(crmKey))).toMatchObject({ name: "crm" });
    await expect(hearbackKeys("revoke", "--name", "nobody")).rejects.toThrow("no API key matches");
  });
});

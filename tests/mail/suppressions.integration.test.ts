import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { BatchGetCommand, DynamoDBDocumentClient, PutCommand, QueryCommand, ScanCommand } from "@aws-sdk/lib-dynamodb";
import type { Context } from "aws-lambda";
import { mockClient } from "aws-sdk-client-mock";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ensureTable } from "#shared/local/engines";
import { lambdaContext } from "#shared/local/lambda-context";
import { DynamoMailSuppressions } from "#shared/mail/adapters/dynamo-suppressions";
import type { Suppression } from "#shared/mail/model/suppression";
import { runMail } from "../../tools/cli/commands/mail.ts";
import { type Engines, startEngines } from "../support/engines.ts";
import { eventBridgeEvent } from "../support/fixtures.ts";

/**
 * The suppression list against DynamoDB Local: looked up in batches by address whatever its case,
 * idempotent per event, lifted by an operator (and not undone by a late retry), listed newest first
 * with customers' addresses masked; and the mail-events function, its middy chain included, fed
 * the sample events from events/eventbridge/.
 */
let engines: Engines;
let tables = 0;
const KEY = "suppressions-test-pseudonym-key";

beforeAll(async () => {
  engines = await startEngines("hearback-mail");
  // The function keys its hashes with the deployment's signing keys, read at import as in Lambda.
  process.env.SURVEY_SIGNING_KEYS ??= JSON.stringify({ id: "t1", secret: "mail-events-test-signing-key-0123456789" });
});
afterAll(async () => {
  await engines?.stop();
});

/** A list on a table of its own, so tests never see each other's entries. */
const freshList = async (retentionDays = 365) => {
  const name = `hearback-mail-${++tables}`;
  await ensureTable(engines.dynamo.endpoint, name);
  return { name, list: new DynamoMailSuppressions(engines.db, name, KEY, retentionDays) };
};

const entry = (over: Partial<Suppression> = {}): Suppression => ({
  reason: "bounce",
  bounceType: "Permanent",
  at: "2026-11-30T01:00:03.512Z",
  messageId: "m-1",
  audience: "staff",
  shownAddress: "pm@example.com",
  ...over,
});

const scan = async (name: string) =>
  (await engines.db.send(new ScanCommand({ TableName: name, ConsistentRead: true }))).Items ?? [];

describe("the suppression list in DynamoDB", () => {
  it("finds suppressed addresses among many in batches, whatever their case", async () => {
    const { list } = await freshList();
    expect(await list.suppress("PM@Example.com", entry())).toBe("suppressed");
    const many = [...Array.from({ length: 150 }, (_, i) => `reader-${i}@example.com`), " pm@example.COM "];
    const found = await list.suppressedAmong(many);
    expect([...found.keys()]).toEqual(["pm@example.com"]);
    expect(found.get("pm@example.com")).toMatchObject({ reason: "bounce", messageId: "m-1" });
    expect((await list.suppressedAmong([])).size).toBe(0);
  });

  it("changes nothing when the same event (or a later one) comes again", async () => {
    const { list } = await freshList();
    await list.suppress("pm@example.com", entry());
    expect(await list.suppress("pm@example.com", entry())).toBe("already");
    expect(await list.suppress("pm@example.com", entry({ reason: "complaint", messageId: "m-2" }))).toBe("already");
    expect((await list.suppressedAmong(["pm@example.com"])).get("pm@example.com")?.messageId).toBe("m-1");
  });

  it("lifts an address; a late retry of an event from before cannot undo that, a new bounce can", async () => {
    const { list } = await freshList();
    await list.suppress("pm@example.com", entry());
    expect(await list.lift("PM@example.com", new Date("2026-12-01T00:00:00Z"))).toBe(true);
    expect(await list.lift("pm@example.com", new Date("2026-12-01T00:00:00Z"))).toBe(false);
    expect((await list.suppressedAmong(["pm@example.com"])).size).toBe(0);
    expect(await list.list()).toEqual([]);
    expect(await list.suppress("pm@example.com", entry())).toBe("already");
    expect((await list.suppressedAmong(["pm@example.com"])).size).toBe(0);
    expect(await list.suppress("pm@example.com", entry({ at: "2026-12-03T00:00:00.000Z", messageId: "m-9" }))).toBe(
      "suppressed",
    );
    expect((await list.suppressedAmong(["pm@example.com"])).get("pm@example.com")?.messageId).toBe("m-9");
  });

  it("counts each soft bounce once, within the window, and starts again after a lift", async () => {
    const { list } = await freshList();
    const since = new Date("2026-11-20T00:00:00Z");
    expect(
      await list.recordTransient("a@example.com", { messageId: "m-0", at: "2026-11-10T00:00:00.000Z" }, since),
    ).toBe(0);
    expect(
      await list.recordTransient("a@example.com", { messageId: "m-1", at: "2026-11-21T00:00:00.000Z" }, since),
    ).toBe(1);
    expect(
      await list.recordTransient("A@example.com", { messageId: "m-1", at: "2026-11-21T00:00:00.000Z" }, since),
    ).toBe(1);
    expect(
      await list.recordTransient("a@example.com", { messageId: "m-2", at: "2026-11-22T00:00:00.000Z" }, since),
    ).toBe(2);
    expect(
      await list.recordTransient("b@example.com", { messageId: "m-3", at: "2026-11-22T00:00:00.000Z" }, since),
    ).toBe(1);
    await list.lift("a@example.com", new Date("2026-11-23T00:00:00Z"));
    expect(
      await list.recordTransient("a@example.com", { messageId: "m-4", at: "2026-11-24T00:00:00.000Z" }, since),
    ).toBe(1);
  });

  it("lists entries newest first; customers' addresses are nowhere in the table, and expire with their retention", async () => {
    const { name, list } = await freshList(30);
    await list.suppress("ops@example.com", entry({ shownAddress: "ops@example.com", at: "2026-11-01T00:00:00.000Z" }));
    await list.suppress(
      "wang.fang@example.com",
      entry({
        reason: "complaint",
        audience: "customer",
        shownAddress: "w***@example.com",
        at: "2026-11-02T00:00:00.000Z",
      }),
    );
    const listed = await list.list();
    expect(listed.map((e) => [e.shownAddress, e.reason])).toEqual([
      ["w***@example.com", "complaint"],
      ["ops@example.com", "bounce"],
    ]);
    expect(await list.list(1)).toHaveLength(1);
    const items = await scan(name);
    expect(JSON.stringify(items)).not.toContain("wang.fang");
    const customer = items.find((i) => i.shownAddress === "w***@example.com");
    expect(customer?.expiresAt).toBe(Date.parse("2026-11-02T00:00:00.000Z") / 1000 + 30 * 86_400);
    expect(items.find((i) => i.shownAddress === "ops@example.com")?.expiresAt).toBeUndefined();
  });

  it("reads by key only: BatchGetItem for lookups, a Query on one index partition for the list", async () => {
    const client = DynamoDBDocumentClient.from(new DynamoDBClient({ region: "eu-west-1" }));
    const ddb = mockClient(client);
    ddb.on(BatchGetCommand).resolves({ Responses: {} });
    ddb.on(QueryCommand).resolves({ Items: [] });
    const list = new DynamoMailSuppressions(client, "t", KEY, 365);
    await list.suppressedAmong(["a@example.com", "b@example.com", "A@example.com"]);
    await list.list();
    expect(ddb.commandCalls(ScanCommand)).toHaveLength(0);
    const [get] = ddb.commandCalls(BatchGetCommand);
    expect(get?.args[0].input.RequestItems?.t?.Keys).toHaveLength(2);
    const [query] = ddb.commandCalls(QueryCommand);
    expect(query?.args[0].input).toMatchObject({ IndexName: "GSI1", ExpressionAttributeValues: { ":p": "MAILSUP" } });
    ddb.restore();
  });

  it("skips a stored row it cannot read rather than guess", async () => {
    const { name, list } = await freshList();
    await list.suppress("pm@example.com", entry());
    const [row] = (await scan(name)).filter((i) => i.SK === "ENTRY");
    await engines.db.send(new PutCommand({ TableName: name, Item: { ...row, reason: "unknown" } }));
    expect((await list.suppressedAmong(["pm@example.com"])).size).toBe(0);
  });
});

describe("hearback mail", () => {
  it("lists the suppressed addresses and lifts one", async () => {
    const { list } = await freshList();
    await list.suppress("ops@example.com", entry({ shownAddress: "ops@example.com" }));
    const lines: string[] = [];
    await runMail("suppressed", {}, list, (l) => lines.push(l));
    expect(lines[0]).toMatch(/^2026-11-30 01:00 {2}bounce \(Permanent\) +staff +ops@example\.com {2}m-1$/);
    expect(lines.at(-1)).toContain("1 suppressed");
    lines.length = 0;
    await runMail("unsuppress", { email: "OPS@example.com" }, list, (l) => lines.push(l));
    await runMail("unsuppress", { email: "ops@example.com" }, list, (l) => lines.push(l));
    expect(lines[0]).toContain("is off the suppression list");
    expect(lines[1]).toContain("was not on the suppression list");
    await runMail("suppressed", {}, list, (l) => lines.push(l));
    expect(lines.at(-1)).toBe("no address is suppressed");
    await expect(runMail("unsuppress", {}, list)).rejects.toThrow(/--email/);
    await expect(runMail("forget", {}, list)).rejects.toThrow(/usage|hearback mail/);
  });
});

describe("the mail-events function", () => {
  type Handler = (event: unknown, context: Context) => Promise<Record<string, unknown>>;
  const handler = async () => (await import("#functions/events/mail-events")).handler as unknown as Handler;

  it("puts the sample bounce's and complaint's addresses on the list, once, and ignores an unknown event", async () => {
    const run = await handler();
    const ctx = lambdaContext("mail-events", 30);
    expect(await run(eventBridgeEvent("ses-bounce-permanent"), ctx)).toMatchObject({
      status: "recorded",
      suppressed: 1,
    });
    expect(await run(eventBridgeEvent("ses-bounce-permanent"), ctx)).toMatchObject({
      suppressed: 0,
      alreadySuppressed: 1,
    });
    expect(await run(eventBridgeEvent("ses-complaint"), ctx)).toMatchObject({ eventType: "Complaint", suppressed: 1 });
    expect(await run({ source: "aws.ses", "detail-type": "Email Opened", detail: {} }, ctx)).toMatchObject({
      status: "ignored",
    });
    const { parseSigningKeys } = await import("#shared/platform/signing-keys");
    const { pseudonymKey } = await import("#shared/privacy/model/disclose");
    const list = new DynamoMailSuppressions(
      engines.db,
      engines.tableName,
      pseudonymKey(parseSigningKeys(process.env.SURVEY_SIGNING_KEYS ?? "")),
      365,
    );
    const found = await list.suppressedAmong([
      "product-team@example.com",
      "wang.fang@example.com",
      "other@example.com",
    ]);
    expect([...found.keys()].sort()).toEqual(["product-team@example.com", "wang.fang@example.com"]);
    expect(found.get("wang.fang@example.com")).toMatchObject({ reason: "complaint", shownAddress: "w***@example.com" });
  });
});

import { PutCommand, TransactWriteCommand, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DynamoCountersBackfill } from "#shared/feedback/adapters/dynamo-counters-backfill";
import { DynamoWeeklyCounters } from "#shared/feedback/adapters/dynamo-weekly-counters";
import { COUNTERS_VERSION } from "#shared/feedback/model/counters";
import { DynamoSchemaMarker } from "#shared/platform/schema-marker";
import { runSchemaSteps } from "#shared/platform/schema-migrations";
import { feedbackKey } from "#shared/platform/table-keys";
import { type Engines, startEngines } from "../support/engines.ts";

/**
 * hearback migrate, schema version 5 (issue 15): records stored before the touchpoint x theme counter rows are
 * counted in them once, so a touchpoint's reader sees its Pareto for past weeks too; a record re-tagged or corrected
 * while the step runs is left out of them (it is counted where it was), and a re-run counts nothing twice.
 */
let engines: Engines;
beforeAll(async () => {
  engines = await startEngines("hearback-counters-backfill");
}, 60_000);
afterAll(async () => {
  await engines?.stop();
});

const WEEK = "2026-W45";
const record = (id: string, over: Record<string, unknown> = {}) => ({
  id,
  channel: "nps",
  receivedAt: "2026-11-03T08:00:00.000Z",
  occurredAt: "2026-11-03T08:00:00.000Z",
  week: WEEK,
  score: 2,
  language: "zh-Hans",
  sentiment: "NEGATIVE",
  sentimentScores: { positive: 0, negative: 1, neutral: 0, mixed: 0 },
  sentimentSource: "text",
  themes: ["delivery"],
  taxonomyVersion: "2026-12-3",
  analyzer: "local-lexicon@1",
  detractor: true,
  touchpoint: "delivery",
  storedAt: "2026-11-03T08:00:01.000Z",
  ...over,
});
const put = (r: ReturnType<typeof record>) =>
  engines.db.send(new PutCommand({ TableName: engines.tableName, Item: { ...feedbackKey(r.id), ...r } }));
const rowsAtTouchpoints = async () =>
  Object.fromEntries(
    (await new DynamoWeeklyCounters(engines.db, engines.tableName).weeklyCounters(WEEK))
      .filter((c) => c.theme.includes("/"))
      .map((c) => [`${c.channel}#${c.theme}`, c.counts]),
  );
const versionOf = async (id: string) => (await engines.stores.enriched.storedRecords([id])).get(id)?.countersVersion;

describe("counting older records per touchpoint (schema version 5)", () => {
  it("adds each older record to its touchpoint x theme rows once, and a re-run adds nothing", async () => {
    await put(record("fb_old_1", { themes: ["delivery", "service"] }));
    await put(record("fb_old_2", { score: 9, sentiment: "POSITIVE", detractor: false }));
    await put(record("fb_old_3", { touchpoint: "somewhere-else" })); // not a counted touchpoint: nothing to add
    await put(record("fb_new", { countersVersion: COUNTERS_VERSION })); // counted there already
    // A record corrected while the step runs: its reading changes between the page read and the write.
    await put(record("fb_raced", { themes: ["price"] }));
    let raced = false;
    const db = new Proxy(engines.db, {
      get(target, name, receiver) {
        if (name !== "send") return Reflect.get(target, name, receiver);
        return async (command: unknown) => {
          const touches = (c: TransactWriteCommand) =>
            (c.input.TransactItems ?? []).some((a) => a.Update?.Key?.PK === feedbackKey("fb_raced").PK);
          if (command instanceof TransactWriteCommand && !raced && touches(command)) {
            raced = true;
            await target.send(
              new UpdateCommand({
                TableName: engines.tableName,
                Key: feedbackKey("fb_raced"),
                UpdateExpression: "SET themes = :t",
                ExpressionAttributeValues: { ":t": ["service"] },
              }),
            );
          }
          return target.send(command as never);
        };
      },
    });
    const step = new DynamoCountersBackfill(db, engines.tableName);
    const marker = new DynamoSchemaMarker(engines.db, engines.tableName);
    const report = await runSchemaSteps(marker, [step], { pageSize: 2 });
    expect(report.steps[0]?.counts).toMatchObject({ records: 2, changed: 1 });
    expect(await rowsAtTouchpoints()).toEqual({
      "nps#@delivery/delivery": { n: 2, NEGATIVE: 1, POSITIVE: 1, detractors: 1 },
      "nps#@delivery/service": { n: 1, NEGATIVE: 1, detractors: 1 },
    });
    expect(await versionOf("fb_old_1")).toBe(COUNTERS_VERSION);
    expect(await versionOf("fb_raced")).toBeUndefined();
    expect(await versionOf("fb_old_3")).toBeUndefined();

    const again = await runSchemaSteps(marker, [new DynamoCountersBackfill(engines.db, engines.tableName)], {
      force: true,
    });
    // Forced: the raced record (still unmarked) is counted now, under the themes it has; nothing else moves.
    expect(again.steps[0]?.counts).toMatchObject({ records: 1, changed: 0 });
    expect(await rowsAtTouchpoints()).toEqual({
      "nps#@delivery/delivery": { n: 2, NEGATIVE: 1, POSITIVE: 1, detractors: 1 },
      "nps#@delivery/service": { n: 2, NEGATIVE: 2, detractors: 2 },
    });
  });
});

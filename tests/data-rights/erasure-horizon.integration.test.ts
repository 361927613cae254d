import { PutCommand } from "@aws-sdk/lib-dynamodb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DynamoErasureHorizonMigration } from "#shared/data-rights/adapters/dynamo-erasure-horizon-migration";
import { DynamoErasures } from "#shared/data-rights/adapters/dynamo-erasures";
import { erasuresAmong } from "#shared/data-rights/erasures-among";
import { tombstoneDigest } from "#shared/data-rights/model/erasure";
import { type ContactKey, contactKeyOfInput } from "#shared/feedback/model/contact";
import type { QueuedFeedback } from "#shared/feedback/model/schema";
import { ensureTable } from "#shared/local/engines";
import { DynamoSchemaMarker } from "#shared/platform/schema-marker";
import { runSchemaSteps } from "#shared/platform/schema-migrations";
import { type Engines, startEngines } from "../support/engines.ts";

/**
 * The erasure horizon (issue 17): the worker reads one item per batch instead of a tombstone per contact while
 * nobody was erased since its messages came in, and still drops every message an erased customer sent before.
 */
let engines: Engines;
beforeAll(async () => {
  engines = await startEngines("hearback-erasure-horizon");
}, 60_000);
afterAll(async () => {
  await engines?.stop();
});

const KEY = "pseudonym-key";
const message = (customer: string, receivedAt: string) =>
  ({
    id: `fb-${customer}-${receivedAt}`,
    receivedAt,
    input: { channel: "nps", customer: { id: customer }, score: 2 },
  }) as unknown as QueuedFeedback;
const contactOf = (m: QueuedFeedback) => contactKeyOfInput(m.input) as ContactKey;

/** The register as the worker sees it, counting the tombstones it reads. */
const counted = (erasures: DynamoErasures) => {
  const looked: ContactKey[][] = [];
  return {
    looked,
    port: {
      horizon: () => erasures.horizon(),
      erasedAt: (contacts: readonly ContactKey[]) => {
        looked.push([...contacts]);
        return erasures.erasedAt(contacts);
      },
    },
  };
};
const lookUp = (port: ReturnType<typeof counted>["port"], messages: QueuedFeedback[]) =>
  erasuresAmong(
    port,
    messages.map((m) => ({ contact: contactOf(m), receivedAt: m.receivedAt })),
  );

describe("the erasure horizon", () => {
  it("is unknown on a table whose older tombstones were never counted, so every contact is looked up", async () => {
    const erasures = new DynamoErasures(engines.db, engines.tableName, KEY);
    const wang = message("wang", "2026-12-01T08:00:00.000Z");
    // A tombstone an erasure wrote before the horizon existed (schema version 3).
    await engines.db.send(
      new PutCommand({
        TableName: engines.tableName,
        Item: {
          PK: `ERASED#${tombstoneDigest(contactOf(wang), KEY)}`,
          SK: "TOMBSTONE",
          erasedAt: "2026-12-02T00:00:00.000Z",
        },
      }),
    );
    expect(await erasures.horizon()).toEqual({ known: false });
    const { looked, port } = counted(erasures);
    const later = message("li", "2026-12-03T08:00:00.000Z");
    const found = await lookUp(port, [wang, later]);
    expect(found.get(contactOf(wang))).toBe("2026-12-02T00:00:00.000Z");
    expect(looked).toEqual([[contactOf(wang), contactOf(later)]]);
  });

  it("is counted by hearback migrate (schema version 4) from the tombstones, and trusted from then on", async () => {
    const marker = new DynamoSchemaMarker(engines.db, engines.tableName);
    const report = await runSchemaSteps(marker, [new DynamoErasureHorizonMigration(engines.db, engines.tableName)], {
      pageSize: 2,
    });
    expect(report.steps[0]?.counts.tombstones).toBe(1);
    const erasures = new DynamoErasures(engines.db, engines.tableName, KEY);
    expect(await erasures.horizon()).toEqual({ known: true, latest: "2026-12-02T00:00:00.000Z" });

    const { looked, port } = counted(erasures);
    const before = message("wang", "2026-12-01T08:00:00.000Z");
    const after = message("li", "2026-12-03T08:00:00.000Z");
    // Only the message received before the latest erasure needs its contact looked up.
    expect((await lookUp(port, [before, after])).get(contactOf(before))).toBe("2026-12-02T00:00:00.000Z");
    expect(looked).toEqual([[contactOf(before)]]);
    // A batch received after it reads no tombstone at all.
    expect((await lookUp(port, [after])).size).toBe(0);
    expect(looked).toHaveLength(1);
  });

  it("moves forward with each erasure, never back, before the tombstone is written", async () => {
    const erasures = new DynamoErasures(engines.db, engines.tableName, KEY);
    const zhao = message("zhao", "2026-12-04T08:00:00.000Z");
    await erasures.tombstone(contactOf(zhao), "2026-12-05T00:00:00.000Z");
    await erasures.tombstone(contactOf(message("qian", "x")), "2026-12-04T12:00:00.000Z");
    expect(await erasures.horizon()).toEqual({ known: true, latest: "2026-12-05T00:00:00.000Z" });
    const { port } = counted(erasures);
    expect((await lookUp(port, [zhao])).get(contactOf(zhao))).toBe("2026-12-05T00:00:00.000Z");
  });

  it("says nobody was erased on a new table once migrated, and the worker reads nothing", async () => {
    const fresh = "hearback-erasure-horizon-fresh";
    await ensureTable(engines.dynamo.endpoint, fresh);
    await runSchemaSteps(new DynamoSchemaMarker(engines.db, fresh), [
      new DynamoErasureHorizonMigration(engines.db, fresh),
    ]);
    const erasures = new DynamoErasures(engines.db, fresh, KEY);
    expect(await erasures.horizon()).toEqual({ known: true, latest: undefined });
    const { looked, port } = counted(erasures);
    expect((await lookUp(port, [message("wang", "2026-12-01T08:00:00.000Z")])).size).toBe(0);
    expect(looked).toEqual([]);
  });
});

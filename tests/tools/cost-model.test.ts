import { describe, expect, it } from "vitest";
import { comprehendCostUsd } from "#shared/analysis/model/comprehend-cost";
import type { FeedbackInput } from "#shared/feedback/model/schema";
import { formatUsd } from "../../tools/bench/cost-format.ts";
import {
  type CostLine,
  costPer1000Items,
  costReport,
  durations,
  measuredFromBench,
} from "../../tools/bench/cost-model.ts";
import { itemBytes, writeUnits } from "../../tools/bench/metered-aws.ts";
import { measurePipelineUsage, type PipelineUsage } from "../../tools/bench/pipeline-usage.ts";
import { ASSUMPTIONS, PRICES } from "../../tools/bench/prices.ts";

const usage = (overrides: Partial<PipelineUsage> = {}): PipelineUsage => ({
  items: 100,
  itemsPerPost: 1,
  textShare: 1,
  edge: { rruPerItem: 0.5, wruPerItem: 1, sqsSendRequestsPerItem: 1, dynamoRoundTripsPerPost: 2 },
  worker: {
    batchSize: 25,
    dynamoRequestsPerBatch: 10,
    rruPerItem: 0.5,
    wruPerItem: 5,
    wruPerItemByKind: { record: 2, "index entries": 1, "weekly counters": 2 },
    transactionsPerItem: 0.04,
    emailsPerItem: 0,
    eventsPerItem: 0,
    requests: {},
  },
  messageBytes: 400,
  comprehend: {
    comprehend: { callsPerBatch: 2, languageUnitsPerItem: 3, sentimentUnitsPerItem: 3, textsSentShare: 1 },
    hybrid: { callsPerBatch: 1, languageUnitsPerItem: 0, sentimentUnitsPerItem: 1.5, textsSentShare: 0.5 },
  },
  ...overrides,
});

const lineOf = (lines: CostLine[], service: string) => {
  const found = lines.find((l) => l.service === service);
  if (!found) throw new Error(`no ${service} line in ${lines.map((l) => l.service).join(", ")}`);
  return found;
};

describe("cost model prices", () => {
  it("names the page and the date of every price", () => {
    for (const price of Object.values(PRICES)) {
      expect(price.source).toMatch(/pricing/);
      expect(price.since.length).toBeGreaterThan(4);
      expect(price.usd).toBeGreaterThan(0);
    }
  });

  it("uses DynamoDB's on-demand prices from November 2024 and Comprehend's price from the shared module", () => {
    expect(PRICES.dynamoWriteUnits.usd / PRICES.dynamoWriteUnits.per).toBeCloseTo(0.625e-6, 12);
    expect(PRICES.dynamoReadUnits.usd / PRICES.dynamoReadUnits.per).toBeCloseTo(0.125e-6, 12);
    expect(PRICES.dynamoWriteUnits.since).toContain("2024-11");
    expect(PRICES.comprehendUnits.usd).toBe(0.0001);
  });
});

describe("costPer1000Items", () => {
  it("shows the arithmetic of each line and adds the lines up", () => {
    const cost = costPer1000Items("local", usage({ edge: { ...usage().edge, wruPerItem: 1 } }));
    const writes = lineOf(cost.lines, "DynamoDB writes");
    // 1,000 items x (1 + 5) WRU x $0.625 per million.
    expect(writes.usd).toBeCloseTo(0.00375, 10);
    expect(writes.arithmetic).toMatch(/^1,000 items x 6 WRU \(.*\) x \$0\.625\/M = \$0\.0038$/);
    expect(lineOf(cost.lines, "API Gateway HTTP API").arithmetic).toBe("1,000 POSTs (1 item each) x $1.00/M = $0.0010");
    expect(cost.totalUsd).toBeCloseTo(
      cost.lines.reduce((sum, l) => sum + l.usd, 0),
      12,
    );
  });

  it("prices Comprehend as the shared cost module does, per mode", () => {
    const texts = ["送货很快，服务也不错", "x".repeat(450), "The agent fixed my exchange in five minutes"];
    const units = comprehendCostUsd(texts, { detectLanguage: false }) / PRICES.comprehendUnits.usd;
    const perItem = units / texts.length;
    const u = usage({
      comprehend: {
        comprehend: {
          callsPerBatch: 2,
          languageUnitsPerItem: perItem,
          sentimentUnitsPerItem: perItem,
          textsSentShare: 1,
        },
        hybrid: { callsPerBatch: 1, languageUnitsPerItem: 0, sentimentUnitsPerItem: perItem, textsSentShare: 1 },
      },
    });
    const comprehendUsd = (mode: "comprehend" | "hybrid") =>
      costPer1000Items(mode, u)
        .lines.filter((l) => l.service.startsWith("Comprehend"))
        .reduce((sum, l) => sum + l.usd, 0);
    const per1000 = 1000 / texts.length;
    expect(comprehendUsd("comprehend")).toBeCloseTo(comprehendCostUsd(texts, { detectLanguage: true }) * per1000, 10);
    expect(comprehendUsd("hybrid")).toBeCloseTo(comprehendCostUsd(texts, { detectLanguage: false }) * per1000, 10);
    expect(costPer1000Items("local", u).lines.some((l) => l.service.startsWith("Comprehend"))).toBe(false);
    // Hybrid knows the language from the local engine: no DetectDominantLanguage line.
    expect(costPer1000Items("hybrid", u).lines.map((l) => l.service)).not.toContain(
      "Comprehend DetectDominantLanguage",
    );
  });

  it("charges Lambda by memory and duration, and batches requests by items per POST", () => {
    const one = costPer1000Items("local", usage(), { ingestMsPerPost: 20, enrichMsPerBatch: 100 });
    // 1,000 invocations x (20 + 5 ms CPU) x 0.5 GB x $0.0000133334 per GB-s.
    expect(lineOf(one.lines, "Lambda ingest compute").usd).toBeCloseTo(1000 * 0.025 * 0.5 * 0.0000133334, 12);
    // 40 batches x (100 + 5) ms x 1 GB.
    expect(lineOf(one.lines, "Lambda worker compute").usd).toBeCloseTo(40 * 0.105 * 1 * 0.0000133334, 12);
    const hundred = costPer1000Items("local", usage({ itemsPerPost: 100 }), { ingestMsPerPost: 20 });
    expect(lineOf(hundred.lines, "API Gateway HTTP API").usd).toBeCloseTo(10 / 1e6, 12);
    expect(lineOf(hundred.lines, "Lambda requests").usd).toBeCloseTo((10 + 40) * 0.2e-6, 12);
  });

  it("estimates durations from the measured requests when the bench measured none", () => {
    const d = durations(usage(), "comprehend");
    expect(d.ingestMsPerPost).toBe(
      2 * ASSUMPTIONS.dynamoRoundTripMs + ASSUMPTIONS.sqsRoundTripMs + ASSUMPTIONS.cpuMsPerInvocation,
    );
    expect(d.enrichMsPerBatch).toBe(
      10 * ASSUMPTIONS.dynamoRoundTripMs + 2 * ASSUMPTIONS.comprehendCallMs + ASSUMPTIONS.cpuMsPerInvocation,
    );
    expect(d.sources.init).toMatch(/assumed/);
  });
});

describe("measuredFromBench", () => {
  it("turns the bench's own results into durations", () => {
    expect(
      measuredFromBench({
        ingest: { p50Ms: 27 },
        enrich: { itemsPerSecond: 500 },
        workerConcurrency: 2,
        batchSize: 25,
        coldStart: {
          rows: [
            { name: "post-feedback", readyMs: 70 },
            { name: "enrich-feedback", readyMs: 90 },
          ],
        },
      }),
    ).toEqual({ ingestMsPerPost: 27, enrichMsPerBatch: 100, ingestInitMs: 70, enrichInitMs: 90 });
    expect(measuredFromBench({ workerConcurrency: 2, batchSize: 25 })).toEqual({});
  });
});

describe("pipeline usage, metered from the adapters' own requests", () => {
  it("sizes items as DynamoDB does", () => {
    // PK:"abc" 5, n:12345 1+4, b:true 1+1, l:["a",1] 1+3+(1+1)+(1+2), m:{k:"v"} 1+3+(1+1+1).
    expect(itemBytes({ PK: "abc", n: 12345, b: true, l: ["a", 1], m: { k: "v" } })).toBe(28);
    expect(writeUnits({ PK: "x" })).toBe(1);
    expect(writeUnits({ PK: "x".repeat(1024) })).toBe(2);
  });

  it("counts the accepted marker, the record in a transaction, its index entries, counters and the task", async () => {
    const items: FeedbackInput[] = [
      { channel: "nps", score: 9, customer: { id: "c-1" }, sourceId: "s-1" },
      {
        channel: "nps",
        score: 2,
        comment: "订单三天了还没发货，客服也不回复",
        customer: { id: "c-2" },
        sourceId: "s-2",
      },
    ];
    const u = await measurePipelineUsage(items, { itemsPerPost: 1, now: new Date("2026-11-25T12:00:00Z") });
    // Edge, per item: one BatchGetItem key (a miss, half a unit), one accepted marker, one SQS request.
    expect(u.edge).toEqual({ rruPerItem: 0.5, wruPerItem: 1, sqsSendRequestsPerItem: 1, dynamoRoundTripsPerPost: 2 });
    // Both records in one transaction (2 x 1 KB each) with their GSI1 and GSI2 entries; the detractor's task
    // (task, pointer and recovery watch, all three in the batch's one tasks transaction, so at 2x) and its task's GSI1 entry.
    expect(u.worker.wruPerItemByKind.record).toBe(2);
    // The commented one's text as written, in its own expiring item in the same transaction (2 units).
    expect(u.worker.wruPerItemByKind["originals (expiring)"]).toBe(1);
    expect(u.worker.wruPerItemByKind["index entries"]).toBe(2.5);
    expect(u.worker.wruPerItemByKind["follow-up tasks"]).toBe(3);
    expect(u.worker.eventsPerItem).toBe(0.5);
    // Counter rows are transactional too: always an even number of units.
    expect(((u.worker.wruPerItemByKind["weekly counters"] ?? 0) * u.items) % 2).toBe(0);
    // Comprehend mode: both APIs for the one text, 3 units minimum each.
    expect(u.comprehend.comprehend.languageUnitsPerItem).toBe(1.5);
    expect(u.comprehend.comprehend.sentimentUnitsPerItem).toBe(1.5);
    expect(u.textShare).toBe(0.5);
  });

  it("builds a report with every mode for every scenario", async () => {
    const now = new Date("2026-11-25T12:00:00Z");
    const items: FeedbackInput[] = [{ channel: "csat", score: 5, comment: "Great service", customer: { id: "c-9" } }];
    const report = costReport([await measurePipelineUsage(items, { itemsPerPost: 1, now })]);
    const modes = report.scenarios[0]?.modes;
    expect(Object.keys(modes ?? {})).toEqual(["local", "hybrid", "comprehend"]);
    expect(modes?.comprehend.totalUsd).toBeGreaterThan(modes?.local.totalUsd ?? Number.POSITIVE_INFINITY);
    expect(formatUsd(modes?.local.totalUsd ?? 0)).toMatch(/^\$0\.\d{4,}$/);
  });
});

describe("formatUsd", () => {
  it("keeps two significant digits of small amounts", () => {
    expect(formatUsd(0.00375)).toBe("$0.0038");
    expect(formatUsd(0.000018)).toBe("$0.000018");
    expect(formatUsd(0.5608)).toBe("$0.5608");
    expect(formatUsd(0)).toBe("$0");
  });
});

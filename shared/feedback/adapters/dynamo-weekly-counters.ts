import { type DynamoDBDocumentClient, QueryCommand } from "@aws-sdk/lib-dynamodb";
import { counterRowOf, weekPartition } from "#shared/platform/table-keys";
import { Channel } from "../model/schema.ts";
import type { WeeklyCounter, WeeklyCounterStore } from "../ports/weekly-counters.ts";

/**
 * A week's counter rows, every shard of each, are one partition (`AGG#<week>`): one Query, however many items the
 * week had and however many shards the writers spread them over, summed here row by row. With 16 shards a week of
 * every theme, channel and touchpoint is a few hundred small items, one page of the Query.
 */
export class DynamoWeeklyCounters implements WeeklyCounterStore {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async weeklyCounters(week: string): Promise<WeeklyCounter[]> {
    const rows = new Map<string, WeeklyCounter>();
    let lek: Record<string, unknown> | undefined;
    do {
      const out = await this.db.send(
        new QueryCommand({
          TableName: this.tableName,
          KeyConditionExpression: "PK = :pk",
          ExpressionAttributeValues: { ":pk": weekPartition(week) },
          ...(lek && { ExclusiveStartKey: lek }),
        }),
      );
      for (const item of out.Items ?? []) {
        const { PK: _pk, SK, ...counts } = item;
        const row = counterRowOf(SK);
        const [channel, theme] = row.split("#");
        // Other rows of the week (the follow-up loop) are not feedback counts.
        const parsed = Channel.safeParse(channel);
        if (!parsed.success) continue;
        let counter = rows.get(row);
        if (!counter) {
          counter = { week, channel: parsed.data, theme: theme ?? "", counts: {} };
          rows.set(row, counter);
        }
        for (const [name, value] of Object.entries(counts))
          if (typeof value === "number") counter.counts[name] = (counter.counts[name] ?? 0) + value;
      }
      lek = out.LastEvaluatedKey;
    } while (lek);
    return [...rows.values()];
  }
}

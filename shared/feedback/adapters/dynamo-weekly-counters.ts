import { type DynamoDBDocumentClient, QueryCommand } from "@aws-sdk/lib-dynamodb";
import { weekPartition } from "#shared/platform/table-keys";
import { Channel } from "../model/schema.ts";
import type { WeeklyCounter, WeeklyCounterStore } from "../ports/weekly-counters.ts";

/** A week's counter rows are one partition (`AGG#<week>`): one Query, however many items the week had. */
export class DynamoWeeklyCounters implements WeeklyCounterStore {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async weeklyCounters(week: string): Promise<WeeklyCounter[]> {
    const counters: WeeklyCounter[] = [];
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
        const [channel, theme] = String(SK).split("#");
        // Other rows of the week (the follow-up loop) are not feedback counts.
        const parsed = Channel.safeParse(channel);
        if (!parsed.success) continue;
        counters.push({ week, channel: parsed.data, theme: theme ?? "", counts: counts as Record<string, number> });
      }
      lek = out.LastEvaluatedKey;
    } while (lek);
    return counters;
  }
}

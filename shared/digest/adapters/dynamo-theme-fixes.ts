import { type DynamoDBDocumentClient, PutCommand, QueryCommand } from "@aws-sdk/lib-dynamodb";
import { ThemeFix } from "../model/fixes.ts";
import type { ThemeFixStore } from "../ports/theme-fixes.ts";

const partition = (theme: string) => `THEMEFIX#${theme}`;

/** One partition per theme, sorted by the fix's date: a theme's fixes are one Query. */
export class DynamoThemeFixes implements ThemeFixStore {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async record(fix: ThemeFix): Promise<void> {
    await this.db.send(
      new PutCommand({
        TableName: this.tableName,
        Item: { PK: partition(fix.theme), SK: `${fix.date}#${fix.id}`, fix },
        ConditionExpression: "attribute_not_exists(PK)",
      }),
    );
  }

  async forTheme(theme: string, limit = 20): Promise<ThemeFix[]> {
    const out = await this.db.send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: "PK = :pk",
        ExpressionAttributeValues: { ":pk": partition(theme) },
        ScanIndexForward: false,
        Limit: limit,
      }),
    );
    return (out.Items ?? []).map((item) => ThemeFix.parse(item.fix));
  }
}

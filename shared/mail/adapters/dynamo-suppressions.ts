import { ConditionalCheckFailedException } from "@aws-sdk/client-dynamodb";
import { type DynamoDBDocumentClient, PutCommand, QueryCommand } from "@aws-sdk/lib-dynamodb";
import { batchDeleteAll, batchGetAll } from "#shared/platform/dynamo";
import { addressDigest, expiresAtFor, normaliseAddress, Suppression } from "../model/suppression.ts";
import type { ListedSuppression, MailSuppressions } from "../ports/suppressions.ts";

/**
 * The suppression list in the single table. One partition per address, keyed by the address's
 * keyed hash: `MAILSUP#<hash>` / `ENTRY` (suppressed, or lifted) and `MAILSUP#<hash>` /
 * `TRANSIENT#<SES message id>` (one per soft bounce, expiring after the window). Entries on the
 * list are also in GSI1 under `MAILSUP`, sorted by `<at>#<hash>`, for the operators' listing.
 */
const partition = (digest: string) => `MAILSUP#${digest}`;
const entryKey = (digest: string) => ({ PK: partition(digest), SK: "ENTRY" });
const transientKey = (digest: string, messageId: string) => ({ PK: partition(digest), SK: `TRANSIENT#${messageId}` });
const LIST_PARTITION = "MAILSUP";

/** A lifted entry is kept this long, so a retried event from before the lift cannot undo it. */
const LIFTED_MARKER_DAYS = 30;
/** Transient bounces are counted over a window; their rows outlive it by a day, then expire. */
const TRANSIENT_ROW_DAYS = 8;
const DAY_S = 86_400;

const epoch = (iso: string) => Math.floor(Date.parse(iso) / 1000);

export class DynamoMailSuppressions implements MailSuppressions {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
    /** Keys the address hashes; without it the list can be read (`list`), not looked up or changed. */
    private readonly pseudonymKey: string | undefined,
    /** ORIGINALS_RETENTION_DAYS: how long a customer's entry is kept. */
    private readonly retentionDays: number,
  ) {}

  private digest(address: string) {
    if (this.pseudonymKey === undefined)
      throw new Error("the suppression list needs the pseudonym key to find an address");
    return addressDigest(address, this.pseudonymKey);
  }

  async suppressedAmong(addresses: readonly string[]): Promise<Map<string, Suppression>> {
    const byDigest = new Map([...new Set(addresses.map(normaliseAddress))].map((a) => [this.digest(a), a]));
    const found = new Map<string, Suppression>();
    if (byDigest.size === 0) return found;
    const items = await batchGetAll(this.db, this.tableName, [...byDigest.keys()].map(entryKey));
    for (const item of items) {
      const address = byDigest.get(String(item.PK).slice("MAILSUP#".length));
      if (address === undefined || item.state !== "suppressed") continue;
      // A row that does not parse is not a suppression we can explain: mail rather than guess.
      const parsed = Suppression.safeParse(item);
      if (parsed.success) found.set(address, parsed.data);
    }
    return found;
  }

  async suppress(address: string, suppression: Suppression): Promise<"suppressed" | "already"> {
    const digest = this.digest(address);
    const expiresAt = expiresAtFor(suppression, this.retentionDays);
    try {
      await this.db.send(
        new PutCommand({
          TableName: this.tableName,
          Item: {
            ...entryKey(digest),
            ...Suppression.parse(suppression),
            state: "suppressed",
            GSI1PK: LIST_PARTITION,
            GSI1SK: `${suppression.at}#${digest}`,
            ...(expiresAt !== undefined && { expiresAt }),
          },
          ConditionExpression: "attribute_not_exists(PK) OR (#state = :lifted AND liftedAt < :at)",
          ExpressionAttributeNames: { "#state": "state" },
          ExpressionAttributeValues: { ":lifted": "lifted", ":at": suppression.at },
        }),
      );
      return "suppressed";
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return "already";
      throw error;
    }
  }

  async recordTransient(address: string, bounce: { messageId: string; at: string }, since: Date): Promise<number> {
    const digest = this.digest(address);
    await this.db.send(
      new PutCommand({
        TableName: this.tableName,
        Item: {
          ...transientKey(digest, bounce.messageId),
          at: bounce.at,
          expiresAt: epoch(bounce.at) + TRANSIENT_ROW_DAYS * DAY_S,
        },
      }),
    );
    const out = await this.db.send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: "PK = :pk AND begins_with(SK, :transient)",
        FilterExpression: "#at >= :since",
        ExpressionAttributeNames: { "#at": "at" },
        ExpressionAttributeValues: {
          ":pk": partition(digest),
          ":transient": "TRANSIENT#",
          ":since": since.toISOString(),
        },
        Select: "COUNT",
        ConsistentRead: true,
      }),
    );
    return out.Count ?? 0;
  }

  async lift(address: string, at: Date): Promise<boolean> {
    const digest = this.digest(address);
    let lifted = true;
    try {
      // The whole entry is replaced: the lifted marker keeps only when, not whose or why.
      await this.db.send(
        new PutCommand({
          TableName: this.tableName,
          Item: {
            ...entryKey(digest),
            state: "lifted",
            liftedAt: at.toISOString(),
            expiresAt: Math.floor(at.getTime() / 1000) + LIFTED_MARKER_DAYS * DAY_S,
          },
          ConditionExpression: "#state = :suppressed",
          ExpressionAttributeNames: { "#state": "state" },
          ExpressionAttributeValues: { ":suppressed": "suppressed" },
        }),
      );
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
      lifted = false;
    }
    // A corrected address starts with a clean count of soft bounces.
    const transients = await this.db.send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: "PK = :pk AND begins_with(SK, :transient)",
        ExpressionAttributeValues: { ":pk": partition(digest), ":transient": "TRANSIENT#" },
        ProjectionExpression: "PK, SK",
      }),
    );
    await batchDeleteAll(
      this.db,
      this.tableName,
      (transients.Items ?? []).map((i) => ({ PK: String(i.PK), SK: String(i.SK) })),
    );
    return lifted;
  }

  async list(limit = 100): Promise<ListedSuppression[]> {
    const listed: ListedSuppression[] = [];
    let cursor: Record<string, unknown> | undefined;
    do {
      const out = await this.db.send(
        new QueryCommand({
          TableName: this.tableName,
          IndexName: "GSI1",
          KeyConditionExpression: "GSI1PK = :p",
          ExpressionAttributeValues: { ":p": LIST_PARTITION },
          ScanIndexForward: false,
          Limit: limit - listed.length,
          ...(cursor && { ExclusiveStartKey: cursor }),
        }),
      );
      for (const item of out.Items ?? []) {
        const parsed = Suppression.safeParse(item);
        if (parsed.success) listed.push(parsed.data);
      }
      cursor = out.LastEvaluatedKey;
    } while (cursor && listed.length < limit);
    return listed;
  }
}

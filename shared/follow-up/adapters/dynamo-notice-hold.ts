import { randomUUID } from "node:crypto";
import { ConditionalCheckFailedException, TransactionCanceledException } from "@aws-sdk/client-dynamodb";
import {
  DeleteCommand,
  type DynamoDBDocumentClient,
  PutCommand,
  QueryCommand,
  type QueryCommandInput,
  TransactWriteCommand,
  UpdateCommand,
} from "@aws-sdk/lib-dynamodb";
import { batchGetAll, MAX_TRANSACTION_ACTIONS } from "#shared/platform/dynamo";
import { NoticeAudience, noticeId, TaskNotice } from "../model/notice.ts";
import type { HeldNotices, MailGroup, NoticeHold, OutgoingMail } from "../ports/notifier.ts";

/** One email lists at most this many tasks: its notices, the group's send time and the email fit one transaction. */
export const MAX_NOTICES_PER_EMAIL = MAX_TRANSACTION_ACTIONS - 2;

/** How long a sent notice is remembered, so that holding it again (a retried write) adds nothing. */
const REMEMBER_SENT_DAYS = 14;

const HELD = "TASKMAIL#held";
const OUTBOX = "TASKMAIL#outbox";

/**
 * Per team and audience, one partition `TASKMAIL#<team>#<audience>`:
 * - `NOTICE#<notice id>`: a notice; while held it is in GSI1 (`TASKMAIL#held`, by when it was held),
 *   once taken it names its email and expires after REMEMBER_SENT_DAYS;
 * - `LASTSENT`: when the group's last email was taken (the window's start);
 * - `OUTBOX#<email id>`: an email taken but not yet confirmed sent, in GSI1 (`TASKMAIL#outbox`) by
 *   the end of its sender's lease, so a sweep finds the ones whose sender stopped.
 */
const key = {
  partition: (g: MailGroup) => `TASKMAIL#${g.team}#${g.audience}`,
  notice: (g: MailGroup, id: string) => ({ PK: key.partition(g), SK: `NOTICE#${id}` }),
  lastSent: (g: MailGroup) => ({ PK: key.partition(g), SK: "LASTSENT" }),
  outbox: (g: MailGroup, id: string) => ({ PK: key.partition(g), SK: `OUTBOX#${id}` }),
};

const groupOf = (item: Record<string, unknown>): MailGroup | undefined => {
  const audience = NoticeAudience.safeParse(item.audience);
  return typeof item.team === "string" && audience.success ? { team: item.team, audience: audience.data } : undefined;
};

export class DynamoNoticeHold implements NoticeHold {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async hold(notices: readonly TaskNotice[], at: Date): Promise<void> {
    const heldAt = at.toISOString();
    await Promise.all(
      notices.map(async (notice) => {
        const id = noticeId(notice);
        const group = { team: notice.team, audience: notice.audience };
        try {
          await this.db.send(
            new PutCommand({
              TableName: this.tableName,
              Item: {
                ...key.notice(group, id),
                ...group,
                notice,
                heldAt,
                GSI1PK: HELD,
                GSI1SK: `${heldAt}#${key.partition(group)}#${id}`,
              },
              ConditionExpression: "attribute_not_exists(PK)",
            }),
          );
        } catch (error) {
          // Held (or sent) already: the same event told twice is one notice.
          if (!(error instanceof ConditionalCheckFailedException)) throw error;
        }
      }),
    );
  }

  async held(): Promise<HeldNotices[]> {
    const items = await this.queryAll({
      TableName: this.tableName,
      IndexName: "GSI1",
      KeyConditionExpression: "GSI1PK = :held",
      ExpressionAttributeValues: { ":held": HELD },
    });
    const groups = new Map<string, HeldNotices>();
    for (const item of items) {
      const group = groupOf(item);
      const notice = TaskNotice.safeParse(item.notice);
      // A notice this version cannot read stays held, untouched, rather than mailed half-understood.
      if (!group || !notice.success) continue;
      const partition = key.partition(group);
      const held = groups.get(partition) ?? { group, notices: [] };
      held.notices.push(notice.data);
      groups.set(partition, held);
    }
    const last = await batchGetAll(
      this.db,
      this.tableName,
      [...groups.values()].map((g) => key.lastSent(g.group)),
    );
    for (const item of last) {
      const held = groups.get(String(item.PK));
      if (held && typeof item.lastSentAt === "string") held.lastSentAt = item.lastSentAt;
    }
    return [...groups.values()];
  }

  async take(
    held: HeldNotices,
    opts: { now: Date; lastSentBefore: Date; leaseUntil: Date },
  ): Promise<OutgoingMail | undefined> {
    const notices = held.notices.slice(0, MAX_NOTICES_PER_EMAIL);
    if (notices.length === 0) return undefined;
    const { group } = held;
    const id = `${opts.now.toISOString()}#${randomUUID()}`;
    const leaseUntil = opts.leaseUntil.toISOString();
    const forget = Math.floor(opts.now.getTime() / 1000) + REMEMBER_SENT_DAYS * 86_400;
    try {
      await this.db.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              // At most one email per group and window, even with two sweeps running.
              Update: {
                TableName: this.tableName,
                Key: key.lastSent(group),
                UpdateExpression: "SET lastSentAt = :now, team = :team, audience = :audience",
                ConditionExpression: "attribute_not_exists(lastSentAt) OR lastSentAt <= :before",
                ExpressionAttributeValues: {
                  ":now": opts.now.toISOString(),
                  ":before": opts.lastSentBefore.toISOString(),
                  ":team": group.team,
                  ":audience": group.audience,
                },
              },
            },
            ...notices.map((n) => ({
              // Still held: a notice another sweep took makes this whole take fail.
              Update: {
                TableName: this.tableName,
                Key: key.notice(group, noticeId(n)),
                UpdateExpression: "SET mailId = :mail, expiresAt = :forget REMOVE GSI1PK, GSI1SK",
                ConditionExpression: "attribute_exists(GSI1PK)",
                ExpressionAttributeValues: { ":mail": id, ":forget": forget },
              },
            })),
            {
              Put: {
                TableName: this.tableName,
                Item: {
                  ...key.outbox(group, id),
                  ...group,
                  mailId: id,
                  noticeIds: notices.map(noticeId),
                  leaseUntil,
                  GSI1PK: OUTBOX,
                  GSI1SK: `${leaseUntil}#${key.partition(group)}#${id}`,
                },
                ConditionExpression: "attribute_not_exists(PK)",
              },
            },
          ],
        }),
      );
    } catch (error) {
      if (error instanceof TransactionCanceledException) return undefined;
      throw error;
    }
    return { id, group, notices };
  }

  async stalled(opts: { now: Date; leaseUntil: Date }): Promise<OutgoingMail[]> {
    const items = await this.queryAll({
      TableName: this.tableName,
      IndexName: "GSI1",
      KeyConditionExpression: "GSI1PK = :outbox AND GSI1SK < :now",
      ExpressionAttributeValues: { ":outbox": OUTBOX, ":now": opts.now.toISOString() },
    });
    const mails: OutgoingMail[] = [];
    const leaseUntil = opts.leaseUntil.toISOString();
    for (const item of items) {
      const group = groupOf(item);
      const id = item.mailId;
      const ids = item.noticeIds;
      if (!group || typeof id !== "string" || !Array.isArray(ids)) continue;
      try {
        await this.db.send(
          new UpdateCommand({
            TableName: this.tableName,
            Key: key.outbox(group, id),
            UpdateExpression: "SET leaseUntil = :lease, GSI1SK = :sk",
            ConditionExpression: "leaseUntil = :seen",
            ExpressionAttributeValues: {
              ":lease": leaseUntil,
              ":sk": `${leaseUntil}#${key.partition(group)}#${id}`,
              ":seen": item.leaseUntil,
            },
          }),
        );
      } catch (error) {
        // Another sweep claimed it first.
        if (error instanceof ConditionalCheckFailedException) continue;
        throw error;
      }
      const stored = await batchGetAll(
        this.db,
        this.tableName,
        ids.map((n) => key.notice(group, String(n))),
      );
      const byId = new Map(
        stored.flatMap((s) => {
          const parsed = TaskNotice.safeParse(s.notice);
          return parsed.success ? [[noticeId(parsed.data), parsed.data] as const] : [];
        }),
      );
      const notices = ids.flatMap((n) => byId.get(String(n)) ?? []);
      mails.push({ id, group, notices });
    }
    return mails;
  }

  async sent(mail: OutgoingMail): Promise<void> {
    await this.db.send(new DeleteCommand({ TableName: this.tableName, Key: key.outbox(mail.group, mail.id) }));
  }

  private async queryAll(input: QueryCommandInput): Promise<Array<Record<string, unknown>>> {
    const items: Array<Record<string, unknown>> = [];
    let start: Record<string, unknown> | undefined;
    do {
      const out = await this.db.send(new QueryCommand({ ...input, ...(start && { ExclusiveStartKey: start }) }));
      items.push(...(out.Items ?? []));
      start = out.LastEvaluatedKey;
    } while (start);
    return items;
  }
}

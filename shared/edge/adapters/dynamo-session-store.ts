import {
  DeleteCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  UpdateCommand,
} from "@aws-sdk/lib-dynamodb";
import { localeOf } from "#shared/kernel/locale";
import type { SessionRecord, SessionStore } from "../ports/sessions.ts";
import { knownTimeZone } from "../workbench-locale.ts";

const key = (id: string) => ({ PK: `SESSION#${id}`, SK: "SESSION" });
const familyKey = (family: string) => ({ PK: `TOKENFAMILY#${family}`, SK: "TOKENFAMILY" });
/** Access tokens outlive the session by at most their own lifetime (Cognito: 1 day at most). */
const FAMILY_LINK_GRACE_SECONDS = 86_400;

const recordOf = (id: string, item: Record<string, unknown>): SessionRecord => ({
  id,
  viewer: {
    name: String(item.name),
    canSeePersonalData: item.canSeePersonalData === true,
    ...(typeof item.locale === "string" && localeOf(item.locale) && { locale: localeOf(item.locale) }),
    ...(typeof item.timeZone === "string" &&
      knownTimeZone(item.timeZone) && { timeZone: knownTimeZone(item.timeZone) }),
  },
  startedAt: String(item.startedAt),
  lastSeenAt: String(item.lastSeenAt),
  expiresAt: String(item.sessionEndsAt),
  ...(typeof item.refreshToken === "string" &&
    typeof item.tokenFamily === "string" && {
      grant: { refreshToken: item.refreshToken, tokenFamily: item.tokenFamily },
    }),
});

/**
 * Sessions as items that expire by themselves (TTL) at their absolute end. A Cognito sign-in's
 * refresh token is kept on the session item (never in the cookie), and its token family gets a
 * link item naming the session, which outlives it so the family's tokens stay refused.
 */
export class DynamoSessionStore implements SessionStore {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async start(session: SessionRecord): Promise<void> {
    const ttl = Math.ceil(Date.parse(session.expiresAt) / 1000);
    if (session.grant) {
      // Written first: a token family is never usable without its link to the session.
      await this.db.send(
        new PutCommand({
          TableName: this.tableName,
          Item: {
            ...familyKey(session.grant.tokenFamily),
            sessionId: session.id,
            expiresAt: ttl + FAMILY_LINK_GRACE_SECONDS,
          },
        }),
      );
    }
    await this.db.send(
      new PutCommand({
        TableName: this.tableName,
        Item: {
          ...key(session.id),
          name: session.viewer.name,
          canSeePersonalData: session.viewer.canSeePersonalData,
          ...(session.viewer.locale && { locale: session.viewer.locale }),
          ...(session.viewer.timeZone && { timeZone: session.viewer.timeZone }),
          startedAt: session.startedAt,
          lastSeenAt: session.lastSeenAt,
          sessionEndsAt: session.expiresAt,
          expiresAt: ttl,
          ...(session.grant && { refreshToken: session.grant.refreshToken, tokenFamily: session.grant.tokenFamily }),
        },
      }),
    );
  }

  async get(id: string): Promise<SessionRecord | undefined> {
    const out = await this.db.send(new GetCommand({ TableName: this.tableName, Key: key(id) }));
    return out.Item && recordOf(id, out.Item);
  }

  async sessionOfTokenFamily(tokenFamily: string): Promise<string | undefined> {
    const out = await this.db.send(new GetCommand({ TableName: this.tableName, Key: familyKey(tokenFamily) }));
    return typeof out.Item?.sessionId === "string" ? out.Item.sessionId : undefined;
  }

  async touch(id: string, at: string): Promise<void> {
    await this.db
      .send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: key(id),
          UpdateExpression: "SET lastSeenAt = :at",
          ConditionExpression: "attribute_exists(PK)",
          ExpressionAttributeValues: { ":at": at },
        }),
      )
      .catch((error: unknown) => {
        // Ended meanwhile (signed out elsewhere): nothing to move on.
        if ((error as { name?: string }).name !== "ConditionalCheckFailedException") throw error;
      });
  }

  async end(id: string): Promise<SessionRecord | undefined> {
    // The family link stays until its TTL: it is what refuses the family's tokens from now on.
    const out = await this.db.send(
      new DeleteCommand({ TableName: this.tableName, Key: key(id), ReturnValues: "ALL_OLD" }),
    );
    return out.Attributes && recordOf(id, out.Attributes);
  }
}

import { createHmac } from "node:crypto";
import type { APIGatewayProxyEventV2 } from "aws-lambda";
import * as z from "zod";
import { hashApiKey } from "#shared/edge/middleware";
import type { ApiKeyStore } from "#shared/edge/ports/api-keys";
import type { SessionStore } from "#shared/edge/ports/sessions";
import type { Viewer } from "#shared/edge/ports/users";
import { HttpProblem } from "#shared/edge/problem";
import { header } from "#shared/edge/request";
import { currentViewer } from "#shared/edge/session";
import { Channel } from "#shared/feedback/model/schema";
import type { SigningKey } from "#shared/kernel/signing-key";
import { validationError } from "#shared/kernel/validation";
import type { Lens } from "#shared/privacy/model/disclose";
import { ACTIVE_STATUSES, type FollowUpTaskV2, TaskStatus } from "./model/task.ts";
import type { TaskSummary } from "./model/task-api.ts";
import type { TaskQuery } from "./ports/task-store.ts";

/** Sessions are signed with a key derived from the deployment's signing key: one secret to keep. */
export const sessionSecret = (keys: readonly SigningKey[]): string => {
  const [key] = keys;
  if (!key) throw new Error("no signing key configured");
  return createHmac("sha256", key.secret).update("hearback triage session v1").digest("hex");
};

/**
 * Who is calling the tasks API: a signed-in support lead (triage session cookie) or an integration
 * with an API key (acting as "api:<key name>"). Anyone else gets 401.
 */
/** Verifies a bearer JWT from the support leads' identity provider (Cognito on AWS). */
export type JwtVerifier = (token: string) => Promise<Viewer | undefined>;

export const viewerOf = async (
  event: APIGatewayProxyEventV2,
  deps: {
    apiKeys: Pick<ApiKeyStore, "find">;
    sessions: SessionStore;
    sessionSecret: string;
    now: Date;
    jwt?: JwtVerifier | undefined;
  },
): Promise<Viewer> => {
  const cookies = event.cookies?.join("; ") ?? header(event, "cookie");
  const session = await currentViewer({ sessions: deps.sessions, secret: deps.sessionSecret }, cookies, deps.now);
  if (session) return session;
  const bearer = header(event, "authorization")?.match(/^Bearer\s+(\S+)\s*$/i)?.[1];
  if (bearer) {
    // Three dot-separated parts: a JWT from the leads' sign-in; anything else is an API key.
    if (deps.jwt && bearer.split(".").length === 3) {
      const lead = await deps.jwt(bearer);
      if (lead) return lead;
    }
    const record = await deps.apiKeys.find(hashApiKey(bearer));
    if (record) return { name: `api:${record.name}`, canSeePersonalData: false };
  }
  throw new HttpProblem(
    401,
    "Unauthorized",
    "Sign in to the triage page, or send an API key as 'authorization: Bearer <key>'.",
    {},
    {
      "www-authenticate": 'Bearer realm="hearback"',
    },
  );
};

/** GET /v1/tasks's (and the export's) query. */
export const TaskListQuery = z
  .object({
    status: z.union([TaskStatus, z.literal("active")]).default("active"),
    team: z.string().min(1).max(64).optional(),
    theme: z.string().min(1).max(64).optional(),
    channel: Channel.optional(),
    assignee: z.string().min(1).max(200).optional(),
    overdue: z.enum(["true", "false", "1", "0"]).optional(),
    limit: z.coerce.number().int().min(1).max(200).default(50),
    cursor: z.string().max(2_000).optional(),
  })
  .strict();

/** Query string -> store query: which index partition, which filters, overdue as "due before now". */
export const taskQueryFrom = (params: Record<string, string | undefined>, now: Date): TaskQuery => {
  const parsed = TaskListQuery.safeParse(Object.fromEntries(Object.entries(params).filter(([, v]) => v !== "")));
  if (!parsed.success) {
    throw validationError("The task query is invalid", parsed.error, "(query)");
  }
  const q = parsed.data;
  const active = q.status === "active" || (ACTIVE_STATUSES as readonly string[]).includes(q.status);
  const overdue = q.overdue === "true" || q.overdue === "1";
  return {
    partition: active ? "active" : q.status === "resolved" ? "resolved" : "closed",
    ...(q.status !== "active" && active && { status: q.status }),
    team: q.team,
    theme: q.theme,
    channel: q.channel,
    assignee: q.assignee,
    ...(overdue && active && { dueBefore: now.toISOString() }),
    limit: q.limit,
    cursor: q.cursor,
  };
};

/**
 * How `viewer` sees records (shared/privacy/model/policy.ts): API keys and leads outside the
 * pii-viewers group get masked and pseudonymised fields; `onUnmasked` runs for every record a
 * lead with the right sees raw (where item 8's audit goes).
 */
export const lensFor = (viewer: Viewer, key: string, onUnmasked: Lens["onUnmasked"]): Lens => ({
  canSeePersonalData: viewer.canSeePersonalData,
  pseudonymKey: key,
  viewer: viewer.name,
  onUnmasked,
});

/** What the API shows of a task: everything but the full audit trail (GET one has it). */
export const taskSummary = ({ audit, ...task }: FollowUpTaskV2): TaskSummary => ({
  ...task,
  auditEntries: audit.length,
});

const csvCell = (value: unknown): string => {
  const s = value === undefined || value === null ? "" : Array.isArray(value) ? value.join("; ") : String(value);
  // Quote everything, double quotes inside, and defuse spreadsheet formulas.
  return `"${(/^[=+\-@]/.test(s) ? `'${s}` : s).replace(/"/g, '""')}"`;
};

export const TASK_CSV_COLUMNS = [
  "id",
  "status",
  "priority",
  "priorityScore",
  "team",
  "customerId",
  "customerTier",
  "channel",
  "themes",
  "assignee",
  "openedAt",
  "firstResponseDueAt",
  "firstRespondedAt",
  "resolveDueAt",
  "resolvedAt",
  "outcome",
  "escalations",
  "feedbackIds",
  "reasons",
] as const;

export const tasksCsv = (tasks: readonly FollowUpTaskV2[]): string =>
  [
    TASK_CSV_COLUMNS.join(","),
    ...tasks.map((t) =>
      [
        t.id,
        t.status,
        t.priority.level,
        t.priority.score,
        t.team,
        t.customerId,
        t.customerTier,
        t.channel,
        t.themes,
        t.assignee,
        t.openedAt,
        t.firstResponseDueAt,
        t.firstRespondedAt,
        t.resolveDueAt,
        t.resolvedAt,
        t.outcome,
        t.escalations.map((e) => `L${e.level} ${e.overdue} ${e.at}`),
        t.feedbackIds,
        t.reasons,
      ]
        .map(csvCell)
        .join(","),
    ),
  ].join("\r\n");

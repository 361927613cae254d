/**
 * Where an import's chunks go. Both check each item as POST /v1/feedback does, with the same ids
 * from the source ids, so a re-run imports nothing twice:
 *   queue: straight onto the ingest queue (the running local stack's, or one on AWS) through
 *          acceptFeedback, the API's own acceptance, batched by the queue adapter into
 *          SendMessageBatch calls of 10 sent side by side; duplicates found in the table.
 *   api:   POST /v1/feedback with 100 items a request; 429 and 503 wait as Retry-After says.
 */
import type { SQSClient } from "@aws-sdk/client-sqs";
import type { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import type { FeedbackInput } from "#shared/feedback/model/schema";
import { acceptFeedback } from "#shared/ingest/accept-feedback";
import { importLedger, ingestQueue } from "#shared/ingest/wiring";
import type { Sink, SinkAnswer } from "./pipeline.ts";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A target that failed for good: the import stops, and --resume continues once it is back. */
export class ImportTargetError extends Error {
  override name = "ImportTargetError";
}

export const queueSink = (opts: {
  sqs: SQSClient;
  db: DynamoDBDocumentClient;
  tableName: string;
  queueUrl: string;
  now?: () => Date;
  /** Tries of a chunk before the import stops (the queue or table may be briefly away). */
  attempts?: number;
}): Sink => {
  const queue = ingestQueue({ QUEUE_URL: opts.queueUrl, DLQ_URL: undefined }, opts.sqs);
  const store = importLedger({ TABLE_NAME: opts.tableName }, opts.db);
  const attempts = opts.attempts ?? 5;
  return {
    accept: async (items) => {
      for (let attempt = 1; ; attempt++) {
        try {
          const answers = await acceptFeedback(items, { store, queue, now: opts.now ?? (() => new Date()) });
          return answers.map((a) => ({ status: a.status }));
        } catch (error) {
          // What reached the queue before the failure is sent again: the worker keeps one record per id.
          if (attempt >= attempts) throw error;
          await sleep(250 * 2 ** attempt);
        }
      }
    },
  };
};

/** Seconds (or an HTTP date) to wait, as a 429 or 503 says; undefined when it says nothing usable. */
export const retryAfterMs = (header: string | null, now = Date.now()): number | undefined => {
  if (header === null || header.trim() === "") return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1_000);
  const at = Date.parse(header);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
};

interface Problem {
  title?: string;
  detail?: string;
  errors?: Array<{ field: string; message: string }>;
}

export const apiSink = (opts: {
  url: string;
  key: string;
  /** Tries of a request answered 429, 503 or 5xx, or not answered, before the import stops. */
  attempts?: number;
  fetch?: typeof fetch;
}): Sink => {
  const send = opts.fetch ?? fetch;
  const attempts = opts.attempts ?? 8;
  const post = async (items: readonly FeedbackInput[]): Promise<Response> => {
    for (let attempt = 1; ; attempt++) {
      let res: Response | undefined;
      try {
        res = await send(`${opts.url}/v1/feedback`, {
          method: "POST",
          headers: { "content-type": "application/json", authorization: `Bearer ${opts.key}` },
          body: JSON.stringify({ items }),
        });
      } catch (error) {
        if (attempt >= attempts) throw error;
      }
      if (res && res.status !== 429 && res.status < 500) return res;
      if (res && attempt >= attempts)
        throw new ImportTargetError(`POST /v1/feedback answered ${res.status} ${attempts} times: ${await res.text()}`);
      const wait = res ? retryAfterMs(res.headers.get("retry-after")) : undefined;
      await res?.body?.cancel();
      await sleep(wait ?? Math.min(30_000, 500 * 2 ** attempt));
    }
  };
  const accept = async (items: readonly FeedbackInput[]): Promise<SinkAnswer[]> => {
    const res = await post(items);
    if (res.status === 202) {
      const body = (await res.json()) as { items: Array<{ status: "accepted" | "duplicate" }> };
      return body.items.map((i) => ({ status: i.status }));
    }
    const problem = (await res.json().catch(() => ({}))) as Problem;
    if (res.status === 401 || res.status === 403)
      throw new ImportTargetError(`the API at ${opts.url} refused the key (${res.status}): pass --key KEY`);
    if (res.status !== 400 || !problem.errors)
      throw new ImportTargetError(`POST /v1/feedback answered ${res.status}: ${problem.detail ?? problem.title ?? ""}`);
    // Checked here as the API checks them; an item it still refuses (its clock, a newer schema) is a
    // reject with its words, and the others go again.
    const refused = new Map<number, string[]>();
    for (const e of problem.errors) {
      const m = /^items\[(\d+)\]\.?(.*)$/.exec(e.field);
      if (!m) throw new ImportTargetError(`POST /v1/feedback refused the request: ${e.field}: ${e.message}`);
      const i = Number(m[1]);
      refused.set(i, [...(refused.get(i) ?? []), m[2] ? `${m[2]}: ${e.message}` : e.message]);
    }
    const rest = items.filter((_, i) => !refused.has(i));
    const again = rest.length > 0 ? await accept(rest) : [];
    let next = 0;
    return items.map((_, i) => {
      const reasons = refused.get(i);
      return reasons ? { status: "rejected", reason: reasons.join("; ") } : (again[next++] as SinkAnswer);
    });
  };
  return { accept };
};

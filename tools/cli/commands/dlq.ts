/**
 * `hearback dlq list|show|redrive`: the messages the worker parked in the ingest dead-letter queue, why, and
 * sending them back once the cause is fixed. Works on the running local stack, or on AWS with --dlq-url and
 * --queue-url (the stack's DeadLetterQueueUrl and IngestQueueUrl outputs; DLQ_URL and QUEUE_URL also work).
 */

import { parseArgs } from "node:util";
import { SQSClient } from "@aws-sdk/client-sqs";
import type { ParkedMessage } from "#shared/ingest/ports/dead-letters";
import { deadLetterKinds } from "#shared/ingest/ports/ingest-queue";
import { deadLetters } from "#shared/ingest/wiring";
import { LOCAL_AWS_ENV } from "#shared/local/engines";
import { UsageError } from "../usage-error.ts";
import { localStack } from "./targets.ts";

/** Long enough to read and redrive a few hundred messages; they come back by themselves if the command dies. */
const HOLD_SECONDS = 60;
const MAX_LIMIT = 1_000;

const queues = async (opts: { dlqUrl?: string | undefined; queueUrl?: string | undefined }) => {
  const dlqUrl = opts.dlqUrl ?? process.env.DLQ_URL;
  const queueUrl = opts.queueUrl ?? process.env.QUEUE_URL;
  if (dlqUrl || queueUrl) {
    if (!dlqUrl || !queueUrl) throw new UsageError("name both queues: --dlq-url and --queue-url (or neither, locally)");
    return deadLetters({ deadLetterQueueUrl: dlqUrl, queueUrl });
  }
  const stack = await localStack();
  if (!stack.sqsEndpoint || !stack.deadLetterQueueUrl || !stack.queueUrl)
    throw new Error(`the stack at ${stack.url} did not record its queues; pass --dlq-url and --queue-url`);
  const sqs = new SQSClient({
    endpoint: stack.sqsEndpoint,
    region: LOCAL_AWS_ENV.AWS_REGION,
    credentials: { accessKeyId: LOCAL_AWS_ENV.AWS_ACCESS_KEY_ID, secretAccessKey: LOCAL_AWS_ENV.AWS_SECRET_ACCESS_KEY },
    // fauxqs's queue URLs are not addresses the SDK can call.
    useQueueUrlAsEndpoint: false,
  });
  return deadLetters({ deadLetterQueueUrl: stack.deadLetterQueueUrl, queueUrl: stack.queueUrl }, sqs);
};

/** A kind matches exactly; anything else is looked for in the worker's reason (case-insensitive). */
export const matchesReason = (message: ParkedMessage, reason: string | undefined): boolean => {
  if (reason === undefined) return true;
  if (deadLetterKinds.some((k) => k === reason)) return message.kind === reason;
  return (message.reason ?? "").toLowerCase().includes(reason.toLowerCase());
};

/** What the body says about the item, without the customer's words: its id and channel. */
const describe = (body: string): { feedbackId?: string; channel?: string; survey?: string } => {
  try {
    const parsed = JSON.parse(body) as {
      id?: unknown;
      input?: { channel?: unknown };
      surveyResponse?: { surveyId?: unknown };
    };
    return {
      ...(typeof parsed.id === "string" && { feedbackId: parsed.id }),
      ...(typeof parsed.input?.channel === "string" && { channel: parsed.input.channel }),
      ...(typeof parsed.surveyResponse?.surveyId === "string" && { survey: parsed.surveyResponse.surveyId }),
    };
  } catch {
    return {};
  }
};

const when = (date: Date) =>
  date.toLocaleString("sv-SE", { dateStyle: "short", timeStyle: "short" }) +
  ` ${Intl.DateTimeFormat().resolvedOptions().timeZone}`;

const line = (m: ParkedMessage): string => {
  const about = describe(m.body);
  const what = about.feedbackId
    ? `${about.feedbackId} (${about.channel ?? "?"})`
    : about.survey
      ? `survey answer ${about.survey}`
      : "unreadable body";
  const tries = m.attempts ? `, ${m.attempts} attempt${m.attempts === 1 ? "" : "s"}` : "";
  return `${m.messageId}  ${when(m.parkedAt)}  ${m.kind}${tries}  ${what}\n    ${m.reason ?? "no reason recorded: the queue moved it after repeated worker timeouts or crashes"}`;
};

const byKind = (messages: readonly ParkedMessage[]): string =>
  deadLetterKinds
    .map((k) => [k, messages.filter((m) => m.kind === k).length] as const)
    .filter(([, n]) => n > 0)
    .map(([k, n]) => `${n} ${k}`)
    .join(", ");

export const dlq = async (args: string[]): Promise<void> => {
  const [action, ...rest] = args;
  const { values, positionals } = parseArgs({
    args: rest,
    allowPositionals: true,
    options: {
      reason: { type: "string" },
      id: { type: "string", multiple: true },
      limit: { type: "string", default: "100" },
      "dry-run": { type: "boolean", default: false },
      json: { type: "boolean", default: false },
      "dlq-url": { type: "string" },
      "queue-url": { type: "string" },
    },
  });
  const limit = Number(values.limit);
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_LIMIT)
    throw new UsageError(`--limit must be a whole number from 1 to ${MAX_LIMIT}, got ${values.limit}`);
  const target = { dlqUrl: values["dlq-url"], queueUrl: values["queue-url"] };

  if (action === "list") {
    const queue = await queues(target);
    const { held } = await queue.inspect({ limit, holdSeconds: HOLD_SECONDS, decide: () => [] });
    const shown = held.filter((m) => matchesReason(m, values.reason));
    if (values.json) {
      console.log(
        JSON.stringify(
          shown.map((m) => ({ ...m, ...describe(m.body), body: undefined })),
          null,
          2,
        ),
      );
      return;
    }
    if (shown.length === 0) {
      console.log(held.length === 0 ? "The dead-letter queue is empty." : `None of ${held.length} matches.`);
      return;
    }
    for (const m of shown) console.log(line(m));
    console.log(
      `\n${shown.length} parked (${byKind(shown)})${held.length >= limit ? `; --limit ${limit} reached` : ""}.`,
    );
    return;
  }

  if (action === "show") {
    const wanted = positionals[0];
    if (!wanted) throw new UsageError("name the message: hearback dlq show MESSAGE_ID (or a feedback id)");
    const queue = await queues(target);
    const { held } = await queue.inspect({ limit: MAX_LIMIT, holdSeconds: HOLD_SECONDS, decide: () => [] });
    const found = held.find((m) => m.messageId === wanted || describe(m.body).feedbackId === wanted);
    if (!found) throw new Error(`no parked message ${wanted} among the ${held.length} in the dead-letter queue`);
    console.log(line(found));
    let body: unknown = found.body;
    try {
      body = JSON.parse(found.body);
    } catch {
      // Shown as it is: that it is not JSON is the point.
    }
    console.log(typeof body === "string" ? body : JSON.stringify(body, null, 2));
    return;
  }

  if (action === "redrive") {
    const ids = new Set(values.id ?? []);
    // Malformed messages would be parked again at once: they go back only when asked for by kind or id.
    const chosen = (m: ParkedMessage) =>
      (ids.size === 0 || ids.has(m.messageId) || ids.has(describe(m.body).feedbackId ?? "")) &&
      matchesReason(m, values.reason) &&
      (m.kind !== "malformed" || values.reason === "malformed" || ids.size > 0);
    const queue = await queues(target);
    const { held, redriven } = await queue.inspect({
      limit,
      holdSeconds: HOLD_SECONDS,
      decide: (messages) => (values["dry-run"] ? [] : messages.filter(chosen)),
    });
    const would = held.filter(chosen);
    if (values["dry-run"]) {
      for (const m of would) console.log(line(m));
      console.log(`\nWould send ${would.length} of ${held.length} back to the ingest queue (dry run: nothing moved).`);
      return;
    }
    const left = held.length - redriven.length;
    const malformedLeft = held.filter((m) => m.kind === "malformed" && !redriven.includes(m)).length;
    console.log(
      `Sent ${redriven.length} message${redriven.length === 1 ? "" : "s"} back to the ingest queue` +
        (redriven.length > 0 ? ` (${byKind(redriven)})` : "") +
        `; ${left} left in the dead-letter queue` +
        (malformedLeft > 0
          ? ` (${malformedLeft} malformed: retrying cannot fix them; --reason malformed sends them anyway)`
          : "") +
        ".",
    );
    return;
  }

  throw new UsageError(`unknown dlq action ${action ?? "(none)"}: list, show or redrive`);
};

/**
 * The soak test's verdict (tools/soak/soak.ts): reads back everything the pipeline wrote and checks
 * that nothing accepted was lost, nothing was counted twice, and nothing invalid got in. A Scan is
 * fine here: this is an audit after the run, not a request path.
 */
import { ReceiveMessageCommand, type SQSClient } from "@aws-sdk/client-sqs";
import { type DynamoDBDocumentClient, ScanCommand, type ScanCommandOutput } from "@aws-sdk/lib-dynamodb";
import { LocalAnalyzer } from "#shared/analysis/model/local-analyzer";
import { isAnalysisFailure } from "#shared/analysis/ports/analyzer";
import { Contact, contactKey, contactKeyInPartition, contactOf } from "#shared/feedback/model/contact";
import { countersOf, mergeCounters } from "#shared/feedback/model/counters";
import { Channel, type StoredFeedback } from "#shared/feedback/model/schema";
import { LOOP_KEY } from "#shared/follow-up/model/loop";
import { followUpRules, isHistory, shouldOpenTask, urgentThemeIds } from "#shared/follow-up/model/rules";
import { isActive, legacyContact } from "#shared/follow-up/model/task";
import { counterRowOf, weekOf } from "#shared/platform/table-keys";
import { defaultTaxonomy } from "#shared/taxonomy/taxonomy";

export interface SoakExpectations {
  /** Every id a 202 answer acknowledged. */
  accepted: ReadonlySet<string>;
  /** Ids the client sent more than once (duplicates, and resends after lost answers). */
  duplicated: ReadonlySet<string>;
  /** Ids the invalid items would have had, where they can have one. */
  invalidIds: ReadonlySet<string>;
  /** No stored record may carry a sourceId with this prefix (the invalid items all do). */
  invalidSourcePrefix: string;
  /** Malformed messages put straight on the queue: SQS message id -> the id in the body, if any. */
  poison: ReadonlyMap<string, string | undefined>;
  /** What the client sent under each accepted id. */
  sent: ReadonlyMap<string, Record<string, unknown>>;
}

export interface DeadLetter {
  id: string | undefined;
  reason: string | undefined;
  attempts: number | undefined;
  sourceMessageId: string | undefined;
}

export interface SoakVerdict {
  stored: number;
  /** Stored records that were sent more than once. */
  storedDuplicated: number;
  deadLetters: DeadLetter[];
  deadLettersByReason: Record<string, number>;
  /** Accepted ids that are not stored but parked in the DLQ with a reason. */
  parkedAccepted: number;
  /** Accepted ids neither stored nor in the DLQ. */
  lost: string[];
  counterRows: number;
  /** The shard items the counter rows are summed from (loop rows included). */
  counterShards: number;
  counterMismatches: number;
  tasks: {
    total: number;
    active: number;
    detractorRecords: number;
    /** Customers with more than one active task (the rule is one per customer). */
    customersWithSeveralActive: number;
    /** Every other follow-up invariant broken: detractors without a task, tasks not listing their
     * records or listing unknown ones, pointers, weekly "opened" counts. */
    otherViolations: number;
  };
  /** Stored records without the edge's "accepted" marker (its writes failed; only duplicate answers degrade). */
  markersMissing: number;
  /** Nothing lost, nothing counted twice, nothing invalid stored: the property the soak proves. */
  violations: string[];
  /** The follow-up task invariants. */
  followUpViolations: string[];
}

const addCounts = (sum: Record<string, number>, counts: Record<string, unknown>): Record<string, number> => {
  for (const [name, value] of Object.entries(counts)) sum[name] = (sum[name] ?? 0) + Number(value);
  return sum;
};

/** Every item of the table (the checks' recount; a tool's Scan, never a product path). */
export const scanAll = async (db: DynamoDBDocumentClient, tableName: string) => {
  const items: Array<Record<string, unknown>> = [];
  let lek: Record<string, unknown> | undefined;
  do {
    const out: ScanCommandOutput = await db.send(
      new ScanCommand({ TableName: tableName, ...(lek && { ExclusiveStartKey: lek }) }),
    );
    items.push(...(out.Items ?? []));
    lek = out.LastEvaluatedKey;
  } while (lek);
  return items;
};

/** Reads the whole DLQ once (each message hidden for the rest of the run, so none is read twice). */
export const readDeadLetters = async (sqs: SQSClient, queueUrl: string): Promise<DeadLetter[]> => {
  const letters: DeadLetter[] = [];
  for (let empty = 0; empty < 2; ) {
    const out = await sqs.send(
      new ReceiveMessageCommand({
        QueueUrl: queueUrl,
        MaxNumberOfMessages: 10,
        VisibilityTimeout: 3_600,
        WaitTimeSeconds: 0,
        MessageAttributeNames: ["All"],
      }),
    );
    const messages = out.Messages ?? [];
    if (messages.length === 0) {
      empty++;
      continue;
    }
    empty = 0;
    for (const m of messages) {
      let id: string | undefined;
      try {
        const body = JSON.parse(m.Body ?? "") as { id?: unknown };
        if (typeof body.id === "string") id = body.id;
      } catch {
        id = undefined;
      }
      const attempts = m.MessageAttributes?.attempts?.StringValue;
      letters.push({
        id,
        reason: m.MessageAttributes?.reason?.StringValue,
        attempts: attempts === undefined ? undefined : Number(attempts),
        sourceMessageId: m.MessageAttributes?.sourceMessageId?.StringValue,
      });
    }
  }
  return letters;
};

/** "gave up after 5 attempts: store failed: …" -> "gave up: store failed". */
export const reasonCategory = (reason: string | undefined): string => {
  if (reason === undefined) return "(no reason)";
  const gaveUp = /^gave up after \d+ attempts: (.*)$/.exec(reason);
  const rest = gaveUp ? (gaveUp[1] ?? "") : reason;
  const head = rest.split(":")[0]?.trim() ?? rest;
  return gaveUp ? `gave up: ${head}` : head;
};

const examples = (ids: Iterable<string>, n = 5) => {
  const list = [...ids];
  return `${list.slice(0, n).join(", ")}${list.length > n ? `, … (${list.length} in all)` : ""}`;
};

export const checkSoak = async (
  deps: { db: DynamoDBDocumentClient; sqs: SQSClient; tableName: string; deadLetterQueueUrl: string },
  expect: SoakExpectations,
): Promise<SoakVerdict> => {
  const violations: string[] = [];
  const [items, deadLetters] = await Promise.all([
    scanAll(deps.db, deps.tableName),
    readDeadLetters(deps.sqs, deps.deadLetterQueueUrl),
  ]);

  const records = new Map<string, StoredFeedback>();
  const markers = new Set<string>();
  const counterRows = new Map<string, Record<string, number>>();
  const loopRows = new Map<string, Record<string, number>>();
  let counterShards = 0;
  const tasks: Array<Record<string, unknown>> = [];
  const pointers = new Map<string, string>();
  for (const item of items) {
    const pk = String(item.PK);
    const sk = String(item.SK);
    if (pk.startsWith("FB#") && sk === "FEEDBACK") records.set(pk.slice(3), item as unknown as StoredFeedback);
    else if (pk.startsWith("FB#") && sk === "ACCEPTED") markers.add(pk.slice(3));
    else if (pk.startsWith("AGG#")) {
      // A counter row is the sum of its shards (shared/platform/table-keys.ts): "nps#_all", "nps#_all#3", ...
      const { PK: _pk, SK: _sk, ...counts } = item;
      const week = weekOf(pk);
      const row = counterRowOf(sk);
      const into = Channel.safeParse(row.split("#")[0]).success ? counterRows : row === LOOP_KEY ? loopRows : undefined;
      const id = into === loopRows ? week : `${week}|${row}`;
      if (into) {
        counterShards++;
        into.set(id, addCounts(into.get(id) ?? {}, counts));
      }
    } else if (pk.startsWith("TASK#") && sk === "TASK") tasks.push(item);
    else if (pk.startsWith("CUSTOMER#") && sk === "OPENTASK")
      pointers.set(contactKeyInPartition(pk), String(item.taskId));
  }

  // 1. Every accepted id is stored, or parked in the DLQ with its reason.
  const parked = new Set(deadLetters.flatMap((l) => (l.id !== undefined && l.reason !== undefined ? [l.id] : [])));
  const lost = [...expect.accepted].filter((id) => !records.has(id) && !parked.has(id));
  if (lost.length > 0)
    violations.push(`${lost.length} accepted item(s) neither stored nor dead-lettered: ${examples(lost)}`);
  const unexplained = deadLetters.filter((l) => l.reason === undefined);
  if (unexplained.length > 0)
    violations.push(
      `${unexplained.length} DLQ message(s) without a reason: ${examples(unexplained.map((l) => l.id ?? "?"))}`,
    );
  const stranger = [...records.keys()].filter((id) => !expect.accepted.has(id));
  if (stranger.length > 0)
    violations.push(`${stranger.length} stored record(s) nobody was told were accepted: ${examples(stranger)}`);

  // 2. Nothing invalid got in, at the API or on the queue.
  const invalidIn = [...expect.invalidIds].filter((id) => records.has(id) || markers.has(id));
  const invalidBySource = [...records.values()].filter((r) => r.sourceId?.startsWith(expect.invalidSourcePrefix));
  if (invalidIn.length + invalidBySource.length > 0)
    violations.push(
      `${invalidIn.length + invalidBySource.length} invalid item(s) stored or marked accepted: ${examples([...invalidIn, ...invalidBySource.map((r) => r.id)])}`,
    );
  for (const [messageId, id] of expect.poison) {
    const letter = deadLetters.find((l) => l.sourceMessageId === messageId);
    if (!letter?.reason) violations.push(`malformed queue message ${messageId} is not in the DLQ with a reason`);
    if (id !== undefined && records.has(id))
      violations.push(`malformed queue message ${messageId} was stored as ${id}`);
  }

  // 3. Each source item is one record (ids derive from channel + sourceId, so this guards that too).
  const bySource = new Map<string, number>();
  for (const r of records.values()) {
    if (r.sourceId === undefined) continue;
    const k = `${r.channel}\u0000${r.sourceId}`;
    bySource.set(k, (bySource.get(k) ?? 0) + 1);
  }
  const twice = [...bySource].filter(([, n]) => n > 1);
  if (twice.length > 0) violations.push(`${twice.length} source item(s) stored more than once`);

  // 4. Each record is what was sent under its id, analyzed from its own text: the soak's analyzer
  // answers with the offline engine, whose sentiment depends on the text alone, so a result
  // attached to the wrong item (after partial Comprehend failures, say) shows here.
  const local = new LocalAnalyzer();
  const mismatched: string[] = [];
  for (const r of records.values()) {
    const body = expect.sent.get(r.id);
    if (!body) continue;
    const text = body.channel === "social" ? body.text : body.comment;
    const expected = typeof text === "string" && text.trim() !== "" ? local.analyzeOne({ id: r.id, text }) : undefined;
    const same =
      r.channel === body.channel &&
      r.sourceId === body.sourceId &&
      r.score === body.score &&
      (expected === undefined
        ? r.sentimentSource === "score"
        : !isAnalysisFailure(expected) &&
          r.sentimentSource === "text" &&
          r.sentiment === expected.sentiment &&
          (["positive", "negative", "neutral", "mixed"] as const).every(
            (k) => Number(r.sentimentScores[k]) === expected.scores[k],
          ));
    if (!same) mismatched.push(r.id);
  }
  if (mismatched.length > 0)
    violations.push(`${mismatched.length} record(s) differ from what was sent under their id: ${examples(mismatched)}`);

  // 5. Weekly counters equal a recount from the stored records.
  const recount = new Map<string, Record<string, number>>(
    mergeCounters([...records.values()].flatMap((r) => countersOf(r))).map((c) => [`${c.week}|${c.key}`, c.add]),
  );
  let counterMismatches = 0;
  const mismatchExamples: string[] = [];
  for (const row of new Set([...recount.keys(), ...counterRows.keys()])) {
    const want = recount.get(row) ?? {};
    const have = counterRows.get(row) ?? {};
    const diff = [...new Set([...Object.keys(want), ...Object.keys(have)])].filter(
      (attr) => (want[attr] ?? 0) !== Number(have[attr] ?? 0),
    );
    if (diff.length === 0) continue;
    counterMismatches++;
    mismatchExamples.push(`${row} ${diff.map((a) => `${a}: ${Number(have[a] ?? 0)} ≠ ${want[a] ?? 0}`).join(", ")}`);
  }
  if (counterMismatches > 0)
    violations.push(
      `${counterMismatches} weekly counter row(s) differ from a recount: ${examples(mismatchExamples, 3)}`,
    );

  // 6. Follow-up tasks: every detractor record has its task, one active task per customer, and the
  // weekly "opened" count matches the tasks.
  const followUp: string[] = [];
  const rules = followUpRules();
  const urgent = urgentThemeIds(defaultTaxonomy);
  const taskById = new Map(tasks.map((t) => [String(t.id), t]));
  const known = new Set([...records.keys(), ...parked]);
  let detractorRecords = 0;
  const untasked: string[] = [];
  const unjoined: string[] = [];
  for (const r of records.values()) {
    // History (feedback that reached us long after it happened) fills the counters and opens no task.
    const wanted = contactOf(r) !== undefined && !isHistory(r, rules) && shouldOpenTask(r, rules, urgent).open;
    if (wanted) detractorRecords++;
    if (wanted && r.taskId === undefined) untasked.push(r.id);
    if (r.taskId === undefined) continue;
    const ids = taskById.get(r.taskId)?.feedbackIds;
    if (!Array.isArray(ids) || !ids.includes(r.id)) unjoined.push(r.id);
  }
  if (untasked.length > 0)
    followUp.push(`${untasked.length} detractor record(s) without a follow-up task: ${examples(untasked)}`);
  if (unjoined.length > 0)
    followUp.push(`${unjoined.length} record(s) name a task that does not list them: ${examples(unjoined)}`);
  const phantom = tasks.flatMap((t) =>
    (Array.isArray(t.feedbackIds) ? (t.feedbackIds as string[]) : []).filter((id) => !known.has(id)),
  );
  if (phantom.length > 0)
    followUp.push(`${phantom.length} task entries name feedback that is not stored: ${examples(phantom)}`);
  const activeByCustomer = new Map<string, string[]>();
  for (const t of tasks) {
    if (!isActive(t as unknown as Parameters<typeof isActive>[0])) continue;
    const stated = Contact.safeParse(t.contact);
    const customer = contactKey(stated.success ? stated.data : legacyContact(t.channel, String(t.customerId)));
    activeByCustomer.set(customer, [...(activeByCustomer.get(customer) ?? []), String(t.id)]);
  }
  const several = [...activeByCustomer].filter(([, ids]) => ids.length > 1);
  if (several.length > 0)
    followUp.push(
      `${several.length} customer(s) with more than one active task: ${examples(
        several.map(([c, ids]) => `${c} (${ids.join(", ")})`),
        3,
      )}`,
    );
  const unpointed = [...activeByCustomer].filter(([c, ids]) => ids.length === 1 && pointers.get(c) !== ids[0]);
  if (unpointed.length > 0)
    followUp.push(
      `${unpointed.length} active task(s) the customer's open-task pointer does not name: ${examples(unpointed.map(([c]) => c))}`,
    );
  // Each task counted once as opened, whichever week its loop counts belong to.
  const opened = [...loopRows.values()].reduce((n, row) => n + Number(row.opened ?? 0), 0);
  const miscounted = opened === tasks.length ? 0 : 1;
  if (miscounted) followUp.push(`${opened} tasks counted as opened, ${tasks.length} exist`);

  const deadLettersByReason: Record<string, number> = {};
  for (const l of deadLetters) {
    const category = reasonCategory(l.reason);
    deadLettersByReason[category] = (deadLettersByReason[category] ?? 0) + 1;
  }
  return {
    stored: records.size,
    storedDuplicated: [...expect.duplicated].filter((id) => records.has(id)).length,
    deadLetters,
    deadLettersByReason,
    parkedAccepted: [...expect.accepted].filter((id) => !records.has(id) && parked.has(id)).length,
    lost,
    counterRows: counterRows.size,
    counterShards,
    counterMismatches,
    tasks: {
      total: tasks.length,
      active: [...activeByCustomer.values()].reduce((n, ids) => n + ids.length, 0),
      detractorRecords,
      customersWithSeveralActive: several.length,
      otherViolations: untasked.length + unjoined.length + phantom.length + unpointed.length + miscounted,
    },
    markersMissing: [...records.keys()].filter((id) => !markers.has(id)).length,
    violations,
    followUpViolations: followUp,
  };
};

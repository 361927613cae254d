import type { MaskOptions } from "#shared/analysis/model/pii";
import { tagThemes } from "#shared/analysis/model/themes";
import { type Analyzer, analyzerSource, isAnalysisFailure, type TextAnalysis } from "#shared/analysis/ports/analyzer";
import type { PiiDetector } from "#shared/analysis/ports/pii-detector";
import { erasuresAmong } from "#shared/data-rights/erasures-among";
import { erasedByTombstone } from "#shared/data-rights/model/erasure";
import type { Erasures } from "#shared/data-rights/ports/customer-data";
import { type ContactKey, contactKeyOfInput } from "#shared/feedback/model/contact";
import { feedbackText, type QueuedFeedback, type StoredFeedback } from "#shared/feedback/model/schema";
import { type FollowUpDeps, followUpOpeners, planFollowUps } from "#shared/follow-up/follow-ups";
import { isHistory } from "#shared/follow-up/model/rules";
import type { DeadLetter, IngestQueue } from "#shared/ingest/ports/ingest-queue";
import { type BusPublisher, publishQuietly } from "#shared/kernel/bus";
import { UnavailableError } from "#shared/kernel/errors";
import type { SurveyStore } from "#shared/surveys/ports/survey-store";
import type { Taxonomy } from "#shared/taxonomy/taxonomy";
import { analyzeWithFallback, parseRecord } from "./batch-steps.ts";
import { enrichFeedback } from "./model/enrich.ts";
import { feedbackStoredEntry } from "./model/feedback-event.ts";
import type { EnrichedStore, SaveOutcome } from "./ports/enriched-store.ts";
import { type BatchTimer, timed } from "./profile.ts";

/** A queue message as the worker sees it, whatever delivered it (Lambda's SQS event or the local poller). */
export interface QueueRecord {
  messageId: string;
  body: string;
  /** How many times the queue has handed this message out, this delivery included. */
  receiveCount: number;
}

export interface EnrichDeps {
  store: EnrichedStore;
  queue: Pick<IngestQueue, "deadLetter">;
  analyzer: Analyzer;
  /** Used for items the main analyzer cannot handle at all (e.g. a language Comprehend lacks). */
  fallbackAnalyzer?: Analyzer | undefined;
  taxonomy: Taxonomy;
  now: () => Date;
  /** Finds names and addresses the patterns cannot (Comprehend, English); optional. */
  piiDetector?: PiiDetector | undefined;
  /** Opens and joins follow-up tasks (optional: without it no tasks are opened). */
  followUp?: FollowUpDeps | undefined;
  /** Decides survey answers queued by the survey page (optional: only where surveys are served). */
  surveys?: Pick<SurveyStore, "getSurvey" | "recentAttempts" | "saveAnswer"> | undefined;
  surveyEditWindowDays?: number | undefined;
  /** How personal data is masked in the text kept for display. */
  mask?: MaskOptions | undefined;
  /** At this receive count the worker parks a failing message in the DLQ with its reason. */
  maxReceiveCount: number;
  /** Erased customers: a message accepted before their erasure is dropped, never stored (optional). */
  erasures?: Pick<Erasures, "erasedAt" | "horizon"> | undefined;
  /**
   * Tells the bus of each record stored (feedback.stored, ten a call), masked with `pseudonymKey`; a failure is
   * given to `onError`, never to the batch (optional). History (older than `maxAgeDays` when it reached us: an
   * import of past years) is counted but not told: nobody's chat group wants a card per row of an import.
   */
  events?:
    | {
        bus: BusPublisher;
        pseudonymKey?: string | undefined;
        maxAgeDays?: number | undefined;
        onError?: (error: unknown) => void;
      }
    | undefined;
  /** Times each step of this batch (the bench's `--profile`, see profile.ts); absent in Lambda. */
  profile?: BatchTimer | undefined;
}

/** What the batched first pass learned about one record. */
export type Prepared =
  | { kind: "poison"; reason: string }
  | { kind: "already-stored"; id: string }
  /** From a customer erased after this message was accepted: acknowledged and never stored. */
  | { kind: "erased"; id: string }
  | { kind: "retry"; id: string; reason: string }
  | {
      kind: "ready";
      message: QueuedFeedback;
      analysis: TextAnalysis | undefined;
      previous?: StoredFeedback | undefined;
      /** A survey's counted answer the worker just decided (new or changed). */
      surveyAnswer?: boolean | undefined;
      /** Looked up among the stored records already (see prepareBatch). */
      checked: boolean;
    }
  | { kind: "saved"; id: string; outcome: SaveOutcome }
  | { kind: "store-failed"; id: string; reason: string };

/** The record could not be stored this time (the store failed); the queue redelivers it. */
export class RetryableEnrichError extends UnavailableError {
  override name = "RetryableEnrichError";
}

/**
 * First pass over a whole batch, so every hop is batched: one BatchGetItem to skip redeliveries (and to find the
 * answers survey answers replace), one read of the erasure horizon, one analyzer call (Comprehend: 25 texts per
 * request) for every text in the batch.
 */
export const prepareBatch = async (
  records: readonly QueueRecord[],
  deps: EnrichDeps,
): Promise<Map<string, Prepared>> => {
  const prepared = new Map<string, Prepared>();
  const messages = new Map<string, QueuedFeedback>();
  const surveyAnswers = new Set<QueuedFeedback>();
  const parsedRecords = await timed(deps, "parse", () =>
    Promise.all(
      records.map(async (record) => {
        try {
          return { record, parsed: await parseRecord(record.body, deps, surveyAnswers) };
        } catch (error) {
          return { record, error };
        }
      }),
    ),
  );
  for (const { record, parsed, error } of parsedRecords) {
    if (error !== undefined) {
      const reason = `survey response could not be decided: ${error instanceof Error ? error.message : String(error)}`;
      prepared.set(record.messageId, { kind: "retry", id: record.messageId, reason });
    } else if (parsed === undefined) prepared.set(record.messageId, { kind: "already-stored", id: record.messageId });
    else if (typeof parsed === "string") prepared.set(record.messageId, { kind: "poison", reason: parsed });
    else messages.set(record.messageId, parsed);
  }
  // Two versions of one answer in a batch: only the latest revision is worth storing.
  const latest = new Map<string, QueuedFeedback>();
  for (const message of messages.values()) {
    const seen = latest.get(message.id);
    if (!seen || (message.revision ?? 0) > (seen.revision ?? 0)) latest.set(message.id, message);
  }
  const contactOfMessage = new Map([...messages].map(([messageId, m]) => [messageId, contactKeyOfInput(m.input)]));
  // Only what may be stored already is looked up: a redelivery, a survey answer (which may replace one). A message
  // handed out for the first time was accepted once (the ingest ledger answers "duplicate" to an id it knows); should
  // it be stored all the same, the store's condition finds it, and storeBatch looks up those that would reach a task.
  const redelivered = new Set(records.filter((r) => r.receiveCount > 1).map((r) => r.messageId));
  const mayBeStored = new Set(
    [...messages].flatMap(([messageId, m]) =>
      redelivered.has(messageId) || m.revision !== undefined || surveyAnswers.has(m) ? [m.id] : [],
    ),
  );
  const [stored, erased] = await Promise.all([
    mayBeStored.size > 0 ? deps.store.storedRecords([...mayBeStored]) : new Map<string, StoredFeedback>(),
    deps.erasures
      ? erasuresAmong(
          deps.erasures,
          [...messages].flatMap(([messageId, m]) => {
            const contact = contactOfMessage.get(messageId);
            return contact === undefined ? [] : [{ contact, receivedAt: m.receivedAt }];
          }),
        )
      : new Map<ContactKey, string>(),
  ]);
  const previous = new Map<string, StoredFeedback>();
  const toAnalyze: Array<{ id: string; text: string; localeHint?: string | undefined }> = [];
  for (const [messageId, message] of messages) {
    const existing = stored.get(message.id);
    const superseded = latest.get(message.id) !== message;
    const replaces =
      existing !== undefined && message.revision !== undefined && message.revision > (existing.revision ?? -1);
    if (superseded || (existing && !replaces)) {
      prepared.set(messageId, { kind: "already-stored", id: message.id });
      continue;
    }
    const contact = contactOfMessage.get(messageId);
    if (contact && erasedByTombstone(message.receivedAt, erased.get(contact))) {
      prepared.set(messageId, { kind: "erased", id: message.id });
      continue;
    }
    if (existing) previous.set(messageId, existing);
    const text = feedbackText(message.input);
    if (text !== undefined) toAnalyze.push({ id: message.id, text, localeHint: message.input.locale });
  }
  const analyses = await analyzeWithFallback(toAnalyze, deps);
  for (const [messageId, message] of messages) {
    if (prepared.has(messageId)) continue;
    const analysis = analyses.get(message.id);
    if (analysis && isAnalysisFailure(analysis)) {
      prepared.set(messageId, {
        kind: "retry",
        id: message.id,
        reason: `${analysis.error.code}: ${analysis.error.message}`,
      });
    } else {
      prepared.set(messageId, {
        kind: "ready",
        message,
        analysis,
        previous: previous.get(messageId),
        ...(surveyAnswers.has(message) && { surveyAnswer: true }),
        checked: mayBeStored.has(message.id),
      });
    }
  }
  return prepared;
};

/** What a batch's store pass did beyond each record's outcome, for the worker's metrics. */
export interface StoreReport {
  /** Texts analyzed for the records being stored, by the kind of engine that answered. */
  analyzedBy: Partial<Record<ReturnType<typeof analyzerSource>, number>>;
  /** Of those, texts a fallback engine answered because the configured one could not. */
  analyzerFallbacks: number;
  tasksOpened: number;
  /** Survey answers the worker decided count (new or changed) that are now stored. */
  surveyAnswersCounted: number;
}

/**
 * Still batched: enriches every ready record and stores them together (one transaction per up
 * to 100 actions, counters summed per row). Each record learns its own outcome.
 */
export const storeBatch = async (prepared: Map<string, Prepared>, deps: EnrichDeps): Promise<StoreReport> => {
  let ready = [...prepared].flatMap(([messageId, p]) => (p.kind === "ready" ? [{ messageId, p }] : []));
  const report: StoreReport = { analyzedBy: {}, analyzerFallbacks: 0, tasksOpened: 0, surveyAnswersCounted: 0 };
  for (const { p } of ready) {
    if (!p.analysis) continue;
    const source = analyzerSource(p.analysis.engine);
    report.analyzedBy[source] = (report.analyzedBy[source] ?? 0) + 1;
    if (p.analysis.fallbackFrom !== undefined) report.analyzerFallbacks++;
  }
  if (ready.length === 0) return report;
  const now = deps.now();
  const languageOf = (p: (typeof ready)[number]["p"]) => p.analysis?.language ?? p.message.input.locale ?? "und";
  let spans = new Map<string, Array<{ begin: number; end: number; type: string }>>();
  if (deps.piiDetector) {
    const texts = ready.flatMap(({ p }) => {
      const text = feedbackText(p.message.input);
      return text === undefined ? [] : [{ id: p.message.id, text, language: languageOf(p) }];
    });
    spans = await deps.piiDetector.detect(texts);
  }
  let enriched = await timed(deps, "enrich", async () =>
    ready.map(({ p }) => {
      const text = feedbackText(p.message.input);
      const language = languageOf(p);
      return enrichFeedback(p.message, {
        previous: p.previous,
        piiSpans: spans.get(p.message.id),
        analysis: p.analysis,
        themes: text === undefined ? [] : tagThemes(text, language, deps.taxonomy),
        taxonomyVersion: deps.taxonomy.version,
        now,
        mask: deps.mask,
      });
    }),
  );
  try {
    // Tasks first: if storing the records fails, the retry finds the task and joins nothing twice.
    const { followUp } = deps;
    let announced: Promise<void> = Promise.resolve();
    let priorities = new Map<string, string>();
    if (followUp) {
      // A record stored already never reaches a task again: those not looked up yet that would open or join one are.
      const openers = followUpOpeners(enriched, followUp);
      const unchecked = enriched.filter((e, i) => openers.has(e) && ready[i]?.p.checked === false);
      const found =
        unchecked.length > 0 ? await deps.store.storedRecords(unchecked.map((e) => e.record.id)) : new Map();
      if (found.size > 0) {
        for (const { messageId, p } of ready)
          if (found.has(p.message.id)) prepared.set(messageId, { kind: "already-stored", id: p.message.id });
        const keep = enriched.map((e) => !found.has(e.record.id));
        ready = ready.filter((_, i) => keep[i]);
        enriched = enriched.filter((_, i) => keep[i]);
      }
      const plan = await timed(deps, "follow-up", () => planFollowUps(enriched, followUp, now));
      report.tasksOpened = plan.opened;
      announced = plan.announced;
      priorities = plan.priorities;
    }
    // The new tasks' emails and events go out while the records are stored (they never fail the batch).
    const [outcomes] = await Promise.all([deps.store.saveEnrichedBatch(enriched), announced]);
    for (const { messageId, p } of ready) {
      const outcome = outcomes.get(p.message.id);
      if (outcome === "stored" && p.surveyAnswer) report.surveyAnswersCounted++;
      prepared.set(
        messageId,
        outcome
          ? { kind: "saved", id: p.message.id, outcome }
          : { kind: "store-failed", id: p.message.id, reason: "the store reported no outcome" },
      );
    }
    // Only what is newly stored (not duplicates nor stale answers); a lost event is logged, never retried.
    const { events } = deps;
    if (events) {
      const { maxAgeDays } = events;
      const stored = enriched.filter(
        (e) =>
          outcomes.get(e.record.id) === "stored" && (maxAgeDays === undefined || !isHistory(e.record, { maxAgeDays })),
      );
      const entries = stored.map(({ record }) =>
        feedbackStoredEntry(record, {
          at: now,
          pseudonymKey: events.pseudonymKey,
          priority: record.taskId === undefined ? undefined : priorities.get(record.taskId),
        }),
      );
      await publishQuietly(events.bus, entries, events.onError);
    }
  } catch (error) {
    const reason = `store failed: ${error instanceof Error ? error.message : String(error)}`;
    for (const { messageId, p } of ready) prepared.set(messageId, { kind: "store-failed", id: p.message.id, reason });
  }
  return report;
};

export type Outcome = "stored" | "duplicate" | "dead-lettered" | "erased";

/**
 * Last pass, one record at a time: report its outcome, or decide between retrying (throw) and
 * parking in the DLQ with the reason once the message has used up its attempts.
 */
export const processRecord = async (
  record: QueueRecord,
  prepared: Prepared | undefined,
  deps: EnrichDeps,
): Promise<Outcome> => {
  const park = async (kind: DeadLetter["kind"], reason: string): Promise<Outcome> => {
    await deps.queue.deadLetter([
      { body: record.body, kind, reason, attempts: record.receiveCount, sourceMessageId: record.messageId },
    ]);
    return "dead-lettered";
  };
  const retryOrPark = async (reason: string): Promise<Outcome> => {
    if (record.receiveCount >= deps.maxReceiveCount) {
      return park("retries-exhausted", `gave up after ${record.receiveCount} attempts: ${reason}`);
    }
    throw new RetryableEnrichError(reason);
  };

  if (!prepared) return retryOrPark("record was not prepared");
  switch (prepared.kind) {
    case "poison":
      // Retrying cannot fix a malformed message: park it at once.
      return park("malformed", prepared.reason);
    case "already-stored":
      return "duplicate";
    case "erased":
      return "erased";
    case "saved":
      // A replacement raced another: the next delivery re-reads what is stored now.
      if (prepared.outcome === "stale") return retryOrPark("the stored answer changed meanwhile");
      return prepared.outcome;
    case "retry":
    case "store-failed":
      return retryOrPark(prepared.reason);
    case "ready":
      return retryOrPark("record was prepared but not stored");
  }
};

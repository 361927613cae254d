/** The scale model's inputs (assumptions, settings) and outputs (a point on the curve), shared by its parts. */
import { queues } from "#shared/platform/resources";
import { ASSUMPTIONS } from "./prices.ts";

export interface ScaleAssumptions {
  /** In-region round trip of a plain DynamoDB request (the cost model's assumption). */
  dynamoRoundTripMs: number;
  /** Round trip of a TransactWriteItems of tens of items; its items are held (conflict window) for as long. */
  transactionMs: number;
  cpuMsPerInvocation: number;
  /** Between two batches of one worker: the poller hands over the next batch (not billed as duration). */
  invokeOverheadMs: number;
  /** Lambda's default concurrent executions per account and Region, shared with the API's functions. */
  lambdaConcurrency: number;
  /** The SQS event source starts with 5 concurrent batches and adds up to 300 a minute. */
  pollersAtStart: number;
  pollersAddedPerMinute: number;
  visibilityTimeoutSeconds: number;
  maxReceiveCount: number;
  /** SQS: about 120,000 messages in flight (received, not deleted) per standard queue. */
  sqsInFlightLimit: number;
  /** DynamoDB: per partition (an item never spans partitions), and per on-demand table by default. */
  partitionWcu: number;
  partitionRcu: number;
  tableWruQuota: number;
  tableRruQuota: number;
  /** What a new on-demand table serves at once; it then doubles its previous peak within 30 minutes. */
  newTableWru: number;
  /** The record store's retries of a transaction cancelled by a conflict (shared/enrich/adapters), and its backoff. */
  transactionRetries: number;
  backoffBaseMs: number;
  backoffCapMs: number;
  /** Cancelled transaction attempts billed like committed ones (an upper bound: AWS does not say). */
  cancelledAttemptsBilled: boolean;
}

export const SCALE_ASSUMPTIONS: ScaleAssumptions = {
  dynamoRoundTripMs: ASSUMPTIONS.dynamoRoundTripMs,
  transactionMs: 20,
  cpuMsPerInvocation: ASSUMPTIONS.cpuMsPerInvocation,
  invokeOverheadMs: 20,
  lambdaConcurrency: 1_000,
  pollersAtStart: 5,
  pollersAddedPerMinute: 300,
  visibilityTimeoutSeconds: queues.ingest.visibilityTimeoutSeconds,
  maxReceiveCount: queues.ingest.maxReceiveCount,
  sqsInFlightLimit: 120_000,
  partitionWcu: 1_000,
  partitionRcu: 3_000,
  tableWruQuota: 40_000,
  tableRruQuota: 40_000,
  newTableWru: 4_000,
  transactionRetries: 5,
  backoffBaseMs: 25,
  backoffCapMs: 1_000,
  cancelledAttemptsBilled: true,
};

export interface ScaleSettings {
  /** The event source's maximum concurrency (workers polling at once). */
  workers: number;
  batchSize: number;
  /** Under a backlog batches fill at once, so the window does not change these numbers (docs/scaling.md). */
  batchWindowSeconds: number;
  /** Shards per counter row (1: one row per counter, as before issue 17 item 2). */
  counterShards: number;
  /** Shards of the follow-up loop row; the counter shards unless said otherwise. */
  loopShards?: number | undefined;
  /** Counter shards under their own partition keys (spread at once) rather than sort keys (one partition until split). */
  shardsInPartitionKey: boolean;
  /**
   * The task store's retries of the transaction that adds to the loop row: none before issue 17 item 2 (151d976's
   * shared/follow-up/adapters/dynamo-task-store.ts rethrew a TransactionConflict), 5 since, as the record store.
   */
  loopTransactionRetries?: number | undefined;
  /** Loop-row transactions per item, where the profile's are not the design modelled (see scaleReport). */
  loopTransactionsPerItem?: number | undefined;
  /** Worker time per batch of `batchSize` measured on the local stack; estimated from the profile otherwise. */
  measuredBatchMs?: number | undefined;
}

export type Bottleneck =
  | "Lambda (workers)"
  | "Lambda (account concurrency)"
  | "counter-row conflicts"
  | "hot counter row (WCU)"
  | "hot index partition"
  | "table write quota";

export interface ScalePoint {
  workers: number;
  /** Record transaction attempts DynamoDB throttles at the binding ceiling (each retried like a conflict). */
  throttledRate: number;
  /** Items stored per second, draining a backlog. */
  itemsPerSecond: number;
  bottleneck: Bottleneck;
  /** What binds, in words (which row, which partition). */
  limit: string;
  /** What the workers alone would do, with no conflicts and no ceilings. */
  lambdaItemsPerSecond: number;
  /** Transaction attempts cancelled by TransactionConflict, of all attempts (records and loop row). */
  conflictRate: number;
  /** The chance that one attempt is cancelled: a record transaction (then retried), a loop one (then the batch fails). */
  recordConflict: number;
  loopConflict: number;
  /** Messages parked in the dead-letter queue per second (not in itemsPerSecond; `hearback dlq redrive` replays them). */
  deadLetteredPerSecond: number;
  /** Deliveries (batches) that fail and go back to the queue, of all deliveries. */
  failedDeliveryRate: number;
  /** Receives per stored message, and the share that fails all 5 and is dead-lettered (redrive brings it back). */
  receivesPerMessage: number;
  deadLetterShare: number;
  /** Messages received and not yet deleted, against SQS's ~120,000. */
  sqsInFlight: number;
  /** Time for the event source to reach this concurrency from its 5 starting batches. */
  rampSeconds: number;
  tableWruPerSecond: number;
  /** The rate the first minutes allow: before the week's counter partition splits for heat, and on a new table. */
  beforeSplitItemsPerSecond: number;
  newTableItemsPerSecond: number;
  /** Wall time of one batch, retries and backoff included. */
  batchMs: number;
  /** USD per 1,000 stored items; null when (almost) nothing is stored (null, not undefined: it stays in the JSON). */
  costPer1000ItemsUsd: number | null;
  /** Of which: what conflicts, redeliveries and throttled waits add. */
  scaleOverheadUsd: number | null;
}

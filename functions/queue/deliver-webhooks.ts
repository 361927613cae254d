import { BatchProcessor, EventType, processPartialResponse } from "@aws-lambda-powertools/batch";
import middy from "@middy/core";
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from "aws-lambda";
import { loadConfig } from "#shared/platform/config";
import { logger, observability } from "#shared/platform/observability";
import { type AttemptResult, type DeliveryDeps, handleDeliveryMessage } from "#shared/webhooks/deliver";
import { webhookDeps } from "#shared/webhooks/wiring";

const config = loadConfig();
const deps = webhookDeps(config);
const processor = new BatchProcessor(EventType.SQS);

/**
 * SQS -> webhooks: each record is an event from the bus (sent to every endpoint that wants it) or a
 * delivery coming back for its next attempt. A receiver's failure is not a record's failure: it is
 * retried on the endpoint's own schedule. Only a record that could not be handled (the table or the
 * queue unavailable, a malformed message) is reported as failed, and after the queue's
 * maxReceiveCount it goes to the delivery queue's own DLQ.
 */
export const deliverWebhooks = async (
  event: SQSEvent,
  context: Context,
  dependencies: DeliveryDeps = deps,
): Promise<SQSBatchResponse> => {
  const outcomes: Partial<Record<AttemptResult, number>> = {};
  // The endpoints are read once for the batch, not once per event (most events want none of them).
  const batchDeps = { ...dependencies, endpoints: listedOnce(dependencies.endpoints) };
  const response = await processPartialResponse(
    event,
    async (record: SQSRecord) => {
      for (const outcome of await handleDeliveryMessage(batchDeps, record.body))
        outcomes[outcome] = (outcomes[outcome] ?? 0) + 1;
    },
    processor,
    { context, throwOnFullBatchFailure: false },
  );
  logger.info("webhook batch handled", {
    records: event.Records.length,
    ...outcomes,
    retry: response.batchItemFailures.length,
  });
  return response;
};

/** The endpoint store with `list()` read at most once (a failed read is tried again by the next record). */
const listedOnce = (endpoints: DeliveryDeps["endpoints"]): DeliveryDeps["endpoints"] => {
  let listed: ReturnType<DeliveryDeps["endpoints"]["list"]> | undefined;
  return new Proxy(endpoints, {
    get(target, name, receiver) {
      if (name !== "list") {
        const member = Reflect.get(target, name, receiver);
        return typeof member === "function" ? member.bind(target) : member;
      }
      return () => {
        listed ??= target.list().catch((error: unknown) => {
          listed = undefined;
          throw error;
        });
        return listed;
      };
    },
  });
};

export const handler = middy<SQSEvent, SQSBatchResponse>()
  .use(observability())
  .handler((event, context) => deliverWebhooks(event, context));

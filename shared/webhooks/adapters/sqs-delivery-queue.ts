import { SendMessageBatchCommand, type SQSClient } from "@aws-sdk/client-sqs";
import { UnavailableError } from "#shared/kernel/errors";
import type { DeliveryJob } from "../model/retry.ts";
import type { DeliveryQueue } from "../ports/delivery.ts";

/**
 * SQS accepts a narrower set of characters than JSON carries (and some emulators no astral ones): surrogates and
 * U+FFFE/U+FFFF are written as \uXXXX escapes, which parse back to the same text.
 */
const queueSafe = (json: string): string =>
  json.replace(/[\ud800-\udfff\ufffe\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);

/** Jobs back onto the delivery queue with their delay, ten a call; a job the queue refuses fails the caller (SQS retries its message). */
export class SqsDeliveryQueue implements DeliveryQueue {
  constructor(
    private readonly sqs: SQSClient,
    private readonly queueUrl: string,
  ) {}

  async enqueue(jobs: ReadonlyArray<{ job: DeliveryJob; delaySeconds: number }>): Promise<void> {
    for (let i = 0; i < jobs.length; i += 10) {
      const out = await this.sqs.send(
        new SendMessageBatchCommand({
          QueueUrl: this.queueUrl,
          Entries: jobs.slice(i, i + 10).map(({ job, delaySeconds }, j) => ({
            Id: `j${j}`,
            MessageBody: queueSafe(JSON.stringify(job)),
            DelaySeconds: delaySeconds,
          })),
        }),
      );
      if ((out.Failed ?? []).length > 0)
        throw new UnavailableError(
          `The delivery queue refused ${out.Failed?.length} job(s): ${out.Failed?.[0]?.Message}`,
        );
    }
  }
}

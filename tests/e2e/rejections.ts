import { ReceiveMessageCommand, SQSClient } from "@aws-sdk/client-sqs";
import { expect } from "vitest";
import { feedbackId } from "#shared/feedback/model/ids";
import type { LocalStack } from "#shared/local/stack";
import type { apiClient } from "../support/api.ts";

/**
 * Bookkeeping for the bad-input files: every item a file expects to be rejected carries the tag in
 * its sourceId or customer id, and the file's last test checks that none of them got anywhere.
 */
export const rejections = (run: string) => {
  const tag = `rejected-${run}`;
  const ids = new Set<string>();
  return {
    tag,
    /** An NPS item that would be accepted, marked so the final check can look for it. */
    marked: (name: string, over: Record<string, unknown> = {}) => {
      const sourceId = `${tag}-${name}`;
      ids.add(feedbackId("nps", sourceId));
      return { channel: "nps", score: 4, customer: { id: `${tag}-c` }, sourceId, ...over };
    },
    /** None of the rejected items is on the queue, in the dead-letter queue or in the store. */
    expectNoneKept: async (stack: LocalStack, api: ReturnType<typeof apiClient>) => {
      expect(await stack.drain(20_000)).toBe(true);
      for (const id of ids) {
        expect((await api.get(`/v1/feedback/${id}`)).status, id).toBe(404);
      }
      const seen: string[] = [];
      let cursor: string | undefined;
      do {
        const page = (await (await api.get(`/v1/feedback?limit=100${cursor ? `&cursor=${cursor}` : ""}`)).json()) as {
          items: Array<{ sourceId?: string; customerId?: string }>;
          cursor?: string;
        };
        seen.push(...page.items.map((i) => `${i.sourceId} ${i.customerId}`));
        cursor = page.cursor;
      } while (cursor);
      expect(seen.length).toBeGreaterThan(0);
      expect(seen.filter((s) => s.includes(tag))).toEqual([]);
      const sqs = new SQSClient({
        endpoint: stack.sqsEndpoint,
        region: "us-east-1",
        credentials: { accessKeyId: "local", secretAccessKey: "local" },
        useQueueUrlAsEndpoint: false,
      });
      try {
        const dead = await sqs.send(
          new ReceiveMessageCommand({
            QueueUrl: stack.deadLetterQueueUrl,
            MaxNumberOfMessages: 10,
            WaitTimeSeconds: 1,
          }),
        );
        expect(dead.Messages ?? []).toEqual([]);
      } finally {
        sqs.destroy();
      }
    },
  };
};

/**
 * The soak's client, behaving like a real integration: it retries on connection errors, 5xx and 429 with
 * jittered backoff, drops the items a 400 names and resends the rest, counts an item accepted only when a 202
 * says so, and holds back while the queue's backlog is too deep (so arrival and processing overlap). What the
 * API answers that a client should never see is recorded as a violation.
 */
import { setTimeout as sleep } from "node:timers/promises";
import type { PlannedRequest } from "./workload.ts";

export interface ClientOptions {
  /** The application's current URL (it changes when the application restarts). */
  url: () => string;
  apiKey: string;
  /** Messages in the queue, visible or in flight, right now. */
  backlog: () => number;
  maxBacklog: number;
  random: () => number;
  /** Where violations go. */
  violations: string[];
  /** Called with the number of items answered so far, each time a 202 or 400 answers more of them. */
  onAnswered: (answered: number) => void;
}

export class SoakClient {
  /** Ids a 202 answered, and how many times each was answered. */
  readonly accepted = new Set<string>();
  readonly sentTimes = new Map<string, number>();
  retries = 0;
  answered = 0;
  answeredDuplicate = 0;
  invalidRejected = 0;

  constructor(private readonly options: ClientOptions) {}

  /** Sends the requests in order, `concurrency` at a time. */
  async sendAll(requests: readonly PlannedRequest[], concurrency: number): Promise<void> {
    let next = 0;
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        while (next < requests.length) await this.send(requests[next++] as PlannedRequest);
      }),
    );
  }

  private backoff(attempt: number) {
    return sleep(Math.min(1_500, 100 * 2 ** Math.min(attempt, 4)) * (0.5 + this.options.random()));
  }

  async send(request: PlannedRequest): Promise<void> {
    const { violations } = this.options;
    let pending = request.items;
    for (let attempt = 0; pending.length > 0; attempt++) {
      while (this.options.backlog() > this.options.maxBacklog) await sleep(50);
      const bare = request.bare && pending.length === 1;
      const body = bare ? pending[0]?.body : { items: pending.map((i) => i.body) };
      let res: Response;
      try {
        res = await fetch(`${this.options.url()}/v1/feedback`, {
          method: "POST",
          headers: { "content-type": "application/json", authorization: `Bearer ${this.options.apiKey}` },
          body: JSON.stringify(body),
          signal: AbortSignal.timeout(30_000),
        });
      } catch {
        this.retries++;
        await this.backoff(attempt);
        continue;
      }
      const text = await res.text().catch(() => "");
      if (res.status === 202) {
        const answer = JSON.parse(text) as { items: Array<{ id: string; status: string }> };
        if (answer.items.length !== pending.length)
          violations.push(`a 202 answered ${answer.items.length} of ${pending.length} items`);
        answer.items.forEach((a, i) => {
          const item = pending[i];
          if (item && item.id !== a.id) violations.push(`item sent as ${item.id} was answered as ${a.id}`);
          this.accepted.add(a.id);
          this.sentTimes.set(a.id, (this.sentTimes.get(a.id) ?? 0) + 1);
          if (a.status === "duplicate") this.answeredDuplicate++;
        });
        this.answered += pending.length;
        this.options.onAnswered(this.answered);
        return;
      }
      if (res.status === 400) {
        const invalid = pending.filter((i) => i.kind === "invalid");
        if (invalid.length === 0) {
          violations.push(`valid items were rejected: ${text.slice(0, 300)}`);
          this.answered += pending.length;
          return;
        }
        // The problem names each invalid item's field: items[i].… (or the field itself for a bare item).
        const fields = ((JSON.parse(text) as { errors?: Array<{ field: string }> }).errors ?? []).map((e) => e.field);
        pending.forEach((item, i) => {
          const named = bare || fields.some((f) => f === `items[${i}]` || f.startsWith(`items[${i}].`));
          if (named !== (item.kind === "invalid"))
            violations.push(`400 ${named ? "named a valid" : "did not name an invalid"} item (items[${i}])`);
        });
        this.invalidRejected += invalid.length;
        this.answered += invalid.length;
        this.options.onAnswered(this.answered);
        pending = pending.filter((i) => i.kind !== "invalid");
        continue;
      }
      if (res.status >= 500 || res.status === 429) {
        this.retries++;
        await this.backoff(attempt);
        continue;
      }
      violations.push(`unexpected ${res.status}: ${text.slice(0, 300)}`);
      this.answered += pending.length;
      return;
    }
  }
}

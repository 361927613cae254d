/** `hearback demo` and the demo load behind `hearback start --demo`: nine weeks of feedback, worked like a real team would. */
import { parseArgs } from "node:util";
import { isoWeek } from "#shared/kernel/time";
import { demoHistory } from "#shared/local/demo-data";
import { apiTarget } from "./targets.ts";

/** Posts nine weeks of demo feedback through the public API, 100 items a request, like any integration would. */
export const loadDemo = async (url: string, apiKey: string): Promise<{ accepted: number; duplicate: number }> => {
  const items = demoHistory();
  const totals = { accepted: 0, duplicate: 0 };
  const post = async (body: string): Promise<Response> => {
    // A busy machine may answer 503 or 429: wait as Retry-After says and send the same items again (ids make it safe).
    for (let attempt = 1; ; attempt++) {
      const res = await fetch(`${url}/v1/feedback`, {
        method: "POST",
        headers: { "content-type": "application/json", authorization: `Bearer ${apiKey}` },
        body,
      });
      if ((res.status !== 503 && res.status !== 429) || attempt === 5) return res;
      await res.body?.cancel();
      await new Promise((r) => setTimeout(r, 1_000 * Number(res.headers.get("retry-after") ?? 2)));
    }
  };
  for (let i = 0; i < items.length; i += 100) {
    const res = await post(JSON.stringify({ items: items.slice(i, i + 100) }));
    if (res.status !== 202) throw new Error(`demo load failed: ${res.status} ${await res.text()}`);
    const body = (await res.json()) as { items: Array<{ status: "accepted" | "duplicate" }> };
    for (const item of body.items) totals[item.status]++;
  }
  return totals;
};

/**
 * The demo's support leads: follow-ups for feedback from before this week were handled (assigned,
 * contacted, most resolved) through the tasks API, as leads would have done, so the queue shows
 * this week's work and the digest's closing-the-loop numbers have something to count.
 */
export const workOldTasks = async (url: string, apiKey: string): Promise<{ contacted: number; resolved: number }> => {
  const headers = { "content-type": "application/json", authorization: `Bearer ${apiKey}` };
  const thisWeek = isoWeek(new Date());
  const tasks: Array<{ id: string; version: number; feedbackWeek?: string }> = [];
  let cursor: string | undefined;
  do {
    const res = await fetch(`${url}/v1/tasks?limit=100${cursor ? `&cursor=${cursor}` : ""}`, { headers });
    const page = (await res.json()) as { items: typeof tasks; cursor?: string };
    tasks.push(...page.items);
    cursor = page.cursor;
  } while (cursor);
  const act = async (id: string, action: string, body: Record<string, unknown>) => {
    const res = await fetch(`${url}/v1/tasks/${id}/${action}`, { method: "POST", headers, body: JSON.stringify(body) });
    if (res.status !== 200) throw new Error(`demo: ${action} ${id}: ${res.status} ${await res.text()}`);
    return ((await res.json()) as { version: number }).version;
  };
  const leads = ["lin.wei", "sam.chen", "zhou.yan"];
  const outcomes = ["apology", "refund", "replacement", "explanation"];
  let contacted = 0;
  let resolved = 0;
  for (const [i, task] of tasks.entries()) {
    if (!task.feedbackWeek || task.feedbackWeek >= thisWeek || i % 7 === 6) continue;
    let version = await act(task.id, "assign", { version: task.version, assignee: leads[i % leads.length] });
    version = await act(task.id, "contact", { version, note: "Called the customer." });
    contacted++;
    if (i % 5 === 4) continue;
    await act(task.id, "resolve", {
      version,
      outcome: outcomes[i % outcomes.length],
      note: "Sorted with the customer.",
    });
    resolved++;
  }
  return { contacted, resolved };
};

/** `hearback demo`: loads the demo history into a stack that is already running. */
export const demo = async (args: string[]) => {
  const { values } = parseArgs({
    args,
    options: {
      url: { type: "string" },
      key: { type: "string" },
    },
  });
  const api = await apiTarget(values);
  const totals = await loadDemo(api.url, api.key);
  console.log(`demo: ${totals.accepted} items accepted, ${totals.duplicate} already loaded.`);
};

/**
 * DynamoDB's transaction conflicts, played in front of DynamoDB Local for the surge (tools/soak/surge.ts) and the
 * counter-shard bench (tools/bench/counter-shards.ts).
 *
 * DynamoDB runs transactions side by side and cancels one that touches an item another transaction holds, with
 * TransactionCanceledException and the reason TransactionConflict for that item. DynamoDB Local runs them one at a
 * time instead and never reports a conflict (16 writers sending 800 TransactWriteItems over the same 30 items: none
 * cancelled), so on its own it would hide exactly the contention the counter shards are about. This proxy brings
 * it back: a TransactWriteItems holds every item it names for `holdMs` from its arrival (DynamoDB's own
 * transaction time in a Region, a few tens of milliseconds); one that arrives meanwhile naming a held item is
 * answered at once as DynamoDB would (the conflicting items' reason TransactionConflict, the others None) and never
 * reaches the table. Every other request passes untouched.
 */
import { randomUUID } from "node:crypto";
import { Agent, createServer, type IncomingMessage, request } from "node:http";

export interface ConflictProxy {
  url: string;
  /** TransactWriteItems seen, and those cancelled with TransactionConflict. */
  stats(): { transactions: number; conflicts: number };
  stop(): Promise<void>;
}

const readBody = (req: IncomingMessage): Promise<Buffer> =>
  new Promise((ok, fail) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => ok(Buffer.concat(chunks)));
    req.on("error", fail);
  });

type Attr = { S?: string; N?: string };
interface Action {
  TableName?: string;
  Key?: Record<string, Attr>;
  Item?: Record<string, Attr>;
}

/** The item an action names: its table and key (the table's keys are PK and SK). */
const itemOf = (action: Record<string, Action | undefined>): string => {
  const a = action.Put ?? action.Update ?? action.Delete ?? action.ConditionCheck ?? {};
  const key = a.Key ?? a.Item ?? {};
  return JSON.stringify([a.TableName, key.PK?.S, key.SK?.S]);
};

export const startConflictProxy = async (opts: { target: string; holdMs: number }): Promise<ConflictProxy> => {
  const target = new URL(opts.target);
  const agent = new Agent({ keepAlive: true, maxSockets: 64 });
  const heldUntil = new Map<string, number>();
  let transactions = 0;
  let conflicts = 0;

  const server = createServer((req, res) => {
    void (async () => {
      const body = await readBody(req);
      const operation = String(req.headers["x-amz-target"] ?? "").split(".")[1] ?? "";
      if (operation === "TransactWriteItems") transactions++;
      if (operation === "TransactWriteItems" && opts.holdMs > 0) {
        const now = Date.now();
        const actions =
          (JSON.parse(body.toString("utf8")) as { TransactItems?: Array<Record<string, Action>> }).TransactItems ?? [];
        const items = actions.map(itemOf);
        const reasons = items.map((item) =>
          (heldUntil.get(item) ?? 0) > now
            ? { Code: "TransactionConflict", Message: "Transaction is ongoing for the item" }
            : { Code: "None" },
        );
        if (reasons.some((r) => r.Code === "TransactionConflict")) {
          conflicts++;
          res.writeHead(400, { "content-type": "application/x-amz-json-1.0", "x-amzn-requestid": randomUUID() }).end(
            JSON.stringify({
              __type: "com.amazonaws.dynamodb.v20120810#TransactionCanceledException",
              Message: `Transaction cancelled, please refer cancellation reasons for specific reasons [${reasons.map((r) => r.Code).join(", ")}]`,
              CancellationReasons: reasons,
            }),
          );
          return;
        }
        for (const item of items) heldUntil.set(item, now + opts.holdMs);
        // Forget released items now and then: the map holds only what is held.
        if (heldUntil.size > 10_000) for (const [item, until] of heldUntil) if (until <= now) heldUntil.delete(item);
      }
      const out = request(
        { host: target.hostname, port: target.port, method: req.method, path: req.url, headers: req.headers, agent },
        (answer) => {
          res.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(res);
        },
      );
      out.on("error", () => res.destroy());
      out.end(body);
    })().catch(() => res.destroy());
  });
  server.keepAliveTimeout = 5_000;
  await new Promise<void>((ok) => server.listen(0, "127.0.0.1", () => ok()));
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}`,
    stats: () => ({ transactions, conflicts }),
    stop: () =>
      new Promise<void>((ok) => {
        server.close(() => ok());
        server.closeAllConnections();
        agent.destroy();
      }),
  };
};
